package matching

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  Ada.Lovelace@Example.COM ": "ada.lovelace@example.com",
		"mailto:Bob@x.org":            "bob@x.org",
		"a.b+tag@gmail.com":           "a.b+tag@gmail.com",
		"no-at-sign":                  "",
		"@x.org":                      "",
		"a@":                          "",
	} {
		if got := NormalizeEmail(in); got != want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw, region, want string
		ok                bool
	}{
		{"+44 20 7946 0958", "US", "+442079460958", true},
		{"+44 (0)20 7946 0958", "US", "+442079460958", true},
		{"020 7946 0958", "GB", "+442079460958", true},
		{"(212) 555-0123", "US", "+12125550123", true},
		{"+1 212.555.0123", "", "+12125550123", true},
		{"030 1234567", "de", "+49301234567", true},
		{"12345", "US", "", false},
		{"not a phone", "US", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.raw, tt.region)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q, %v", tt.raw, tt.region, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  José  O'Brien-Núñez ": "jose obrien nunez",
		"SØREN Åström":           "soren astrom",
		"Weiß":                   "weiss",
		"Łukasz Dvořák":          "lukasz dvorak",
		"Jean-Luc":               "jean luc",
		"Ｊｏｈｎ":                   "john",
		"Zoë":                    "zoe",
		"":                       "",
	} {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalProfileURL(t *testing.T) {
	t.Parallel()
	const want = "linkedin.com/in/ada-lovelace"
	for _, in := range []string{
		"https://www.linkedin.com/in/ada-lovelace",
		"http://linkedin.com/in/Ada-Lovelace/",
		"https://de.linkedin.com/in/ada-lovelace?trk=abc#x",
		"www.linkedin.com/in/ada-lovelace",
		"linkedin.com/in/ada-lovelace/details/experience/",
		"https://m.linkedin.com/in/ada-lovelace",
		"https://www.linkedin.com/mwlite/in/ada-lovelace",
		"HTTPS://WWW.LINKEDIN.COM/IN/ADA-LOVELACE/",
		"https://www.linkedin.com/in/ada%2Dlovelace",
	} {
		if got, ok := CanonicalProfileURL(in); !ok || got != want {
			t.Errorf("CanonicalProfileURL(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := CanonicalProfileURL("https://www.linkedin.com/in/j%C3%BCrgen"); !ok || got != "linkedin.com/in/jürgen" {
		t.Errorf("percent-decoding: got %q, %v", got, ok)
	}
	for _, in := range []string{"", "https://example.com/in/ada", "https://evillinkedin.com/in/ada",
		"https://www.linkedin.com/company/acme", "https://www.linkedin.com/pub/ada/1/2/3", "https://www.linkedin.com/in/"} {
		if got, ok := CanonicalProfileURL(in); ok {
			t.Errorf("CanonicalProfileURL(%q) = %q, true; want not ok", in, got)
		}
	}
}

func TestJaroWinkler(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b   string
		lo, hi float64
	}{
		{"martha", "marhta", 0.961, 0.962},
		{"dwayne", "duane", 0.84, 0.841},
		{"dixon", "dicksonx", 0.813, 0.814},
		{"same", "same", 1, 1},
		{"abc", "", 0, 0},
		{"abc", "xyz", 0, 0},
	}
	for _, tt := range tests {
		if got := JaroWinkler(tt.a, tt.b); got < tt.lo || got > tt.hi {
			t.Errorf("JaroWinkler(%q, %q) = %v, want in [%v, %v]", tt.a, tt.b, got, tt.lo, tt.hi)
		}
	}
}

func TestSamePerson(t *testing.T) {
	t.Parallel()
	p1, p2 := model.PersonURN("1"), model.PersonURN("2")
	tests := []struct {
		name string
		a, b Identity
		want bool
	}{
		{"same member", Identity{Member: p1}, Identity{Member: p1, Email: "x@y.z"}, true},
		{"members differ despite email", Identity{Member: p1, Email: "a@b.c"}, Identity{Member: p2, Email: "a@b.c"}, false},
		{"profile url forms", Identity{ProfileURL: "https://de.linkedin.com/in/Ada/"}, Identity{ProfileURL: "linkedin.com/in/ada"}, true},
		{"urls differ despite email", Identity{ProfileURL: "linkedin.com/in/a", Email: "a@b.c"}, Identity{ProfileURL: "linkedin.com/in/b", Email: "a@b.c"}, false},
		{"email case", Identity{Email: " A@B.C"}, Identity{Email: "a@b.c"}, true},
		{"member on one side only falls back to email", Identity{Member: p1, Email: "a@b.c"}, Identity{Email: "a@b.c"}, true},
		{"nothing in common", Identity{Email: "a@b.c"}, Identity{ProfileURL: "linkedin.com/in/a"}, false},
	}
	for _, tt := range tests {
		if got := SamePerson(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: SamePerson = %v, want %v", tt.name, got, tt.want)
		}
	}
	c := model.Candidate{ManualMatchedMember: p1, LinkedInProfileURL: "u", EmailAddresses: []string{"bad", "B@x.org"}}
	if got, want := IdentityOf(c), (Identity{Member: p1, ProfileURL: "u", Email: "b@x.org"}); got != want {
		t.Errorf("IdentityOf = %+v, want %+v", got, want)
	}
}

func TestLinkUnlink(t *testing.T) {
	t.Parallel()
	key := model.CandidateKey{IntegrationContext: model.OrganizationURN("1"), ATSCandidateID: "C1"}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l, err := Link(key, model.PersonURN("9"), "alice", at)
	if err != nil {
		t.Fatal(err)
	}
	want := LinkChange{Candidate: key, Member: model.PersonURN("9"), By: "alice", At: at}
	if l != want {
		t.Errorf("Link = %+v, want %+v", l, want)
	}
	wantPatch := map[string]any{"patch": map[string]any{"$set": map[string]any{"manualMatchedMember": "urn:li:person:9"}}}
	if !reflect.DeepEqual(l.Patch(), wantPatch) {
		t.Errorf("Patch = %v", l.Patch())
	}
	c := model.Candidate{Key: key}
	if !l.Apply(&c) || c.ManualMatchedMember != "urn:li:person:9" {
		t.Errorf("Apply: %+v", c)
	}
	u, err := Unlink(key, model.PersonURN("9"), "bob", at)
	if err != nil || !u.Unlink || u.By != "bob" {
		t.Fatalf("Unlink = %+v, %v", u, err)
	}
	if !reflect.DeepEqual(u.Patch(), map[string]any{"patch": map[string]any{"$delete": []string{"manualMatchedMember"}}}) {
		t.Errorf("unlink Patch = %v", u.Patch())
	}
	if !u.Apply(&c) || c.ManualMatchedMember != "" {
		t.Errorf("unlink Apply: %+v", c)
	}
	for name, f := range map[string]func() error{
		"seat urn":  func() error { _, err := Link(key, model.SeatURN("1"), "a", at); return err },
		"no author": func() error { _, err := Link(key, model.PersonURN("1"), " ", at); return err },
		"zero time": func() error { _, err := Unlink(key, "", "a", time.Time{}); return err },
		"bad key":   func() error { _, err := Link(model.CandidateKey{}, model.PersonURN("1"), "a", at); return err },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		} else if name != "bad key" && !errors.Is(err, ErrInvalidLink) {
			t.Errorf("%s: %v is not ErrInvalidLink", name, err)
		}
	}
}

func TestIndexLookup(t *testing.T) {
	t.Parallel()
	ix := NewIndex(Options{DefaultRegion: "GB"})
	ix.Add(Record{ID: "1", FirstName: "José", LastName: "García", Emails: []string{"jose@example.com"}, Phones: []string{"+44 20 7946 0958"}, Company: "Acme Ltd"})
	ix.Add(Record{ID: "2", FirstName: "Robert", LastName: "Smith", Company: "Initech", Emails: []string{"rs@example.com"}})
	ix.Add(Record{ID: "3", FirstName: "Ada", LastName: "Lovelace", ProfileURL: "https://www.linkedin.com/in/ada"})
	ix.Add(Record{ID: "4", FirstName: "Robert", LastName: "Smith", Company: "Globex", Emails: []string{"other@example.com"}, Phones: []string{"+1 212 555 0100"}})
	tests := []struct {
		name    string
		q       Record
		wantIDs []string
		same    bool
		reason  Reason
	}{
		{"accents and phone format", Record{FirstName: "Jose", LastName: "Garcia", Phones: []string{"020 7946 0958"}}, []string{"1"}, false, ReasonSamePhone},
		{"local number without country code", Record{FirstName: "José", LastName: "Garcia", Phones: []string{"+1 (207) 946-0958"}}, []string{"1"}, false, ReasonSameLocalNumber},
		{"nickname same company", Record{FirstName: "Bob", LastName: "Smith", Company: "INITECH Inc."}, []string{"2"}, false, ReasonNickname},
		{"typo same company", Record{FirstName: "Robert", LastName: "Smtih", Company: "Initech"}, []string{"2"}, false, ReasonNameVariant},
		{"same name but all contacts differ", Record{FirstName: "Robert", LastName: "Smith", Emails: []string{"x@y.z"}, Phones: []string{"+1 415 555 0199"}}, nil, false, ""},
		{"same name only", Record{FirstName: "Robert", LastName: "Smith"}, nil, false, ""},
		{"same profile url is the same person", Record{FirstName: "Augusta", LastName: "King", ProfileURL: "linkedin.com/in/ADA/"}, []string{"3"}, true, ReasonSameProfileURL},
		{"same email is the same person", Record{FirstName: "Joe", LastName: "G", Emails: []string{"JOSE@example.com"}}, []string{"1"}, true, ReasonSameEmail},
		{"own id skipped", Record{ID: "3", FirstName: "Ada", LastName: "Lovelace", ProfileURL: "https://www.linkedin.com/in/ada"}, nil, false, ""},
	}
	for _, tt := range tests {
		got := ix.Lookup(tt.q)
		var ids []string
		for _, m := range got {
			ids = append(ids, m.ID)
			if m.Score < 0 || m.Score > 1 {
				t.Errorf("%s: score %v out of range", tt.name, m.Score)
			}
		}
		if !slices.Equal(ids, tt.wantIDs) {
			t.Errorf("%s: Lookup IDs = %v, want %v (%+v)", tt.name, ids, tt.wantIDs, got)
			continue
		}
		if len(got) > 0 {
			if got[0].Same != tt.same || got[0].PossibleDuplicate() == tt.same {
				t.Errorf("%s: Same = %v, want %v", tt.name, got[0].Same, tt.same)
			}
			if !slices.Contains(got[0].Reasons, tt.reason) {
				t.Errorf("%s: reasons %v lack %q", tt.name, got[0].Reasons, tt.reason)
			}
		}
	}
}

func TestBuildIndexEqualsAdd(t *testing.T) {
	t.Parallel()
	ds := GenerateDataset(3, 2000)
	built := BuildIndex(ds.Records, Options{})
	added := NewIndex(Options{})
	for _, r := range ds.Records {
		added.Add(r)
	}
	if built.Len() != added.Len() {
		t.Fatalf("Len %d != %d", built.Len(), added.Len())
	}
	for _, r := range ds.Records[:300] {
		if a, b := built.Lookup(r), added.Lookup(r); !reflect.DeepEqual(a, b) {
			t.Fatalf("lookup %s differs: %+v vs %+v", r.ID, a, b)
		}
	}
}

func TestGenerateDatasetDeterministic(t *testing.T) {
	t.Parallel()
	a, b := GenerateDataset(11, 500), GenerateDataset(11, 500)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different datasets")
	}
	if len(a.Records) != 500 || len(a.Person) != 500 || a.Pairs() == 0 {
		t.Fatalf("len %d, pairs %d", len(a.Records), a.Pairs())
	}
	if reflect.DeepEqual(a, GenerateDataset(12, 500)) {
		t.Fatal("different seeds gave the same dataset")
	}
}

func TestPrecisionRecall(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{1, 2} {
		ev := Evaluate(GenerateDataset(seed, 5000), Options{})
		t.Logf("seed %d: %+v", seed, ev)
		if ev.Precision < 0.95 || ev.Recall < 0.95 {
			t.Errorf("seed %d: precision %.4f recall %.4f, want both >= 0.95", seed, ev.Precision, ev.Recall)
		}
	}
}
