package matching

import "math/bits"

// blockTable maps each blocking key of the records BuildIndex filed to
// their positions, kept contiguous per key in recs, in the order filed. It
// is an open-addressing table (linear probing) of pointer-free 16-byte
// slots: finding a key reads one slot, and reading its records one run of
// recs, where a Go map and linked postings cost a cache miss per record.
type blockTable struct {
	slots []span // len is a power of two; n == 0 marks a free slot
	shift uint   // 64 - log2(len(slots))
	recs  []int32
}

// span is a key's records in a blockTable: recs[start:start+n].
type span struct {
	key      uint64
	start, n int32
}

// newBlockTable files the records whose keys are keys: record i's keys are
// keys[ends[i-1]:ends[i]] (ends[-1] being 0). A key a record has twice files
// it twice, as Add does.
func newBlockTable(keys []uint64, ends []int) *blockTable {
	size := 1 << bits.Len(uint(len(keys)+len(keys)/3)) // load at most 3/4
	t := &blockTable{slots: make([]span, size), shift: uint(64 - bits.Len(uint(size-1)))}
	for _, k := range keys {
		t.slot(k).n++
	}
	// Each span's start is first its end, then counts down as its records
	// are filed from the last.
	end := int32(0)
	for i := range t.slots {
		end += t.slots[i].n
		t.slots[i].start = end
	}
	t.recs = make([]int32, len(keys))
	for rec := len(ends) - 1; rec >= 0; rec-- {
		lo := 0
		if rec > 0 {
			lo = ends[rec-1]
		}
		for j := ends[rec] - 1; j >= lo; j-- {
			s := t.slot(keys[j])
			s.start--
			t.recs[s.start] = int32(rec)
		}
	}
	return t
}

// slot returns k's slot, claiming a free one for a new key.
func (t *blockTable) slot(k uint64) *span {
	mask := len(t.slots) - 1
	for i := int((k * 0x9e3779b97f4a7c15) >> t.shift); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.n == 0 {
			s.key = k
			return s
		}
		if s.key == k {
			return s
		}
	}
}

// find returns k's records, oldest first; none when k is not filed.
func (t *blockTable) find(k uint64) []int32 {
	if len(t.slots) == 0 {
		return nil
	}
	mask := len(t.slots) - 1
	for i := int((k * 0x9e3779b97f4a7c15) >> t.shift); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.n == 0 {
			return nil
		}
		if s.key == k {
			return t.recs[s.start : s.start+s.n : s.start+s.n]
		}
	}
}
