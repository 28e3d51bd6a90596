module github.com/rsckit/rsckit

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/hashicorp/go-retryablehttp v0.7.8
	github.com/jarcoal/httpmock v1.4.2
	github.com/nyaruka/phonenumbers v1.8.1
	golang.org/x/oauth2 v0.36.0
	golang.org/x/text v0.34.0
	golang.org/x/time v0.15.0
)

require (
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
