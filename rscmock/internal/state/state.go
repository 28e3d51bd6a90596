// Package state holds the fake LinkedIn's synced records: per kind of
// resource, the records by logical key, and per key the history of the
// writes and deletes LinkedIn accepted (which survives deletes, so a test
// can tell a record written once from one written twice). It imports
// neither rsc nor rsc/model.
//
// A Store is safe for concurrent use. Its records are spread over shards,
// each behind a lock of its own, so writers of different keys rarely wait
// for each other. A record is kept compact: its key as one string, its body
// as the compact JSON LinkedIn accepted, its write history as request
// numbers. Reads decode it into an Entity, a copy the caller may keep.
package state

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rsckit/rsckit/rscmock/internal/restli"
)

// Entity is one stored record as read: its logical key and its body in /v2
// field names, without the key. It is a copy; changing it changes nothing
// in the Store.
type Entity struct {
	Key  restli.Key
	Body map[string]json.RawMessage
}

// Store holds the records and their write histories.
type Store struct {
	seed   maphash.Seed
	mu     sync.RWMutex // guards tables (not their contents)
	tables map[string]*table
}

// shards is the number of locks per kind: enough for a few dozen
// concurrent writers on a small machine.
const shards = 32

// table holds the records of one kind.
type table struct {
	shards [shards]shard
}

// shard is one lock's part of a table, by encoded key.
type shard struct {
	mu   sync.RWMutex
	recs map[string]*record
}

// record is one key's record and history. body is "" while LinkedIn does
// not hold the record (never written, or deleted); the record stays for its
// history.
type record struct {
	body    string
	writes  []uint64 // request numbers of the accepted writes, in order
	deletes uint32
}

// New returns an empty Store.
func New() *Store {
	return &Store{seed: maphash.MakeSeed(), tables: map[string]*table{}}
}

// table returns kind's table, creating it if create is set (else nil when absent).
func (s *Store) table(kind string, create bool) *table {
	s.mu.RLock()
	t := s.tables[kind]
	s.mu.RUnlock()
	if t != nil || !create {
		return t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t = s.tables[kind]; t == nil {
		t = &table{}
		for i := range t.shards {
			t.shards[i].recs = map[string]*record{}
		}
		s.tables[kind] = t
	}
	return t
}

// locate returns the shard of key of kind and the key's encoded form,
// creating kind's table if create is set; the shard is nil when the table
// is absent and create is not set.
func (s *Store) locate(kind string, key restli.Key, create bool) (*shard, string) {
	t := s.table(kind, create)
	if t == nil {
		return nil, ""
	}
	c := encodeKey(key)
	return &t.shards[maphash.String(s.seed, c)%shards], c
}

// record returns the record of encoded key c, added empty if absent. Must
// hold sh.mu for writing.
func (sh *shard) record(c string) *record {
	r := sh.recs[c]
	if r == nil {
		r = &record{}
		sh.recs[c] = r
	}
	return r
}

// encodeKey renders k as its canonical form (fields sorted by name), the
// key of the record in its shard. Canonical separates fields with a NUL;
// a value holding a NUL is escaped, so decodeKey always inverts it.
func encodeKey(k restli.Key) string {
	c := k.Canonical()
	if strings.Count(c, "\x00") != len(k) || strings.Contains(c, "\x01") {
		// A NUL or \x01 inside a field: escape both.
		names := slices.Sorted(maps.Keys(k))
		var b strings.Builder
		b.WriteByte('\x01')
		esc := strings.NewReplacer("\x01", "\x01\x01", "\x00", "\x01\x02")
		for _, n := range names {
			b.WriteString(esc.Replace(n))
			b.WriteByte('=')
			b.WriteString(esc.Replace(k[n]))
			b.WriteByte(0)
		}
		return b.String()
	}
	return c
}

// decodeKey inverts encodeKey.
func decodeKey(c string) restli.Key {
	escaped := strings.HasPrefix(c, "\x01")
	if escaped {
		c = c[1:]
	}
	unesc := strings.NewReplacer("\x01\x01", "\x01", "\x01\x02", "\x00")
	k := restli.Key{}
	for f := range strings.SplitSeq(c, "\x00") {
		if f == "" {
			continue
		}
		n, v, _ := strings.Cut(f, "=")
		if escaped {
			n, v = unesc.Replace(n), unesc.Replace(v)
		}
		k[n] = v
	}
	return k
}

// entity decodes a held record.
func entity(c string, r *record) *Entity {
	e := &Entity{Key: decodeKey(c), Body: map[string]json.RawMessage{}}
	_ = json.Unmarshal([]byte(r.body), &e.Body)
	return e
}

// Compact returns body, a JSON object, as compact JSON in a new string
// (sharing no memory with body), or false if body is not a JSON object.
// Body without whitespace is taken as it is: it must be valid JSON, as a
// json.RawMessage filled by encoding/json is.
func Compact(body []byte) (string, bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return "", false
	}
	if !spaceOutsideStrings(body) {
		return string(body), true
	}
	var b bytes.Buffer
	b.Grow(len(body))
	if json.Compact(&b, body) != nil {
		return "", false
	}
	return b.String(), true
}

// spaceOutsideStrings reports whether JSON text b has whitespace that
// compacting would remove. It jumps over strings with IndexByte.
func spaceOutsideStrings(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\r', '\n':
			return true
		case '"':
			// Find the closing quote: one not preceded by an odd run of
			// backslashes.
			for {
				k := bytes.IndexByte(b[i+1:], '"')
				if k < 0 {
					return false
				}
				i += 1 + k
				n := 0
				for p := i - 1; b[p] == '\\'; p-- {
					n++
				}
				if n%2 == 0 {
					break
				}
			}
		}
	}
	return false
}

// encodeBody renders a decoded body for storage.
func encodeBody(body map[string]json.RawMessage) string {
	if body == nil {
		body = map[string]json.RawMessage{}
	}
	b, _ := json.Marshal(body)
	return string(b)
}

// Get returns the record of key of kind, or false if LinkedIn does not hold it.
func (s *Store) Get(kind string, key restli.Key) (*Entity, bool) {
	sh, c := s.locate(kind, key, false)
	if sh == nil {
		return nil, false
	}
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	r := sh.recs[c]
	if r == nil || r.body == "" {
		return nil, false
	}
	return entity(c, r), true
}

// Has reports whether LinkedIn holds the record of key of kind.
func (s *Store) Has(kind string, key restli.Key) bool {
	sh, c := s.locate(kind, key, false)
	if sh == nil {
		return false
	}
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	r := sh.recs[c]
	return r != nil && r.body != ""
}

// Write stores body (compact JSON, see Compact) as the record of key of
// kind and, when request is not 0, logs it as a write LinkedIn accepted in
// that request.
func (s *Store) Write(kind string, key restli.Key, body string, request uint64) {
	sh, c := s.locate(kind, key, true)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r := sh.record(c)
	r.body = body
	if request != 0 {
		r.writes = append(r.writes, request)
	}
}

// Put stores body as the record of key of kind, without logging a write
// (the fake's own changes: the admin's status, a widget's link).
func (s *Store) Put(kind string, key restli.Key, body map[string]json.RawMessage) {
	s.Write(kind, key, encodeBody(body), 0)
}

// Update replaces the record of key of kind with what f returns, f seeing
// the current record (nil when not held) under the record's lock. When f
// returns an error nothing changes; otherwise, with request not 0, the
// write is logged as accepted in that request.
func (s *Store) Update(kind string, key restli.Key, request uint64, f func(cur *Entity) (map[string]json.RawMessage, error)) error {
	sh, c := s.locate(kind, key, true)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r := sh.recs[c]
	var cur *Entity
	if r != nil && r.body != "" {
		cur = entity(c, r)
	}
	next, err := f(cur)
	if err != nil {
		return err
	}
	if r == nil {
		r = sh.record(c)
	}
	r.body = encodeBody(next)
	if request != 0 {
		r.writes = append(r.writes, request)
	}
	return nil
}

// Delete removes the record of key of kind and, if LinkedIn held it, logs
// the delete. It reports whether the record was held.
func (s *Store) Delete(kind string, key restli.Key) bool {
	sh, c := s.locate(kind, key, false)
	if sh == nil {
		return false
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r := sh.recs[c]
	if r == nil || r.body == "" {
		return false
	}
	r.body = ""
	r.deletes++
	return true
}

// DeleteWhere removes, without logging, every held record of kind whose
// key match accepts (the children of a deleted record).
func (s *Store) DeleteWhere(kind string, match func(restli.Key) bool) {
	t := s.table(kind, false)
	if t == nil {
		return
	}
	for i := range t.shards {
		sh := &t.shards[i]
		sh.mu.Lock()
		for c, r := range sh.recs {
			if r.body != "" && match(decodeKey(c)) {
				r.body = ""
				if len(r.writes) == 0 && r.deletes == 0 {
					delete(sh.recs, c)
				}
			}
		}
		sh.mu.Unlock()
	}
}

// Kinds returns the kinds that have held records, sorted.
func (s *Store) Kinds() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Sorted(maps.Keys(s.tables))
}

// Sorted returns the held records of kind whose key keep accepts, ordered
// by canonical key. Each shard is read under its lock in turn: a
// concurrent write may or may not be seen.
func (s *Store) Sorted(kind string, keep func(restli.Key) bool) []*Entity {
	t := s.table(kind, false)
	if t == nil {
		return nil
	}
	type kept struct {
		canon string
		e     *Entity
	}
	var out []kept
	for i := range t.shards {
		sh := &t.shards[i]
		sh.mu.RLock()
		for c, r := range sh.recs {
			if r.body == "" {
				continue
			}
			k := decodeKey(c)
			if keep(k) {
				out = append(out, kept{k.Canonical(), entity(c, r)})
			}
		}
		sh.mu.RUnlock()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].canon < out[j].canon })
	es := make([]*Entity, len(out))
	for i, k := range out {
		es[i] = k.e
	}
	return es
}

// Replace swaps in the records of a restored Store (histories start afresh).
func (s *Store) Replace(records map[string][]Entity) {
	fresh := New()
	for kind, es := range records {
		for _, e := range es {
			fresh.Put(kind, e.Key, e.Body)
		}
	}
	s.mu.Lock()
	s.tables = fresh.tables
	s.seed = fresh.seed
	s.mu.Unlock()
}

// LogWrite records that LinkedIn accepted a write (or, with del, a delete)
// of key of kind in request number request, without changing the record:
// the job postings, which the fake keeps elsewhere.
func (s *Store) LogWrite(kind string, key restli.Key, request uint64, del bool) {
	sh, c := s.locate(kind, key, true)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r := sh.record(c)
	if del {
		r.deletes++
		return
	}
	r.writes = append(r.writes, request)
}

// History returns the request numbers whose write of key LinkedIn
// accepted, in order, and how many deletes it accepted.
func (s *Store) History(kind string, key restli.Key) (requests []uint64, deletes int) {
	sh, c := s.locate(kind, key, false)
	if sh == nil {
		return nil, 0
	}
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	if r := sh.recs[c]; r != nil {
		return slices.Clone(r.writes), int(r.deletes)
	}
	return nil, 0
}
