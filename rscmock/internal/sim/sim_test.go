package sim_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// customer returns a simulator with one customer of one seat, and its
// application.
func customer(t *testing.T) (*sim.Recruiter, *sim.Customer, *auth.App) {
	t.Helper()
	r := sim.NewRecruiter(1)
	a := &auth.App{ClientID: "child", Org: "urn:li:organization:1", Contract: "urn:li:contract:2"}
	c := r.Bind(a)
	r.AddSeat(c, r.AddMember(sim.Member{}), 1000)
	return r, c, a
}

func query(t *testing.T, raw string) restli.Query {
	t.Helper()
	q, err := restli.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestMembersAndMatches(t *testing.T) {
	t.Parallel()
	r := sim.NewRecruiter(7)
	ada := r.AddMember(sim.Member{FirstName: "Ada", Email: "Ada@Example.com"})
	grace := r.AddMember(sim.Member{ProfileURL: "https://www.linkedin.com/in/grace/"})
	if !sim.IsType(ada.URN, "person") || ada.ProfileURL != "https://www.linkedin.com/in/"+sim.ID(ada.URN) || ada.LastName == "" {
		t.Errorf("generated fields: %+v", ada)
	}
	if got := r.MatchedMembers([]string{"ada@example.com"}, "https://www.linkedin.com/in/grace"); len(got) != 2 || got[0] != ada.URN || got[1] != grace.URN {
		t.Errorf("matches %v", got)
	}
	if got := r.MatchedMembers([]string{"nobody@example.com"}, ""); len(got) != 0 {
		t.Errorf("matches of nobody: %v", got)
	}
	if got := r.SearchMembers("ada example"); len(got) != 1 || got[0].URN != ada.URN {
		t.Errorf("search: %v", got)
	}
	// The same seed gives the same ids.
	if again := sim.NewRecruiter(7).AddMember(sim.Member{}); again.URN != ada.URN {
		t.Errorf("seeded URN %s, then %s", ada.URN, again.URN)
	}
}

func TestExportQuotaAndPurge(t *testing.T) {
	t.Parallel()
	r, c, _ := customer(t)
	seat := c.Seats[0].URN
	m := r.AddMember(sim.Member{})
	if err := r.Purge(m.URN, 5); !errors.Is(err, sim.ErrNothingToPurge) {
		t.Errorf("purge before export: %v", err)
	}
	id, err := r.RecordExport(seat, m.URN, "J1", 2000, "2026-12", 1)
	if err != nil || c.Exports[id][0].Exporter.Seat != seat || c.Exports[id][0].Candidate.Member != m.URN {
		t.Fatalf("export %s %v %+v", id, err, c.Exports[id])
	}
	if _, err := r.RecordExport(seat, m.URN, "J1", 2001, "2026-12", 1); !errors.Is(err, sim.ErrExportQuota) {
		t.Errorf("second export in the month: %v", err)
	}
	if _, err := r.RecordExport(seat, m.URN, "J1", 2002, "2027-01", 1); err != nil {
		t.Errorf("export in the next month: %v", err)
	}
	if _, err := r.RecordExport("urn:li:seat:1", m.URN, "J1", 1, "2026-12", 0); !errors.Is(err, sim.ErrUnknownSeat) {
		t.Errorf("unknown seat: %v", err)
	}
	if err := r.Purge(m.URN, 5); err != nil || len(c.Purged) != 2 || c.Purged[0].RequestID != id {
		t.Errorf("purge: %v %+v", err, c.Purged)
	}
}

func TestOwnBindsAFreshApplication(t *testing.T) {
	t.Parallel()
	r, _, owner := customer(t)
	fresh := &auth.App{ClientID: "new"}
	if e := r.Own(fresh, owner.Org); e == nil || e.Status != http.StatusForbidden {
		t.Errorf("another customer's organization: %v", e)
	}
	if e := r.Own(fresh, "urn:li:organization: 9"); e == nil {
		t.Error("a malformed URN was bound")
	}
	if e := r.Own(fresh, "urn:li:organization:9"); e != nil || fresh.Org != "urn:li:organization:9" || r.Customer(fresh.Org) == nil {
		t.Errorf("bind: %v %+v", e, fresh)
	}
	if e := r.Own(fresh, "urn:li:organization:10"); e == nil {
		t.Error("a bound application took a second organization")
	}
	if e := r.Own(fresh, ""); e == nil || e.Status != http.StatusBadRequest {
		t.Errorf("no context: %v", e)
	}
}

func TestSeatFinderShapes(t *testing.T) {
	t.Parallel()
	r, c, a := customer(t)
	q := query(t, "q=attributes&start=0&contracts=List("+url.QueryEscape(c.Contract)+")")
	_, v2, e := r.FindSeats(q, a, false)
	if e != nil {
		t.Fatal(e)
	}
	_, rest, e := r.FindSeats(q, a, true)
	if e != nil {
		t.Fatal(e)
	}
	el2 := v2.(map[string]any)["elements"].([]map[string]any)[0]
	elr := rest.(map[string]any)["elements"].([]map[string]any)[0]
	if el2["id"] == nil || el2["seatId"] != nil || el2["created"].(map[string]any)["time"] != int64(1000) {
		t.Errorf("/v2 element %v", el2)
	}
	ca, _ := elr["createdAt"].(map[string]any)
	if elr["id"] != nil || elr["seatId"] != el2["id"] || ca["actor"] != c.Contract || ca["time"] != int64(1000) {
		t.Errorf("/rest element %v", elr)
	}
	if _, _, e := r.FindSeats(query(t, "q=attributes&start=0"), a, false); e == nil || e.Status != 400 {
		t.Errorf("no contracts: %v", e)
	}
}

func TestMailboxFinders(t *testing.T) {
	t.Parallel()
	r, c, a := customer(t)
	seat := c.Seats[0].URN
	m := r.AddMember(sim.Member{})
	if _, err := r.SendInMail(seat, m.URN, "Hi", "Hello", 10); err != nil {
		t.Fatal(err)
	}
	if _, stub, err := r.ReplyInMail(seat, m.URN, "Sure", true, 20); err != nil || stub == nil || stub.Member != m.URN {
		t.Fatalf("reply: %v %v", stub, err)
	}
	if _, err := r.AddProspectNote(seat, m.URN, "secret", true, 30); err != nil {
		t.Fatal(err)
	}
	if _, err := r.AddProspectNote(seat, m.URN, "shared", false, 40); err != nil {
		t.Fatal(err)
	}
	count := func(_ int, body any, e *wire.Error) int {
		t.Helper()
		if e != nil {
			t.Fatal(e)
		}
		v := body.(map[string]any)["elements"]
		switch els := v.(type) {
		case []shapes.ConversationEvent:
			return len(els)
		case []shapes.MailStub:
			return len(els)
		case []shapes.ProspectNote:
			return len(els)
		}
		return -1
	}
	if n := count((r.FindInMails(query(t, "q=criteria&viewer="+url.QueryEscape(seat)+"&timeRange.start=15"), a))); n != 1 {
		t.Errorf("InMails since 15: %d, want the reply", n)
	}
	if n := count((r.FindMailStubs(query(t, "q=contract&contract="+url.QueryEscape(c.Contract)), a))); n != 1 {
		t.Errorf("stubs: %d", n)
	}
	if n := count((r.FindProspectNotes(query(t, "q=criteria&contract="+url.QueryEscape(c.Contract)), a))); n != 1 {
		t.Errorf("notes: %d, want the shared one only", n)
	}
	other := &auth.App{ClientID: "other", Org: "urn:li:organization:5"}
	if _, _, e := r.FindInMails(query(t, "q=criteria&viewer="+url.QueryEscape(seat)), other); e == nil || e.Status != 403 {
		t.Errorf("another customer's seat: %v", e)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	fs := sim.NewFaults(3)
	fs.Add(sim.Fault{Op: "BATCH_UPDATE /v2/atsCandidates", Status: 503, Count: 2})
	fs.Add(sim.Fault{Status: 502, AfterCommit: true, Count: 1})
	if !fs.AddAtMost(sim.Fault{Op: "none"}, 3) || fs.AddAtMost(sim.Fault{Op: "none"}, 3) {
		t.Error("AddAtMost")
	}
	hit, after := fs.Match("BATCH_UPDATE /v2/atsCandidates")
	if len(hit) != 1 || len(after) != 1 {
		t.Fatalf("first match: %v %v", hit, after)
	}
	w := httptest.NewRecorder()
	if !sim.Strike(t.Context(), w, hit) || w.Code != 503 {
		t.Errorf("strike: %d", w.Code)
	}
	w = httptest.NewRecorder()
	if !sim.LoseAnswer(w, after) || w.Code != 502 {
		t.Errorf("lose the answer: %d", w.Code)
	}
	hit, after = fs.Match("BATCH_UPDATE /v2/atsCandidates")
	if len(hit) != 1 || len(after) != 0 {
		t.Errorf("second match (the after-commit fault used up): %v %v", hit, after)
	}
	if hit, _ = fs.Match("BATCH_UPDATE /v2/atsCandidates"); len(hit) != 0 {
		t.Errorf("third match (count 2 used up): %v", hit)
	}
	if len(fs.List()) != 3 {
		t.Errorf("list %v", fs.List())
	}
	fs.Clear()
	if len(fs.List()) != 0 {
		t.Error("clear")
	}
	// Rates are seeded: the same seed strikes the same calls.
	pattern := func() (p string) {
		fs := sim.NewFaults(9)
		fs.Add(sim.Fault{Status: 500, Rate: 0.5})
		for range 32 {
			hit, _ := fs.Match("x")
			p += map[bool]string{true: "1", false: "0"}[len(hit) > 0]
		}
		return p
	}
	if p1, p2 := pattern(), pattern(); p1 != p2 || p1 == "00000000000000000000000000000000" || p1 == "11111111111111111111111111111111" {
		t.Errorf("patterns %s %s", p1, p2)
	}
}
