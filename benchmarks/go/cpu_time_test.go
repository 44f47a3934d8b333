package benchmarks

import (
	"syscall"
	"testing"
	"time"
)

// reportCPUTime adds a "cpu-ns/op" figure to a benchmark: the CPU time the whole process spent
// (every thread, garbage collection included) per operation. On a machine shared with other
// work, ns/op is wall time and grows with the load; CPU time per operation does not, so the
// two together say what an evaluation costs and how loaded the machine was. Call it as
// `defer reportCPUTime(b)()` just before the timed loop.
func reportCPUTime(b *testing.B) func() {
	start := processCPUTime(b)
	return func() {
		b.ReportMetric(float64(processCPUTime(b)-start)/float64(b.N), "cpu-ns/op")
	}
}

func processCPUTime(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}
