package flagswitch

// SDKName and SDKVersion identify this SDK in event batches and the User-Agent header.
const (
	SDKName    = "flagswitch-go"
	SDKVersion = "0.1.0"
)

const userAgent = SDKName + "/" + SDKVersion
