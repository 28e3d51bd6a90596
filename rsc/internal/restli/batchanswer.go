package restli

import "encoding/json"

// DecodeBatchResponse decodes a batch answer into r, as json.Unmarshal
// would. The answer to a batch write is nearly always
// {"results":{key:{"status":NNN},...},"errors":{}}: that shape is read by
// one scan without reflection (it was the send path's largest cost). Any
// other answer, or anything the scan is unsure of (escapes, non-ASCII keys,
// other members), is decoded by encoding/json from the start.
func DecodeBatchResponse(data []byte, r *BatchResponse) error {
	if (&answerScan{b: data}).writeAnswer(r) {
		return nil
	}
	*r = BatchResponse{}
	return json.Unmarshal(data, r)
}

// answerScan reads the common batch-write answer; each method reports
// whether the input still has that shape.
type answerScan struct {
	b []byte
	i int
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
// LinkedIn's entity keys (URL-encoded) and member names are.
func (s *answerScan) plainString() ([]byte, bool) {
	if !s.next('"') {
		return nil, false
	}
	start := s.i
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], true
		case c < 0x20 || c > 0x7e || c == '\\':
			return nil, false
		}
	}
	return nil, false
}

// writeAnswer reads {"results":{...},"errors":{},"statuses":{}} (members in
// any order, each optional) and nothing after it but whitespace.
func (s *answerScan) writeAnswer(r *BatchResponse) bool {
	if !s.next('{') {
		return false
	}
	if !s.next('}') {
		for {
			name, ok := s.plainString()
			if !ok || !s.next(':') {
				return false
			}
			switch string(name) {
			case "results":
				ok = s.results(r)
			case "errors":
				if ok = s.next('{') && s.next('}'); ok && r.Errors == nil {
					r.Errors = map[string]ErrorResponse{}
				}
			case "statuses":
				if ok = s.next('{') && s.next('}'); ok && r.Statuses == nil {
					r.Statuses = map[string]int{}
				}
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

// results reads an object whose every value is exactly {"status":NNN}.
func (s *answerScan) results(r *BatchResponse) bool {
	if !s.next('{') {
		return false
	}
	if r.Results == nil {
		r.Results = map[string]json.RawMessage{}
	}
	if s.next('}') {
		return true
	}
	for {
		key, ok := s.plainString()
		if !ok || !s.next(':') {
			return false
		}
		s.space()
		start := s.i
		if !s.status() {
			return false
		}
		r.Results[string(key)] = json.RawMessage(s.b[start:s.i:s.i])
		if s.next('}') {
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// status reads {"status":NNN}, NNN an HTTP status.
func (s *answerScan) status() bool {
	if !s.next('{') {
		return false
	}
	if name, ok := s.plainString(); !ok || string(name) != "status" || !s.next(':') {
		return false
	}
	s.space()
	if s.i+3 > len(s.b) || s.b[s.i] < '1' || s.b[s.i] > '5' {
		return false
	}
	for _, c := range s.b[s.i : s.i+3] {
		if c < '0' || c > '9' {
			return false
		}
	}
	s.i += 3
	return s.next('}')
}
