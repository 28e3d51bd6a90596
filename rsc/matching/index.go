package matching

import (
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/rsckit/rsckit/rsc/model"
)

// DefaultThreshold is the score from which [Index.Lookup] flags a possible duplicate.
// It was chosen on [GenerateDataset] data (see the package doc for the measured
// precision and recall): an exact name needs one more agreeing detail (same company
// with no conflicting contacts, or a shared phone, email or profile URL); a name that
// differs by a typo, accent or nickname needs a shared contact, or the same company
// with at most one kind of contact that differs.
const DefaultThreshold = 0.75

// DefaultMaxBlock is the default [Options.MaxBlock].
const DefaultMaxBlock = 32

// Options configure an [Index]. The zero value uses the defaults.
type Options struct {
	// DefaultRegion is the region phone numbers without a country code are read in
	// (ISO 3166-1 alpha-2); "US" when empty.
	DefaultRegion string
	// Threshold is the score from which a match is flagged; DefaultThreshold when 0.
	Threshold float64
	// MaxBlock bounds the work of one lookup: name blocks (records sharing a
	// phonetic name key) larger than MaxBlock are skipped as not discriminating, and
	// at most 4*MaxBlock records are read from an email, phone or profile URL block.
	// DefaultMaxBlock when 0.
	MaxBlock int
}

func (o Options) withDefaults() Options {
	if o.DefaultRegion == "" {
		o.DefaultRegion = "US"
	}
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if o.MaxBlock <= 0 {
		o.MaxBlock = DefaultMaxBlock
	}
	return o
}

// Record is an ATS candidate as the duplicate index sees it.
type Record struct {
	ID         string
	FirstName  string
	LastName   string
	Emails     []string
	Phones     []string
	Company    string
	ProfileURL string
	Member     model.URN
}

// Reason explains one part of a [Match] score.
type Reason string

// Reasons reported in [Match.Reasons].
const (
	ReasonSameMember      Reason = "same LinkedIn member"
	ReasonSameProfileURL  Reason = "same LinkedIn profile URL"
	ReasonSameEmail       Reason = "same email"
	ReasonSamePhone       Reason = "same phone number"
	ReasonSameLocalNumber Reason = "same local phone number (country code or format differs)"
	ReasonSameName        Reason = "same name"
	ReasonNameAccents     Reason = "same name apart from accents, case or punctuation"
	ReasonNameVariant     Reason = "similar name (typo or variant)"
	ReasonNickname        Reason = "nickname of the same given name"
	ReasonNameSwapped     Reason = "first and last name swapped"
	ReasonSameCompany     Reason = "same company"
	ReasonEmailsDiffer    Reason = "emails differ"
	ReasonPhonesDiffer    Reason = "phone numbers differ"
	ReasonProfilesDiffer  Reason = "different LinkedIn profiles"
)

// Match is an indexed record found by [Index.Lookup].
type Match struct {
	// ID is the matched record's ID.
	ID string
	// Score is in [0, 1]; higher means more likely the same person.
	Score float64
	// Same is true when the identities are exactly the same person ([SamePerson]):
	// such a record is the candidate itself, not a possible duplicate.
	Same bool
	// Reasons explain the score, strongest first.
	Reasons []Reason
}

// PossibleDuplicate reports whether m should raise a possible-duplicate alert: a
// flagged match that is not exactly the same person. Duplicates are flagged for a
// person to resolve, never merged.
func (m Match) PossibleDuplicate() bool { return !m.Same }

// phone is a normalised phone number.
type phone struct {
	e164  string // "" when it did not parse
	local string // last 9 digits; "" when too short
}

// entry is a normalised record.
type entry struct {
	id             string
	first, last    string // NormalizeName
	raw            uint64 // rawNameHash of the input names, to tell accents from typos
	canonFirst     string
	emails         []string
	phones         []phone
	company        string
	url            string
	member         model.URN
	hasURL, hasMem bool
}

// posting is one element of a linked list of the records Add filed under a key.
type posting struct {
	rec  int32
	next int32 // -1 ends the list
}

// block is the head of a linked list of postings and its length.
type block struct {
	head int32
	n    int32
}

// Index finds possible duplicates among candidate records without comparing a record
// with all the others: every record is filed under blocking keys (normalised email,
// E.164 phone, the last 7 digits of each phone (a national number without its
// country code or trunk prefix), canonical profile URL, member URN, and the Soundex
// code of the given name (nicknames resolved) and of the family name, each combined
// with the normalised company), and a lookup scores only the records that share a
// key with it. A name without company is not a key: by itself it never reaches the
// threshold.
//
// Lookup may be called concurrently; Add must not run concurrently with anything.
type Index struct {
	opts    Options
	entries []entry
	hot     []hot       // hot[i] is the hot part of entries[i]
	built   *blockTable // the keys of the records BuildIndex filed
	// added holds the keys of the records Add filed, newest first.
	added    map[uint64]block
	postings []posting
}

// NewIndex returns an empty index.
func NewIndex(opts Options) *Index {
	return &Index{opts: opts.withDefaults(), built: &blockTable{}, added: make(map[uint64]block)}
}

// BuildIndex returns an index of recs, normalising them on all CPUs. It is
// equivalent to calling Add for each record in order.
func BuildIndex(recs []Record, opts Options) *Index {
	ix := NewIndex(opts)
	ix.entries = make([]entry, len(recs))
	ix.hot = make([]hot, len(recs))
	workers := runtime.GOMAXPROCS(0)
	chunk := max((len(recs)+workers-1)/workers, 1)
	// Each worker appends its records' keys to keys[w]; ends[i] is where
	// record i's keys end there, and in all once they are joined.
	keys := make([][]uint64, (len(recs)+chunk-1)/chunk)
	ends := make([]int, len(recs))
	var wg sync.WaitGroup
	for w := range keys {
		lo, hi := w*chunk, min((w+1)*chunk, len(recs))
		wg.Go(func() {
			k := make([]uint64, 0, (hi-lo)*6)
			for i := lo; i < hi; i++ {
				ix.entries[i] = normalize(recs[i], ix.opts.DefaultRegion)
				ix.hot[i] = hotOf(&ix.entries[i])
				k = blockKeys(&ix.entries[i], &ix.hot[i], k)
				ends[i] = len(k)
			}
			keys[w] = k
		})
	}
	wg.Wait()
	var all []uint64
	if len(keys) > 0 {
		all = keys[0]
		for w := 1; w < len(keys); w++ {
			for i := w * chunk; i < min((w+1)*chunk, len(recs)); i++ {
				ends[i] += len(all)
			}
			all = append(all, keys[w]...)
		}
	}
	ix.built = newBlockTable(all, ends)
	return ix
}

// Len returns the number of indexed records.
func (ix *Index) Len() int { return len(ix.entries) }

// Add indexes r. Adding a second record with the same ID keeps both.
func (ix *Index) Add(r Record) {
	ix.entries = append(ix.entries, normalize(r, ix.opts.DefaultRegion))
	i := len(ix.entries) - 1
	ix.hot = append(ix.hot, hotOf(&ix.entries[i]))
	ix.file(int32(i), blockKeys(&ix.entries[i], &ix.hot[i], nil))
}

func (ix *Index) file(rec int32, keys []uint64) {
	for _, k := range keys {
		b, ok := ix.added[k]
		if !ok {
			b.head = -1
		}
		ix.postings = append(ix.postings, posting{rec: rec, next: b.head})
		b.head = int32(len(ix.postings) - 1)
		b.n++
		ix.added[k] = b
	}
}

// Lookup returns the indexed records that are the same person as r ([Match.Same]) or
// score at least the threshold, best first. Records with r's ID are skipped.
func (ix *Index) Lookup(r Record) []Match {
	q := normalize(r, ix.opts.DefaultRegion)
	qh := hotOf(&q)
	// Records with r's ID are dropped in a pass of their own: it reads every
	// candidate's hot record in a loop with no other work, so the cache
	// misses overlap instead of each stalling a score.
	cands := slices.DeleteFunc(ix.candidates(&q, &qh), func(c int32) bool {
		return qh.id != 0 && qh.id == ix.hot[c].id && ix.entries[c].id == q.id
	})
	var out []Match
	for _, c := range cands {
		e, eh := &ix.entries[c], &ix.hot[c]
		m := score(&q, &qh, e, eh, ix.opts.Threshold)
		if m.Same || m.Score >= ix.opts.Threshold {
			m.ID = e.id
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Same != out[j].Same {
			return out[i].Same
		}
		return out[i].Score > out[j].Score
	})
	return out
}

// candidates returns the distinct records sharing a blocking key with q.
func (ix *Index) candidates(q *entry, qh *hot) []int32 {
	var kb [24]uint64
	keys := blockKeys(q, qh, kb[:0])
	var cb [64]int32
	cands := cb[:0]
	for i, k := range keys {
		built := ix.built.find(k)
		added, ok := ix.added[k]
		if !ok {
			added.head = -1
		}
		n := int32(len(built)) + added.n
		if n == 0 {
			continue
		}
		limit := int32(4 * ix.opts.MaxBlock)
		if i >= nameKeyStart(keys, q) {
			if n > int32(ix.opts.MaxBlock) {
				continue
			}
			limit = n
		}
		// Newest first: the records Add filed, then BuildIndex's from the last.
		taken := int32(0)
		for p := added.head; p >= 0 && taken < limit; p, taken = ix.postings[p].next, taken+1 {
			cands = append(cands, ix.postings[p].rec)
		}
		for j := len(built) - 1; j >= 0 && taken < limit; j, taken = j-1, taken+1 {
			cands = append(cands, built[j])
		}
	}
	slices.Sort(cands)
	return slices.Compact(cands)
}

// nameKeyStart returns the position of the first name key in blockKeys' output.
func nameKeyStart(keys []uint64, q *entry) int {
	return len(keys) - q.nameKeys()
}

func normalize(r Record, region string) entry {
	e := entry{
		id:      r.ID,
		first:   NormalizeName(r.FirstName),
		last:    NormalizeName(r.LastName),
		raw:     rawNameHash(r.FirstName, r.LastName),
		company: normalizeCompany(r.Company),
		member:  r.Member,
	}
	e.canonFirst = canonicalFirst(firstWord(e.first))
	for _, s := range r.Emails {
		if n := NormalizeEmail(s); n != "" && !slices.Contains(e.emails, n) {
			e.emails = append(e.emails, n)
		}
	}
	for _, s := range r.Phones {
		var p phone
		if n, ok := parsePhone(s, region); ok {
			p.e164 = formatE164(n)
			p.local = e164LocalDigits(p.e164)
		} else {
			p.local = localDigits(s)
		}
		if p.e164 != "" || p.local != "" {
			e.phones = append(e.phones, p)
		}
	}
	e.url, e.hasURL = CanonicalProfileURL(r.ProfileURL)
	e.hasMem = r.Member != ""
	return e
}
