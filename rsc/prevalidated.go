package rsc

import "github.com/rsckit/rsckit/rsc/model"

// validJSONAppender is a jsonAppender that can validate itself in the
// same walk that writes its JSON (model.Candidate): AppendValidJSON is
// Validate and AppendJSON at once, for records its quick tests vouch for.
type validJSONAppender interface {
	jsonAppender
	AppendValidJSON(b []byte, names *model.JSONNames) ([]byte, bool)
}

// preparedBodies are the bodies of a batch's records, written beforehand
// into one buffer: record i's is buf[ends[i-1]:ends[i]] (from 0 for the
// first). A client lends them from its pool (bufferPool.prepared).
type preparedBodies struct {
	buf  []byte
	ends []int
}

// body is record i's body.
func (p *preparedBodies) body(i int) []byte {
	start := 0
	if i > 0 {
		start = p.ends[i-1]
	}
	return p.buf[start:p.ends[i]]
}

func (p *preparedBodies) appendBody(b []byte, i int) []byte { return append(b, p.body(i)...) }

func (p *preparedBodies) size(idx []int) int {
	n := 0
	for _, i := range idx {
		n += len(p.body(i))
	}
	return n
}

// validBodies checks a batch of records to upsert, as validateBatch does,
// and returns their keys and their bodies under rt's names, as bodiesOf
// does. The returned func gives back what the bodies were written into
// (once they are no longer used: after sendBatch).
//
// Records that validate while writing their JSON (validJSONAppender) are
// walked once for both: each is written with AppendValidJSON, which a
// batch's checkBatch precedes as in validateBatch. At the first record
// it does not vouch for, the whole batch is validated by
// model.ValidateBatch (the same error as validateBatch's), and that
// record and the rest are then written with AppendJSON. Every record is
// validated before any request, as with validateBatch.
//
// The keys are written into keys when it has room for them.
func validBodies[T model.Validator, K comparable](c *core, rt route[K], name string, records []T, keyOf func(T) K, keys []K) ([]K, recordBodies, func(), error) {
	var zero T
	a, ok := any(&zero).(validJSONAppender)
	if !ok {
		keys, err := validateBatch(name, records, keyOf)
		if err != nil {
			return nil, nil, nil, err
		}
		bodies, err := bodiesOf(records, rt)
		return keys, bodies, func() {}, err
	}
	keys, err := batchKeys(name, records, keyOf, keys)
	if err != nil {
		return nil, nil, nil, err
	}
	names := rt.names
	if names == nil {
		names = a.JSONNames(rt.renames)
	}
	p, _ := c.bufs.prepared.Get().(*preparedBodies)
	if p == nil {
		p = new(preparedBodies)
	}
	buf, ends := p.buf[:0], p.ends[:0]
	validated := false // by model.ValidateBatch, after a record AppendValidJSON did not vouch for
	for i := range records {
		r := any(&records[i]).(validJSONAppender)
		written := false
		if !validated {
			buf, written = r.AppendValidJSON(buf, names)
		}
		if !written {
			if !validated {
				if err := model.ValidateBatch(name, records); err != nil {
					p.buf, p.ends = buf, ends
					c.bufs.putPrepared(p)
					return nil, nil, nil, err
				}
				validated = true
			}
			buf = r.AppendJSON(buf, names)
		}
		ends = append(ends, len(buf))
	}
	p.buf, p.ends = buf, ends
	return keys, p, func() { c.bufs.putPrepared(p) }, nil
}
