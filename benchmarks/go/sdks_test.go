package benchmarks

import (
	"os"
	"sync"
	"testing"
)

// sdks holds every SDK under test, loaded with the fixtures once per process: a benchmark
// function runs several times while the testing package sizes b.N, and building three SDKs
// with 1,000 flags each time would dominate the run.
type sdks struct {
	flagSwitch   flagSwitchSDK
	launchDarkly launchDarklySDK
	growthBook   growthBookSDK
}

var (
	sdksOnce   sync.Once
	loadedSDKs *sdks
	// fileDir holds the FlagSwitch client's document file; TestMain removes it.
	fileDir string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "flagswitch-go-bench-")
	if err != nil {
		panic(err)
	}
	fileDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

func allSDKs(tb testing.TB) *sdks {
	tb.Helper()
	sdksOnce.Do(func() {
		shared := sharedFixtures(tb)
		loadedSDKs = &sdks{
			flagSwitch:   newFlagSwitchSDK(tb, shared, fileDir),
			launchDarkly: newLaunchDarklySDK(tb, shared),
			growthBook:   newGrowthBookSDK(tb, shared),
		}
	})
	if loadedSDKs == nil {
		tb.Fatal("the SDKs could not be set up (see the first failure)")
	}
	return loadedSDKs
}
