package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// printer writes the report: titled sections of indented lines.
type printer struct{ w io.Writer }

func (p *printer) title(format string, args ...any) {
	fmt.Fprintf(p.w, format+"\n", args...)
}

func (p *printer) section(name string) { fmt.Fprintf(p.w, "\n%s\n", name) }

// width is where line wraps the report's lines.
const width = 100

// line prints an indented line, wrapped at width; continuation lines keep
// the line's own indentation.
func (p *printer) line(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	body := strings.TrimLeft(text, " ")
	indent := "   " + text[:len(text)-len(body)]
	cur := indent
	for i, w := range strings.Split(body, " ") {
		if i > 0 && len(cur)+1+len(w) > width {
			fmt.Fprintln(p.w, cur)
			cur = indent + w
			continue
		}
		if i > 0 {
			cur += " "
		}
		cur += w
	}
	fmt.Fprintln(p.w, cur)
}

func (p *printer) blank() { fmt.Fprintln(p.w) }

// num formats n with thousands separators.
func num[T int | int64](n T) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// plural returns "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	if strings.HasSuffix(thing, "y") {
		return num(n) + " " + strings.TrimSuffix(thing, "y") + "ies"
	}
	return num(n) + " " + thing + "s"
}

func jsonInto(b []byte, v any) error { return json.Unmarshal(b, v) }

// backfill is where each resource's backfill stands.
type backfill struct {
	resources []resourceState
}

type resourceState struct {
	r        rscsync.Resource
	count    int64 // records in the ATS now
	done     int64 // records the backfill finished
	complete bool
}

func backfillStatus(ctx context.Context, store *sqlitestore.Store) (backfill, error) {
	cps, err := store.Checkpoints(ctx, tenantID)
	if err != nil {
		return backfill{}, err
	}
	var b backfill
	for _, r := range rscsync.Resources() {
		n, err := store.CountRecords(ctx, tenantID, r)
		if err != nil {
			return backfill{}, err
		}
		cp := cps["backfill/"+string(r)]
		b.resources = append(b.resources, resourceState{r: r, count: n, done: cp.Done, complete: cp.Complete})
	}
	return b, nil
}

func (b backfill) complete() bool {
	for _, s := range b.resources {
		if !s.complete {
			return false
		}
	}
	return true
}

func (b backfill) done() int64 {
	var n int64
	for _, s := range b.resources {
		n += s.done
	}
	return n
}

// total is what the backfill will have sent: a complete resource's done,
// else the larger of done and the records there are.
func (b backfill) total() int64 {
	var n int64
	for _, s := range b.resources {
		if s.complete {
			n += s.done
		} else {
			n += max(s.done, s.count)
		}
	}
	return n
}

// resourceNames name one record of each resource.
var resourceNames = map[rscsync.Resource]string{
	rscsync.Jobs: "job", rscsync.Candidates: "candidate", rscsync.Applications: "application", rscsync.Stages: "stage entry",
	rscsync.CandidateNotes: "candidate note", rscsync.ApplicationNotes: "application note", rscsync.InterviewFeedback: "feedback entry",
	rscsync.EntityACLs: "job ACL", rscsync.ACLAssignees: "ACL assignee",
}

// The requests of a backfill that are not sends of a resource's records.
const (
	matchReads rscsync.Resource = "candidate match reads"
	taskReads  rscsync.Resource = "job task reads"
)

// requestsPerResource counts the requests between two counts (by method
// and path) by the resource they send; the reads that follow sends (job
// tasks, candidate matches) under their own names; other calls, e.g.
// pulls, are left out.
func requestsPerResource(before, after map[string]int64) map[rscsync.Resource]int64 {
	out := map[rscsync.Resource]int64{}
	for call, n := range after {
		if r := resourceOfCall(call); r != "" && n > before[call] {
			out[r] += n - before[call]
		}
	}
	return out
}

// resourceOfCall is the resource a request ("METHOD /path") of the sync
// sends, on /rest or /v2, or "".
func resourceOfCall(call string) rscsync.Resource {
	method, path, _ := strings.Cut(call, " ")
	switch {
	case strings.Contains(path, "/simpleJobPostingTasks"):
		return taskReads
	case strings.Contains(path, "/simpleJobPostings"):
		return rscsync.Jobs
	case method == http.MethodGet && (path == "/v2/atsCandidates" || path == "/rest/candidates"):
		return matchReads
	case strings.HasSuffix(path, "/stages") || path == "/rest/applicationStage":
		return rscsync.Stages
	case strings.HasSuffix(path, "/interviewFeedback") || path == "/rest/applicationInterviewFeedbacks":
		return rscsync.InterviewFeedback
	case strings.HasPrefix(path, "/v2/atsApplications/") && strings.HasSuffix(path, "/notes") || path == "/rest/applicationNotes":
		return rscsync.ApplicationNotes
	case strings.HasPrefix(path, "/v2/atsCandidates/") && strings.HasSuffix(path, "/notes") || path == "/rest/candidateNotes":
		return rscsync.CandidateNotes
	case path == "/v2/atsCandidates" || path == "/rest/candidates":
		return rscsync.Candidates
	case path == "/v2/atsApplications" || path == "/rest/atsApplications":
		return rscsync.Applications
	case path == "/v2/atsEntityAcls":
		return rscsync.EntityACLs
	case path == "/v2/atsEntityAclAssignees":
		return rscsync.ACLAssignees
	}
	return ""
}

// sentSince returns the records of each resource the backfill finished
// since from.
func (b backfill) sentSince(from backfill) map[rscsync.Resource]int64 {
	before := map[rscsync.Resource]int64{}
	for _, s := range from.resources {
		before[s.r] = s.done
	}
	out := map[rscsync.Resource]int64{}
	for _, s := range b.resources {
		if n := s.done - before[s.r]; n > 0 {
			out[s.r] = n
		}
	}
	return out
}

// requestsPerRecord renders, per resource, the records the backfill sent
// since from and the requests that took ("1 per N records").
func (b backfill) requestsPerRecord(from backfill, reqs map[rscsync.Resource]int64) string {
	sent := b.sentSince(from)
	var parts []string
	var records, requests int64
	for _, s := range b.resources {
		n := sent[s.r]
		if n <= 0 {
			continue
		}
		records, requests = records+n, requests+reqs[s.r]
		parts = append(parts, fmt.Sprintf("%s %s", s.r, perRecords(n, reqs[s.r])))
	}
	reads := reqs[taskReads] + reqs[matchReads]
	return fmt.Sprintf("%s in all; %s; and %s (%d %s, %d %s)", perRecords(records, requests), strings.Join(parts, ", "),
		plural(int(reads), "read"), reqs[taskReads], taskReads, reqs[matchReads], matchReads)
}

// perRecords renders "R requests for N records (1 per X)".
func perRecords(records, requests int64) string {
	if requests == 0 {
		return fmt.Sprintf("0 requests for %s records", num(records))
	}
	return fmt.Sprintf("%s for %s records (1 per %.0f)", plural(int(requests), "request"), num(records), float64(records)/float64(requests))
}

func (b backfill) breakdown() string {
	var parts []string
	for _, s := range b.resources {
		parts = append(parts, plural(int(s.done), resourceNames[s.r]))
	}
	return strings.Join(parts, ", ")
}

// progress shows the backfill's progress on one line of stderr: updated in
// place (\r) on a terminal, otherwise a line at most every second.
type progress struct {
	w   io.Writer
	tty bool

	mu        sync.Mutex
	total     int64
	done      map[rscsync.Resource]int64
	startDone int64
	start     time.Time
	last      time.Time
	current   rscsync.Resource
	shown     bool
}

func newProgress(w io.Writer, b backfill) *progress {
	p := &progress{w: w, total: b.total(), done: map[rscsync.Resource]int64{}}
	for _, s := range b.resources {
		p.done[s.r] = s.done
		p.startDone += s.done
	}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// begin starts the clock of the rate and ETA.
func (p *progress) begin() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start, p.last = time.Now(), time.Now()
}

// update is the Runner's Config.Progress.
func (p *progress) update(pr rscsync.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.done[pr.Resource] = pr.Done
	p.current = pr.Resource
	if p.tty {
		fmt.Fprintf(p.w, "\r%-100s", p.lineLocked(now))
		p.shown = true
		return
	}
	if now.Sub(p.last) >= time.Second {
		fmt.Fprintln(p.w, p.lineLocked(now))
		p.last, p.shown = now, true
	}
}

func (p *progress) lineLocked(now time.Time) string {
	var done int64
	for _, d := range p.done {
		done += d
	}
	total := max(p.total, done)
	pct := 100
	if total > 0 {
		pct = int(done * 100 / total)
	}
	rate := 0.0
	if el := now.Sub(p.start).Seconds(); el > 0 {
		rate = float64(done-p.startDone) / el
	}
	eta := "-"
	if rate > 0 {
		eta = (time.Duration(float64(total-done) / rate * float64(time.Second))).Round(100 * time.Millisecond).String()
	}
	return fmt.Sprintf("backfill: %s/%s records (%d%%), %s records/s, ETA %s, sending %s",
		num(done), num(total), pct, num(int64(rate)), eta, plural(2, resourceNames[p.current])[2:])
}

// finish ends the progress line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.current == "" {
		return // nothing was sent
	}
	now := time.Now()
	if p.tty {
		fmt.Fprintf(p.w, "\r%-100s\n", p.lineLocked(now))
		return
	}
	if !p.shown || p.last != now {
		fmt.Fprintln(p.w, p.lineLocked(now))
	}
}

// report prints what Recruiter shows and what the ATS received.
func report(ctx context.Context, p *printer, li *linkedIn, store *sqlitestore.Store, t sqlitestore.TenantRow, res *outcome) error {
	org := model.URN(t.Organization)
	us, err := store.Users(ctx, tenantID)
	if err != nil {
		return err
	}
	rita := us[0].Seat

	p.section("What Recruiter now shows (Rita's view)")
	ind := li.srv.InATS(org, res.profile.URN, rita)
	moved := "without"
	if slices.Contains(ind.Stages, res.edit.toStage) {
		moved = "with"
	}
	p.line("In-ATS indicator on %s's profile (matched by email): candidate %s, %s, %s %s the new %q, %s, %s.",
		res.profile.Name(), strings.Join(ind.Candidates, ", "), plural(len(ind.Applications), "application"),
		plural(len(ind.Stages), "stage entry"), moved, res.edit.toStage, plural(ind.Notes, "note"), plural(ind.Feedback, "interview feedback entry"))
	ind = li.srv.InATS(org, res.exported.URN, rita)
	p.line("In-ATS indicator on %s's profile: candidate %s, applications %s, stages %s.", res.exported.Name(),
		strings.Join(ind.Candidates, ", "), strings.Join(ind.Applications, ", "), strings.Join(ind.Stages, " > "))
	past := li.srv.PastApplicants(org, res.profile.URN, res.exported.URN, res.replied.URN)
	p.line("A search finding %s, %s and %s shows %d past applicants (%s replied but has no application yet).",
		res.profile.Name(), res.exported.Name(), res.replied.Name(), past, res.replied.Name())

	p.section("What the ATS received")
	c, ok, err := store.CandidateByMember(ctx, tenantID, res.exported.URN)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("the export of %s did not reach the ATS", res.exported.Name())
	}
	res.exportedID = c.ID
	p.line("Candidate %s %s %s, exported by Rita (linked to %s):", c.ID, c.FirstName, c.LastName, c.Member)
	p.line("   tags: %s", strings.Join(c.Tags, ", "))
	for _, pr := range c.Processes {
		p.line("   hiring process %s for %s %q, stage %s", pr.ApplicationID, pr.JobID, pr.JobTitle, strings.Join(pr.Stages, " > "))
		p.line("   source %q (%s); source contact %s <%s>, user %s", pr.Source.Name, pr.Source.Type, pr.Source.ContactName, pr.Source.ContactEmail, pr.Source.ContactUserID)
	}
	if c.Notes > 0 {
		p.line("   %s attached", plural(c.Notes, "Recruiter note"))
	}
	if len(c.PossibleDuplicates) > 0 {
		p.line("   possible duplicates flagged (never merged): %s", strings.Join(c.PossibleDuplicates, ", "))
	}
	r, ok, err := store.CandidateByMember(ctx, tenantID, res.replied.URN)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("the contact details %s shared did not reach the ATS", res.replied.Name())
	}
	res.repliedID = r.ID
	state := "unassigned (no hiring process yet)"
	if !r.Unassigned {
		state = plural(len(r.Processes), "hiring process")
	}
	p.line("Candidate %s %s %s from the InMail reply, %s:", r.ID, r.FirstName, r.LastName, state)
	p.line("   email %s, phone %s; %s attached", strings.Join(r.Emails, ", "), strings.Join(r.Phones, ", "), plural(r.Messages, "InMail"))

	p.section("Who may read LinkedIn's InMails and notes")
	res.access, err = readAccess(ctx, p, store, c.ID, r.ID)
	return err
}
