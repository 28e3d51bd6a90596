package rscmock_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// view is what a restored server must answer exactly as the saved one did.
type view struct {
	Customers    []rscmock.Customer
	Members      []rscmock.Member
	Jobs         []rscmock.Job
	ExportJobs   []rscmock.Job
	Candidates   []model.Candidate
	Applications []model.Application
	InATS        rscmock.Indicator
	InMails      []model.ConversationEvent
	Stubs        []model.MailStub
	Notes        []model.ProspectNote
	Integrations []rscmock.IntegrationState
	Deliveries   []rscmock.Delivery
	Entity       string
}

func viewOf(t *testing.T, srv *rscmock.Server, f *fixture) view {
	t.Helper()
	v := view{Customers: srv.Customers(), Members: srv.Members(), Jobs: srv.Jobs(f.org), ExportJobs: srv.ExportJobs(f.seat),
		Candidates: srv.Candidates(f.org), Applications: srv.Applications(f.org), InATS: srv.InATS(f.org, f.grace.URN, f.seat),
		Deliveries: srv.Deliveries()}
	var err error
	if v.InMails, err = srv.InMails(f.org, ""); err != nil {
		t.Fatal(err)
	}
	if v.Stubs, err = srv.MailStubs(f.org, ""); err != nil {
		t.Fatal(err)
	}
	if v.Notes, err = srv.ProspectNotes(f.org, ""); err != nil {
		t.Fatal(err)
	}
	if v.Integrations, err = srv.Integrations(f.org); err != nil {
		t.Fatal(err)
	}
	e, _ := srv.SyncedStage(model.StageKey{Application: model.ApplicationKey{IntegrationContext: f.org, ATSJobApplicationID: "A1"}, StageID: "S1"})
	v.Entity = string(e.Body)
	return v
}

// ignoreRaw compares decoded values, not the JSON they were decoded from.
var ignoreRaw = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Raw" }, cmp.Ignore())

func TestSaveAndLoadState(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	ctx := context.Background()
	srv := f.srv
	for _, k := range (rsc.EnableRequest{Organization: f.org, Contract: f.d.Contract}).Keys() {
		if _, err := srv.SetIntegrationEnabled(ctx, k, true); err != nil {
			t.Fatal(err)
		}
	}
	alan := srv.AddMember(rscmock.Member{FirstName: "Alan", LastName: "Turing"})
	if _, _, err := srv.Export(ctx, f.seat, alan.URN, "J1"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.SendInMail(f.seat, f.grace.URN, "Hello", "A role for you?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.ReplyInMail(f.seat, f.grace.URN, "Yes", true); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddProspectNote(f.seat, f.grace.URN, "Private thought", true); err != nil {
		t.Fatal(err)
	}
	if err := srv.Purge(alan.URN); err != nil {
		t.Fatal(err)
	}
	before := viewOf(t, srv, f)

	var buf bytes.Buffer
	if err := srv.SaveState(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	restored := rscmock.NewServer(t, rscmock.WithoutDefaultTenant())
	if err := restored.LoadState(strings.NewReader(saved)); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(before, viewOf(t, restored, f), ignoreRaw); d != "" {
		t.Errorf("restored server differs (-saved +restored):\n%s", d)
	}
	if d := cmp.Diff(srv.Default(), restored.Default()); d != "" {
		t.Errorf("Default differs (-saved +restored):\n%s", d)
	}
	// Saving the restored server gives the same document.
	var again bytes.Buffer
	if err := restored.SaveState(&again); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(saved, again.String()); d != "" {
		t.Errorf("save after load differs (-first +second):\n%s", d)
	}

	// The saved credentials work against the restored server, which serves
	// the customer's data to it and still refuses other contexts.
	c := restored.Client(v2Exports())
	exports, _, err := c.Exports.Get(ctx, "9000001")
	if err != nil || len(exports) != 1 || exports[0].Candidate.Member != alan.URN {
		t.Errorf("export after restore: %+v, %v", exports, err)
	}
	purged, _, err := c.Exports.ListPurged(ctx, rsc.PurgedListOptions{})
	if err != nil || len(purged) != 1 {
		t.Errorf("purged after restore: %+v, %v", purged, err)
	}
	other := restored.AddCustomer(rscmock.CustomerSpec{Name: "Other", Seats: 1})
	if other.Organization == f.org || other.ClientID == f.d.ClientID {
		t.Errorf("a new customer reuses restored ids: %+v", other)
	}
	// New ids continue from the restored counters.
	m := restored.AddMember(rscmock.Member{})
	for _, old := range before.Members {
		if old.URN == m.URN {
			t.Errorf("new member %s reuses a restored URN", m.URN)
		}
	}
	id, _, err := restored.Export(ctx, f.seat, m.URN, "J1")
	if err != nil || id != "9000002" {
		t.Errorf("next export id %q (%v), want 9000002", id, err)
	}
}

func TestLoadStateRejectsBadInput(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	def := srv.Default()
	for _, in := range []string{
		"not json",
		`{"version": 99}`,
		`{"version": 1, "surprise": true}`,
		`{"version": 1, "customers": [{"name": "X", "app": "nobody"}]}`,
	} {
		if err := srv.LoadState(strings.NewReader(in)); err == nil {
			t.Errorf("LoadState(%q) = nil", in)
		}
	}
	if d := cmp.Diff(def, srv.Default()); d != "" || len(srv.Customers()) != 1 {
		t.Errorf("a failed LoadState changed the server (-before +after):\n%s", d)
	}
}

// A fake LinkedIn that outlives its process: save the state when done and
// load it into the next server.
func ExampleServer_SaveState() {
	first := rscmock.New()
	grace := first.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper"})
	var state bytes.Buffer // in a program: a file beside the database
	if err := first.SaveState(&state); err != nil {
		panic(err)
	}

	second := rscmock.New(rscmock.WithoutDefaultTenant())
	if err := second.LoadState(&state); err != nil {
		panic(err)
	}
	m, _ := second.Member(grace.URN)
	fmt.Println(m.Name(), "-", second.Default().Name, "with", len(second.Default().Seats), "seats")
	// Output:
	// Grace Hopper - Default Customer with 3 seats
}
