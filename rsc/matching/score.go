package matching

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// formatE164 is phonenumbers.Format(n, phonenumbers.E164) for a parsed
// number, appended into one string: the library builds it in three buffers.
func formatE164(n *phonenumbers.PhoneNumber) string {
	if n.GetNationalNumber() == 0 {
		return phonenumbers.Format(n, phonenumbers.E164)
	}
	var buf [1 + 10 + phonenumbers.MAX_LENGTH_FOR_NSN + 20]byte
	b := append(buf[:0], '+')
	b = strconv.AppendInt(b, int64(n.GetCountryCode()), 10)
	if n.GetItalianLeadingZero() {
		for range min(n.GetNumberOfLeadingZeros(), phonenumbers.MAX_LENGTH_FOR_NSN) {
			b = append(b, '0')
		}
	}
	b = strconv.AppendUint(b, n.GetNationalNumber(), 10)
	return string(b)
}

// e164LocalDigits is localDigits(e164) for a number formatE164 returned:
// all its bytes after the '+' are digits, so the last 9 are a substring.
func e164LocalDigits(e164 string) string {
	d := len(e164) - 1
	if d < 7 {
		return ""
	}
	return e164[len(e164)-min(d, 9):]
}

// rawNameHash hashes the names as typed, lower-cased and with runs of space
// collapsed, without allocating: two names that normalise alike but hash
// apart differ in accents or punctuation, not in letters.
func rawNameHash(first, last string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for _, s := range [2]string{first, last} {
		words := 0
		for f := range strings.FieldsSeq(s) {
			if words > 0 {
				h = (h ^ ' ') * prime
			}
			words++
			for _, r := range f {
				h = (h ^ uint64(unicode.ToLower(r))) * prime
			}
		}
		h = (h ^ 0xff) * prime
	}
	return h
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// hashKey is FNV-1a over a one-byte kind and the parts, separated by 0xff.
func hashKey(kind byte, parts ...string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	h = (h ^ uint64(kind)) * prime
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * prime
		}
		h = (h ^ 0xff) * prime
	}
	return h
}

// nameKeys returns how many phonetic name keys blockKeys files e under.
func (e *entry) nameKeys() int {
	n := 0
	if e.company != "" {
		if e.last != "" {
			n++
		}
		if e.first != "" {
			n++
		}
		if e.canonFirst != "" && e.last != "" {
			n++
		}
	}
	return n
}

// blockKeys appends e's blocking keys to dst: identifier keys first, then the
// e.nameKeys() phonetic name keys. The identifier keys are the hashes of h,
// e's hot part, already computed (strHash), so building an index hashes
// each identifier once.
func blockKeys(e *entry, h *hot, dst []uint64) []uint64 {
	if h.member != 0 {
		dst = append(dst, h.member)
	}
	if h.url != 0 {
		dst = append(dst, h.url)
	}
	for i, m := range e.emails {
		if i < hotLists {
			dst = append(dst, h.emails[i])
		} else {
			dst = append(dst, strHash('e', m))
		}
	}
	for i, p := range e.phones {
		e164, local7 := h.e164[min(i, hotLists-1)], h.local7[min(i, hotLists-1)]
		if i >= hotLists {
			e164, local7 = strHash('p', p.e164), 0
			if len(p.local) >= 7 {
				local7 = strHash('l', p.local[len(p.local)-7:])
			}
		}
		if e164 != 0 {
			dst = append(dst, e164)
		}
		if local7 != 0 {
			dst = append(dst, local7)
		}
	}
	// A name alone never reaches the threshold (see score), so names are keyed only
	// together with the company. Both names use the same key kind, so swapped first
	// and last names still share a key.
	if e.company != "" {
		pf, pl := phonetic(e.canonFirst), phonetic(e.last)
		if e.last != "" {
			dst = append(dst, hashKey('c', pl, e.company))
		}
		if e.first != "" {
			dst = append(dst, hashKey('c', pf, e.company))
		}
		// Both names' initials (in either order, for swapped names): two
		// records with a typo each, one in the given name and one in the
		// family name, share no Soundex key but still score as the same
		// name. Typos rarely hit a name's first letter.
		if e.canonFirst != "" && e.last != "" {
			a, b := initial(e.canonFirst), initial(e.last)
			if b < a {
				a, b = b, a
			}
			dst = append(dst, hashKey('a', a+b, e.company))
		}
	}
	return dst
}

// initial is the first character of s.
func initial(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// nameScore compares the names of q and e (e's read from eh where inline):
// the product of the given-name and family-name similarities, so both must
// agree.
func nameScore(q *entry, qh *hot, e *entry, eh *hot) (float64, []Reason) {
	ef, el := eh.names(e)
	if q.first == "" && q.last == "" || ef == "" && el == "" {
		return 0, nil
	}
	if q.first == ef && q.last == el {
		if q.raw == e.raw {
			return 1, []Reason{ReasonSameName}
		}
		return 1, []Reason{ReasonNameAccents}
	}
	fs := JaroWinkler(q.first, ef)
	nick := false
	if fs < 1 && qh.canonFirst != 0 && qh.canonFirst == eh.canonFirst && q.canonFirst == e.canonFirst {
		fs, nick = 0.95, true
	}
	ls := JaroWinkler(q.last, el)
	s := fs * ls
	// Swapped names score 0.97 * JaroWinkler(q.first, el) * JaroWinkler(q.last, ef);
	// the second factor is at most 1, so it is needed only when the first
	// half could beat s.
	if sw := 0.97 * JaroWinkler(q.first, el); sw > s {
		if sw *= JaroWinkler(q.last, ef); sw > s {
			return sw, []Reason{ReasonNameSwapped}
		}
	}
	switch {
	case nick && ls == 1:
		return s, []Reason{ReasonNickname}
	case s >= 0.85:
		return s, []Reason{ReasonNameVariant}
	}
	return s, nil
}

// score compares query q with indexed entry e. The score is half name similarity and
// half corroboration: 1 for a shared email, phone or profile URL; otherwise 0.45, plus
// 0.35 for the same company, minus 0.2 for each kind of contact (emails, phones) that
// both have and that all differ; 0 when the profile URLs or members differ. When the
// score cannot reach minScore, names are not compared and Reasons may be incomplete.
// qh and eh are the hot parts of q and e: identifiers are compared by hash
// first, so e's strings are read only to confirm a match.
func score(q *entry, qh *hot, e *entry, eh *hot, minScore float64) Match {
	var m Match
	m.Same = samePersonHot(q, qh, e, eh)
	var strong, weak []Reason
	corr := 0.45
	conflict := false
	if qh.member != 0 && eh.member != 0 {
		if sameMember(q, qh, e, eh) {
			strong = append(strong, ReasonSameMember)
		} else {
			conflict = true
			weak = append(weak, ReasonProfilesDiffer)
		}
	}
	if qh.url != 0 && eh.url != 0 {
		if sameURL(q, qh, e, eh) {
			strong = append(strong, ReasonSameProfileURL)
		} else if !conflict {
			conflict = true
			weak = append(weak, ReasonProfilesDiffer)
		}
	}
	if qh.nEmails > 0 && eh.nEmails > 0 {
		if shareEmail(q, qh, e, eh) {
			strong = append(strong, ReasonSameEmail)
		} else {
			corr -= 0.2
			weak = append(weak, ReasonEmailsDiffer)
		}
	}
	if qh.nPhones > 0 && eh.nPhones > 0 {
		switch samePhoneHot(q, qh, e, eh) {
		case 2:
			strong = append(strong, ReasonSamePhone)
		case 1:
			strong = append(strong, ReasonSameLocalNumber)
		default:
			corr -= 0.2
			weak = append(weak, ReasonPhonesDiffer)
		}
	}
	if sameCompany(qh, eh) {
		corr += 0.35
		weak = append([]Reason{ReasonSameCompany}, weak...)
	}
	switch {
	case conflict:
		corr = 0
	case len(strong) > 0:
		corr = 1
	}
	if !m.Same && 0.5+0.5*corr < minScore {
		// Even identical names could not reach minScore: skip the name comparison.
		m.Score = round3(0.5 * corr)
		return m
	}
	ns, nr := nameScore(q, qh, e, eh)
	m.Score = round3(0.5*ns + 0.5*corr)
	m.Reasons = append(append(strong, nr...), weak...)
	return m
}

// samePhone returns 2 when two numbers have the same E.164 form, 1 when only their
// local digits agree, and 0 otherwise.
func samePhone(a, b []phone) int {
	best := 0
	for _, x := range a {
		for _, y := range b {
			switch {
			case x.e164 != "" && x.e164 == y.e164:
				return 2
			case sameLocal(x.local, y.local):
				best = 1
			}
		}
	}
	return best
}

// sameLocal reports whether the shorter of two local-digit strings (at least 7
// digits) ends the longer one.
func sameLocal(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 7 && strings.HasSuffix(b, a)
}

func round3(f float64) float64 {
	return float64(int(f*1000+0.5)) / 1000
}
