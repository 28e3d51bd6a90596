package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Compile-time checks of the interfaces a Store implements.
var (
	_ rscsync.Store          = (*Store)(nil)
	_ rscsync.Locker         = (*Store)(nil)
	_ rscsync.Counter        = (*Store)(nil)
	_ rscsync.Waker          = (*Store)(nil)
	_ rscsync.TenantWaker    = (*Store)(nil)
	_ rscsync.TenantNotifier = (*Store)(nil)
	_ rscsync.LeaseRenewer   = (*Store)(nil)
	_ rscsync.IntentDropper  = (*Store)(nil)
)

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock for leases, lock expiry and due intents (default
// time.Now). It must be safe for concurrent use.
func WithClock(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// Store is an in-memory rscsync.Store. The zero value is not usable; call
// New.
type Store struct {
	now  func() time.Time
	wake chan struct{}

	wmu     sync.Mutex
	wakeSeq int
	wakers  map[int]func(tenant string) // WakeTenants subscribers

	mu          sync.Mutex
	seq         int64 // last intent Seq, one counter for the whole store
	leaseSeq    int64 // last lease token number
	tenants     map[string]*tenantState
	checkpoints map[rscsync.StreamID]rscsync.Checkpoint
	locks       map[string]lockState
	ats         *ATS // NewATS's, which Apply gives the intake's changes
}

// New returns an empty Store.
func New(opts ...Option) *Store {
	s := &Store{
		now:         time.Now,
		wake:        make(chan struct{}, 1),
		tenants:     make(map[string]*tenantState),
		checkpoints: make(map[rscsync.StreamID]rscsync.Checkpoint),
		locks:       make(map[string]lockState),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// tenantState is everything a Store keeps for one tenant.
type tenantState struct {
	tables map[rscsync.Resource]*table

	lanes map[rscsync.Lane]*laneState // the queue: outbox and notifications

	pulled  pulledState
	parked  map[parkKey]rscsync.Parked
	exports map[string]model.ExportedCandidate
	evals   map[string]model.ApplicationEvaluation
}

// tenant returns the state of name, creating it. s.mu must be held.
func (s *Store) tenant(name string) *tenantState {
	t := s.tenants[name]
	if t == nil {
		t = &tenantState{
			tables:  make(map[rscsync.Resource]*table),
			lanes:   make(map[rscsync.Lane]*laneState),
			pulled:  newPulledState(),
			parked:  make(map[parkKey]rscsync.Parked),
			exports: make(map[string]model.ExportedCandidate),
			evals:   make(map[string]model.ApplicationEvaluation),
		}
		s.tenants[name] = t
	}
	return t
}

// table holds the records of one (tenant, resource) by position key.
type table struct {
	rows  map[string]rscsync.Record
	keys  []string // sorted unless dirty
	dirty bool
}

// table returns the table of r, creating it. s.mu must be held.
func (t *tenantState) table(r rscsync.Resource) *table {
	tb := t.tables[r]
	if tb == nil {
		tb = &table{rows: make(map[string]rscsync.Record)}
		t.tables[r] = tb
	}
	return tb
}

func (tb *table) put(rec rscsync.Record) {
	k := PositionKey(rec.Ref)
	if _, ok := tb.rows[k]; !ok {
		tb.keys = append(tb.keys, k)
		tb.dirty = true
	}
	tb.rows[k] = rec
}

func (tb *table) remove(ref rscsync.Ref) {
	k := PositionKey(ref)
	if _, ok := tb.rows[k]; !ok {
		return
	}
	delete(tb.rows, k)
	tb.keys = slices.DeleteFunc(tb.keys, func(x string) bool { return x == k })
}

// sorted returns the position keys in order.
func (tb *table) sorted() []string {
	if tb.dirty {
		slices.Sort(tb.keys)
		tb.dirty = false
	}
	return tb.keys
}

// PositionKey returns the scan cursor of a record: its Parent, then its ID.
// A part that is a plain decimal number (up to 20 digits, no leading zero)
// sorts numerically and before every other string; other strings sort
// byte by byte. Records of one Parent are therefore contiguous, and
// distinct refs have distinct keys. ScanRecords returns the key of the last
// record as its cursor.
func PositionKey(ref rscsync.Ref) string {
	return keyPart(ref.Parent) + "!" + keyPart(ref.ID)
}

// keyPart encodes one part of a position key. Bytes up to '"' are escaped
// as '"' followed by the byte plus 0x40, which keeps the byte order of the
// strings and leaves the separator '!' below every byte of a part, so a
// part never runs into the next.
func keyPart(s string) string {
	if isCanonicalNumber(s) {
		return "n" + strings.Repeat("0", 20-len(s)) + s
	}
	var b strings.Builder
	b.Grow(len(s) + 1)
	b.WriteByte('s')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= '"' {
			b.WriteByte('"')
			b.WriteByte(c + 0x40)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isCanonicalNumber(s string) bool {
	if s == "" || len(s) > 20 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// signal wakes a waiting push engine without blocking: Wake's channel,
// and the WakeTenants subscribers with tenant.
func (s *Store) signal(tenant string) {
	select {
	case s.wake <- struct{}{}:
	default:
	}
	s.wmu.Lock()
	fs := make([]func(string), 0, len(s.wakers))
	for _, f := range s.wakers {
		fs = append(fs, f)
	}
	s.wmu.Unlock()
	for _, f := range fs {
		f(tenant)
	}
}

// NotifyTenant implements rscsync.TenantNotifier: it wakes tenant like a
// Put does.
func (s *Store) NotifyTenant(ctx context.Context, tenant string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: notify %s: %w", tenant, err)
	}
	s.signal(tenant)
	return nil
}

// WakeTenants implements rscsync.TenantWaker: Put, Delete and Enqueue (of
// a notification the tenant did not have) call wake with the tenant, after
// the change is visible.
func (s *Store) WakeTenants(wake func(tenant string)) (stop func()) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.wakers == nil {
		s.wakers = map[int]func(string){}
	}
	s.wakeSeq++
	id := s.wakeSeq
	s.wakers[id] = wake
	return func() {
		s.wmu.Lock()
		defer s.wmu.Unlock()
		delete(s.wakers, id)
	}
}

// Put stores (or replaces) rec as a record of resource r of tenant and, in
// the same critical section, records an upsert intent for it, like a host
// that writes its change and its outbox row in one transaction. It wakes the
// push engine (see Wake).
func (s *Store) Put(tenant string, r rscsync.Resource, rec rscsync.Record) {
	s.mu.Lock()
	t := s.tenant(tenant)
	t.table(r).put(rec)
	s.addIntent(tenant, r, rec.Ref, rscsync.OpUpsert)
	s.mu.Unlock()
	s.signal(tenant)
}

// Delete removes the record ref of resource r of tenant (if it exists) and
// records a delete intent for it in the same critical section. It wakes the
// push engine.
func (s *Store) Delete(tenant string, r rscsync.Resource, ref rscsync.Ref) {
	s.mu.Lock()
	t := s.tenant(tenant)
	t.table(r).remove(ref)
	s.addIntent(tenant, r, ref, rscsync.OpDelete)
	s.mu.Unlock()
	s.signal(tenant)
}

// PutQuiet stores (or replaces) rec without recording an intent, as data
// that existed before the integration (a backfill fixture).
func (s *Store) PutQuiet(tenant string, r rscsync.Resource, rec rscsync.Record) {
	s.Seed(tenant, r, rec)
}

// Seed stores (or replaces) recs without recording intents.
func (s *Store) Seed(tenant string, r rscsync.Resource, recs ...rscsync.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tb := s.tenant(tenant).table(r)
	for _, rec := range recs {
		tb.put(rec)
	}
}

// Records returns the records of resource r of tenant in scan order.
func (s *Store) Records(tenant string, r rscsync.Resource) []rscsync.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || t.tables[r] == nil {
		return nil
	}
	tb := t.tables[r]
	var out []rscsync.Record
	for _, k := range tb.sorted() {
		out = append(out, tb.rows[k])
	}
	return out
}

// ScanRecords implements rscsync.RecordReader. The cursor is the
// PositionKey of a record; records whose key is greater than after are
// returned in key order, so records inserted behind the cursor appear and
// deleted ones disappear. With no records left it returns after as last.
// A limit below 1 is an error.
func (s *Store) ScanRecords(ctx context.Context, tenant string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, after, fmt.Errorf("memstore: scan %s: %w", r, err)
	}
	if limit < 1 {
		return nil, after, fmt.Errorf("memstore: scan %s: limit %d is not positive", r, limit)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || t.tables[r] == nil {
		return nil, after, nil
	}
	tb := t.tables[r]
	keys := tb.sorted()
	i := sort.SearchStrings(keys, after)
	if i < len(keys) && keys[i] == after {
		i++
	}
	end := min(i+limit, len(keys))
	if i >= end {
		return nil, after, nil
	}
	out := make([]rscsync.Record, 0, end-i)
	for _, k := range keys[i:end] {
		out = append(out, tb.rows[k])
	}
	return out, keys[end-1], nil
}

// LoadRecords implements rscsync.RecordReader: the existing records of refs,
// in the order of refs, each once.
func (s *Store) LoadRecords(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) ([]rscsync.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: load %s: %w", r, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || t.tables[r] == nil {
		return nil, nil
	}
	tb := t.tables[r]
	var out []rscsync.Record
	seen := make(map[string]bool, len(refs))
	for _, ref := range refs {
		k := PositionKey(ref)
		if rec, ok := tb.rows[k]; ok && !seen[k] {
			seen[k] = true
			out = append(out, rec)
		}
	}
	return out, nil
}

// CountRecords implements rscsync.Counter.
func (s *Store) CountRecords(ctx context.Context, tenant string, r rscsync.Resource) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("memstore: count %s: %w", r, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || t.tables[r] == nil {
		return 0, nil
	}
	return int64(len(t.tables[r].rows)), nil
}

// Wake implements rscsync.Waker: the channel (buffer 1) receives a value
// after Put or Delete recorded an intent.
func (s *Store) Wake() <-chan struct{} { return s.wake }

// newLease returns a fresh lease token. s.mu must be held.
func (s *Store) newLease() string {
	s.leaseSeq++
	return "lease-" + strconv.FormatInt(s.leaseSeq, 10)
}

// resourceRank orders resources like rscsync.Resources, unknown ones last.
func resourceRank(r rscsync.Resource) int {
	if i := slices.Index(rscsync.Resources(), r); i >= 0 {
		return i
	}
	return len(rscsync.Resources())
}

func compareResource(a, b rscsync.Resource) int {
	return cmp.Or(cmp.Compare(resourceRank(a), resourceRank(b)), strings.Compare(string(a), string(b)))
}
