package model

import (
	"testing"
)

// TestURNProblemCharacters checks urnProblem, which looks at ASCII bytewise,
// finds the same first problem as the rune-by-rune check (runeProblem) run
// over the whole URN, for every ASCII character and mixes with non-ASCII
// ones on either side.
func TestURNProblemCharacters(t *testing.T) {
	t.Parallel()
	var ids []string
	for c := 0; c < 0x80; c++ {
		ids = append(ids, "1"+string(rune(c))+"2")
	}
	ids = append(ids, "é x", "x é", "\u200bx", "x\u200b", "é\u00a0", "é\u0085", "a\u2028", "ok\u00e9", "x\u200b y", "x \u200b")
	for _, id := range ids {
		s := "urn:li:organization:" + id
		want := runeProblem(s)
		got := urnProblem(s)
		if got != want {
			t.Errorf("urnProblem(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestPlainHTTPURL checks the URLs plainHTTPURL accepts without parsing
// and that it leaves every other one to url.Parse.
func TestPlainHTTPURL(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"https://ats.example.com/candidates/C1":    true,
		"http://a.b":                               true,
		"https://ats.example.com?x=1&y=[2]#frag":   true,
		"https://ats-1.example.com/#/c/1":          true,
		"https://":                                 false,
		"https:///path":                            false,
		"https://ats.example.com:8443/c":           false, // a port: parsed
		"https://user@ats.example.com/c":           false,
		"https://[::1]/c":                          false,
		"https://ats.example.com/c%20d":            false,
		"https://ats.example.com/c d":              false,
		"https://ats.example.com/\x7f":             false,
		"https://ats.example.com/é":                false,
		"HTTPS://ats.example.com/c":                false,
		"ftp://ats.example.com/c":                  false,
		"https:ats.example.com":                    false,
		"https://ats_example.com/c":                false,
		"https://ats.example.com\\@evil.example/c": false,
	} {
		if got := plainHTTPURL(s); got != want {
			t.Errorf("plainHTTPURL(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzPlainHTTPURL checks that every URL plainHTTPURL accepts, url.Parse
// accepts too, as absolute http or https with a host.
func FuzzPlainHTTPURL(f *testing.F) {
	for _, s := range []string{"https://ats.example.com/c?x=1#f", "http://a.b", "https://a..b/c/../d?%", "https://a.b//x:y@z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !plainHTTPURL(s) {
			return
		}
		u, ok := absoluteURL(s)
		if !ok || u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("plainHTTPURL(%q) = true, but url.Parse gives %v, %v", s, u, ok)
		}
	})
}
