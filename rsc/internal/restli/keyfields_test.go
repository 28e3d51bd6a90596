package restli

import (
	"fmt"
	"slices"
	"testing"
)

// Keys made in a KeyFields equal those CompoundKey makes, whatever the
// estimate of their number, and appending to one never changes another.
func TestKeyFields(t *testing.T) {
	for _, estimate := range []int{0, 1, 5, 40} {
		for _, kf := range []*KeyFields{nil, {Keys: estimate}} {
			var got, want []Key
			for i := range 40 {
				fields := []Field{{"a", fmt.Sprint(i)}, {"b", "x"}}
				if i%3 == 0 {
					fields = append(fields, Field{"c", "y"}) // keys of different sizes
				}
				got = append(got, kf.CompoundKey(fields...))
				want = append(want, CompoundKey(fields...))
				fields[0].Value = "changed" // the key holds its own copy
			}
			for i := range got {
				_ = append(got[i].Fields, Field{"z", "z"}) // must not write into the next key
			}
			for i := range got {
				if !slices.Equal(got[i].Fields, want[i].Fields) {
					t.Fatalf("estimate %d, key %d: %v, want %v", estimate, i, got[i].Fields, want[i].Fields)
				}
			}
		}
	}
}
