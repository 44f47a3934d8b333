package flagswitch

import (
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
)

// endpoints are the server base URLs the client may use, in order of preference. A request
// that fails on one (network error, 5xx) moves every later request to the next one.
type endpoints struct {
	bases   []string
	current atomic.Int32
}

func newEndpoints(rawBases []string) (*endpoints, error) {
	e := &endpoints{}
	for _, raw := range rawBases {
		parsed, err := url.Parse(raw)
		if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
			return nil, fmt.Errorf("flagswitch: base URL %q must be an absolute http(s) URL", raw)
		}
		e.bases = append(e.bases, strings.TrimRight(raw, "/"))
	}
	return e, nil
}

func (e *endpoints) empty() bool { return e == nil || len(e.bases) == 0 }

// url returns path on the current base URL, and which base that is (for failed).
func (e *endpoints) url(path string) (string, int32) {
	index := e.current.Load()
	return e.bases[int(index)%len(e.bases)] + path, index
}

// failed moves later requests to the next base URL, unless another request already did.
func (e *endpoints) failed(index int32) {
	if len(e.bases) > 1 {
		e.current.CompareAndSwap(index, (index+1)%int32(len(e.bases)))
	}
}
