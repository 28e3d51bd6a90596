package pgstore

import (
	"testing"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	for _, ref := range []rscsync.Ref{
		{}, {ID: "1"}, {ID: "c1", Parent: "p"}, {ID: ":", Parent: "1:2"}, {ID: "", Parent: "x"},
		{ID: "ü", Parent: "urn:li:person:ä"}, {ID: "10", Parent: "9"},
	} {
		c := Cursor(ref)
		got, err := parseCursor(c)
		if err != nil || got != ref {
			t.Errorf("parseCursor(Cursor(%+v) = %q) = %+v, %v", ref, c, got, err)
		}
	}
	for _, bad := range []string{"x", "3:ab", "-1:a", ":a", "a:b"} {
		if _, err := parseCursor(bad); err == nil {
			t.Errorf("parseCursor(%q) returned no error", bad)
		}
	}
}

func TestDecodeValueUnknownResource(t *testing.T) {
	t.Parallel()
	if _, err := decodeValue("widgets", []byte(`{}`)); err == nil {
		t.Error("decodeValue of an unknown resource returned no error")
	}
	if _, err := encodeValue(rscsync.Candidates, nil); err == nil {
		t.Error("encodeValue of a nil value returned no error")
	}
	if _, err := pulledOf(nil); err == nil {
		t.Error("pulledOf of a nil change returned no error")
	}
}
