package flagswitch

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// statusError is an HTTP answer the SDK could not use.
type statusError struct {
	url        string
	status     int
	retryAfter time.Duration
}

func (e *statusError) Error() string {
	return fmt.Sprintf("flagswitch: %s answered %d %s", e.url, e.status, http.StatusText(e.status))
}

// errUnauthorized marks an SDK key the server refuses: retrying cannot help, so sources stop.
var errUnauthorized = errors.New("flagswitch: the server refused the SDK key (401/403); check the key")

// classify turns an unusable response into an error: unauthorized (permanent), or a statusError
// carrying Retry-After. The body is drained so the connection can be reused.
func classify(response *http.Response, url string) error {
	_, _ = io.Copy(io.Discard, io.LimitReader(response.Body, 64<<10))
	if response.StatusCode == http.StatusUnauthorized || response.StatusCode == http.StatusForbidden {
		return fmt.Errorf("%w: %s answered %d", errUnauthorized, url, response.StatusCode)
	}
	return &statusError{url: url, status: response.StatusCode, retryAfter: retryAfter(response.Header, time.Now())}
}

// shouldFailOver reports whether an error is the base URL's fault (unreachable, 5xx), so that
// another base URL might do better.
func shouldFailOver(err error) bool {
	var status *statusError
	if errors.As(err, &status) {
		return status.status >= 500
	}
	return !errors.Is(err, errUnauthorized)
}

// retryDelay is the wait the server asked for (Retry-After), or 0.
func retryDelay(err error) time.Duration {
	var status *statusError
	if errors.As(err, &status) {
		return status.retryAfter
	}
	return 0
}

// maxDocumentBytes bounds a document download (or one stream event): far above 10,000 flags.
const maxDocumentBytes = 64 << 20

func newSDKRequest(method, url, sdkKey string, body io.Reader) (*http.Request, error) {
	request, err := http.NewRequest(method, url, body)
	if err != nil {
		return nil, err
	}
	request.Header.Set("Authorization", sdkKey)
	request.Header.Set("User-Agent", userAgent)
	return request, nil
}
