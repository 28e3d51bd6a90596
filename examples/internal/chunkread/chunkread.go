// Package chunkread streams a blob stored in a database one chunk at a
// time, so that sending an attachment never holds it whole in memory. The
// example stores (SQLite and PostgreSQL) read their attachments through it,
// each with its own query.
package chunkread

import "io"

// Reader is an io.ReadCloser over a blob read by Fetch, size bytes a call.
type Reader struct {
	fetch func(off int64, n int) ([]byte, error)
	size  int
	buf   []byte
	off   int64 // bytes fetched so far
	eof   bool
}

// New returns a Reader that calls fetch(off, size) for the size bytes of
// the blob from offset off (0-based) whenever its buffer is empty; a chunk
// shorter than size ends the blob. fetch's errors are returned as they are.
func New(size int, fetch func(off int64, n int) ([]byte, error)) *Reader {
	return &Reader{fetch: fetch, size: size}
}

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	if len(r.buf) == 0 && !r.eof {
		chunk, err := r.fetch(r.off, r.size)
		if err != nil {
			return 0, err
		}
		r.buf, r.off = chunk, r.off+int64(len(chunk))
		r.eof = len(chunk) < r.size
	}
	if len(r.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// Close ends the read: later Reads return io.EOF.
func (r *Reader) Close() error {
	r.buf, r.eof = nil, true
	return nil
}
