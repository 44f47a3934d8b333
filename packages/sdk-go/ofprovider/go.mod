module github.com/flagswitch/flagswitch/packages/sdk-go/ofprovider

go 1.25.0

require (
	github.com/flagswitch/flagswitch/packages/sdk-go v0.0.0
	github.com/open-feature/go-sdk v1.18.0
)

require go.uber.org/mock v0.6.0 // indirect

// The provider is developed beside the SDK it wraps, in this repository.
replace github.com/flagswitch/flagswitch/packages/sdk-go => ../
