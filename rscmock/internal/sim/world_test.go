package sim_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// newWorld is a world with one customer of one seat and a job J1 of its
// organization.
func newWorld(t *testing.T) (*sim.World, *sim.Customer) {
	t.Helper()
	r, c, _ := customer(t)
	st := state.New()
	jobs := sim.NewJobs(0)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	jobs.Submit(sim.Posting{IntegrationContext: c.Org, ExternalJobPostingID: "J1", Operation: "CREATE", Title: "Engineer"},
		[]byte(`{}`), "urn:li:simpleJobPostingTask:1", func() string { return "urn:li:jobPosting:1" }, now)
	w := &sim.World{R: r, Synced: sim.Synced{R: r, Store: st, Jobs: jobs}, Auth: auth.New(auth.Config{Seed: 1}),
		Records: &records.Service{Store: st}, Outbox: sim.NewOutbox(sim.LoopbackOnlyClient(), nil, 10),
		Clock: func() time.Time { return now }, ExportsPerSeat: 2}
	return w, c
}

// TestWorldExport: One-Click Export checks the seat, the member, the
// integration (which needs a CALLBACK_URL to be enabled) and the job's
// visibility, in that order, then pushes the notification.
func TestWorldExport(t *testing.T) {
	t.Parallel()
	w, c := newWorld(t)
	ctx := context.Background()
	seat := c.Seats[0].URN
	m := w.R.AddMember(sim.Member{})
	if _, _, err := w.Export(ctx, "urn:li:seat:404", m.URN, "J1"); !errors.Is(err, sim.ErrUnknownSeat) {
		t.Errorf("unknown seat: %v", err)
	}
	if _, _, err := w.Export(ctx, seat, "urn:li:person:404", "J1"); !errors.Is(err, sim.ErrUnknownMember) {
		t.Errorf("unknown member: %v", err)
	}
	if _, _, err := w.Export(ctx, seat, m.URN, "J1"); !errors.Is(err, sim.ErrNotEnabled) {
		t.Errorf("not enabled: %v", err)
	}
	if _, err := w.SetIntegrationEnabled(ctx, c.Org, sim.OneClickExport, sim.TenantRecruiter, true); !errors.Is(err, sim.ErrNoCallbackURL) {
		t.Errorf("enable without CALLBACK_URL: %v", err)
	}
	got := make(chan string, 4)
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { got <- r.URL.Path }))
	defer recv.Close()
	cfg := func(name, value string) {
		w.Synced.Store.Write(records.Configuration.Name, restli.Key{"ctx": c.Org, "itype": sim.OneClickExport, "tenant": sim.TenantRecruiter, "name": name},
			`{"configurationValue":{"string":"`+value+`"}}`, 1)
	}
	cfg(sim.CallbackURL, recv.URL+"/cb")
	if d, err := w.SetIntegrationEnabled(ctx, c.Org, sim.OneClickExport, sim.TenantRecruiter, true); err != nil || d.Status != http.StatusOK || <-got != "/cb" {
		t.Fatalf("enable: %+v %v", d, err)
	}
	if _, _, err := w.Export(ctx, seat, m.URN, "J1"); !errors.Is(err, sim.ErrJobNotVisible) {
		t.Errorf("job without ACL: %v", err)
	}
	cfg(sim.JobViewers, sim.AllProductUsers)
	id, d, err := w.Export(ctx, seat, m.URN, "J1")
	if err != nil || d.Notification.ID != id || d.Notification.Type != sim.NotifyExport || d.Status != http.StatusOK {
		t.Fatalf("export: %s %+v %v", id, d, err)
	}
	<-got
	if n := len(w.Outbox.List()); n != 2 {
		t.Errorf("%d deliveries, want 2", n)
	}
}

// TestWorldUnlink: unlinking a manual match removes it; unlinking
// LinkedIn's match hides it; a member not linked is ErrNotLinked; linking
// again shows it.
func TestWorldUnlink(t *testing.T) {
	t.Parallel()
	w, c := newWorld(t)
	ada := w.R.AddMember(sim.Member{Email: "ada@example.com"})
	key := restli.Key{"ctx": c.Org, "cand": "C1"}
	w.Synced.Store.Write(records.Candidate.Name, key, `{"emailAddresses":["ada@example.com"]}`, 1)
	if err := w.Unlink(restli.Key{"ctx": c.Org, "cand": "C2"}, ada.URN); !errors.Is(err, sim.ErrUnknownCandidate) {
		t.Errorf("unknown candidate: %v", err)
	}
	if err := w.Unlink(key, "urn:li:person:other"); !errors.Is(err, sim.ErrNotLinked) {
		t.Errorf("member not linked: %v", err)
	}
	if err := w.Unlink(key, ada.URN); err != nil {
		t.Fatal(err)
	}
	w.Lock()
	hidden := w.UnlinkedLocked(key.Canonical(), ada.URN)
	saved := w.UnlinkedListLocked()
	err := w.SetManualMatchLocked(key, ada.URN)
	shown := !w.UnlinkedLocked(key.Canonical(), ada.URN)
	w.Unlock()
	if !hidden || len(saved[key.Canonical()]) != 1 || err != nil || !shown {
		t.Errorf("hidden %v, saved %v, link %v, shown again %v", hidden, saved, err, shown)
	}
	if err := w.Unlink(key, ada.URN); err != nil {
		t.Fatal(err)
	}
	if e, _ := w.Synced.Store.Get(records.Candidate.Name, key); e.Body["manualMatchedMember"] != nil {
		t.Errorf("manual match kept after unlink: %s", e.Body["manualMatchedMember"])
	}
}

// TestWorldConcurrentActions: the actions take the world's lock themselves
// (run with -race).
func TestWorldConcurrentActions(t *testing.T) {
	t.Parallel()
	w, c := newWorld(t)
	seat := c.Seats[0].URN
	var members []sim.Member
	for range 4 {
		members = append(members, w.R.AddMember(sim.Member{}))
	}
	var wg sync.WaitGroup
	for _, m := range members {
		wg.Go(func() {
			if _, err := w.SendInMail(seat, m.URN, "Hi", "Hello"); err != nil {
				t.Error(err)
			}
			if _, err := w.AddProspectNote(seat, m.URN, "note", false); err != nil {
				t.Error(err)
			}
			if _, err := w.AddSeat(c.Contract, sim.Member{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if evs, err := w.InMails(c.Org, ""); err != nil || len(evs) != 4 {
		t.Errorf("InMails: %d %v", len(evs), err)
	}
	if notes, err := w.ProspectNotes(c.Contract, ""); err != nil || len(notes) != 4 {
		t.Errorf("ProspectNotes: %d %v", len(notes), err)
	}
	if _, err := w.MailStubs("urn:li:organization:404", ""); !errors.Is(err, sim.ErrUnknownContext) {
		t.Errorf("unknown context: %v", err)
	}
}
