package matching

import "unicode/utf8"

// JaroWinkler returns the Jaro-Winkler similarity of a and b in [0, 1] (1 when equal,
// 0 when they share no character), comparing runes, with the usual prefix scale 0.1
// over at most 4 runes. Normalise names with [NormalizeName] first.
func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	if a == "" || b == "" {
		return 0
	}
	if isASCII(a) && isASCII(b) {
		// Bytes are runes: the same computation without decoding.
		var ab, bb [64]byte
		return jaroWinkler(append(ab[:0], a...), append(bb[:0], b...))
	}
	var ab, bb [64]rune
	return jaroWinkler(toRunes(a, ab[:0]), toRunes(b, bb[:0]))
}

// jaroWinkler is JaroWinkler of two non-empty strings of characters.
func jaroWinkler[C byte | rune](a, b []C) float64 {
	j := jaro(a, b)
	p := 0
	for p < len(a) && p < len(b) && p < 4 && a[p] == b[p] {
		p++
	}
	return j + float64(p)*0.1*(1-j)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func toRunes(s string, buf []rune) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// jaro computes the Jaro similarity of two strings of characters.
func jaro[C byte | rune](a, b []C) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	window := len(b)/2 - 1
	if window < 0 {
		window = 0
	}
	var flagsBuf [64]bool
	var bFlags []bool
	if len(b) <= len(flagsBuf) {
		bFlags = flagsBuf[:len(b)]
	} else {
		bFlags = make([]bool, len(b))
	}
	var aMatchBuf [64]C
	aMatch := aMatchBuf[:0]
	for i, r := range a {
		lo, hi := max(0, i-window), min(len(b), i+window+1)
		for k := lo; k < hi; k++ {
			if !bFlags[k] && b[k] == r {
				bFlags[k] = true
				aMatch = append(aMatch, r)
				break
			}
		}
	}
	m := len(aMatch)
	if m == 0 {
		return 0
	}
	t, n := 0, 0
	for k, f := range bFlags {
		if f {
			if b[k] != aMatch[n] {
				t++
			}
			n++
		}
	}
	fm := float64(m)
	return (fm/float64(len(a)) + fm/float64(len(b)) + (fm-float64(t)/2)/fm) / 3
}

// soundexCodes holds the Soundex digit of each ASCII lower-case letter; 0 marks vowels
// and h, w, y.
var soundexCodes = [26]byte{
	0, '1', '2', '3', 0, '1', '2', 0, 0, '2', '2', '4', '5', '5', 0, '1', '2', '6', '2', '3', 0, '1', 0, '2', 0, '2',
}

// phonetic returns the American Soundex code of the first word of a normalised name
// ("robert" -> "r163"). Names that do not start with an ASCII letter (other scripts)
// are returned unchanged, so they still block on the exact folded form.
func phonetic(s string) string {
	if s == "" {
		return ""
	}
	if c := s[0]; c < 'a' || c > 'z' {
		return s
	}
	out := [4]byte{s[0], '0', '0', '0'}
	n := 1
	last := soundexCodes[s[0]-'a']
	for i := 1; i < len(s) && n < 4; i++ {
		c := s[i]
		if c < 'a' || c > 'z' {
			break
		}
		code := soundexCodes[c-'a']
		switch {
		case code == 0:
			if c != 'h' && c != 'w' {
				last = 0
			}
		case code != last:
			out[n] = code
			n++
			last = code
		}
	}
	return string(out[:])
}

// nicknames maps common English given-name short forms to one canonical form. Names
// not listed are their own canonical form.
var nicknames = map[string]string{
	"bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "bert": "robert",
	"bill": "william", "billy": "william", "will": "william", "willy": "william", "liam": "william",
	"jim": "james", "jimmy": "james", "jamie": "james",
	"mike": "michael", "mikey": "michael", "mick": "michael",
	"dave": "david", "davey": "david",
	"dan": "daniel", "danny": "daniel",
	"tom": "thomas", "tommy": "thomas",
	"joe": "joseph", "joey": "joseph",
	"chris": "christopher", "kit": "christopher",
	"alex": "alexander", "sandy": "alexander",
	"sam": "samuel", "sammy": "samuel",
	"ben": "benjamin", "benny": "benjamin",
	"nick": "nicholas", "nicky": "nicholas",
	"tony":  "anthony",
	"steve": "steven", "stephen": "steven",
	"matt": "matthew",
	"andy": "andrew", "drew": "andrew",
	"ed": "edward", "eddie": "edward", "eddy": "edward", "ted": "edward", "teddy": "edward",
	"greg": "gregory", "jon": "jonathan", "nate": "nathan", "pete": "peter",
	"rick": "richard", "ricky": "richard", "dick": "richard", "rich": "richard",
	"chuck": "charles", "charlie": "charles",
	"larry": "lawrence", "tim": "timothy", "ken": "kenneth", "kenny": "kenneth",
	"liz": "elizabeth", "beth": "elizabeth", "betty": "elizabeth", "eliza": "elizabeth", "lizzie": "elizabeth",
	"kate": "katherine", "katie": "katherine", "kathy": "katherine", "cathy": "katherine", "catherine": "katherine", "kathryn": "katherine",
	"jen": "jennifer", "jenny": "jennifer",
	"sue": "susan", "susie": "susan",
	"maggie": "margaret", "meg": "margaret", "peggy": "margaret",
	"patty": "patricia", "trish": "patricia",
	"becky": "rebecca", "vicky": "victoria", "abby": "abigail", "debbie": "deborah",
}

// canonicalFirst returns the canonical form of a normalised given name.
func canonicalFirst(s string) string {
	if c, ok := nicknames[s]; ok {
		return c
	}
	return s
}
