package matching

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// NormalizeEmail trims s and case-folds it. It applies no provider-specific rules
// (Gmail dots, plus tags): two addresses are the same only if they differ in case or
// surrounding space. A leading "mailto:" is removed. It returns "" when s is not of the
// form local@domain.
func NormalizeEmail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = strings.TrimSpace(s[7:])
	}
	s = strings.ToLower(s)
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(domain, "@ \t") || strings.ContainsAny(local, " \t") {
		return ""
	}
	return s
}

// NormalizePhone parses raw with libphonenumber rules (github.com/nyaruka/phonenumbers)
// and returns it in E.164 form ("+442079460958"). Numbers without a country code are
// read in defaultRegion (an ISO 3166-1 alpha-2 code such as "US" or "GB"). ok is false
// when raw cannot be parsed or is not a possible number for its country.
func NormalizePhone(raw, defaultRegion string) (e164 string, ok bool) {
	n, ok := parsePhone(raw, defaultRegion)
	if !ok {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// parsePhone parses raw. Numbers already in international form ("+" then digits and
// separators), and national numbers of the US written with digits and separators,
// skip the general parser, which is about 20 times slower.
func parsePhone(raw, region string) (*phonenumbers.PhoneNumber, bool) {
	if n, ok := fastInternational(raw); ok {
		return n, true
	}
	if n, done := fastUSNational(raw, region); done {
		return n, n != nil
	}
	n, err := phonenumbers.Parse(raw, strings.ToUpper(region))
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return nil, false
	}
	return n, true
}

// fastInternational handles "+<country code><national number>" of at most
// phonenumbers.MAX_INPUT_STRING_LENGTH bytes written with only
// spaces, dots, dashes and parentheses as separators, a country code that does not
// start with 0, and a national number that does not start with 0 (those need the
// general parser's national-prefix rules).
func fastInternational(raw string) (*phonenumbers.PhoneNumber, bool) {
	s := strings.Trim(raw, " ") // not TrimSpace: the general parser refuses "+4910\r"
	if !strings.HasPrefix(s, "+") || len(raw) > phonenumbers.MAX_INPUT_STRING_LENGTH {
		return nil, false
	}
	var d [20]byte
	nd, ok := separatedDigits(s[1:], d[:])
	if !ok || nd == 0 || d[0] == '0' {
		return nil, false // no country code starts with 0; the general parser refuses it
	}
	for l := 1; l <= 3 && l < nd; l++ {
		cc := atoi(d[:l])
		if phonenumbers.GetRegionCodeForCountryCode(cc) == "ZZ" {
			continue
		}
		if d[l] == '0' || nd-l > 17 {
			return nil, false
		}
		nn := uint64(atoi(d[l:nd]))
		n := &phonenumbers.PhoneNumber{CountryCode: ptr(int32(cc)), NationalNumber: ptr(nn)}
		if !phonenumbers.IsPossibleNumber(n) {
			return nil, false
		}
		return n, true
	}
	return nil, false
}

// separatedDigits copies the digits of s into d and returns how many there
// are; ok is false when s has a byte other than a digit or one of the
// separators space, dot, dash and parentheses, or more digits than d holds.
func separatedDigits(s string, d []byte) (n int, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			if n == len(d) {
				return 0, false
			}
			d[n] = c
			n++
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return 0, false
		}
	}
	return n, true
}

// fastUSNational parses raw in region US when it is 7 to 17 digits written
// with only spaces, dots, dashes and parentheses as separators, and its
// digits start neither with 1 (the country code and the national prefix,
// which the general parser may strip) nor with 011 (the international
// prefix). The general parser then takes the digits as they stand for the
// national significant number: country code 1, any leading zeros kept as
// Italian leading zeros, possible or not by length alone. done is false
// when raw is not of that form; n is nil when it is but is not a possible
// number.
func fastUSNational(raw, region string) (n *phonenumbers.PhoneNumber, done bool) {
	if !strings.EqualFold(region, "US") || len(raw) > phonenumbers.MAX_INPUT_STRING_LENGTH {
		return nil, false
	}
	var d [17]byte
	nd, ok := separatedDigits(raw, d[:])
	if !ok || nd < 7 || d[0] == '1' || d[0] == '0' && d[1] == '1' && d[2] == '1' {
		return nil, false
	}
	n = &phonenumbers.PhoneNumber{CountryCode: ptr(int32(1)), NationalNumber: ptr(uint64(atoi(d[:nd])))}
	if d[0] == '0' {
		n.ItalianLeadingZero = ptr(true)
		zeros := 1
		for zeros < nd-1 && d[zeros] == '0' {
			zeros++
		}
		if zeros != 1 {
			n.NumberOfLeadingZeros = ptr(int32(zeros))
		}
	}
	if !phonenumbers.IsPossibleNumber(n) {
		return nil, true
	}
	return n, true
}

func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

func ptr[T any](v T) *T { return &v }

// localDigits returns the last 9 digits of raw (all of them when it has fewer), the
// part of a number that survives a missing or different country code and a national
// trunk prefix. It returns "" when raw has fewer than 7 digits.
func localDigits(raw string) string {
	var d [9]byte
	n := 0
	for i := len(raw) - 1; i >= 0 && n < len(d); i-- {
		if c := raw[i]; '0' <= c && c <= '9' {
			n++
			d[len(d)-n] = c
		}
	}
	if n < 7 {
		return ""
	}
	return string(d[len(d)-n:])
}

// foldTable maps letters that Unicode decomposition leaves alone to ASCII.
var foldTable = map[rune]string{
	'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ı': "i",
	'ß': "ss", 'ħ': "h", 'ŧ': "t", 'ŀ': "l", 'ĸ': "k",
}

// NormalizeName folds a person's or company's name for comparison: compatibility
// decomposition (x/text norm), accents removed (x/text runes), lower case, letters
// that do not decompose mapped to ASCII (ø -> o, ß -> ss, ł -> l), apostrophes
// dropped, other punctuation turned into spaces, and runs of space collapsed.
// "  José  O'Brien-Núñez " becomes "jose obrien nunez".
func NormalizeName(s string) string {
	var b nameBuilder
	b.buf = make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			b.buf = b.buf[:0]
			b.space = false
			return normalizeUnicodeName(&b, s)
		}
		b.ascii(s[i])
	}
	return unsafeString(b.buf)
}

// normalizeUnicodeName is NormalizeName of a name with non-ASCII letters: it
// decomposes s segment by segment (norm.Iter, no copy of the whole name) and
// drops the nonspacing marks (unicode.Mn) the decomposition split off.
func normalizeUnicodeName(b *nameBuilder, s string) string {
	if !utf8.ValidString(s) {
		return normalizeInvalidName(b, s)
	}
	var it norm.Iter
	it.InitString(norm.NFKD, s)
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			seg = seg[n:]
			if r < utf8.RuneSelf {
				b.ascii(byte(r))
			} else if !unicode.Is(unicode.Mn, r) {
				b.rune(r)
			}
		}
	}
	return unsafeString(b.buf)
}

// normalizeInvalidName is NormalizeName of a name that is not valid UTF-8,
// folded as it always was: x/text's transformers decompose the whole name
// and drop its marks, and give up on some invalid sequences ("\xf2ë"),
// leaving the name as it is, marks included (each then a separator).
func normalizeInvalidName(b *nameBuilder, s string) string {
	if out, _, err := transform.String(runes.Remove(runes.In(unicode.Mn)), norm.NFKD.String(s)); err == nil {
		s = out
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.ascii(byte(r))
		} else {
			b.rune(r)
		}
	}
	return unsafeString(b.buf)
}

// nameBuilder appends a normalised name one character at a time.
type nameBuilder struct {
	buf   []byte
	space bool // a separator was seen since the last letter or digit
}

// ascii appends an ASCII character.
func (b *nameBuilder) ascii(c byte) {
	switch {
	case c == '\'' || c == '`':
	case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		b.letter()
		b.buf = append(b.buf, c)
	case 'A' <= c && c <= 'Z':
		b.letter()
		b.buf = append(b.buf, c+'a'-'A')
	default:
		b.space = true
	}
}

// rune appends a non-ASCII rune.
func (b *nameBuilder) rune(r rune) {
	switch {
	case r == '’' || r == 'ʼ':
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		b.letter()
		if f, ok := foldTable[unicode.ToLower(r)]; ok {
			b.buf = append(b.buf, f...)
		} else {
			b.buf = utf8.AppendRune(b.buf, unicode.ToLower(r))
		}
	default:
		b.space = true
	}
}

// letter writes the pending separator before a letter or digit.
func (b *nameBuilder) letter() {
	if b.space && len(b.buf) > 0 {
		b.buf = append(b.buf, ' ')
	}
	b.space = false
}

// companySuffixes are legal-form words dropped from company names.
var companySuffixes = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "ltd": true, "limited": true, "gmbh": true,
	"ag": true, "sa": true, "sas": true, "sarl": true, "srl": true, "spa": true, "bv": true,
	"nv": true, "plc": true, "corp": true, "corporation": true, "co": true, "company": true,
	"oy": true, "ab": true, "as": true, "kg": true, "pty": true, "lp": true, "llp": true,
}

// normalizeCompany is NormalizeName without trailing legal forms ("Acme, Inc." ->
// "acme").
func normalizeCompany(s string) string {
	n := NormalizeName(s) // single spaces, none at either end
	for {
		i := strings.LastIndexByte(n, ' ')
		if i < 0 || !companySuffixes[n[i+1:]] {
			return n
		}
		n = n[:i]
	}
}

// CanonicalProfileURL reduces a LinkedIn public profile URL to
// "linkedin.com/in/<slug>", the slug percent-decoded and lower-cased. It accepts any
// scheme (or none), any case, "www.", locale and mobile subdomains
// (de.linkedin.com, m.linkedin.com), the mobile paths /mwlite/in/ and /m/in/, trailing
// slashes, further path segments, queries and fragments. ok is false for anything
// that is not a linkedin.com /in/ profile URL (company pages, /pub/ URLs, other hosts).
func CanonicalProfileURL(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", false
	}
	if !strings.Contains(s, "://") {
		s = "https://" + strings.TrimPrefix(s, "//")
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host != "linkedin.com" && !strings.HasSuffix(host, ".linkedin.com") {
		return "", false
	}
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	i := 0
	if i < len(segs) && (strings.EqualFold(segs[i], "mwlite") || strings.EqualFold(segs[i], "m")) {
		i++
	}
	if i+1 >= len(segs) || !strings.EqualFold(segs[i], "in") {
		return "", false
	}
	slug, err := url.PathUnescape(segs[i+1])
	if err != nil || strings.TrimSpace(slug) == "" || strings.ContainsAny(slug, "/ ") {
		return "", false
	}
	return "linkedin.com/in/" + strings.ToLower(slug), true
}
