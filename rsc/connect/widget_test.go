package connect

import (
	"errors"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

func TestOnboardingWidgetHTML(t *testing.T) {
	t.Parallel()
	got, err := OnboardingWidget{APIKey: "77abc_D-e", OnIntegrate: "integrationRequest", OnConfigChange: "configChanged", Width: 640,
		Bundles: []string{BundleRSCCompany}}.HTML()
	if err != nil {
		t.Fatal(err)
	}
	want := `<script type="text/javascript" src="https://platform.linkedin.com/xdoor/scripts/in.js">
  api_key: 77abc_D-e
  extensions: ATSIntegrationWidget@https://platform.linkedin.com/rsc/extensions/onboarding-widget
</script>
<script type="IN/ATSIntegrationWidget" data-supported-bundled-integration-types="RECRUITER_SYSTEM_CONNECT_COMPANY" data-onintegrate="integrationRequest" data-onconfigchange="configChanged" data-width="640"></script>
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestOnboardingWidgetRefusesInjection(t *testing.T) {
	t.Parallel()
	ok := OnboardingWidget{APIKey: "key", OnIntegrate: "cb"}
	tests := []struct {
		name string
		edit func(*OnboardingWidget)
	}{
		{"api key breaks the loader", func(w *OnboardingWidget) { w.APIKey = "k\n  extensions: Evil@https://evil.example/x" }},
		{"api key closes the script", func(w *OnboardingWidget) { w.APIKey = "k</script><script>alert(1)//" }},
		{"empty api key", func(w *OnboardingWidget) { w.APIKey = "" }},
		{"callback is code", func(w *OnboardingWidget) { w.OnIntegrate = "alert(1)" }},
		{"callback with quote", func(w *OnboardingWidget) { w.OnIntegrate = `cb" onload="alert(1)` }},
		{"callback reserved word", func(w *OnboardingWidget) { w.OnIntegrate = "eval" }},
		{"callback missing", func(w *OnboardingWidget) { w.OnIntegrate = "" }},
		{"config callback is code", func(w *OnboardingWidget) { w.OnConfigChange = "x;alert(1)" }},
		{"bundle with quote", func(w *OnboardingWidget) { w.Bundles = []string{`A" onerror="x`} }},
		{"extension URL with newline", func(w *OnboardingWidget) { w.ExtensionURL = "https://platform.linkedin.com/x\napi_key: other" }},
		{"extension URL javascript", func(w *OnboardingWidget) { w.ExtensionURL = "javascript:alert(1)" }},
		{"script URL plain http", func(w *OnboardingWidget) { w.ScriptURL = "http://platform.linkedin.com/in.js" }},
		{"width", func(w *OnboardingWidget) { w.Width = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := ok
			tt.edit(&w)
			h, err := w.HTML()
			if !errors.Is(err, ErrInvalidWidget) || h != "" {
				t.Errorf("got %q, %v; want ErrInvalidWidget", h, err)
			}
		})
	}
	if _, err := (OnboardingWidget{APIKey: "key", OnIntegrate: "cb", ScriptURL: "http://127.0.0.1:8080/in.js", ExtensionURL: "http://rscmock.test/onboarding"}).HTML(); err != nil {
		t.Errorf("loopback fake URLs refused: %v", err)
	}
}

func TestProfileWidgetHTML(t *testing.T) {
	t.Parallel()
	w := ProfileWidget{APIKey: "77abc", Candidate: model.CandidateKey{IntegrationContext: "urn:li:organization:123", ATSCandidateID: "C-1"},
		ShowUnlink: true, ConfirmUnlink: true, OnLink: "link", OnUnlink: "unlink", Width: 800}
	got, err := w.HTML()
	if err != nil {
		t.Fatal(err)
	}
	want := `<script type="text/javascript" src="https://platform.linkedin.com/xdoor/scripts/in.js">
  api_key: 77abc
  extensions: HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget
</script>
<script type="IN/HcmWidget" data-widget-type="ATS" data-ats-candidate-id="C-1" data-integration-context="urn:li:organization:123" data-show-unlink-url="true" data-confirm-unlink="true" data-onlink="link" data-onunlink="unlink" data-width="800"></script>
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// A candidate id is tenant data: it is escaped, never markup.
	w.Candidate.ATSCandidateID = `C"></script><script>alert/**/"x"</script>`
	got, err = w.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(got), "<script") != 2 || strings.Contains(string(got), `"></script><script>alert`) ||
		!strings.Contains(string(got), `data-ats-candidate-id="C&#34;&gt;&lt;/script&gt;&lt;script&gt;alert/**/&#34;x&#34;&lt;/script&gt;"`) {
		t.Errorf("candidate id not escaped:\n%s", got)
	}

	bad := []ProfileWidget{
		{APIKey: "k", Candidate: model.CandidateKey{IntegrationContext: "urn:li:contract:1", ATSCandidateID: "C"}},
		{APIKey: "k", Candidate: model.CandidateKey{IntegrationContext: "urn:li:organization:1", ATSCandidateID: "C&x=1"}},
		{APIKey: "k", Candidate: model.CandidateKey{IntegrationContext: "urn:li:organization:1", ATSCandidateID: "C"}, OnUnlink: "a.b"},
		{APIKey: "k", Candidate: model.CandidateKey{IntegrationContext: "urn:li:organization:1", ATSCandidateID: "C"}, OnLink: "1x"},
		{APIKey: "k k", Candidate: model.CandidateKey{IntegrationContext: "urn:li:organization:1", ATSCandidateID: "C"}},
	}
	for i, b := range bad {
		if h, err := b.HTML(); !errors.Is(err, ErrInvalidWidget) || h != "" {
			t.Errorf("bad[%d]: got %q, %v", i, h, err)
		}
	}
}

func TestValidCallbackName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"link": true, "_x": true, "$cb2": true, "onIntegrate": true,
		"": false, "2x": false, "a-b": false, "a.b": false, "function": false, "a b": false,
		"é": false, strings.Repeat("a", 101): false,
	} {
		if got := ValidCallbackName(name); got != want {
			t.Errorf("ValidCallbackName(%q) = %v, want %v", name, got, want)
		}
	}
}
