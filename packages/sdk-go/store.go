package flagswitch

import (
	"sync"
	"sync/atomic"
)

// store holds the document the client serves. Reads are one atomic load of an immutable
// *Document, so evaluation takes no lock; writers (sources installing documents, patches) are
// serialised by mu, which also guards the subscribers.
type store struct {
	current atomic.Pointer[Document]
	status  atomic.Value // Status

	mu          sync.Mutex
	live        bool // a document from the live source was installed
	settled     chan struct{}
	settledOnce sync.Once
	lastError   error
	subscribers map[*subscriber]struct{}
	closed      bool
	// onLive, when set, receives every document from the live source (the cache file's copy).
	onLive func(*Document)
}

func newStore() *store {
	s := &store{settled: make(chan struct{}), subscribers: map[*subscriber]struct{}{}}
	s.status.Store(StatusInitializing)
	return s
}

func (s *store) document() *Document { return s.current.Load() }

func (s *store) currentStatus() Status { return s.status.Load().(Status) }

// installFallback serves a bootstrap or cached document until the live source delivers.
func (s *store) installFallback(doc *Document, status Status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live {
		return
	}
	s.replace(doc)
	s.status.Store(status)
}

// installLive serves a document from the live source.
func (s *store) installLive(doc *Document) {
	s.mu.Lock()
	s.live = true
	s.lastError = nil
	s.replace(doc)
	s.status.Store(StatusReady)
	if s.onLive != nil {
		s.onLive(doc)
	}
	s.mu.Unlock()
	s.settle()
}

// confirmLive records that the live source answered that the current document is still
// current (a 304).
func (s *store) confirmLive() {
	s.mu.Lock()
	s.live = true
	s.lastError = nil
	s.status.Store(StatusReady)
	s.mu.Unlock()
	s.settle()
}

// update applies a change (a patch) to the current document under the writers' lock.
func (s *store) update(change func(current *Document) (*Document, bool, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next, applied, err := change(s.current.Load())
	if err != nil || !applied {
		return err
	}
	s.replace(next)
	if s.onLive != nil {
		s.onLive(next)
	}
	return nil
}

// liveFailed records that the live source could not deliver. Before any live document, the
// client degrades to what it has (cached, bootstrap, or nothing) and WaitUntilReady returns.
func (s *store) liveFailed(err error) {
	s.mu.Lock()
	s.lastError = err
	if !s.live {
		switch s.currentStatus() {
		case StatusCached, StatusBootstrap:
		default:
			s.status.Store(StatusFailed)
		}
	}
	s.mu.Unlock()
	s.settle()
}

// settle releases WaitUntilReady: the first attempt of the live source has ended.
func (s *store) settle() {
	s.settledOnce.Do(func() { close(s.settled) })
}

func (s *store) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastError
}

// replace installs next and tells subscribers which flags changed. Callers hold mu.
func (s *store) replace(next *Document) {
	previous := s.current.Swap(next)
	if s.closed || len(s.subscribers) == 0 {
		return
	}
	keys := changedFlags(previous, next)
	if len(keys) == 0 {
		return
	}
	event := ChangeEvent{FlagKeys: keys, Version: next.Version()}
	for sub := range s.subscribers {
		sub.deliver(event)
	}
}

func (s *store) subscribe() (<-chan ChangeEvent, func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := &subscriber{events: make(chan ChangeEvent, subscriberBuffer)}
	if s.closed {
		close(sub.events)
		return sub.events, func() {}
	}
	s.subscribers[sub] = struct{}{}
	var once sync.Once
	return sub.events, func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if _, ok := s.subscribers[sub]; ok {
				delete(s.subscribers, sub)
				close(sub.events)
			}
		})
	}
}

// close ends every subscription (their channels close) and refuses new ones.
func (s *store) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for sub := range s.subscribers {
		close(sub.events)
	}
	clear(s.subscribers)
	s.settle()
}
