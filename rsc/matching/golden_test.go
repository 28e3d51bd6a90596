package matching

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/lookup.golden from the current code")

// goldenRecords is GenerateDataset's records with what the generator never
// makes: more emails and phones than a hot record holds inline, names longer
// than its inline bytes, names in other scripts, and member URNs (some shared,
// some conflicting).
func goldenRecords(seed int64, n int) []Record {
	recs := GenerateDataset(seed, n).Records
	for i := range recs {
		r := &recs[i]
		o := recs[(i*7919+13)%len(recs)]
		switch i % 13 {
		case 1: // three emails and three phones, one of each borrowed
			r.Emails = append(append([]string{}, r.Emails...), o.Emails...)
			r.Emails = append(r.Emails, fmt.Sprintf("x%d@example.com", i%500))
			r.Phones = append(append([]string{}, r.Phones...), o.Phones...)
			r.Phones = append(r.Phones, fmt.Sprintf("+1 212 555 %04d", i%40))
		case 2: // names past the inline bytes
			r.FirstName += " Maximiliana-Theodora"
			r.LastName += " von Hohenzollern-Sigmaringen"
		case 3: // other scripts
			r.FirstName = []string{"Владимир", "Мария", "王", "李娜", "Γιώργος"}[i%5]
		case 4: // a member, shared by records 4 and 17 apart
			r.Member = model.PersonURN(fmt.Sprint(i / 26))
		case 5: // a conflicting member or profile URL
			r.Member = model.PersonURN(fmt.Sprint(i))
			r.ProfileURL = fmt.Sprintf("linkedin.com/in/p%d", i%100)
		}
	}
	return recs
}

// lookupText renders what Lookup returns for each query, one line per match.
func lookupText(ix *Index, queries []Record) []byte {
	var b bytes.Buffer
	for _, q := range queries {
		for _, m := range ix.Lookup(q) {
			fmt.Fprintf(&b, "%s\t%s\t%.3f\t%v\t%s\n", q.ID, m.ID, m.Score, m.Same, joinReasons(m.Reasons))
		}
	}
	return b.Bytes()
}

func joinReasons(rs []Reason) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, "; ")
}

// TestLookupGolden checks that Lookup returns exactly what it returned when
// testdata/lookup.golden was written (records, scores, reasons and order),
// for the default options and for a MaxBlock small enough that blocks are
// cut short or skipped, on indexes built with BuildIndex and with Add.
func TestLookupGolden(t *testing.T) {
	t.Parallel()
	recs := goldenRecords(5, 20_000)
	queries := goldenRecords(6, 600)
	for i := range queries {
		queries[i].ID = fmt.Sprintf("Q%d", i)
	}
	queries = append(queries, recs[:600]...)
	var got bytes.Buffer
	for _, opts := range []Options{{}, {MaxBlock: 2}} {
		fmt.Fprintf(&got, "# MaxBlock %d\n", opts.MaxBlock)
		built := lookupText(BuildIndex(recs, opts), queries)
		added := NewIndex(opts)
		for _, r := range recs[:5_000] {
			added.Add(r)
		}
		addedText := lookupText(added, queries[:400])
		if want := lookupText(BuildIndex(recs[:5_000], opts), queries[:400]); !bytes.Equal(addedText, want) {
			t.Errorf("MaxBlock %d: Add and BuildIndex differ", opts.MaxBlock)
		}
		got.Write(built)
		got.Write(addedText)
	}
	const path = "testdata/lookup.golden"
	if *updateGolden {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		g, w := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("line %d: got\n%s\nwant\n%s", i+1, g[i], w[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(g), len(w))
	}
}

// TestLookupAgreesWithPairwise checks every match Lookup returns against
// scoring the query with every record: the same record, score, reasons and
// Same, and nothing pairwise scoring does not flag.
func TestLookupAgreesWithPairwise(t *testing.T) {
	t.Parallel()
	recs := goldenRecords(8, 5_000)
	ix := BuildIndex(recs, Options{})
	queries := append(goldenRecords(9, 300), recs[:300]...)
	for _, q := range queries {
		all := map[string]Match{}
		for _, m := range ix.lookupPairwise(q) {
			all[m.ID] = m
		}
		for _, m := range ix.Lookup(q) {
			if want, ok := all[m.ID]; !ok || !reflect.DeepEqual(m, want) {
				t.Errorf("%s: Lookup found %+v, pairwise %+v (found %v)", q.ID, m, want, ok)
			}
		}
	}
}

// TestBuildIndexSmall checks BuildIndex with fewer records than workers,
// none at all, and Add after it.
func TestBuildIndexSmall(t *testing.T) {
	t.Parallel()
	r := Record{ID: "1", FirstName: "Ada", LastName: "Lovelace", Emails: []string{"ada@example.com"}}
	q := Record{FirstName: "Ada", LastName: "Lovelace", Emails: []string{"ADA@example.com"}}
	if got := BuildIndex(nil, Options{}).Lookup(q); len(got) != 0 {
		t.Errorf("empty index found %+v", got)
	}
	ix := BuildIndex([]Record{r}, Options{})
	ix.Add(Record{ID: "2", FirstName: "Ada", LastName: "Lovelace", Emails: []string{"ada@example.com"}})
	got := ix.Lookup(q)
	if len(got) != 2 || got[0].ID != "1" || got[1].ID != "2" || !got[0].Same {
		t.Errorf("Lookup = %+v, want records 1 and 2, the same person", got)
	}
}
