package sim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// More errors of the recruiter simulator (package rscmock exports them).
var (
	ErrJobNotVisible    = errors.New("rscmock: the seat may not see this job")
	ErrNotEnabled       = errors.New("rscmock: ONE_CLICK_EXPORT is not enabled")
	ErrNoCallbackURL    = errors.New("rscmock: CALLBACK_URL is mandatory before enabling ONE_CLICK_EXPORT; configure it first")
	ErrUnknownCandidate = errors.New("rscmock: no synced candidate with this key")
	ErrNotPerson        = errors.New("rscmock: member must be a person URN (urn:li:person:...)")
)

// World is the recruiter simulator with the parts its actions touch: the
// recruiter state R (customers, members, seats, mailboxes, exports,
// purges, ids), the reads of synced records, the applications, the outbox
// of notifications, and which LinkedIn matches a profile widget user
// unlinked. R and the unlinked matches are guarded by World's own lock;
// the other parts have locks of their own.
//
// The actions (AddSeat, Export, SendInMail, SetIntegrationEnabled, ...)
// take the lock themselves, and never hold it while POSTing a
// notification. Methods named ...Locked need it held: the front takes it
// with Lock to read several things at once.
type World struct {
	mu sync.Mutex

	R       *Recruiter
	Synced  Synced
	Auth    *auth.Registry
	Records *records.Service
	Outbox  *Outbox
	// Clock is the fake's clock.
	Clock func() time.Time
	// ExportsPerSeat is the monthly One-Click Export quota of a seat (0: none).
	ExportsPerSeat int

	// unlinked holds, per candidate key, LinkedIn's matches a profile widget
	// user unlinked (hidden in the widget only).
	unlinked map[string]map[string]bool
}

// Lock takes the world's lock.
func (w *World) Lock() { w.mu.Lock() }

// Unlock releases the world's lock.
func (w *World) Unlock() { w.mu.Unlock() }

func (w *World) now() int64 { return w.Clock().UnixMilli() }

// NewChildAppLocked registers a child application (generated credentials
// for empty ones).
func (w *World) NewChildAppLocked(clientID, secret string) *auth.App {
	n := w.R.Next("app")
	if clientID == "" {
		clientID = fmt.Sprintf("child-%d-%s", n, w.R.RandHex(8))
	}
	if secret == "" {
		secret = w.R.RandHex(32)
	}
	a := &auth.App{ClientID: clientID, Secret: secret, URN: URN("developerApplication", fmt.Sprint(1000+n))}
	w.Auth.Add(a)
	return a
}

// AttachLocked binds child application a to its organization and contract
// (generated from n when empty), names the customer and adds seats.
func (w *World) AttachLocked(a *auth.App, n int, name string, seats int) *Customer {
	if a.Org == "" {
		a.Org = w.R.FreeURN("organization", 1000+n)
	}
	if a.Contract == "" {
		a.Contract = w.R.FreeURN("contract", 2000+n)
	}
	c := w.R.Bind(a)
	c.Name = name
	for range seats {
		w.R.AddSeat(c, w.R.AddMember(Member{}), w.now())
	}
	return c
}

// CustomerLocked returns the customer of integration context ctx.
func (w *World) CustomerLocked(ctx string) (*Customer, error) {
	if c := w.R.Customer(ctx); c != nil {
		return c, nil
	}
	return nil, fmt.Errorf("%w %s", ErrUnknownContext, ctx)
}

// AddSeat adds a seat of contract held by holder (added as a member when
// new).
func (w *World) AddSeat(contract string, holder Member) (Seat, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.R.Customer(contract)
	if c == nil || c.Contract != contract {
		return Seat{}, fmt.Errorf("%w %s", ErrUnknownContext, contract)
	}
	h, ok := w.R.Member(holder.URN)
	if holder.URN == "" || !ok {
		h = w.R.AddMember(holder)
	}
	return w.R.AddSeat(c, h, w.now()), nil
}

// MatchesOf returns LinkedIn's matched members of a stored candidate body
// (for records' batch get, which holds no lock of the world).
func (w *World) MatchesOf(body map[string]json.RawMessage) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.Synced.MatchedMembers(&state.Entity{Body: body})
}

// SetIntegrationEnabled switches an integration on or off as the customer's
// admin would, and POSTs INTEGRATION_STATUS_CHANGE to the customer's
// CALLBACK_URL (without holding the lock). ONE_CLICK_EXPORT cannot be
// enabled before the CALLBACK_URL is configured (ErrNoCallbackURL).
func (w *World) SetIntegrationEnabled(ctx context.Context, ictx, itype, tenant string, enabled bool) (Delivery, error) {
	w.mu.Lock()
	c := w.R.Customer(ictx)
	if c == nil {
		w.mu.Unlock()
		return Delivery{}, fmt.Errorf("%w %s", ErrUnknownContext, ictx)
	}
	lk := restli.Key{"ctx": ictx, "itype": itype, "tenant": tenant}
	if enabled && itype == OneClickExport && !w.Records.HasCallbackURL(lk) {
		w.mu.Unlock()
		return Delivery{}, fmt.Errorf("%w (integration %s of %s)", ErrNoCallbackURL, itype, ictx)
	}
	status := "DISABLED"
	if enabled {
		status = "ENABLED"
	}
	_ = w.Synced.Store.Update(records.Integration.Name, lk, 0, func(e *state.Entity) (map[string]json.RawMessage, error) {
		body := map[string]json.RawMessage{}
		if e != nil {
			body = e.Body
		}
		body["status"] = json.RawMessage(`"` + status + `"`)
		return body, nil
	})
	id := fmt.Sprint(7000000 + w.R.Next("statusRequest"))
	c.StatusReqs[id] = append(c.StatusReqs[id], map[string]string{"integrationContext": ictx,
		"integrationType": itype, "tenantType": tenant, "status": status})
	cb := w.Synced.Config(c.Org, OneClickExport, CallbackURL)
	n := shapes.Notification{ID: id, Type: NotifyStatus, ExpiresAt: w.Clock().Add(24 * time.Hour).UnixMilli()}
	w.mu.Unlock()
	return w.Outbox.Deliver(ctx, cb, n), nil
}

// Export exports member to job ext as seat (One-Click Export): it checks
// the job is visible to the seat and the seat's monthly quota, stores the
// export, and POSTs EXPORT_CANDIDATE_PROFILE to the customer's
// CALLBACK_URL (without holding the lock). It returns the request id.
func (w *World) Export(ctx context.Context, seat, member, ext string) (string, Delivery, error) {
	w.mu.Lock()
	c, _, ok := w.R.SeatOwner(seat)
	if !ok {
		w.mu.Unlock()
		return "", Delivery{}, ErrUnknownSeat
	}
	if _, ok := w.R.Member(member); !ok {
		w.mu.Unlock()
		return "", Delivery{}, ErrUnknownMember
	}
	if w.Synced.IntegrationStatus(c.Org, OneClickExport) != "ENABLED" {
		w.mu.Unlock()
		return "", Delivery{}, ErrNotEnabled
	}
	if !slices.ContainsFunc(w.Synced.ExportJobs(seat), func(j Job) bool { return j.ExternalJobPostingID == ext }) {
		w.mu.Unlock()
		return "", Delivery{}, ErrJobNotVisible
	}
	now := w.Clock()
	id, err := w.R.RecordExport(seat, member, ext, now.UnixMilli(), now.UTC().Format("2006-01"), w.ExportsPerSeat)
	if err != nil {
		w.mu.Unlock()
		return "", Delivery{}, err
	}
	cb := w.Synced.Config(c.Org, OneClickExport, CallbackURL)
	n := shapes.Notification{ID: id, Type: NotifyExport, ExpiresAt: now.Add(24 * time.Hour).UnixMilli()}
	w.mu.Unlock()
	return id, w.Outbox.Deliver(ctx, cb, n), nil
}

// Purge closes member's profile (Recruiter.Purge).
func (w *World) Purge(member string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.R.Purge(member, w.now())
}

// SendInMail records an InMail from seat to member.
func (w *World) SendInMail(seat, member, subject, body string) (shapes.ConversationEvent, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.R.SendInMail(seat, member, subject, body, w.now())
}

// ReplyInMail records member's reply to seat, and a mail stub when the
// member shares contact details.
func (w *World) ReplyInMail(seat, member, body string, shareContact bool) (shapes.ConversationEvent, *shapes.MailStub, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.R.ReplyInMail(seat, member, body, shareContact, w.now())
}

// AddProspectNote records a note of seat about member.
func (w *World) AddProspectNote(seat, member, text string, private bool) (shapes.ProspectNote, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.R.AddProspectNote(seat, member, text, private, w.now())
}

// InMails returns the InMails of the customer of ctx, of member only when
// member is not empty.
func (w *World) InMails(ctx, member string) ([]shapes.ConversationEvent, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, err := w.CustomerLocked(ctx)
	if err != nil {
		return nil, err
	}
	out := []shapes.ConversationEvent{}
	for _, ev := range c.InMails {
		if member == "" || ev.Author == member || slices.Contains(ev.Recipients, member) {
			out = append(out, ev)
		}
	}
	return out, nil
}

// MailStubs returns the mail stubs of the customer of ctx, of member only
// when member is not empty.
func (w *World) MailStubs(ctx, member string) ([]shapes.MailStub, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, err := w.CustomerLocked(ctx)
	if err != nil {
		return nil, err
	}
	out := []shapes.MailStub{}
	for _, st := range c.Stubs {
		if member == "" || st.Member == member {
			out = append(out, st)
		}
	}
	return out, nil
}

// ProspectNotes returns the prospect notes of the customer of ctx, private
// ones too, of member only when member is not empty.
func (w *World) ProspectNotes(ctx, member string) ([]shapes.ProspectNote, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, err := w.CustomerLocked(ctx)
	if err != nil {
		return nil, err
	}
	out := []shapes.ProspectNote{}
	for _, n := range c.Notes {
		if member == "" || n.Note.Member == member {
			out = append(out, n.Note)
		}
	}
	return out, nil
}

// SetManualMatchLocked sets (or, for an empty member, removes) the
// manualMatchedMember of the synced candidate of logical key lk; a linked
// member is no longer hidden as unlinked.
func (w *World) SetManualMatchLocked(lk restli.Key, member string) error {
	return w.Synced.Store.Update(records.Candidate.Name, lk, 0, func(e *state.Entity) (map[string]json.RawMessage, error) {
		if e == nil {
			return nil, fmt.Errorf("%w: integrationContext=%s, atsCandidateId=%s", ErrUnknownCandidate, lk["ctx"], lk["cand"])
		}
		if member == "" {
			delete(e.Body, "manualMatchedMember")
		} else {
			e.Body["manualMatchedMember"] = []byte(`"` + member + `"`)
			delete(w.unlinked[lk.Canonical()], member)
		}
		return e.Body, nil
	})
}

// ErrNotLinked is Unlink's error for a member not linked to the candidate.
var ErrNotLinked = errors.New("rscmock: member is not linked to this candidate")

// Unlink removes member from the candidate of logical key key: the manual
// match when it is that member, else LinkedIn's match is hidden in the
// profile widget.
func (w *World) Unlink(key restli.Key, member string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	e, held := w.Synced.Store.Get(records.Candidate.Name, key)
	if !held {
		return fmt.Errorf("%w: integrationContext=%s, atsCandidateId=%s", ErrUnknownCandidate, key["ctx"], key["cand"])
	}
	c := CandidateOf(e.Body)
	if c.ManualMatchedMember != "" && c.ManualMatchedMember == member {
		return w.SetManualMatchLocked(key, "")
	}
	if !slices.Contains(w.Synced.MatchedMembers(e), member) {
		return ErrNotLinked
	}
	k := e.Key.Canonical()
	if w.unlinked == nil {
		w.unlinked = map[string]map[string]bool{}
	}
	if w.unlinked[k] == nil {
		w.unlinked[k] = map[string]bool{}
	}
	w.unlinked[k][member] = true
	return nil
}

// UnlinkedLocked reports whether member was unlinked from the candidate of
// canonical key.
func (w *World) UnlinkedLocked(key, member string) bool { return w.unlinked[key][member] }

// UnlinkedListLocked returns the unlinked members per canonical candidate
// key, sorted (for a saved state).
func (w *World) UnlinkedListLocked() map[string][]string {
	out := map[string][]string{}
	for k, m := range w.unlinked {
		for u, on := range m {
			if on {
				out[k] = append(out[k], u)
			}
		}
		slices.Sort(out[k])
	}
	return out
}

// RestoreUnlinkedLocked replaces the unlinked members (a saved state read back).
func (w *World) RestoreUnlinkedLocked(list map[string][]string) {
	w.unlinked = map[string]map[string]bool{}
	for k, us := range list {
		w.unlinked[k] = map[string]bool{}
		for _, u := range us {
			w.unlinked[k][u] = true
		}
	}
}

// RoomLocked reports an error when adding customers and members would
// exceed maxCustomers or maxMembers.
func (w *World) RoomLocked(customers, members, maxCustomers, maxMembers int) error {
	if len(w.R.Customers())+customers > maxCustomers {
		return fmt.Errorf("the fake holds at most %d customers (MaxCustomers)", maxCustomers)
	}
	if w.R.MemberCount()+members > maxMembers {
		return fmt.Errorf("the fake holds at most %d members (MaxMembers); %d more would exceed it", maxMembers, members)
	}
	return nil
}
