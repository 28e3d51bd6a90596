package matching

import "unsafe"

// hot is the part of an indexed record that Lookup reads for every candidate:
// the hashes of its identifiers and its names inline, in 128 pointer-free
// bytes kept in one array beside the entries. Scoring a candidate from a
// blocking key then reads two adjacent cache lines instead of following a
// dozen pointers to strings scattered over the heap: on a million records
// the misses, not the arithmetic, were most of a lookup's time. A hash that
// matches is always confirmed on the strings of the entry, so the result is
// exactly that of comparing the strings.
type hot struct {
	id, member, url, company, canonFirst uint64 // hashes; 0 when empty
	emails                               [hotLists]uint64
	e164                                 [hotLists]uint64 // 0 when the number did not parse
	local7                               [hotLists]uint64 // last 7 local digits; 0 when fewer
	nEmails, nPhones                     uint8            // counts, capped at 255; over hotLists the strings decide
	nFirst, nLast                        uint8            // byte lengths; over hotName the names are not inline
	first, last                          [hotName]byte
}

const (
	hotLists = 2  // emails and phones hashed inline
	hotName  = 16 // bytes of a normalised name kept inline
)

// hotOf computes e's hot part.
func hotOf(e *entry) hot {
	h := hot{
		id: strHash('i', e.id), member: strHash('m', string(e.member)), url: strHash('u', e.url),
		company: strHash('c', e.company), canonFirst: strHash('n', e.canonFirst),
		nEmails: uint8(min(len(e.emails), 255)), nPhones: uint8(min(len(e.phones), 255)),
		nFirst: uint8(min(len(e.first), 255)), nLast: uint8(min(len(e.last), 255)),
	}
	for i := 0; i < len(e.emails) && i < hotLists; i++ {
		h.emails[i] = strHash('e', e.emails[i])
	}
	for i := 0; i < len(e.phones) && i < hotLists; i++ {
		h.e164[i] = strHash('p', e.phones[i].e164)
		if l := e.phones[i].local; len(l) >= 7 {
			h.local7[i] = strHash('l', l[len(l)-7:])
		}
	}
	copy(h.first[:], e.first)
	copy(h.last[:], e.last)
	return h
}

// strHash is hashKey of one part, never 0 for a non-empty s, 0 for "".
func strHash(kind byte, s string) uint64 {
	if s == "" {
		return 0
	}
	return hashKey(kind, s) | 1
}

// names returns the record's first and last names: from the inline bytes
// when they fit, else from e.
func (h *hot) names(e *entry) (first, last string) {
	// e is read only for a name that is not inline: its cache lines are the
	// ones this type exists to avoid.
	if h.nFirst <= hotName {
		first = unsafeString(h.first[:h.nFirst])
	} else {
		first = e.first
	}
	if h.nLast <= hotName {
		last = unsafeString(h.last[:h.nLast])
	} else {
		last = e.last
	}
	return first, last
}

// unsafeString views b as a string without copying; b must not change while
// the string is in use (hot records never change once filed).
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// sameMember reports whether q and e have the same member URN.
func sameMember(q *entry, qh *hot, e *entry, eh *hot) bool {
	return qh.member != 0 && qh.member == eh.member && q.member == e.member
}

// sameURL reports whether q and e have the same canonical profile URL.
func sameURL(q *entry, qh *hot, e *entry, eh *hot) bool {
	return qh.url != 0 && qh.url == eh.url && q.url == e.url
}

// sameCompany reports whether q and e have the same normalised company. It
// compares hashes only, unlike the identifiers: every candidate of a name
// block has the company of the block, so confirming on the strings would
// read a cold entry per candidate. Two different companies have the same
// 64-bit hash with a chance of 2^-64, and a collision only adds the
// company's 0.35 of corroboration to a score a person reviews.
func sameCompany(qh, eh *hot) bool {
	return qh.company != 0 && qh.company == eh.company
}

// shareEmail reports whether q and e have an email in common.
func shareEmail(q *entry, qh *hot, e *entry, eh *hot) bool {
	if qh.nEmails > hotLists || eh.nEmails > hotLists {
		return intersects(q.emails, e.emails)
	}
	for i := range int(qh.nEmails) {
		for j := range int(eh.nEmails) {
			if qh.emails[i] == eh.emails[j] && q.emails[i] == e.emails[j] {
				return true
			}
		}
	}
	return false
}

// samePhoneHot is samePhone(q.phones, e.phones), reading e's strings only
// to confirm a hash match.
func samePhoneHot(q *entry, qh *hot, e *entry, eh *hot) int {
	if qh.nPhones > hotLists || eh.nPhones > hotLists {
		return samePhone(q.phones, e.phones)
	}
	best := 0
	for i := range int(qh.nPhones) {
		for j := range int(eh.nPhones) {
			switch {
			case qh.e164[i] != 0 && qh.e164[i] == eh.e164[j] && q.phones[i].e164 == e.phones[j].e164:
				return 2
			case qh.local7[i] != 0 && qh.local7[i] == eh.local7[j] && sameLocal(q.phones[i].local, e.phones[j].local):
				best = 1
			}
		}
	}
	return best
}

// samePersonHot is SamePerson's rule for two entries: the strongest
// identifier both have decides.
func samePersonHot(q *entry, qh *hot, e *entry, eh *hot) bool {
	switch {
	case qh.member != 0 && eh.member != 0:
		return sameMember(q, qh, e, eh)
	case qh.url != 0 && eh.url != 0:
		return sameURL(q, qh, e, eh)
	case qh.nEmails > 0 && eh.nEmails > 0:
		return shareEmail(q, qh, e, eh)
	}
	return false
}
