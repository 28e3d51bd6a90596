package model

import (
	"fmt"
	"strings"
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

// FuzzPlainURNOfType checks that URN.IsType, which takes a plain URN in
// one pass, answers as the full check (the URN's type, then urnProblem).
func FuzzPlainURNOfType(f *testing.F) {
	for _, s := range []string{"urn:li:organization:1", "urn:li:organization:", "urn:li:organization:a:b", "urn:li:organization:1 2",
		"urn:li:organization:é", "urn:li:organizationx:1", "urn:li::1", "urn:li:organization:\x7f", "URN:li:organization:1"} {
		f.Add(s, URNTypeOrganization)
		f.Add(s, "")
		f.Add(s, "organ:zation")
	}
	f.Fuzz(func(t *testing.T, s, typ string) {
		u := URN(s)
		if got, want := u.IsType(typ), u.Type() == typ && urnProblem(s) == ""; got != want {
			t.Fatalf("URN(%q).IsType(%q) = %v, the full check says %v", s, typ, got, want)
		}
	})
}

// TestTextMaxOnePass checks textMax, which takes plain ASCII in one pass,
// against textMaxRunes, which checks UTF-8, NUL and length each by itself:
// the same verdict and the same message for every byte alone and inside
// text (at every place of a word of eight), at, under and over the limit.
func TestTextMaxOnePass(t *testing.T) {
	t.Parallel()
	var texts []string
	for c := 0; c < 256; c++ {
		b := string([]byte{byte(c)})
		texts = append(texts, b, "ab"+b, b+"cd", "a"+b+"b")
		for at := 0; at < 17; at++ { // every place in two eight-byte words and the tail
			texts = append(texts, strings.Repeat("x", at)+b+strings.Repeat("y", 16-at))
		}
	}
	texts = append(texts, "", "abc", "abcd", "abcde", "é", "éé", "ééé", "a\u0000b", "\xed\xa0\x80", "日本語")
	for _, s := range texts {
		checkTextMaxOnePass(t, s)
	}
}

// FuzzTextMaxOnePass checks textMax against textMaxRunes on any text.
func FuzzTextMaxOnePass(f *testing.F) {
	for _, s := range []string{"", "plain", "é", "a\x00", "\xff", "abcd"} {
		f.Add(s)
	}
	f.Fuzz(checkTextMaxOnePass)
}

func checkTextMaxOnePass(t *testing.T, s string) {
	for _, n := range []int{0, 3, 4, 17, 100} {
		var fast, slow checker
		okFast, okSlow := fast.textMax("f", s, n), slow.textMaxRunes("f", s, n)
		if okFast != okSlow || fmt.Sprint(fast.errs) != fmt.Sprint(slow.errs) {
			t.Errorf("textMax(%q, %d) = %v %v, textMaxRunes = %v %v", s, n, okFast, fast.errs, okSlow, slow.errs)
		}
	}
}

// TestIDEveryASCIIByte checks id, which tells the bytes an id may not
// contain by a table, refuses exactly the control characters and
// idReserved of ASCII, anywhere in an id.
func TestIDEveryASCIIByte(t *testing.T) {
	t.Parallel()
	for b := 0; b < 0x80; b++ {
		want := b >= 0x20 && b != 0x7f && !strings.ContainsRune(idReserved, rune(b))
		for _, s := range []string{string(rune(b)), "a" + string(rune(b)), string(rune(b)) + "z"} {
			var c checker
			if got := c.id("id", s); got != want || (len(c.errs) == 0) != want {
				t.Errorf("id(%q) = %v %v, want %v", s, got, c.errs, want)
			}
		}
	}
}

// validEmailStrings is validEmail as it was written with the strings
// package, the reference FuzzValidEmail checks validEmail against.
func validEmailStrings(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || strings.IndexByte(s[at+1:], '@') >= 0 {
		return false
	}
	if strings.ContainsAny(s, " \t\r\n\v\f") {
		return false
	}
	domain := s[at+1:]
	dot := strings.IndexByte(domain, '.')
	for dot >= 0 {
		if dot > 0 && dot < len(domain)-1 {
			return true
		}
		next := strings.IndexByte(domain[dot+1:], '.')
		if next < 0 {
			break
		}
		dot += 1 + next
	}
	return false
}

// FuzzValidEmail checks validEmail, which reads an address once, against
// validEmailStrings.
func FuzzValidEmail(f *testing.F) {
	for _, s := range []string{"ada@example.com", "@a.b", "a@b", "a@.b", "a@b.", "a@b..c", "a.b@c", "a@@b.c", "a@b.c@d.e", "a b@c.d", "a@b.c\v", "é@ü.de", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validEmail(s), validEmailStrings(s); got != want {
			t.Fatalf("validEmail(%q) = %v, want %v", s, got, want)
		}
	})
}

// plainHTTPURLBytewise is plainHTTPURL as it was written, byte by byte:
// the reference FuzzPlainHTTPURLWordwise checks plainHTTPURL against.
func plainHTTPURLBytewise(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	host := len(rest)
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c <= ' ' || c >= 0x7f || c == '%' {
			return false
		}
		if i < host {
			switch {
			case c == '/' || c == '?' || c == '#':
				host = i
			case !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-'):
				return false
			}
		}
	}
	return host > 0
}

// FuzzPlainHTTPURLWordwise checks plainHTTPURL, which checks a URL's path
// and query eight bytes at a time, against plainHTTPURLBytewise.
func FuzzPlainHTTPURLWordwise(f *testing.F) {
	for _, s := range []string{"https://ats.example.com/candidates/cand-000001", "http://a.b", "https://a.b/c d", "https://a.b/0123456\x7f",
		"https://a.b/01234567%", "https://a.b/\x80abcdefg", "https://a_b/", "https:///x", "https://a.b?q=1#f\x21"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainHTTPURL(s), plainHTTPURLBytewise(s); got != want {
			t.Fatalf("plainHTTPURL(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestPrintableWithoutPercentEveryBytePosition checks the word-wise check
// against the bytewise rule for every byte at every place of every
// length up to three words (short strings, whole words and their
// overlapping tails).
func TestPrintableWithoutPercentEveryBytePosition(t *testing.T) {
	t.Parallel()
	const plain = "/candidates/cand-0123456"
	for n := 0; n <= len(plain); n++ {
		if !printableWithoutPercent(plain[:n]) {
			t.Errorf("printableWithoutPercent(%q) = false", plain[:n])
		}
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				s := plain[:pos] + string([]byte{byte(c)}) + plain[pos+1:n]
				want := c > ' ' && c < 0x7f && c != '%'
				if got := printableWithoutPercent(s); got != want {
					t.Fatalf("printableWithoutPercent(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}
