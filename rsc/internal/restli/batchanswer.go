package restli

import (
	"encoding/binary"
	"encoding/json"
	"math/bits"
)

// WriteResult is one member of the results of the common answer to a batch
// write (see ScanWriteAnswer).
type WriteResult struct {
	// Key is the entity key as LinkedIn wrote it: a slice of the answer,
	// like Value.
	Key []byte
	// Status is the result's status, 100 to 599.
	Status int
	// Value is the result as it stands in the answer: {"status":NNN}.
	Value json.RawMessage
}

// ScanWriteAnswer reads the answer LinkedIn nearly always gives a batch
// write, {"results":{key:{"status":NNN},...},"errors":{}}, with one scan and
// no reflection, and appends its results to dst in the answer's order. ok
// is false, dst unchanged, for any other answer or anything the scan is
// unsure of (escapes, non-ASCII keys, other members or values): decode
// those with DecodeBatchResponse.
func ScanWriteAnswer(data []byte, dst []WriteResult) (results []WriteResult, ok bool) {
	s := answerScan{b: data, out: dst}
	if !s.writeAnswer() {
		return dst, false
	}
	return s.out, true
}

// DecodeBatchResponse decodes a batch answer into r, as json.Unmarshal
// would: the common write answer by ScanWriteAnswer, any other by
// encoding/json.
func DecodeBatchResponse(data []byte, r *BatchResponse) error {
	s := answerScan{b: data}
	if !s.writeAnswer() {
		return json.Unmarshal(data, r)
	}
	if s.results && r.Results == nil {
		r.Results = make(map[string]json.RawMessage, len(s.out))
	}
	for _, w := range s.out {
		r.Results[string(w.Key)] = w.Value
	}
	if s.errors && r.Errors == nil {
		r.Errors = map[string]ErrorResponse{}
	}
	if s.statuses && r.Statuses == nil {
		r.Statuses = map[string]int{}
	}
	return nil
}

// answerScan reads the common batch-write answer; each method reports
// whether the input still has that shape.
type answerScan struct {
	b   []byte
	i   int
	out []WriteResult
	// Which (empty) members the answer had.
	results, errors, statuses bool
}

func (s *answerScan) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next skips whitespace and consumes c when it comes next.
func (s *answerScan) next(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// plainString reads a string of printable ASCII without escapes: what
// LinkedIn's entity keys (URL-encoded) and member names are. It returns the
// offsets of its content.
func (s *answerScan) plainString() (start, end int, ok bool) {
	if !s.next('"') {
		return 0, 0, false
	}
	start = s.i
	end = start + plainPrefix(s.b[start:])
	if end == len(s.b) || s.b[end] != '"' {
		return 0, 0, false // a byte a plain string does not hold, or no end
	}
	s.i = end + 1
	return start, end, true
}

// plainPrefix returns how many bytes b starts with that are printable
// ASCII but " and \. It looks at eight bytes at a time: a byte >= 0x80
// has its high bit set, a byte < 0x20 borrows into a high bit that was
// clear when 0x20 is subtracted from every byte, and a byte equal to c
// makes a zero byte of w^c; the lowest flagged byte is the first such
// byte (a borrow only carries upwards).
func plainPrefix(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(w uint64) uint64 { return (w - ones) &^ w }
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if m := (w | (w-0x20*ones)&^w | zero(w^0x7f*ones) | zero(w^'"'*ones) | zero(w^'\\'*ones)) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			break
		}
	}
	return i
}

// writeAnswer reads {"results":{...},"errors":{},"statuses":{}} (members in
// any order, each optional) and nothing after it but whitespace.
func (s *answerScan) writeAnswer() bool {
	if !s.next('{') {
		return false
	}
	if !s.next('}') {
		for {
			start, end, ok := s.plainString()
			if !ok || !s.next(':') {
				return false
			}
			switch string(s.b[start:end]) {
			case "results":
				ok = s.resultMembers()
				s.results = true
			case "errors":
				ok = s.next('{') && s.next('}')
				s.errors = true
			case "statuses":
				ok = s.next('{') && s.next('}')
				s.statuses = true
			default:
				return false
			}
			if !ok {
				return false
			}
			if s.next('}') {
				break
			}
			if !s.next(',') {
				return false
			}
		}
	}
	s.space()
	return s.i == len(s.b)
}

// resultMembers reads an object whose every value is exactly {"status":NNN}.
func (s *answerScan) resultMembers() bool {
	if !s.next('{') {
		return false
	}
	if s.next('}') {
		return true
	}
	for {
		start, end, ok := s.plainString()
		if !ok || !s.next(':') {
			return false
		}
		s.space()
		v := s.i
		status, ok := s.status()
		if !ok {
			return false
		}
		s.out = append(s.out, WriteResult{Key: s.b[start:end:end], Status: status, Value: json.RawMessage(s.b[v:s.i:s.i])})
		if s.next('}') {
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// status reads {"status":NNN}, NNN an HTTP status.
func (s *answerScan) status() (int, bool) {
	if !s.next('{') {
		return 0, false
	}
	if start, end, ok := s.plainString(); !ok || string(s.b[start:end]) != "status" || !s.next(':') {
		return 0, false
	}
	s.space()
	if s.i+3 > len(s.b) || s.b[s.i] < '1' || s.b[s.i] > '5' {
		return 0, false
	}
	n := 0
	for _, c := range s.b[s.i : s.i+3] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	s.i += 3
	return n, s.next('}')
}
