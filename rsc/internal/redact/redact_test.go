package redact_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/internal/redact"
)

func TestString(t *testing.T) {
	t.Parallel()
	const tok = "AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR"
	cases := []struct {
		in, want string
	}{
		{"Authorization: Bearer " + tok, "Authorization: " + redact.Mask},
		{"got header Bearer " + tok + " which expired", "got header Bearer " + redact.Mask + " which expired"},
		{`{"headers":{"Authorization":"Bearer ` + tok + `"}}`, `{"headers":{"Authorization":"` + redact.Mask + `"}}`},
		{`{\"Authorization\":\"Bearer ` + tok + `\"}`, `{\"Authorization\":\"` + redact.Mask + `\"}`},
		{"grant_type=client_credentials&client_id=abc&client_secret=s3cr3tValue", "grant_type=client_credentials&client_id=abc&client_secret=" + redact.Mask},
		{"GET /v2/x?access_token=" + tok + "&q=1", "GET /v2/x?access_token=" + redact.Mask + "&q=1"},
		{`{"access_token":"` + tok + `","expires_in":1800}`, `{"access_token":"` + redact.Mask + `","expires_in":1800}`},
		{`"clientSecret": "very-secret-1"`, `"clientSecret": "` + redact.Mask + `"`},
		{"ERROR :: /title :: field is required but not found and has no default value", "ERROR :: /title :: field is required but not found and has no default value"},
		{"integrationContext=urn:li:organization:1001", "integrationContext=urn:li:organization:1001"},
	}
	for _, tc := range cases {
		if got := redact.String(tc.in); got != tc.want {
			t.Errorf("String(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	// A known value goes wherever it is, even without a telling name.
	if got := redact.String("echo: "+tok+" (len 52)", tok); strings.Contains(got, tok) {
		t.Errorf("known token kept: %q", got)
	}
	if got := redact.String("short abc", "abc"); got != "short abc" {
		t.Errorf("a known value under 8 bytes was masked: %q", got)
	}
}

// FuzzString: whatever surrounds a known secret, it never survives.
func FuzzString(f *testing.F) {
	f.Add("prefix ", " suffix", "s3cret-value-123")
	f.Fuzz(func(t *testing.T, pre, post, secret string) {
		if len(secret) < 8 || strings.Contains(redact.Mask, secret) {
			return
		}
		if got := redact.String(pre+secret+post, secret); strings.Contains(got, secret) {
			t.Fatalf("secret %q survived in %q", secret, got)
		}
	})
}

func ExampleString() {
	fmt.Println(redact.String(`401 Unauthorized: token "Bearer AQXdSP_W41_UPs5ioT" expired`))
	fmt.Println(redact.String("invalid_client: client_secret=hunter2hunter2 is wrong"))
	// Output:
	// 401 Unauthorized: token "Bearer [redacted]" expired
	// invalid_client: client_secret=[redacted] is wrong
}
