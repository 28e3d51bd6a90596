package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func validProvisioned() ProvisionedApplication {
	return ProvisionedApplication{
		UniqueForeignID:              "customer-42",
		Name:                         "My ATS - My Customer",
		Description:                  "My favorite customer",
		OAuth2AuthorizedCallbackURLs: []string{"https://www.foo.com/", "https://www.bar.com/"},
		ValidJSSDKDomains:            []string{"https://ats.example.com", "http://localhost:8000"},
	}
}

func TestProvisionedApplicationValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validProvisioned, []ruleCase[ProvisionedApplication]{
		{"no foreign id", func(p *ProvisionedApplication) { p.UniqueForeignID = "" }, one("uniqueForeignId", "required")},
		{"no name", func(p *ProvisionedApplication) { p.Name = "" }, one("name", "required")},
		{"name 50 runes", func(p *ProvisionedApplication) { p.Name = strings.Repeat("ß", 50) }, nil},
		{"name 51 runes", func(p *ProvisionedApplication) { p.Name = strings.Repeat("a", 51) }, one("name", "must be at most 50 characters, got 51")},
		{"name LinkedIn", func(p *ProvisionedApplication) { p.Name = "My ATS - LinkedIn" }, one("name", `must not contain "LinkedIn"`)},
		{"name linkedin lower", func(p *ProvisionedApplication) { p.Name = "linkedin sync" }, one("name", `must not contain "LinkedIn"`)},
		{"name LINKEDIN upper", func(p *ProvisionedApplication) { p.Name = "ACME LINKEDIN" }, one("name", `must not contain "LinkedIn"`)},
		{"no description", func(p *ProvisionedApplication) { p.Description = "" }, one("description", "required")},
		{"no urls", func(p *ProvisionedApplication) { p.OAuth2AuthorizedCallbackURLs, p.ValidJSSDKDomains = nil, nil }, nil},
		{"relative callback", func(p *ProvisionedApplication) { p.OAuth2AuthorizedCallbackURLs[1] = "/oauth/cb" },
			one("oauth2AuthorizedCallbackUrls[1]", "must be an absolute URL")},
		{"empty callback", func(p *ProvisionedApplication) { p.OAuth2AuthorizedCallbackURLs[0] = "" },
			one("oauth2AuthorizedCallbackUrls[0]", "required")},
		{"domain trailing slash", func(p *ProvisionedApplication) { p.ValidJSSDKDomains[0] = "https://ats.example.com/" },
			one("validJsSdkDomains[0]", `must not end with "/"`)},
		{"domain without scheme", func(p *ProvisionedApplication) { p.ValidJSSDKDomains[1] = "ats.example.com" },
			one("validJsSdkDomains[1]", "must be an absolute URL")},
		{"key", func(p *ProvisionedApplication) { p.Key = DeveloperApplicationURN("7") }, nil},
		{"bad key", func(p *ProvisionedApplication) { p.Key = OrganizationURN("7") },
			one("key", "must be a developerApplication URN (urn:li:developerApplication:{id})")},
		{"NUL description", func(p *ProvisionedApplication) { p.Description = "\x00" }, one("description", "must not contain NUL bytes")},
		{"bad UTF-8 name", func(p *ProvisionedApplication) { p.Name = "\xff" }, one("name", "must be valid UTF-8")},
	})
}

func TestProvisionedApplicationJSON(t *testing.T) {
	t.Parallel()
	// Create request: the documented sample.
	p := validProvisioned()
	p.ValidJSSDKDomains = nil
	p.UniqueForeignID = "…"
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b, `{"description":"My favorite customer","name":"My ATS - My Customer","oauth2AuthorizedCallbackUrls":["https://www.foo.com/","https://www.bar.com/"],"uniqueForeignId":"…"}`)

	// Response: key and credentials are decoded; the secret is readable with Reveal.
	resp := `{"key":"urn:li:developerApplication:123","credentials":{"client_id":"abc","client_secret":"s3cr/t+="},
		"uniqueForeignId":"customer-42","name":"n","description":"d","validJsSdkDomains":["https://a.b"],"oauth2AuthorizedCallbackUrls":[]}`
	var got ProvisionedApplication
	if err := json.Unmarshal([]byte(resp), &got); err != nil {
		t.Fatal(err)
	}
	if got.Key != DeveloperApplicationURN("123") || got.Credentials == nil || got.Credentials.ClientID != "abc" ||
		got.Credentials.ClientSecret.Reveal() != "s3cr/t+=" || got.ValidJSSDKDomains[0] != "https://a.b" {
		t.Errorf("decoded %+v", got)
	}
}

func TestSecretRedaction(t *testing.T) {
	t.Parallel()
	const value = "hunter2-secret"
	s := Secret(value)
	creds := Credentials{ClientID: "client-1", ClientSecret: s}
	if s.Reveal() != value {
		t.Fatalf("Reveal() = %q", s.Reveal())
	}
	outputs := map[string]string{
		"String":    s.String(),
		"GoString":  s.GoString(),
		"%v":        fmt.Sprintf("%v", s),
		"%+v":       fmt.Sprintf("%+v", s),
		"%#v":       fmt.Sprintf("%#v", s),
		"%s":        fmt.Sprintf("%s", s),
		"%q":        fmt.Sprintf("%q", s),
		"%x":        fmt.Sprintf("%x", s),
		"%10.3s":    fmt.Sprintf("%10.3s", s),
		"%d":        fmt.Sprintf("%d", s),
		"Sprint":    fmt.Sprint(s),
		"creds %v":  fmt.Sprintf("%v", creds),
		"creds %+v": fmt.Sprintf("%+v", creds),
		"creds %#v": fmt.Sprintf("%#v", creds),
		"creds ptr": fmt.Sprintf("%+v", &creds),
	}
	for name, out := range outputs {
		if strings.Contains(out, value) || !strings.Contains(out, "[redacted]") {
			t.Errorf("%s: %q leaks or lacks [redacted]", name, out)
		}
	}
	if out := fmt.Sprintf("%+v", ProvisionedApplication{Credentials: &creds}); strings.Contains(out, value) {
		t.Errorf("nested credentials leak: %q", out)
	}
	if got := fmt.Sprintf("%v", s); got != "[redacted]" {
		t.Errorf("%%v = %q", got)
	}

	b, err := json.Marshal(creds)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"client_id":"client-1","client_secret":"[redacted]"}`; got != want {
		t.Errorf("json = %s, want %s", got, want)
	}

	for _, h := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		logger := slog.New(h(&buf))
		logger.Info("token", "secret", s, "creds", creds, slog.Any("ptr", &creds))
		if out := buf.String(); strings.Contains(out, value) || !strings.Contains(out, "[redacted]") {
			t.Errorf("slog output leaks: %s", out)
		}
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "secret", s)
	if !strings.Contains(buf.String(), `"secret":"[redacted]"`) {
		t.Errorf("JSON handler output = %s", buf.String())
	}

	var back Secret
	if err := json.Unmarshal([]byte(`"abc"`), &back); err != nil || back.Reveal() != "abc" {
		t.Errorf("Unmarshal = %q, %v", back.Reveal(), err)
	}
	if err := json.Unmarshal([]byte(`123`), &back); err == nil {
		t.Error("Unmarshal number: want error")
	}
}

// Regression: Secret marshals as "[redacted]" and took that placeholder back
// as its value, so Credentials stored with json.Marshal silently lost the
// secret.
func TestSecretUnmarshalRejectsRedaction(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		json    string
		want    string
		wantErr bool
	}{
		{"plain", `"s3cr/t+="`, "s3cr/t+=", false},
		{"empty", `""`, "", false},
		{"placeholder", `"[redacted]"`, "", true},
		{"escaped placeholder", `"\u005bredacted]"`, "", true},
		{"longer than the placeholder", `"[redacted]x"`, "[redacted]x", false},
	} {
		s := Secret("before")
		err := json.Unmarshal([]byte(tc.json), &s)
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: err = %v, want error %v", tc.name, err, tc.wantErr)
			continue
		}
		if tc.wantErr {
			if s.Reveal() != "before" {
				t.Errorf("%s: a rejected value replaced the secret with %q", tc.name, s.Reveal())
			}
			if msg := err.Error(); !strings.Contains(msg, "redacted") || !strings.Contains(msg, "Reveal") {
				t.Errorf("%s: error %q does not say the value is the redaction placeholder and how to persist", tc.name, msg)
			}
		} else if s.Reveal() != tc.want {
			t.Errorf("%s: Reveal() = %q, want %q", tc.name, s.Reveal(), tc.want)
		}
	}

	// Credentials stored with json.Marshal cannot be read back as if the
	// secret were "[redacted]".
	const value = "hunter2-secret"
	b, err := json.Marshal(ProvisionedApplication{Key: DeveloperApplicationURN("7"), Credentials: &Credentials{ClientID: "c1", ClientSecret: value}})
	if err != nil {
		t.Fatal(err)
	}
	var back ProvisionedApplication
	err = json.Unmarshal(b, &back)
	if err == nil {
		t.Fatalf("stored %s, read back the secret %q without an error", b, back.Credentials.ClientSecret.Reveal())
	}
	if strings.Contains(err.Error(), value) {
		t.Errorf("error leaks the secret: %v", err)
	}
}
