package matching

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// normalizeNameReference is NormalizeName as it was before its fast paths:
// the whole name decomposed and stripped of marks by x/text transformers,
// then folded rune by rune.
func normalizeNameReference(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		if out, _, err := transform.String(runes.Remove(runes.In(unicode.Mn)), norm.NFKD.String(s)); err == nil {
			s = out
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '`' || r == 'ʼ':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				b.WriteRune(r)
			} else if f, ok := foldTable[unicode.ToLower(r)]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
		default:
			space = true
		}
	}
	return b.String()
}

var nameSeeds = []string{
	"", " ", "José", "  José  O'Brien-Núñez ", "SØREN Åström", "Weiß", "Łukasz Dvořák", "Jean-Luc",
	"Ｊｏｈｎ", "Zoë", "O’Connor", "Mac`Donald", "ʼOkina", "Владимир", "王 李娜", "Γιώργος", "ǅemal",
	"ﬁnn", "Å\u030a", "a\xffb", "\xe2\x80", "Acme, Inc.", "NORTH-WIND   GmbH", "x\u0301\u0327y", "①②", "ŉ",
}

// TestNormalizeNameReference checks NormalizeName against the reference on
// the seeds and on every name and company of a generated dataset.
func TestNormalizeNameReference(t *testing.T) {
	t.Parallel()
	in := append([]string{}, nameSeeds...)
	for _, r := range GenerateDataset(4, 3_000).Records {
		in = append(in, r.FirstName, r.LastName, r.Company)
	}
	for _, s := range in {
		if got, want := NormalizeName(s), normalizeNameReference(s); got != want {
			t.Errorf("NormalizeName(%q) = %q, reference %q", s, got, want)
		}
	}
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormalizeName(s), normalizeNameReference(s); got != want {
			t.Errorf("NormalizeName(%q) = %q, reference %q", s, got, want)
		}
	})
}

var phoneSeeds = []string{
	"+44 20 7946 0958", "+44 (0)20 7946 0958", "020 7946 0958", "(212) 555-0123", "+1 212.555.0123",
	"030 1234567", "12345", "not a phone", "+39 06 1234 5678", "+390612345678", "06 1234 5678", "+7 495 123-45-67",
	"+1 212 555 0123 ext. 45", "011 44 20 7946 0958", "+800 1234 5678", "",
}

// FuzzNormalizePhone checks parsePhone (with its fast paths) against the
// general parser, and the E.164 form and local digits normalize keeps
// against phonenumbers.Format and localDigits, for the fuzzed region and
// for "US" with the input mapped onto digits and separators, the fast
// paths' alphabet.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range phoneSeeds {
		f.Add(s, "US")
		f.Add(s, "IT")
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		checkParsePhone(t, raw, region)
		b := []byte(raw)
		for i, c := range b {
			b[i] = "0123456789 ()-.+"[c%16]
		}
		checkParsePhone(t, string(b), "US")
	})
}

// TestParsePhoneGenerated checks parsePhone against the general parser on
// every phone of a generated dataset, in regions US and GB.
func TestParsePhoneGenerated(t *testing.T) {
	t.Parallel()
	for _, s := range phoneSeeds {
		checkParsePhone(t, s, "US")
	}
	for _, r := range GenerateDataset(4, 3_000).Records {
		for _, p := range r.Phones {
			checkParsePhone(t, p, "US")
			checkParsePhone(t, p, "GB")
		}
	}
}

func checkParsePhone(t *testing.T, raw, region string) {
	t.Helper()
	var want string
	if n, err := phonenumbers.Parse(raw, strings.ToUpper(region)); err == nil && phonenumbers.IsPossibleNumber(n) {
		want = phonenumbers.Format(n, phonenumbers.E164)
	}
	n, ok := parsePhone(raw, region)
	if ok != (want != "") {
		t.Fatalf("parsePhone(%q, %q) ok = %v, general parser gives %q", raw, region, ok, want)
	}
	if !ok {
		return
	}
	if got := phonenumbers.Format(n, phonenumbers.E164); got != want {
		t.Errorf("parsePhone(%q, %q) = %q, general parser %q", raw, region, got, want)
	}
	if got := formatE164(n); got != want {
		t.Errorf("formatE164(%q in %s) = %q, phonenumbers.Format %q", raw, region, got, want)
	}
	if got, want := e164LocalDigits(want), localDigits(want); got != want {
		t.Errorf("e164LocalDigits(%q) = %q, localDigits %q", want, got, want)
	}
}

// TestJaroWinklerASCII checks that ASCII names, compared as bytes, score
// exactly as when compared as runes, on pairs of generated names.
func TestJaroWinklerASCII(t *testing.T) {
	t.Parallel()
	var names []string
	for _, r := range GenerateDataset(4, 400).Records {
		names = append(names, NormalizeName(r.FirstName), NormalizeName(r.LastName))
	}
	names = append(names, "a", "ab", strings.Repeat("abcdefghij", 8), strings.Repeat("abcdefghik", 8))
	for _, a := range names {
		for _, b := range names[:80] {
			if !isASCII(a) || !isASCII(b) || a == "" || b == "" || a == b {
				continue
			}
			var ar, br []rune
			if got, want := JaroWinkler(a, b), jaroWinkler(toRunes(a, ar), toRunes(b, br)); got != want {
				t.Errorf("JaroWinkler(%q, %q) = %v, as runes %v", a, b, got, want)
			}
		}
	}
}
