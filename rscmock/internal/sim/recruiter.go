package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
)

// Errors of the recruiter simulator (package rscmock exports them).
var (
	ErrUnknownSeat    = errors.New("rscmock: unknown seat")
	ErrUnknownMember  = errors.New("rscmock: unknown member")
	ErrUnknownContext = errors.New("rscmock: unknown integration context")
	ErrNothingToPurge = errors.New("rscmock: member was never exported")
	ErrExportQuota    = errors.New("rscmock: monthly export quota of the seat is used up")
)

// Member is a LinkedIn member (rscmock.Member with string URNs).
type Member struct {
	URN                string `json:"urn"`
	FirstName          string `json:"firstName"`
	LastName           string `json:"lastName"`
	Headline           string `json:"headline"`
	Email              string `json:"email"`
	ProfileURL         string `json:"profileUrl"`
	CurrentCompanyName string `json:"currentCompanyName"`
	CurrentJobTitle    string `json:"currentJobTitle"`
}

// Seat is a Recruiter seat on a contract, held by a member.
type Seat struct {
	URN      string `json:"urn"`
	Contract string `json:"contract"`
	Holder   Member `json:"holder"`
	// Created is when the seat was created, epoch milliseconds.
	Created int64 `json:"created,omitempty"`
}

// Note is a prospect note and whether it is private to Recruiter.
type Note struct {
	Note    shapes.ProspectNote
	Private bool
}

// Customer is a customer of the ATS as LinkedIn holds it: its organization
// and contract, the child application acting for it, its seats and the
// records LinkedIn serves to the ATS, in the fake's own shapes.
type Customer struct {
	Name          string
	Org, Contract string
	App           *auth.App
	Seats         []Seat
	InMails       []shapes.ConversationEvent
	Stubs         []shapes.MailStub
	Notes         []Note
	// Exports and StatusReqs are the elements of exportedCandidates and
	// atsIntegrations?q=request, by request id.
	Exports    map[string][]shapes.ExportedCandidate
	StatusReqs map[string][]map[string]string
	Purged     []shapes.PurgedExportedCandidate
	// Exported holds the export request ids of each member; ExportCount
	// the exports of each seat + month ("2006-01").
	Exported    map[string][]string
	ExportCount map[string]int
	// Requested holds the integration types the onboarding widget requested.
	Requested map[string]bool
}

// NewCustomer returns an empty customer named name of application a.
func NewCustomer(name string, a *auth.App) *Customer {
	return &Customer{Name: name, Org: a.Org, Contract: a.Contract, App: a,
		Exports: map[string][]shapes.ExportedCandidate{}, StatusReqs: map[string][]map[string]string{},
		Exported: map[string][]string{}, ExportCount: map[string]int{}, Requested: map[string]bool{}}
}

// Recruiter is the recruiter simulator's state: customers, members, seats,
// InMails, mail stubs, prospect notes, exports and purges, and the id
// counters and seeded generator every id of the fake comes from.
//
// A Recruiter is not safe for concurrent use: its owner serializes the
// calls (rscmock.Server holds its lock around them). The synced records,
// tokens, quotas and faults are elsewhere, under locks of their own.
type Recruiter struct {
	// Seed is the seed the generator was made from (Reseed mixes it in).
	seed      uint64
	rng       *rand.Rand
	seq       map[string]int
	customers []*Customer
	byContext map[string]*Customer
	members   map[string]*Member
	memberSeq []string
}

// NewRecruiter returns an empty simulator whose ids are seeded by seed.
func NewRecruiter(seed uint64) *Recruiter {
	return &Recruiter{seed: seed, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seq: map[string]int{},
		byContext: map[string]*Customer{}, members: map[string]*Member{}}
}

// Next returns the next number of a kind's counter.
func (r *Recruiter) Next(kind string) int {
	r.seq[kind]++
	return r.seq[kind]
}

// Counters returns a copy of the id counters.
func (r *Recruiter) Counters() map[string]int {
	out := make(map[string]int, len(r.seq))
	for k, v := range r.seq {
		out[k] = v
	}
	return out
}

// RandHex returns n seeded random hex digits.
func (r *Recruiter) RandHex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[r.rng.IntN(16)]
	}
	return string(b)
}

// Float64 returns a seeded random number in [0, 1).
func (r *Recruiter) Float64() float64 { return r.rng.Float64() }

// Customers returns the customers, in the order added (the slice is the
// Recruiter's own: do not change it).
func (r *Recruiter) Customers() []*Customer { return r.customers }

// Customer returns the customer of an organization or contract URN, or nil.
func (r *Recruiter) Customer(ctx string) *Customer { return r.byContext[ctx] }

// CustomerOf returns the customer application a is bound to, or nil.
func (r *Recruiter) CustomerOf(a *auth.App) *Customer {
	if c := r.byContext[a.Org]; c != nil {
		return c
	}
	return r.byContext[a.Contract]
}

// Bind makes sure a child application bound to an organization or contract
// has a customer, and returns it.
func (r *Recruiter) Bind(a *auth.App) *Customer {
	var c *Customer
	for _, u := range []string{a.Org, a.Contract} {
		if u != "" && r.byContext[u] != nil {
			c = r.byContext[u]
		}
	}
	if c == nil {
		c = NewCustomer(a.Name, a)
		r.customers = append(r.customers, c)
	}
	c.Org, c.Contract = a.Org, a.Contract
	for _, u := range []string{a.Org, a.Contract} {
		if u != "" {
			r.byContext[u] = c
		}
	}
	return c
}

// FreeURN returns urn:li:<typ>:<id>, id raised by 1000 until no customer
// has the URN.
func (r *Recruiter) FreeURN(typ string, id int) string {
	for r.byContext[URN(typ, strconv.Itoa(id))] != nil {
		id += 1000
	}
	return URN(typ, strconv.Itoa(id))
}

// Restore replaces the customers, members and counters (a loaded state);
// the generator is reseeded from the counters, so ids stay deterministic.
func (r *Recruiter) Restore(customers []*Customer, members []Member, counters map[string]int) {
	mix := r.seed
	for _, v := range counters {
		mix += uint64(v) * 0x9e3779b97f4a7c15
	}
	fresh := NewRecruiter(r.seed)
	fresh.rng = rand.New(rand.NewPCG(r.seed, mix))
	for k, v := range counters {
		fresh.seq[k] = v
	}
	for _, c := range customers {
		fresh.customers = append(fresh.customers, c)
		for _, u := range []string{c.Org, c.Contract} {
			if u != "" {
				fresh.byContext[u] = c
			}
		}
	}
	for _, m := range members {
		if fresh.members[m.URN] == nil {
			fresh.memberSeq = append(fresh.memberSeq, m.URN)
		}
		mm := m
		fresh.members[m.URN] = &mm
	}
	*r = *fresh
}

var firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken"}
var lastNames = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Thompson"}

// AddMember adds (or replaces) a member; zero fields get generated values.
func (r *Recruiter) AddMember(m Member) Member {
	n := r.Next("member")
	if m.URN == "" {
		m.URN = URN("person", fmt.Sprintf("m%d%s", n, r.RandHex(6)))
	}
	if m.FirstName == "" {
		m.FirstName = firstNames[(n-1)%len(firstNames)]
	}
	if m.LastName == "" {
		m.LastName = lastNames[((n-1)/len(firstNames)+n-1)%len(lastNames)]
	}
	if m.Email == "" {
		m.Email = fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(m.FirstName), strings.ToLower(m.LastName), n)
	}
	if m.ProfileURL == "" {
		m.ProfileURL = "https://www.linkedin.com/in/" + ID(m.URN)
	}
	if m.Headline == "" {
		m.Headline = "Engineer"
	}
	if _, ok := r.members[m.URN]; !ok {
		r.memberSeq = append(r.memberSeq, m.URN)
	}
	r.members[m.URN] = &m
	return m
}

// Member returns the member of URN u.
func (r *Recruiter) Member(u string) (Member, bool) {
	if m := r.members[u]; m != nil {
		return *m, true
	}
	return Member{}, false
}

// Members returns every member, in the order added.
func (r *Recruiter) Members() []Member {
	out := make([]Member, 0, len(r.memberSeq))
	for _, u := range r.memberSeq {
		out = append(out, *r.members[u])
	}
	return out
}

// MemberCount returns how many members the fake holds.
func (r *Recruiter) MemberCount() int { return len(r.memberSeq) }

// AddSeat adds a seat on c held by holder (a member already added).
func (r *Recruiter) AddSeat(c *Customer, holder Member, now int64) Seat {
	st := Seat{URN: URN("seat", strconv.Itoa(5000+r.Next("seat"))), Contract: c.Contract, Holder: holder, Created: now}
	c.Seats = append(c.Seats, st)
	return st
}

// SeatOwner returns the customer and the seat of URN seat.
func (r *Recruiter) SeatOwner(seat string) (*Customer, Seat, bool) {
	for _, c := range r.customers {
		for _, st := range c.Seats {
			if st.URN == seat {
				return c, st, true
			}
		}
	}
	return nil, Seat{}, false
}

// thread is the messaging thread of a seat and a member.
func thread(seat, member string) string { return URN("messagingThread", ID(seat)+"-"+ID(member)) }

// SendInMail records an InMail from seat to member at now.
func (r *Recruiter) SendInMail(seat, member, subject, body string, now int64) (shapes.ConversationEvent, error) {
	c, _, ok := r.SeatOwner(seat)
	if !ok {
		return shapes.ConversationEvent{}, ErrUnknownSeat
	}
	if r.members[member] == nil {
		return shapes.ConversationEvent{}, ErrUnknownMember
	}
	ev := shapes.ConversationEvent{ID: strconv.Itoa(r.Next("inmail")), Thread: thread(seat, member),
		Author: seat, Recipients: []string{member},
		Content: shapes.Content{Mail: shapes.Mail{Subject: subject, Body: shapes.MailBody{Text: body}}}, CreatedAt: now}
	c.InMails = append(c.InMails, ev)
	return ev, nil
}

// ReplyInMail records member's reply to seat's InMail; with shareContact
// the member shares contact details, which creates a mail stub.
func (r *Recruiter) ReplyInMail(seat, member, body string, shareContact bool, now int64) (shapes.ConversationEvent, *shapes.MailStub, error) {
	c, _, ok := r.SeatOwner(seat)
	if !ok {
		return shapes.ConversationEvent{}, nil, ErrUnknownSeat
	}
	m := r.members[member]
	if m == nil {
		return shapes.ConversationEvent{}, nil, ErrUnknownMember
	}
	ev := shapes.ConversationEvent{ID: strconv.Itoa(r.Next("inmail")), Thread: thread(seat, member),
		Author: member, Recipients: []string{seat},
		Content: shapes.Content{Mail: shapes.Mail{Body: shapes.MailBody{Text: body}}}, CreatedAt: now}
	c.InMails = append(c.InMails, ev)
	if !shareContact {
		return ev, nil, nil
	}
	stub := shapes.MailStub{ID: strconv.Itoa(r.Next("stub")), Owner: seat, Member: m.URN, FirstName: m.FirstName, LastName: m.LastName,
		EmailAddress: m.Email, PhoneNumber: "+1 555 0100", Headline: m.Headline, CurrentCompanyName: m.CurrentCompanyName,
		CurrentJobTitle: m.CurrentJobTitle, ProfileURL: m.ProfileURL, CreatedAt: now}
	c.Stubs = append(c.Stubs, stub)
	return ev, &stub, nil
}

// AddProspectNote records a Recruiter note by seat about member. Private
// notes are visible only in Recruiter, not through prospectNotes.
func (r *Recruiter) AddProspectNote(seat, member, text string, private bool, now int64) (shapes.ProspectNote, error) {
	c, _, ok := r.SeatOwner(seat)
	if !ok {
		return shapes.ProspectNote{}, ErrUnknownSeat
	}
	vis := "CONTRACT"
	if private {
		vis = "PRIVATE"
	}
	n := shapes.ProspectNote{ID: int64(1323000000 + r.Next("note")), Active: true, Contract: c.Contract, Created: now, LastModified: now,
		Owner: seat, Member: member, Note: text, Visibility: vis}
	c.Notes = append(c.Notes, Note{Note: n, Private: private})
	return n, nil
}

// RecordExport stores seat's One-Click Export of member to job ext at now
// (epoch milliseconds; month is its "2006-01"), counting it against the
// seat's monthly quota (perMonth, 0: none). The caller checked the job is
// visible to the seat and the integration is enabled. It returns the
// export's request id.
func (r *Recruiter) RecordExport(seat, member, ext string, now int64, month string, perMonth int) (string, error) {
	c, st, ok := r.SeatOwner(seat)
	if !ok {
		return "", ErrUnknownSeat
	}
	m := r.members[member]
	if m == nil {
		return "", ErrUnknownMember
	}
	k := seat + month
	if perMonth > 0 && c.ExportCount[k] >= perMonth {
		return "", ErrExportQuota
	}
	c.ExportCount[k]++
	id := strconv.Itoa(9000000 + r.Next("export"))
	c.Exports[id] = append(c.Exports[id], shapes.ExportedCandidate{
		IntegrationContext: c.Org, ExternalJobPostingID: ext, ExportedAt: now,
		Candidate: shapes.StubProfile{Member: m.URN, FirstName: m.FirstName, LastName: m.LastName, Headline: m.Headline,
			CurrentCompanyName: m.CurrentCompanyName, CurrentJobTitle: m.CurrentJobTitle, ProfileURL: m.ProfileURL},
		Exporter: &shapes.Exporter{Seat: seat, Person: st.Holder.URN, FirstName: st.Holder.FirstName,
			LastName: st.Holder.LastName, Email: st.Holder.Email},
	})
	c.Exported[member] = append(c.Exported[member], id)
	return id, nil
}

// Purge closes member's profile at now: every customer that exported the
// member finds it in atsPurgedExportedCandidates.
func (r *Recruiter) Purge(member string, now int64) error {
	found := false
	for _, c := range r.customers {
		for _, id := range c.Exported[member] {
			found = true
			c.Purged = append(c.Purged, shapes.PurgedExportedCandidate{Member: member, RequestID: id, ExportType: "ONE_CLICK_EXPORT", PurgedAt: now})
		}
	}
	if !found {
		return ErrNothingToPurge
	}
	return nil
}

// MatchedMembers returns the members LinkedIn matches to a candidate with
// these email addresses and LinkedIn profile URL, in the order added.
func (r *Recruiter) MatchedMembers(emails []string, profileURL string) []string {
	out := []string{}
	for _, u := range r.memberSeq {
		m := r.members[u]
		hit := profileURL != "" && strings.TrimSuffix(profileURL, "/") == strings.TrimSuffix(m.ProfileURL, "/")
		for _, em := range emails {
			hit = hit || strings.EqualFold(em, m.Email)
		}
		if hit {
			out = append(out, u)
		}
	}
	return out
}

// SearchMembers returns the members whose name, email, headline, company,
// title or URN contains every word of query (case-insensitive), in the
// order added. An empty query returns every member.
func (r *Recruiter) SearchMembers(query string) []Member {
	words := strings.Fields(strings.ToLower(query))
	out := []Member{}
	for _, u := range r.memberSeq {
		m := r.members[u]
		text := strings.ToLower(strings.Join([]string{m.FirstName, m.LastName, m.Email, m.Headline,
			m.CurrentCompanyName, m.CurrentJobTitle, m.URN}, " "))
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			out = append(out, *m)
		}
	}
	return out
}

// URN returns urn:li:<typ>:<id>.
func URN(typ, id string) string { return "urn:li:" + typ + ":" + id }

// ID returns the id of urn:li:<type>:<id> ("" when u is no URN).
func ID(u string) string {
	rest, ok := strings.CutPrefix(u, "urn:li:")
	if !ok {
		return ""
	}
	_, id, _ := strings.Cut(rest, ":")
	return id
}

// IsType reports whether u is a URN of type typ: urn:li:<typ>:<id>, the id
// not empty and free of spaces and control characters.
func IsType(u, typ string) bool {
	id, ok := strings.CutPrefix(u, "urn:li:"+typ+":")
	return ok && id != "" && !strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// in reports whether v is one of list, or list is empty (an owners filter).
func in(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
