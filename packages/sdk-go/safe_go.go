package flagswitch

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
)

// goroutines starts and tracks the client's background work. Each goroutine is written not to
// panic; the recover here is the last line of defence that keeps a bug in the SDK from
// crashing the host application.
type goroutines struct {
	wg     sync.WaitGroup
	logger *slog.Logger
}

func (g *goroutines) start(name string, run func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer func() {
			if recovered := recover(); recovered != nil {
				g.logger.Error("flagswitch: background task stopped by a panic (please report this bug)",
					"task", name, "panic", fmt.Sprint(recovered), "stack", string(debug.Stack()))
			}
		}()
		run()
	}()
}

func (g *goroutines) wait() { g.wg.Wait() }
