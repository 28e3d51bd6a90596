package chunkread_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/examples/internal/chunkread"
)

// blob serves a string as a database's substring query would, counting calls.
func blob(s string, calls *int) func(off int64, n int) ([]byte, error) {
	return func(off int64, n int) ([]byte, error) {
		*calls++
		end := min(int(off)+n, len(s))
		return []byte(s[min(int(off), len(s)):end]), nil
	}
}

func ExampleNew() {
	calls := 0
	r := chunkread.New(4, blob("hello, world", &calls))
	b, _ := io.ReadAll(r)
	fmt.Printf("%s in %d fetches\n", b, calls)
	// Output: hello, world in 4 fetches
}

func TestReadsEverySizeInChunks(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 5, 8, 9} {
		calls := 0
		s := strings.Repeat("x", n)
		b, err := io.ReadAll(chunkread.New(4, blob(s, &calls)))
		if err != nil || string(b) != s {
			t.Errorf("%d bytes: read %q, %v", n, b, err)
		}
		if want := n/4 + 1; calls != want {
			t.Errorf("%d bytes: %d fetches, want %d", n, calls, want)
		}
	}
}

func TestFetchErrorAndClose(t *testing.T) {
	gone := errors.New("deleted while it was read")
	r := chunkread.New(4, func(int64, int) ([]byte, error) { return nil, gone })
	if _, err := r.Read(make([]byte, 8)); !errors.Is(err, gone) {
		t.Fatalf("err = %v, want the fetch's error", err)
	}
	calls := 0
	r = chunkread.New(4, blob("abcdefgh", &calls))
	r.Close()
	if n, err := r.Read(make([]byte, 8)); n != 0 || err != io.EOF || calls != 0 {
		t.Fatalf("after Close: %d, %v, %d fetches", n, err, calls)
	}
}
