package flagswitch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The end-to-end tests run the real reference server (packages/server, built) as a child
// process: `node packages/server/dist/cli.js serve` on a loopback port, with its own SQLite
// data directory and a known admin token. They build nothing: `npm test` builds every package
// first. Under CI=true a missing node or server build fails; elsewhere it skips, saying why.

const (
	serverCLI  = "../server/dist/cli.js"
	adminToken = "e2e-admin-token-for-the-go-sdk-tests"
)

// realServer is one FlagSwitch server process, which tests may kill and start again on the
// same port and data directory.
type realServer struct {
	t       *testing.T
	node    string
	cli     string
	port    int
	dataDir string
	output  *syncBuffer // the server's stdout and stderr, shown when a test fails

	mu      sync.Mutex
	process *exec.Cmd
	exited  chan struct{}
}

// startRealServer starts the server or skips (locally) / fails (CI) when it cannot exist.
func startRealServer(t *testing.T) *realServer {
	t.Helper()
	cli, err := filepath.Abs(serverCLI)
	if err != nil {
		t.Fatal(err)
	}
	node, nodeErr := exec.LookPath("node")
	_, cliErr := os.Stat(cli)
	if missing := errors.Join(nodeErr, cliErr); missing != nil {
		const hint = "the end-to-end tests need node and the built server " +
			"(node scripts/pnpm.mjs --filter @flagswitch/server... run build; npm test builds it)"
		if ci := os.Getenv("CI"); ci != "" && ci != "false" {
			t.Fatalf("%s: %v", hint, missing)
		}
		t.Skipf("CI is not set; skipping: %s: %v", hint, missing)
	}
	s := &realServer{t: t, node: node, cli: cli, port: freePort(t), dataDir: t.TempDir(), output: &syncBuffer{}}
	t.Cleanup(func() {
		s.kill()
		if t.Failed() {
			t.Logf("server output:\n%s", s.output.String())
		}
	})
	s.start()
	return s
}

func freePort(t *testing.T) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port
}

func (s *realServer) url() string { return "http://127.0.0.1:" + strconv.Itoa(s.port) }

// start runs the server and waits until it answers /readyz.
func (s *realServer) start() {
	s.t.Helper()
	cmd := exec.Command(s.node, s.cli, "serve", "--port", strconv.Itoa(s.port), "--host", "127.0.0.1", "--data-dir", s.dataDir)
	cmd.Env = append(os.Environ(), "FLAGSWITCH_ADMIN_TOKEN="+adminToken, "FLAGSWITCH_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = s.output, s.output
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting %s %s: %v", s.node, s.cli, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	s.mu.Lock()
	s.process, s.exited = cmd, exited
	s.mu.Unlock()

	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-exited:
			s.t.Fatalf("the server exited during start-up (%v):\n%s", cmd.ProcessState, s.output.String())
		default:
		}
		response, err := http.Get(s.url() + "/readyz")
		if err == nil {
			response.Body.Close()
			if response.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the server did not become ready on port %d within 20 s (last: %v):\n%s", s.port, err, s.output.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the server with SIGKILL, as a crash would: no graceful shutdown, streams cut.
func (s *realServer) kill() {
	s.mu.Lock()
	cmd, exited := s.process, s.exited
	s.process = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-exited
}

// admin calls the admin API and returns the decoded answer, failing the test on any status
// but 2xx.
func (s *realServer) admin(method, path string, body any) map[string]any {
	s.t.Helper()
	status, answer := s.call(method, path, body)
	if status/100 != 2 {
		s.t.Fatalf("%s %s: %d %v", method, path, status, answer)
	}
	return answer
}

// call calls the admin API and returns the status and the decoded answer (a JSON object).
func (s *realServer) call(method, path string, body any) (int, map[string]any) {
	s.t.Helper()
	var reader io.Reader
	if body != nil {
		text, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		reader = bytes.NewReader(text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	request, err := http.NewRequestWithContext(ctx, method, s.url()+"/api/v1"+path, reader)
	if err != nil {
		s.t.Fatal(err)
	}
	request.Header.Set("Authorization", "Bearer "+adminToken)
	if body != nil {
		request.Header.Set("Content-Type", "application/json")
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer response.Body.Close()
	text, _ := io.ReadAll(response.Body)
	answer := map[string]any{}
	if len(text) > 0 {
		if err := json.Unmarshal(text, &answer); err != nil {
			s.t.Fatalf("%s %s: %d, answer is not a JSON object: %v: %s", method, path, response.StatusCode, err, text)
		}
	}
	return response.StatusCode, answer
}

// syncBuffer collects a child process's output (and the SDK's logs) for failure messages.
type syncBuffer struct {
	mu   sync.Mutex
	text bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.text.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.text.String()
}

// eventRecorder is the HTTP transport of a client under test: real requests over the real
// transport, with every event batch the server answered kept for inspection — what was sent,
// and how many events the server said it accepted.
type eventRecorder struct {
	next http.RoundTripper

	mu      sync.Mutex
	batches []recordedBatch
}

type recordedBatch struct {
	status   int
	accepted int
	events   []map[string]any
}

func (r *eventRecorder) RoundTrip(request *http.Request) (*http.Response, error) {
	if request.Method != http.MethodPost || request.URL.Path != "/sdk/v1/events" || request.Body == nil {
		return r.next.RoundTrip(request)
	}
	sent, err := io.ReadAll(request.Body)
	request.Body.Close()
	if err != nil {
		return nil, err
	}
	request.Body = io.NopCloser(bytes.NewReader(sent))
	response, err := r.next.RoundTrip(request)
	if err != nil {
		return nil, err
	}
	answer, err := io.ReadAll(response.Body)
	response.Body.Close()
	if err != nil {
		return nil, err
	}
	response.Body = io.NopCloser(bytes.NewReader(answer))
	var batch struct {
		Events []map[string]any `json:"events"`
	}
	var reply struct {
		Accepted int `json:"accepted"`
	}
	_ = json.Unmarshal(sent, &batch)
	_ = json.Unmarshal(answer, &reply)
	r.mu.Lock()
	r.batches = append(r.batches, recordedBatch{status: response.StatusCode, accepted: reply.Accepted, events: batch.Events})
	r.mu.Unlock()
	return response, nil
}

func (r *eventRecorder) recorded() []recordedBatch {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recordedBatch(nil), r.batches...)
}

func (b recordedBatch) String() string {
	return fmt.Sprintf("status %d, %d events sent, %d accepted", b.status, len(b.events), b.accepted)
}
