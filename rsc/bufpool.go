package rsc

import (
	"errors"
	"io"
	"sync"

	"github.com/rsckit/rsckit/rsc/internal/restli"
)

// maxPooledBuffer is the largest buffer a bufferPool keeps: a batch of
// unusually large records gets buffers of its own, not kept for the next.
const maxPooledBuffer = 4 << 20

// bufferPool lends batch writes the buffers of their entities body and
// ids query (about 65 KB a batch of 100 candidates) and of their answer
// (10 KB), so a steady backfill reuses them rather than allocating,
// zeroing and collecting them for every batch. Each client owns one. It
// also keeps the buffers a batch's records are written into before its
// request is built (preparedBodies, about 30 KB a batch of 100
// candidates), which are not lent with a request: they are given back
// once the batch is sent.
type bufferPool struct {
	bodies, queries, answers sync.Pool // of *[]byte
	scratches                sync.Pool // of *batchScratch
	prepared                 sync.Pool // of *preparedBodies
}

// batchScratch is the working memory of a batch call's requests, one
// request at a time: its keys and their fields, their entity forms, the
// answer's results and the table matching them to the keys (about 25 KB a
// batch of 100 candidates, allocated and collected for every batch before
// the client lent them).
type batchScratch struct {
	// keys is the []K of the last call that used it (upsert), outs its
	// outcomes: both live until the call returns.
	keys any
	outs []outcome
	// group is the positions of the keys of a batch's first request (of
	// its first path): most often all of them.
	group  []int
	rkeys  []restli.Key
	fields restli.KeyFields
	forms  restli.KeyForms
	writes []restli.WriteResult
	slots  []int32
	seen   []bool
}

// lendScratch returns a batchScratch for one batch call, to be given back
// (giveScratch) when the call returns.
func (p *bufferPool) lendScratch() *batchScratch {
	if s, ok := p.scratches.Get().(*batchScratch); ok {
		return s
	}
	return new(batchScratch)
}

// giveScratch takes s back; nothing of it may be used after. What it
// holds of the call's keys and answer is overwritten by the next call's
// (clearing it every call cost more than the rest of lending it: the
// slices hold pointers, and the collector is often marking), or dropped
// with s when the pool is.
func (p *bufferPool) giveScratch(s *batchScratch) {
	if max(cap(s.rkeys), cap(s.writes), cap(s.outs), cap(s.group)) > MaxBatchSize*4 {
		return // an unusual batch's: not kept
	}
	p.scratches.Put(s)
}

// firstGroup returns s.group, empty, with room for n positions.
func (s *batchScratch) firstGroup(n int) []int {
	if cap(s.group) < n {
		s.group = make([]int, 0, n)
	}
	return s.group[:0]
}

// outcomes returns s.outs with room for n outcomes, all zero.
func (s *batchScratch) outcomes(n int) []outcome {
	if cap(s.outs) < n {
		s.outs = make([]outcome, n)
	}
	s.outs = s.outs[:n]
	clear(s.outs)
	return s.outs
}

// reset readies s for a request of n keys: rkeys has room for n, seen is
// n false values, everything else is empty.
func (s *batchScratch) reset(n int) {
	if cap(s.rkeys) < n {
		s.rkeys = make([]restli.Key, n)
	}
	s.rkeys = s.rkeys[:n]
	s.fields.Reset(n)
	s.forms.Reset()
	s.writes = s.writes[:0]
	if cap(s.seen) < n {
		s.seen = make([]bool, n)
	}
	s.seen = s.seen[:n]
	clear(s.seen)
}

// putPrepared gives p back to the pool, unless it grew too large to keep.
func (p *bufferPool) putPrepared(b *preparedBodies) {
	if cap(b.buf) <= maxPooledBuffer {
		p.prepared.Put(b)
	}
}

// lend starts the loan of one request's buffers.
func (p *bufferPool) lend() *bodyLoan { return &bodyLoan{pool: p} }

// bodyLoan is the buffers of one batch request: its body, its query and
// its answer. They go back to the pool once the request is over (end) and
// every reader of its body has been closed: the transport closes a
// request's body when it is done with it, which may be after the
// response (net/http may still be writing a body whose answer came
// early). A reader that is never closed keeps the buffers out of the
// pool, for the garbage collector.
type bodyLoan struct {
	pool    *bufferPool
	mu      sync.Mutex
	bufs    []lentBuffer
	readers int  // readers made and not yet closed
	over    bool // end was called
}

// lentBuffer is a buffer of a loan and the pool it goes back to.
type lentBuffer struct {
	b    *[]byte
	home *sync.Pool
}

// body returns an empty buffer for an entities body, lent until the loan
// is over; its capacity is 0 when the pool had none. Whatever is appended
// to it is to be stored back through the pointer, so that a grown buffer
// is the one given back.
func (l *bodyLoan) body() *[]byte { return l.buffer(&l.pool.bodies) }

// query returns an empty buffer for an ids query, as body does.
func (l *bodyLoan) query() *[]byte { return l.buffer(&l.pool.queries) }

// answer returns an empty buffer for the request's answer, as body does.
func (l *bodyLoan) answer() *[]byte { return l.buffer(&l.pool.answers) }

func (l *bodyLoan) buffer(from *sync.Pool) *[]byte {
	b, _ := from.Get().(*[]byte)
	if b == nil {
		b = new([]byte)
	}
	*b = (*b)[:0]
	l.mu.Lock()
	l.bufs = append(l.bufs, lentBuffer{b, from})
	l.mu.Unlock()
	return b
}

var (
	// errBodyReleased is the error of a new reader of a request's body
	// after the request ended (its buffers may be another's by then).
	errBodyReleased = errors.New("rsc: request body read after the request ended")
	// errBodyClosed is the error of reading a closed request body.
	errBodyClosed = errors.New("rsc: read of a closed request body")
)

// reader returns a new reader of parts, which are in the loan's buffers.
func (l *bodyLoan) reader(parts bodyParts) (io.Reader, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.over {
		return nil, errBodyReleased
	}
	l.readers++
	return &loanReader{loan: l, r: parts.partsReader()}, nil
}

// end marks the request over: its buffers go back once its readers are closed.
func (l *bodyLoan) end() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.over = true
	l.release()
}

// release puts the buffers back if nothing reads them any more; l.mu is held.
func (l *bodyLoan) release() {
	if !l.over || l.readers > 0 {
		return
	}
	for _, lb := range l.bufs {
		if cap(*lb.b) <= maxPooledBuffer {
			lb.home.Put(lb.b)
		}
	}
	l.bufs = nil
}

// loanReader reads a lent body until it is closed; the transport may close
// it from another goroutine than the one reading.
type loanReader struct {
	loan   *bodyLoan
	r      *partsReader
	closed bool
}

func (r *loanReader) Read(b []byte) (int, error) {
	r.loan.mu.Lock()
	defer r.loan.mu.Unlock()
	if r.closed {
		return 0, errBodyClosed
	}
	return r.r.Read(b)
}

// Len is the number of bytes left to read (retryablehttp's Content-Length).
func (r *loanReader) Len() int {
	r.loan.mu.Lock()
	defer r.loan.mu.Unlock()
	return r.r.Len()
}

// Close ends the reader; the last one closed after the request's end
// gives the loan's buffers back.
func (r *loanReader) Close() error {
	r.loan.mu.Lock()
	defer r.loan.mu.Unlock()
	if !r.closed {
		r.closed = true
		r.loan.readers--
		r.loan.release()
	}
	return nil
}
