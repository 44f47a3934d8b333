module github.com/flagswitch/flagswitch/packages/sdk-go

go 1.22
