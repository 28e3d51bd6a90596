package restli

import (
	"bytes"
	"encoding/json"
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
	n := bytes.IndexByte(s.b[start:], '"')
	if n < 0 {
		return 0, 0, false
	}
	for _, c := range s.b[start : start+n] {
		if c < 0x20 || c > 0x7e || c == '\\' {
			return 0, 0, false
		}
	}
	s.i = start + n + 1
	return start, start + n, true
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
