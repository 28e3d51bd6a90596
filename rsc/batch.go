package rsc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math/bits"
	"net/http"
	"slices"
	"strconv"

	"github.com/rsckit/rsckit/rsc/internal/redact"
	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// Result is the outcome of one record of a batch call. Batch calls return one
// Result per record, in the order of the records given.
type Result[K comparable] struct {
	// Key identifies the record.
	Key K
	// Status is the per-record status LinkedIn reported (200, 201, 204, ...);
	// 0 when the record was not sent because its whole request failed.
	Status int
	// Err is nil when LinkedIn accepted the record; an *APIError when LinkedIn
	// rejected it (for example a 422 validation error); or the error of the
	// whole request that carried it.
	Err error
}

// OK reports whether LinkedIn accepted the record.
func (r Result[K]) OK() bool { return r.Err == nil }

// Failed returns the results that carry an error.
func Failed[K comparable](results []Result[K]) []Result[K] {
	var out []Result[K]
	for _, r := range results {
		if r.Err != nil {
			out = append(out, r)
		}
	}
	return out
}

// route is where one resource lives for one protocol.
type route[K comparable] struct {
	name      string // "/v2/atsCandidates", for error messages
	protocol  restli.Protocol
	versioned bool
	quota     QuotaGroup
	records   bool // counts against RecordsPerMinute
	// path returns the collection path of k (sub-resources embed the parent key).
	path func(k K) string
	// key returns k's Rest.li key within that collection, its fields held
	// in kf (nil: a slice of their own).
	key func(kf *restli.KeyFields, k K) restli.Key
	// renames maps model JSON field names to this route's names.
	renames map[string]string
	// names are renames as the names the route's records write themselves
	// (a jsonAppender's JSONNames); nil when its records do not.
	names *model.JSONNames
}

// endpoint is a resource on /v2 and, when LinkedIn has moved it, on /rest.
type endpoint[K comparable] struct {
	v2   route[K]
	rest *route[K]
	// optIn: the /rest route is used only when WithRestFor names it.
	optIn bool
}

func (e endpoint[K]) on(c *core) route[K] {
	if e.rest == nil || !c.cfg.versioned {
		return e.v2
	}
	name := restName(e.rest.name)
	if c.cfg.v2For[name] || e.optIn && !c.cfg.restFor[name] {
		return e.v2
	}
	return *e.rest
}

// outcome is what LinkedIn said about one key of a batch.
type outcome struct {
	status int
	value  json.RawMessage
	err    error
}

// batchCall describes a batch request independent of its keys.
type batchCall struct {
	op          string // Rest.li method: BATCH_UPDATE, ...
	httpMethod  string
	restliMeth  string
	idempotent  bool
	extraParams func(q *restli.Query)
	// stream, when set, streams each request's body (for the keys idx)
	// instead of bodies.
	stream func(rkeys []restli.Key, idx []int) func() (io.Reader, error)
}

// checkBatch rejects empty, oversized and duplicate-key batches before any request.
func checkBatch[K comparable](name string, keys []K) error {
	if len(keys) > MaxBatchSize {
		return fmt.Errorf("%w: %s has %d records", ErrBatchTooLarge, name, len(keys))
	}
	// The positions of the keys so far, in an open-addressing table as
	// keyTable's (a map[K]struct{} was 0.44 s of the SDK's 8.3 s in a
	// 300x profile of BenchmarkSendPath): one hash a key, and an equal
	// key found on the way is the earlier one.
	seed := maphash.MakeSeed()
	slots := make([]int32, 1<<bits.Len(uint(2*len(keys))))
	mask := len(slots) - 1
	for i, k := range keys {
		s := int(maphash.Comparable(seed, k)) & mask
		for ; slots[s] != 0; s = (s + 1) & mask {
			if j := int(slots[s] - 1); keys[j] == k {
				return &model.ValidationError{Errors: []model.FieldError{{
					Path: fmt.Sprintf("%s[%d].key", name, i), Message: fmt.Sprintf("duplicate of %s[%d]", name, j)}}}
			}
		}
		slots[s] = int32(i + 1)
	}
	return nil
}

// sendBatch sends keys (and bodies, when not nil) in one request per
// collection path and returns one outcome per key, in order. The error is
// non-nil only when every request failed as a whole, or the context ended.
func sendBatch[K comparable](ctx context.Context, c *core, rt route[K], call batchCall, keys []K, bodies recordBodies, opts []RequestOption) ([]outcome, error) {
	scratch := c.bufs.lendScratch()
	defer c.bufs.giveScratch(scratch)
	out := make([]outcome, len(keys))
	abandoned, err := sendBatchInto(ctx, c, scratch, rt, call, keys, bodies, opts, out)
	if abandoned {
		return nil, err
	}
	return out, err
}

// sendBatchInto is sendBatch writing the outcomes into out (one per key)
// and working in scratch. abandoned reports that the context ended: out
// is then not to be used.
func sendBatchInto[K comparable](ctx context.Context, c *core, scratch *batchScratch, rt route[K], call batchCall, keys []K, bodies recordBodies, opts []RequestOption, out []outcome) (abandoned bool, err error) {
	if len(keys) == 0 {
		return false, nil
	}
	// Group by path, keeping first-appearance order. A batch has one path
	// or a few, found by a look along them (a map of them cost a hash, a
	// lookup and an insert a key: 0.25 s of the SDK's 8.3 s in a 300x
	// profile of BenchmarkSendPath).
	type group struct {
		path string
		idx  []int
	}
	var groups []group
	for i, k := range keys {
		p := rt.path(k)
		g := slices.IndexFunc(groups, func(g group) bool { return g.path == p })
		if g < 0 {
			g = len(groups)
			groups = append(groups, group{path: p})
			if g == 0 {
				groups[0].idx = scratch.firstGroup(len(keys)) // most often every key's
			}
		}
		groups[g].idx = append(groups[g].idx, i)
	}
	// The keys, their forms and the answer's results of each request are
	// worked out in scratch, memory the client lends: the next batch
	// reuses it rather than allocating it again.
	var firstErr error
	failed := 0
	for _, g := range groups {
		p, idx := g.path, g.idx
		scratch.reset(len(idx))
		rkeys, kf, forms := scratch.rkeys[:len(idx)], &scratch.fields, &scratch.forms
		if call.stream != nil {
			// A stream may still be read after the call returns (the
			// transport writing its body): its keys and positions are its
			// own, not lent.
			rkeys, kf = make([]restli.Key, len(idx)), &restli.KeyFields{Keys: len(idx)}
			idx = slices.Clone(idx)
		}
		for j, i := range idx {
			rkeys[j] = rt.key(kf, keys[i])
		}
		req := &request{
			op: call.op, method: call.httpMethod, path: p, protocol: rt.protocol, restliMeth: call.restliMeth,
			versioned: rt.versioned, quota: rt.quota, idempotent: call.idempotent,
		}
		if rt.records && call.httpMethod != http.MethodGet {
			// Records per minute limit syncing (writes); reads of the same
			// resource (matches) spend none. rscmock counts alike.
			req.records = len(idx)
		}
		// Each key's entity-key form names its body and its answer: encode
		// it once for both, and for the query (ids) where it is the same.
		forms.Append(rt.protocol, rkeys)
		if rt.protocol == restli.Protocol2 {
			req.query.SetOwnedIDsForms(rkeys, forms) // built above for this request, never changed
		} else {
			req.query.SetOwnedIDs(rkeys)
		}
		if call.extraParams != nil {
			call.extraParams(&req.query)
		}
		if bodies != nil {
			// The body and the query are written into buffers the client
			// lends, given back once the request is over and the
			// transport done with them.
			req.loan = c.bufs.lend()
			// A write's per-key values are not kept (only batch gets
			// return them): its answer can be read into a lent buffer.
			req.answerLent = call.httpMethod != http.MethodGet
			b := req.loan.body()
			if cap(*b) == 0 {
				// A new buffer is sized to the batch; a lent one grows
				// (once) only for a batch larger than it was made for.
				*b = make([]byte, 0, entitiesBodySize(forms, idx, bodies))
			}
			*b = entitiesBody(*b, forms, idx, bodies)
			req.body = *b
		}
		if call.stream != nil {
			req.stream = call.stream(rkeys, idx)
		}
		resp := batchAnswer{writes: scratch.writes[:0]}
		_, err := c.do(ctx, req, &resp, opts...)
		if err == nil {
			matchOutcomes(rt.protocol, req, rkeys, forms, idx, &resp, out, scratch)
		}
		scratch.writes = resp.writes
		if req.loan != nil {
			req.loan.end() // nothing of the body or the answer is used past here
		}
		if err != nil {
			if ctx.Err() != nil {
				return true, err
			}
			failed++
			if firstErr == nil {
				firstErr = err
			}
			for _, i := range idx {
				out[i] = outcome{err: err}
			}
			continue
		}
	}
	if failed == len(groups) {
		return false, firstErr
	}
	return false, nil
}

// recordBodies writes the JSON bodies of a batch's records.
type recordBodies interface {
	// appendBody appends record i's body to b.
	appendBody(b []byte, i int) []byte
	// size is about how long the bodies of the records idx are together.
	size(idx []int) int
}

// encodedBodies are bodies encoded beforehand, one per record.
type encodedBodies [][]byte

func (e encodedBodies) appendBody(b []byte, i int) []byte { return append(b, e[i]...) }
func (e encodedBodies) size(idx []int) int {
	n := 0
	for _, i := range idx {
		n += len(e[i])
	}
	return n
}

// appendedBodies are records that write their own JSON (jsonAppender)
// straight into the request body, under a route's names.
type appendedBodies[T any] struct {
	records []T
	names   *model.JSONNames
}

func (a appendedBodies[T]) appendBody(b []byte, i int) []byte {
	return any(&a.records[i]).(jsonAppender).AppendJSON(b, a.names)
}

// size is the first record's body, written aside, times the number of
// records and an eighth more: the records of a batch are alike, and a
// larger one grows the buffer once. A fixed guess per record (512 bytes)
// sized a batch's buffer 40 % larger than the bodies of the benchmark's
// candidates, all of it zeroed and collected.
func (a appendedBodies[T]) size(idx []int) int {
	if len(idx) == 0 {
		return 0
	}
	first := len(a.appendBody(make([]byte, 0, 512), idx[0]))
	return first * len(idx) * 9 / 8
}

// entitiesBodySize is about the length of the entities body of the
// records idx, whose entity keys are forms.
func entitiesBodySize(forms *restli.KeyForms, idx []int, bodies recordBodies) int {
	return 16 + bodies.size(idx) + forms.Bytes() + 4*forms.Len()
}

// entitiesBody appends {"entities":{key:body,...}} to b; forms are the
// entity keys of the records idx.
func entitiesBody(b []byte, forms *restli.KeyForms, idx []int, bodies recordBodies) []byte {
	// Most often no form needs a JSON escape: one look along all of them
	// costs less than one a form (those were ~5 % of the SDK's CPU in
	// BenchmarkSendPath).
	plain := plainJSONKey(forms.All())
	b = append(b, `{"entities":{`...)
	for j, i := range idx {
		if j > 0 {
			b = append(b, ',')
		}
		if plain {
			b = append(append(append(b, '"'), forms.At(j)...), '"', ':')
		} else {
			b = append(appendJSONString(b, forms.At(j)), ':')
		}
		b = bodies.appendBody(b, i)
	}
	return append(b, `}}`...)
}

// appendJSONString appends s as a JSON string without HTML escaping, so
// that a key's & stays & as in LinkedIn's samples (json.Marshal writes
// \u0026). Entity keys are URL-encoded ASCII, which needs no escape and
// is copied as is; anything else goes through encoding/json.
func appendJSONString[S ~string | ~[]byte](b []byte, s S) []byte {
	if !plainJSONKey(s) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(string(s)) // a string always encodes
		return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainJSONKey reports whether s is printable ASCII (DEL included) without
// " and \, which a JSON string without HTML escaping holds as it is. It
// looks at eight bytes at a time (checking a batch's keys byte by byte
// was a tenth of the time of the records' JSON): a word has a byte
// >= 0x80 when one of its high bits is set, a byte < 0x20 when
// subtracting 0x20 from every byte borrows into a high bit that was
// clear, and a byte equal to c when w^c has a zero byte.
func plainJSONKey[S ~string | ~[]byte](s S) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(w uint64) uint64 { return (w - ones) &^ w }
	for ; len(s) >= 8; s = s[8:] {
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56 // one load
		if (w|(w-0x20*ones)&^w|zero(w^'"'*ones)|zero(w^'\\'*ones))&highs != 0 {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// batchAnswer is LinkedIn's answer to a batch call: the common answer to a
// write as the list restli.ScanWriteAnswer reads (no maps to build), any
// other answer decoded into resp.
type batchAnswer struct {
	scanned bool
	writes  []restli.WriteResult
	resp    restli.BatchResponse
}

// decode reads data into a.
func (a *batchAnswer) decode(data []byte) error {
	if a.writes, a.scanned = restli.ScanWriteAnswer(data, a.writes[:0]); a.scanned {
		return nil
	}
	return restli.DecodeBatchResponse(data, &a.resp)
}

// matchOutcomes maps LinkedIn's results/errors maps back to request keys.
// Assumption: LinkedIn keys these maps with the same entity-key syntax as the
// request body, but field order and percent-encoding of its Rest.li 1.0
// complex keys are unverified, so keys are compared as sets of decoded fields.
// forms are the keys' entity forms; scratch lends the lookup table.
func matchOutcomes(p restli.Protocol, req *request, rkeys []restli.Key, forms *restli.KeyForms, idx []int, ans *batchAnswer, out []outcome, scratch *batchScratch) {
	resp := &ans.resp
	pos := newKeyTable(forms, scratch.slots)
	scratch.slots = pos.slots
	// LinkedIn answers with the keys as sent; only when it does not are the
	// keys compared by their canonical form.
	var canonical map[string]int
	find := func(s string) (int, bool) {
		if j, ok := pos.find(s); ok {
			return j, true
		}
		if canonical == nil {
			canonical = make(map[string]int, len(rkeys))
			for j, k := range rkeys {
				canonical[k.Canonical()] = j
			}
		}
		if j, ok := canonical[s]; ok {
			return j, true
		}
		for _, parse := range []func(string) (restli.Key, error){
			func(s string) (restli.Key, error) { return restli.ParseEntityKey(p, s) },
			restli.ParseAnyKey,
		} {
			if k, err := parse(s); err == nil {
				if j, ok := canonical[k.Canonical()]; ok {
					return j, true
				}
			}
		}
		// Tolerant: a key of another shape (fewer or more fields, or a bare
		// value) names the one request key it agrees with, if only one.
		for _, parse := range []func(string) (restli.Key, error){
			func(s string) (restli.Key, error) { return restli.ParseEntityKey(p, s) },
			restli.ParseAnyKey,
		} {
			if k, err := parse(s); err == nil {
				if j, ok := looseMatch(k, rkeys); ok {
					return j, true
				}
			}
		}
		return 0, false
	}
	seen := scratch.seen[:len(rkeys)]
	result := func(j int, raw json.RawMessage, st int) {
		seen[j] = true
		o := outcome{status: st}
		if !req.answerLent {
			o.value = raw // not kept when it is in a lent buffer
		}
		if st >= 400 {
			o.err = &APIError{StatusCode: st, Method: req.method, Operation: req.operation()}
		}
		out[idx[j]] = o
	}
	for _, w := range ans.writes {
		// The key is a slice of the answer: looked up as it is (no copy),
		// made a string only to be compared in other forms.
		j, ok := pos.findBytes(w.Key)
		if !ok {
			j, ok = find(string(w.Key))
		}
		if ok {
			result(j, w.Value, w.Status)
		}
	}
	for s, raw := range resp.Results {
		if j, ok := find(s); ok {
			result(j, raw, resultStatus(raw, resp.Statuses[s]))
		}
	}
	for s, er := range resp.Errors {
		j, ok := find(s)
		if !ok {
			continue
		}
		seen[j] = true
		st := er.Status
		if st == 0 {
			st = http.StatusBadRequest
		}
		out[idx[j]] = outcome{status: st, err: &APIError{StatusCode: st, ServiceErrorCode: er.ServiceErrorCode,
			Code: redact.String(er.Code), Message: redact.String(er.Message), Method: req.method, Operation: req.operation()}}
	}
	empty := len(ans.writes) == 0 && len(resp.Results) == 0 && len(resp.Errors) == 0
	for j := range rkeys {
		if seen[j] {
			continue
		}
		if empty && req.method != http.MethodGet {
			// Assumption: a write answered 2xx with no per-entity maps accepted every record.
			out[idx[j]] = outcome{status: http.StatusNoContent}
			continue
		}
		if req.method == http.MethodGet {
			out[idx[j]] = outcome{status: http.StatusNotFound, err: &APIError{StatusCode: http.StatusNotFound,
				Method: req.method, Operation: req.operation(), Message: "no result for this key"}}
			continue
		}
		out[idx[j]] = outcome{err: &APIError{StatusCode: http.StatusBadGateway, Method: req.method, Operation: req.operation(),
			Message: "LinkedIn's answer has no result for this key"}}
	}
}

// keyTable finds a key's position in a request from its entity-key form,
// as a map[string]int of them would: an open-addressing table of
// positions, hashed with maphash and probed linearly, holding no pointer
// (building and probing the map was 0.55 s of the SDK's 8.4 s in a 300x
// profile of BenchmarkSendPath). Of equal keys, the last is found.
type keyTable struct {
	keys  *restli.KeyForms
	seed  maphash.Seed
	slots []int32 // a position + 1; 0 is an empty slot
}

// newKeyTable indexes keys, which must not change while the table is used,
// in slots when they are enough (a table's slots from an earlier batch).
func newKeyTable(keys *restli.KeyForms, slots []int32) keyTable {
	// At most half full, so that a probe ends soon at an empty slot.
	n := 1 << bits.Len(uint(2*keys.Len()))
	if cap(slots) >= n {
		slots = slots[:n]
		clear(slots)
	} else {
		slots = make([]int32, n)
	}
	t := keyTable{keys: keys, seed: maphash.MakeSeed(), slots: slots}
	for j := range keys.Len() {
		k := keys.At(j)
		i := t.slot(k)
		for t.slots[i] != 0 && !bytes.Equal(keys.At(int(t.slots[i]-1)), k) {
			i = (i + 1) & (n - 1)
		}
		t.slots[i] = int32(j + 1)
	}
	return t
}

// slot is where the probe for k starts.
func (t *keyTable) slot(k []byte) int {
	return int(maphash.Bytes(t.seed, k) & uint64(len(t.slots)-1))
}

// find returns the position of k.
func (t *keyTable) find(k string) (int, bool) {
	i := int(maphash.String(t.seed, k) & uint64(len(t.slots)-1)) // as maphash.Bytes hashes
	for ; t.slots[i] != 0; i = (i + 1) & (len(t.slots) - 1) {
		if j := int(t.slots[i] - 1); string(t.keys.At(j)) == k {
			return j, true
		}
	}
	return 0, false
}

// findBytes is find of a key held in bytes (a slice of the answer), with
// no copy of it.
func (t *keyTable) findBytes(k []byte) (int, bool) {
	for i := t.slot(k); t.slots[i] != 0; i = (i + 1) & (len(t.slots) - 1) {
		if j := int(t.slots[i] - 1); bytes.Equal(t.keys.At(j), k) {
			return j, true
		}
	}
	return 0, false
}

// looseMatch returns the only request key that answer agrees with: a bare
// value one of its field values, or a compound key with the same value for
// every field name both have (and at least one in common).
func looseMatch(answer restli.Key, rkeys []restli.Key) (int, bool) {
	found, n := 0, 0
	for j, k := range rkeys {
		if agrees(answer, k) {
			found, n = j, n+1
		}
	}
	return found, n == 1
}

func agrees(a, k restli.Key) bool {
	switch {
	case a.IsSimple() && k.IsSimple():
		return a.Simple == k.Simple
	case a.IsSimple():
		for _, f := range k.Fields {
			if f.Value == a.Simple {
				return true
			}
		}
		return false
	case k.IsSimple():
		return agrees(k, a)
	}
	common := 0
	for _, f := range a.Fields {
		if v, ok := k.Get(f.Name); ok {
			if v != f.Value {
				return false
			}
			common++
		}
	}
	return common > 0
}

// resultStatus reads {"status":N} from a result value, falling back to the
// statuses map, then 200.
func resultStatus(raw json.RawMessage, fallback int) int {
	// A write's result is usually exactly {"status":204}: read it without a decode.
	if rest, ok := bytes.CutPrefix(raw, []byte(`{"status":`)); ok && len(rest) == 4 && rest[3] == '}' {
		if n, err := strconv.Atoi(string(rest[:3])); err == nil && n >= 100 && n < 600 {
			return n
		}
	}
	var s struct {
		Status json.RawMessage `json:"status"`
	}
	if json.Unmarshal(raw, &s) == nil && len(s.Status) > 0 {
		if n, err := strconv.Atoi(string(bytes.Trim(s.Status, `"`))); err == nil && n >= 100 && n < 600 {
			return n
		}
	}
	if fallback != 0 {
		return fallback
	}
	return http.StatusOK
}

// results turns outcomes into Results.
func results[K comparable](keys []K, outs []outcome) []Result[K] {
	rs := make([]Result[K], len(keys))
	for i, k := range keys {
		rs[i] = Result[K]{Key: k, Status: outs[i].status, Err: outs[i].err}
	}
	return rs
}

// jsonAppender is a model type that appends its own JSON encoding, under
// a route's names of its members (model.Candidate).
type jsonAppender interface {
	AppendJSON(b []byte, names *model.JSONNames) []byte
	JSONNames(renames map[string]string) *model.JSONNames
}

// bodiesOf returns the bodies of records with rt's renames: records that
// append their own JSON are written straight into the request body (no
// body of their own, nothing copied) under rt.names, any other type is
// encoded here.
func bodiesOf[T any, K comparable](records []T, rt route[K]) (recordBodies, error) {
	var zero T
	if a, ok := any(&zero).(jsonAppender); ok {
		names := rt.names
		if names == nil {
			names = a.JSONNames(rt.renames)
		}
		return appendedBodies[T]{records: records, names: names}, nil
	}
	bodies, err := encodeBodies(records, rt.renames)
	return encodedBodies(bodies), err
}

// encodeBodies marshals records and applies a route's field renames.
func encodeBodies[T any](records []T, renames map[string]string) ([][]byte, error) {
	bodies := make([][]byte, len(records))
	for i := range records {
		var b []byte
		var err error
		// The model types marshal themselves into compact JSON: calling their
		// MarshalJSON directly skips encoding/json's re-scan of the output.
		if m, ok := any(&records[i]).(json.Marshaler); ok {
			b, err = m.MarshalJSON()
		} else {
			b, err = json.Marshal(&records[i])
		}
		if err != nil {
			return nil, fmt.Errorf("rsc: encode record %d: %w", i, err)
		}
		if len(renames) > 0 {
			if b, err = renameFields(b, renames); err != nil {
				return nil, fmt.Errorf("rsc: encode record %d: %w", i, err)
			}
		}
		bodies[i] = b
	}
	return bodies, nil
}

// renameFields renames the top-level members of the JSON object b that
// renames names, leaving every other byte as it was. It scans b once
// without decoding it: decoding into a map and encoding again was half of
// the send path's CPU on /rest. A key written with escapes is left alone
// (the model types never write one). b must be a JSON object.
func renameFields(b []byte, renames map[string]string) ([]byte, error) {
	i := 0
	for i < len(b) && isJSONSpace(b[i]) {
		i++
	}
	if i == len(b) || b[i] != '{' {
		return nil, errors.New("renaming fields: not a JSON object")
	}
	out := make([]byte, 0, len(b)+32)
	depth := 0
	expectKey := false
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			end := i + 1
			escaped := false
			for end < len(b) && b[end] != '"' {
				if b[end] == '\\' {
					escaped = true
					end++
				}
				end++
			}
			if end >= len(b) {
				return nil, errors.New("renaming fields: unterminated string")
			}
			if to, ok := renames[string(b[i+1:end])]; ok && depth == 1 && expectKey && !escaped {
				out = append(out, '"')
				out = append(out, to...)
				out = append(out, '"')
			} else {
				out = append(out, b[i:end+1]...)
			}
			expectKey = false
			i = end + 1
			continue
		case c == '{' || c == '[':
			depth++
			expectKey = c == '{' && depth == 1
		case c == '}' || c == ']':
			depth--
		case c == ',' && depth == 1:
			expectKey = true
		}
		out = append(out, c)
		i++
	}
	if depth != 0 {
		return nil, errors.New("renaming fields: unbalanced JSON")
	}
	return out, nil
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// unrenameFields is the inverse of renameFields, for decoding.
func unrenameFields(b []byte, renames map[string]string) ([]byte, error) {
	inv := make(map[string]string, len(renames))
	for k, v := range renames {
		inv[v] = k
	}
	return renameFields(b, inv)
}

// validateBatch runs model validation and the batch checks.
func validateBatch[T model.Validator, K comparable](name string, records []T, keyOf func(T) K) ([]K, error) {
	keys, err := batchKeys(name, records, keyOf, nil)
	if err != nil {
		return nil, err
	}
	if err := model.ValidateBatch(name, records); err != nil {
		return nil, err
	}
	return keys, nil
}

// batchKeys returns the keys of records, checked by checkBatch, in into
// when it has room for them.
func batchKeys[T any, K comparable](name string, records []T, keyOf func(T) K, into []K) ([]K, error) {
	keys := into[:0]
	if cap(keys) < len(records) {
		keys = make([]K, 0, len(records))
	}
	for _, r := range records {
		keys = append(keys, keyOf(r))
	}
	if err := checkBatch(name, keys); err != nil {
		return nil, err
	}
	return keys, nil
}

// validateKeys validates a batch of keys (for deletes and gets).
func validateKeys[K interface {
	comparable
	model.Validator
}](name string, keys []K) error {
	if err := checkBatch(name, keys); err != nil {
		return err
	}
	return model.ValidateBatch(name, keys)
}

func pathAt(name string, i int, field string) string { return fmt.Sprintf("%s[%d].%s", name, i, field) }

// prefixErrors puts "name[i]." before the paths of a record's validation errors.
func prefixErrors(name string, i int, err error) []model.FieldError {
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		return []model.FieldError{{Path: fmt.Sprintf("%s[%d]", name, i), Message: err.Error()}}
	}
	out := make([]model.FieldError, len(ve.Errors))
	for j, fe := range ve.Errors {
		fe.Path = pathAt(name, i, fe.Path)
		out[j] = fe
	}
	return out
}
