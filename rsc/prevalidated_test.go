package rsc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

// sameAsValidateBatch fails t unless validBodies answers for records what
// validateBatch and bodiesOf, the code it replaces, do: the same keys, the
// same error, the same body for each record. c's pool is reused between
// calls, so a second call on the same core sees a lent buffer.
func sameAsValidateBatch(t *testing.T, c *core, rt route[model.CandidateKey], records []model.Candidate) {
	t.Helper()
	keyOf := func(c model.Candidate) model.CandidateKey { return c.Key }
	wantKeys, wantErr := validateBatch("candidates", records, keyOf)
	var want recordBodies
	if wantErr == nil {
		var err error
		if want, err = bodiesOf(records, rt); err != nil {
			t.Fatal(err)
		}
	}
	keys, bodies, done, err := validBodies(c, rt, "candidates", records, keyOf, nil)
	if (err == nil) != (wantErr == nil) || err != nil && (err.Error() != wantErr.Error() || !reflect.DeepEqual(err, wantErr)) {
		t.Fatalf("validBodies error %v, validateBatch's %v", err, wantErr)
	}
	if err != nil {
		return
	}
	defer done()
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Fatalf("keys %v, want %v", keys, wantKeys)
	}
	idx, n := make([]int, len(records)), 0
	for i := range records {
		idx[i] = i
		got, w := bodies.appendBody(nil, i), want.appendBody(nil, i)
		if string(got) != string(w) {
			t.Fatalf("record %d:\n got %s\nwant %s", i, got, w)
		}
		n += len(got)
	}
	if p, ok := bodies.(*preparedBodies); !ok || p.size(idx) != n {
		t.Fatalf("bodies %T, size %d, want preparedBodies of %d", bodies, bodies.size(idx), n)
	}
}

// TestValidBodiesAsValidateBatch checks validBodies against validateBatch
// and bodiesOf on batches whose records AppendValidJSON vouches for, or
// not, in every order, on the /v2 and /rest routes.
func TestValidBodiesAsValidateBatch(t *testing.T) {
	t.Parallel()
	plain := func(id string) model.Candidate {
		c := testCandidate(id)
		c.Addresses = []model.Address{{City: "London"}}
		c.PhoneNumbers = []model.PhoneNumber{{Number: "+1 555 0100"}}
		return c
	}
	unsure := func(id string) model.Candidate { // valid, but not by AppendValidJSON's quick tests
		c := plain(id)
		c.FirstName, c.LinkedInProfileURL = "Zoë", "https://www.linkedin.com/in/zoe"
		return c
	}
	escaped := func(id string) model.Candidate { // valid, with strings that need escapes
		c := plain(id)
		c.CurrentCompanyName, c.ExternalProfileURL = "A & <B>", "https://ats.example.com/c?id="+id+"&x=1"
		return c
	}
	invalid := func(id string) model.Candidate {
		c := plain(id)
		c.EmailAddresses = []string{"not an address"}
		return c
	}
	for _, tc := range []struct {
		name    string
		records []model.Candidate
	}{
		{"empty", nil},
		{"plain", []model.Candidate{plain("c1"), plain("c2"), plain("c3")}},
		{"escaped", []model.Candidate{escaped("c1"), plain("c2")}},
		{"unsure first", []model.Candidate{unsure("c1"), plain("c2"), plain("c3")}},
		{"unsure in the middle", []model.Candidate{plain("c1"), unsure("c2"), plain("c3")}},
		{"unsure last", []model.Candidate{plain("c1"), plain("c2"), unsure("c3")}},
		{"invalid first", []model.Candidate{invalid("c1"), plain("c2")}},
		{"invalid after an unsure one", []model.Candidate{plain("c1"), unsure("c2"), invalid("c3"), plain("c4")}},
		{"two invalid", []model.Candidate{plain("c1"), invalid("c2"), invalid("c3")}},
		{"duplicate keys", []model.Candidate{plain("c1"), invalid("c2"), plain("c1")}},
		{"too many", make([]model.Candidate, MaxBatchSize+1)},
	} {
		c := &core{}
		for _, rt := range []route[model.CandidateKey]{candidatesEndpoint.v2, *candidatesEndpoint.rest, {}} {
			t.Run(tc.name, func(t *testing.T) {
				sameAsValidateBatch(t, c, rt, tc.records)
				sameAsValidateBatch(t, c, rt, tc.records) // again, in the buffers given back
			})
		}
	}
}

// FuzzValidBodies checks validBodies against validateBatch and bodiesOf
// on batches of three candidates built from fuzzed strings, with the
// buffers of the previous batch reused.
func FuzzValidBodies(f *testing.F) {
	f.Add("c1", "Ada", "ada@example.com", "London", "c2", "Zoë", "a b@c.d", "", uint8(0))
	f.Add("c1", "", "ada@example.com", "Lon\x00don", "c1", "Ada", "x@y.z", "https://www.linkedin.com/in/x", uint8(0xff))
	c := &core{}
	f.Fuzz(func(t *testing.T, id1, first1, email1, city1, id2, first2, email2, liURL string, shape uint8) {
		records := []model.Candidate{testCandidate(id1), testCandidate(id2), testCandidate(id1 + id2)}
		records[0].FirstName, records[0].EmailAddresses = first1, []string{email1}
		records[0].Addresses = []model.Address{{City: city1}}
		records[1].FirstName, records[1].EmailAddresses = first2, []string{email2}
		records[1].LinkedInProfileURL = liURL
		if shape&1 != 0 {
			records[2].CurrentCompanyName = strings.Repeat(first2, 3)
		}
		if shape&2 != 0 {
			records[0], records[2] = records[2], records[0]
		}
		rt := candidatesEndpoint.v2
		if shape&4 != 0 {
			rt = *candidatesEndpoint.rest
		}
		sameAsValidateBatch(t, c, rt, records[:1+int(shape>>3)%3])
	})
}
