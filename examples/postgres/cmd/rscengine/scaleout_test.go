package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

const dsnEnv = "RSC_TEST_POSTGRES_DSN"

// Scale-out test parameters.
const (
	numTenants       = 5
	candidatesPer    = 1200 // about 10,100 records per tenant, 50,538 in all
	minRecords       = 50_000
	numEngines       = 3
	lockTTL          = 2 * time.Second
	recordsPerMinute = 60_000 // per tenant: a 10,000-record tenant takes about 10 s
	killAtFraction   = 0.25   // of all records done
	backfillTimeout  = 90 * time.Second
)

// customer is what POST /_mock/customers answers.
type customer struct {
	Name         string    `json:"name"`
	Organization model.URN `json:"organization"`
	Contract     model.URN `json:"contract"`
	ClientID     string    `json:"clientId"`
	ClientSecret string    `json:"clientSecret"`
}

// engine is one started rscengine process.
type engine struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	errPath string
	waited  chan struct{}
	err     error
}

// TestScaleOutKill backfills 50,000 records of 5 tenants with 3 engine
// processes on one PostgreSQL and one rscmock, kills one with SIGKILL in
// the middle, and checks that the others finish its tenants, that
// LinkedIn ends up with exactly the database's records, and that no
// tenant was ever sent by two processes at once.
func TestScaleOutKill(t *testing.T) {
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skipf("%s is not set; set it to run the PostgreSQL scale-out test, e.g. %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable", dsnEnv, dsnEnv)
	}
	if testing.Short() {
		t.Skip("the scale-out test builds and runs processes; skipped with -short")
	}
	t.Parallel()
	ctx := t.Context()
	began := time.Now()
	dir := t.TempDir()

	// Build the two binaries.
	mockBin, engineBin := filepath.Join(dir, "rscmock"), filepath.Join(dir, "rscengine")
	var wg sync.WaitGroup
	wg.Go(func() { goBuild(t, repoRoot(t), mockBin, "./rscmock/cmd/rscmock") })
	wg.Go(func() { goBuild(t, ".", engineBin, ".") })
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	tBuilt := time.Now()

	// rscmock and the customers.
	base := startMock(t, mockBin, dir)
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	var specs []tenantSpec
	for i := range numTenants {
		var c customer
		mockDo(t, hc, http.MethodPost, base+"/_mock/customers", map[string]any{"name": fmt.Sprintf("Tenant %d", i+1), "seats": 2}, &c)
		specs = append(specs, tenantSpec{ID: fmt.Sprintf("tenant-%d", i+1), ClientID: c.ClientID, ClientSecret: c.ClientSecret,
			Organization: c.Organization, Contract: c.Contract})
	}
	tenantsFile := filepath.Join(dir, "tenants.json")
	b, _ := json.Marshal(specs)
	if err := os.WriteFile(tenantsFile, b, 0o600); err != nil {
		t.Fatal(err)
	}

	// The database: a schema of its own, seeded with COPY.
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	schema := fmt.Sprintf("scaleout_%016x", rand.Uint64())
	store, err := pgstore.New(ctx, pool, pgstore.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		store.Close()
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := pool.Exec(cctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	now := time.Now()
	total := 0
	datasets := make([]atsgen.Dataset, len(specs))
	for i, s := range specs {
		d := atsgen.Generate(uint64(i+1), candidatesPer, now)
		datasets[i] = d
		for _, r := range rscsync.Resources() {
			n, err := store.SeedRecords(ctx, s.ID, r, d.Records[r])
			if err != nil {
				t.Fatal(err)
			}
			total += int(n)
		}
	}
	if total < minRecords {
		t.Fatalf("seeded %d records, want at least %d", total, minRecords)
	}
	tSeeded := time.Now()
	t.Logf("seeded %d records of %d tenants in %v (build %v)", total, numTenants, tSeeded.Sub(tBuilt).Round(time.Millisecond), tBuilt.Sub(began).Round(time.Millisecond))

	// Three engines.
	engines := make([]*engine, numEngines)
	for i := range engines {
		engines[i] = startEngine(t, engineBin, dir, fmt.Sprintf("p%d", i+1), dsn, schema, base, tenantsFile)
	}
	t.Cleanup(func() {
		for _, e := range engines {
			e.stop(syscall.SIGKILL, time.Second)
		}
	})

	// Watch the checkpoints; kill the engine holding the most unfinished
	// tenants once a quarter of the records is done.
	var victim *engine
	var killAt time.Time
	var victimTenants []string
	var doneAtKill int64
	var removed []removedRecord
	deadline := time.Now().Add(backfillTimeout)
	for {
		prog := progress(t, pool, schema)
		if prog.complete == numTenants {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("backfill not complete after %v: %d of %d records, %d tenants complete\n%s", backfillTimeout, prog.done, total, prog.complete, tails(engines))
		}
		for _, e := range engines {
			select {
			case <-e.waited:
				if e != victim {
					t.Fatalf("engine %s exited: %v\n%s", e.name, e.err, tails(engines))
				}
			default:
			}
		}
		if victim == nil && prog.done >= int64(float64(total)*killAtFraction) {
			leases, err := store.Leases(ctx)
			if err != nil {
				t.Fatal(err)
			}
			held := map[*engine][]string{}
			for _, l := range leases {
				tenant, isTenant := strings.CutPrefix(l.Name, "tenant/")
				if !isTenant || l.Until.Before(time.Now()) || prog.completeTenants[tenant] {
					continue
				}
				for _, e := range engines {
					if strings.HasPrefix(l.Owner, e.name+"-") {
						held[e] = append(held[e], tenant)
					}
				}
			}
			for _, e := range engines {
				if victim == nil || len(held[e]) > len(held[victim]) {
					victim = e
				}
			}
			if len(held[victim]) == 0 {
				t.Fatalf("no engine holds an unfinished tenant at %d of %d records", prog.done, total)
			}
			victimTenants, doneAtKill = held[victim], prog.done
			slices.Sort(victimTenants)
			victim.stop(syscall.SIGKILL, 5*time.Second)
			killAt = time.Now()
			t.Logf("%v after start: SIGKILL %s holding %v at %d of %d records", killAt.Sub(tSeeded).Round(time.Millisecond), victim.name, victimTenants, doneAtKill, total)
			// The ATS keeps changing meanwhile, through the outbox.
			updateRecords(t, pool, store, specs, datasets)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if victim == nil {
		t.Fatal("the backfill finished before an engine could be killed; raise candidatesPer or lower recordsPerMinute")
	}
	// The pages each tenant's backfill sent once (before records are added
	// or removed, which moves page boundaries).
	expected := map[string][2]int{}
	for _, s := range specs {
		want, maxPage := expectedBatches(t, store, s.ID)
		expected[s.ID] = [2]int{want, maxPage}
	}
	// More changes, now with the backfill done: new and deleted records.
	removed = addAndRemoveRecords(t, pool, store, specs, datasets)
	total += (newPerTenant - len(removed)/numTenants) * numTenants
	// Then the outbox drains.
	for outboxLen(t, pool, schema) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d intents still in the outbox after %v\n%s", outboxLen(t, pool, schema), backfillTimeout, tails(engines))
		}
		time.Sleep(50 * time.Millisecond)
	}
	tDone := time.Now()
	t.Logf("backfill and push of %d records complete %v after the engines started (%v after the kill)", total,
		tDone.Sub(tSeeded).Round(time.Millisecond), tDone.Sub(killAt).Round(time.Millisecond))

	// The victim's tenants are held by the survivors now.
	leases, err := store.Leases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range leases {
		if strings.HasPrefix(l.Owner, victim.name+"-") && l.Until.After(time.Now()) {
			t.Errorf("the killed engine still holds %s until %v", l.Name, l.Until)
		}
	}

	// Stop the survivors with SIGTERM: they exit cleanly.
	stopAt := time.Now()
	for _, e := range engines {
		if e != victim {
			e.stop(syscall.SIGTERM, 15*time.Second)
			if e.err != nil {
				t.Errorf("engine %s after SIGTERM: %v\n%s", e.name, e.err, tail(e.errPath, 20))
			}
		}
	}
	t.Logf("survivors stopped in %v", time.Since(stopAt).Round(time.Millisecond))

	// LinkedIn holds exactly the database's records.
	tVerify := time.Now()
	checked := 0
	for _, s := range specs {
		checked += compareTenant(t, hc, base, store, s)
		parked, err := store.Parked(ctx, s.ID)
		if err != nil || len(parked) > 0 {
			t.Errorf("tenant %s: parked records %v, %v; want none", s.ID, parked, err)
		}
	}
	for _, rm := range removed {
		q := entityQuery(rm.org, rm.r, rm.ref)
		if body, status, err := get(t, hc, base+"/_mock/entity?"+q.Encode()); err != nil || status != http.StatusNotFound {
			t.Errorf("%s %+v deleted in the ATS: LinkedIn answers %d %s %v, want 404", rm.r, rm.ref, status, body, err)
		}
	}
	if checked != total {
		t.Errorf("compared %d records with LinkedIn, seeded %d", checked, total)
	}
	t.Logf("compared %d records with LinkedIn in %v", checked, time.Since(tVerify).Round(time.Millisecond))

	// No tenant was sent by two processes at once.
	reqs := readRequestLogs(t, engines, victim, killAt)
	checkExclusive(t, reqs, victim.name, victimTenants, killAt)
	checkResumed(t, reqs, pool, schema, expected, specs, append(victimTenants, fencedTenants(t, engines, specs)...))
	t.Logf("total %v (build %v, seed %v, backfill %v, verify %v)", time.Since(began).Round(time.Millisecond),
		tBuilt.Sub(began).Round(time.Millisecond), tSeeded.Sub(tBuilt).Round(time.Millisecond),
		tDone.Sub(tSeeded).Round(time.Millisecond), time.Since(tVerify).Round(time.Millisecond))
}

// repoRoot is the directory of the library's go.mod (two modules up from
// here, found through go.work when there is one).
func repoRoot(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOWORK").Output()
	if err == nil {
		if w := strings.TrimSpace(string(out)); w != "" && w != "off" {
			return filepath.Dir(w)
		}
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/rsckit/rsckit\n")) {
			return d
		}
	}
	t.Fatalf("no github.com/rsckit/rsckit module above %s", dir)
	return ""
}

func goBuild(t testing.TB, dir, out, pkg string) {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
}

// startMock starts rscmock without server-side quotas and returns its base URL.
func startMock(t testing.TB, bin, dir string) string {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-records-per-minute", "0", "-requests-per-day", "0")
	errf, err := os.Create(filepath.Join(dir, "rscmock.stderr"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = errf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		errf.Close()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("rscmock: %v\n%s", err, tail(errf.Name(), 20))
	}
	var info struct {
		BaseURL string `json:"base_url"`
	}
	if err := json.Unmarshal([]byte(line), &info); err != nil || info.BaseURL == "" {
		t.Fatalf("rscmock printed %q: %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return info.BaseURL
}

// mockDo calls a /_mock/ endpoint and decodes its JSON answer into out.
func mockDo(t *testing.T, hc *http.Client, method, u string, body, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %s: %s", method, u, resp.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s %s: %v: %s", method, u, err, b)
	}
}

func startEngine(t *testing.T, bin, dir, name, dsn, schema, base, tenantsFile string) *engine {
	t.Helper()
	e := &engine{name: name, logPath: filepath.Join(dir, name+".requests"), errPath: filepath.Join(dir, name+".stderr"), waited: make(chan struct{})}
	e.start(t, bin, "-dsn", dsn, "-schema", schema, "-base-url", base, "-tenants", "@"+tenantsFile,
		"-name", name, "-lock-ttl", lockTTL.String(), "-concurrency", "3", "-tenant-refresh", "250ms",
		"-records-per-minute", fmt.Sprint(recordsPerMinute), "-lookback", "48h", "-request-log", e.logPath,
		"-v2-for", "exportedCandidates,atsPurgedExportedCandidates") // today's rscmock serves them on /v2 only
	return e
}

// start runs bin with args, its output going to e.errPath, and closes
// e.waited when it exits.
func (e *engine) start(tb testing.TB, bin string, args ...string) {
	tb.Helper()
	e.cmd = exec.Command(bin, args...)
	e.cmd.Env = os.Environ()
	errf, err := os.Create(e.errPath)
	if err != nil {
		tb.Fatal(err)
	}
	e.cmd.Stderr, e.cmd.Stdout = errf, errf
	if err := e.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() {
		e.err = e.cmd.Wait()
		errf.Close()
		close(e.waited)
	}()
}

// stop sends sig and waits up to wait for the process to exit (then kills it).
func (e *engine) stop(sig syscall.Signal, wait time.Duration) {
	select {
	case <-e.waited:
		return
	default:
	}
	_ = e.cmd.Process.Signal(sig)
	select {
	case <-e.waited:
	case <-time.After(wait):
		_ = e.cmd.Process.Kill()
		<-e.waited
	}
}

// backfillProgress sums the backfill checkpoints.
type backfillProgress struct {
	done            int64
	complete        int // tenants whose every resource is complete
	completeTenants map[string]bool
}

func progress(t *testing.T, pool *pgxpool.Pool, schema string) backfillProgress {
	t.Helper()
	rows, err := pool.Query(t.Context(), `
SELECT tenant, sum(done), count(*) FILTER (WHERE complete) FROM `+pgx.Identifier{schema, "checkpoints"}.Sanitize()+`
WHERE stream LIKE 'backfill/%' GROUP BY tenant`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	p := backfillProgress{completeTenants: map[string]bool{}}
	for rows.Next() {
		var tenant string
		var done, complete int64
		if err := rows.Scan(&tenant, &done, &complete); err != nil {
			t.Fatal(err)
		}
		p.done += done
		// Every resource's stream, and rscsync.Attachments: pgstore serves them.
		if complete == int64(len(rscsync.Resources())+1) {
			p.complete++
			p.completeTenants[tenant] = true
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return p
}

// dbRecords returns every record of a tenant's resource, by ref.
func dbRecords(t *testing.T, store *pgstore.Store, tenant string, r rscsync.Resource) map[rscsync.Ref]model.Record {
	t.Helper()
	out := map[rscsync.Ref]model.Record{}
	after := ""
	for {
		recs, last, err := store.ScanRecords(t.Context(), tenant, r, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) == 0 {
			return out
		}
		for _, rec := range recs {
			out[rec.Ref] = rec.Value
		}
		after = last
	}
}

// canonical decodes JSON into generic values for comparison, dropping keys.
func canonical(t *testing.T, b []byte, drop ...string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	for _, k := range drop {
		delete(m, k)
	}
	return m
}

// compareTenant checks that LinkedIn (the mock) holds the database's records
// of tenant: jobs, candidates and applications from the mock's lists (same
// count, same bodies), the other resources by looking up every record. It
// returns the number of records compared.
func compareTenant(t *testing.T, hc *http.Client, base string, store *pgstore.Store, s tenantSpec) int {
	t.Helper()
	org := url.QueryEscape(string(s.Organization))
	checked := 0
	mismatch := func(format string, args ...any) {
		t.Helper()
		t.Errorf("tenant %s: "+format, append([]any{s.ID}, args...)...)
	}

	jobs := dbRecords(t, store, s.ID, rscsync.Jobs)
	var liJobs []struct {
		ExternalJobPostingID string `json:"externalJobPostingId"`
		Title                string `json:"title"`
		Location             string `json:"location"`
		Closed               bool   `json:"closed"`
	}
	mockDo(t, hc, http.MethodGet, base+"/_mock/jobs?integrationContext="+org, nil, &liJobs)
	if len(liJobs) != len(jobs) {
		mismatch("LinkedIn has %d jobs, the database %d", len(liJobs), len(jobs))
	}
	for _, j := range liJobs {
		v, ok := jobs[rscsync.Ref{ID: j.ExternalJobPostingID}]
		if !ok {
			mismatch("job %s at LinkedIn is not in the database", j.ExternalJobPostingID)
			continue
		}
		want := v.(model.JobPosting)
		if j.Title != want.Title || j.Location != want.Location || j.Closed != (want.State == model.JobStateClosed) {
			mismatch("job %s: LinkedIn %+v, database %+v", j.ExternalJobPostingID, j, want)
		}
		checked++
	}

	for _, list := range []struct {
		r        rscsync.Resource
		path, id string
		drop     []string
	}{
		{rscsync.Candidates, "/_mock/candidates", "atsCandidateId", []string{"integrationContext", "atsCandidateId", "matchedMembers"}},
		{rscsync.Applications, "/_mock/applications", "atsJobApplicationId", []string{"integrationContext", "atsJobApplicationId"}},
	} {
		recs := dbRecords(t, store, s.ID, list.r)
		var views []json.RawMessage
		mockDo(t, hc, http.MethodGet, base+list.path+"?integrationContext="+org, nil, &views)
		if len(views) != len(recs) {
			mismatch("LinkedIn has %d %s, the database %d", len(views), list.r, len(recs))
		}
		for _, raw := range views {
			got := canonical(t, raw)
			id, _ := got[list.id].(string)
			v, ok := recs[rscsync.Ref{ID: id}]
			if !ok {
				mismatch("%s %s at LinkedIn is not in the database", list.r, id)
				continue
			}
			b, _ := json.Marshal(v)
			want := canonical(t, b)
			for _, k := range list.drop {
				delete(got, k)
			}
			if !reflect.DeepEqual(want, got) {
				mismatch("%s %s: LinkedIn %v, database %v", list.r, id, got, want)
			}
			checked++
		}
	}

	// The other resources have no list at the mock: look up each record.
	type lookup struct {
		r   rscsync.Resource
		ref rscsync.Ref
		v   model.Record
	}
	var todo []lookup
	for _, r := range []rscsync.Resource{rscsync.Stages, rscsync.CandidateNotes, rscsync.ApplicationNotes,
		rscsync.InterviewFeedback, rscsync.EntityACLs, rscsync.ACLAssignees} {
		for ref, v := range dbRecords(t, store, s.ID, r) {
			todo = append(todo, lookup{r, ref, v})
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan lookup)
	var failures []string
	for range 8 {
		wg.Go(func() {
			for l := range next {
				q := entityQuery(s.Organization, l.r, l.ref)
				body, status, err := get(t, hc, base+"/_mock/entity?"+q.Encode())
				var problem string
				switch {
				case err != nil:
					problem = err.Error()
				case status == http.StatusNotFound:
					problem = "missing at LinkedIn"
				case status != http.StatusOK:
					problem = fmt.Sprintf("status %d: %s", status, body)
				default:
					b, _ := json.Marshal(l.v)
					if want, got := canonical(t, b), canonical(t, body); !reflect.DeepEqual(want, got) {
						problem = fmt.Sprintf("LinkedIn %v, database %v", got, want)
					}
				}
				if problem != "" {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s %+v: %s", l.r, l.ref, problem))
					mu.Unlock()
				}
			}
		})
	}
	for _, l := range todo {
		next <- l
	}
	close(next)
	wg.Wait()
	sort.Strings(failures)
	for i, f := range failures {
		if i == 20 {
			mismatch("... and %d more", len(failures)-20)
			break
		}
		mismatch("%s", f)
	}
	return checked + len(todo)
}

// entityQuery is the /_mock/entity query of a record.
func entityQuery(org model.URN, r rscsync.Resource, ref rscsync.Ref) url.Values {
	q := url.Values{"ctx": {string(org)}}
	switch r {
	case rscsync.CandidateNotes:
		q.Set("kind", "candidateNote")
		q.Set("cand", ref.Parent)
		q.Set("note", ref.ID)
	case rscsync.ApplicationNotes:
		q.Set("kind", "applicationNote")
		q.Set("app", ref.Parent)
		q.Set("note", ref.ID)
	case rscsync.Stages:
		q.Set("kind", "stage")
		q.Set("app", ref.Parent)
		q.Set("stage", ref.ID)
	case rscsync.InterviewFeedback:
		q.Set("kind", "feedback")
		q.Set("app", ref.Parent)
		q.Set("fb", ref.ID)
	case rscsync.EntityACLs:
		q.Set("kind", "acl")
		q.Set("acl", ref.ID)
		q.Set("entity", ref.Parent)
		q.Set("etype", "JOB_POSTING")
	case rscsync.ACLAssignees:
		q.Set("kind", "assignee")
		q.Set("acl", ref.ID)
		q.Set("assignee", ref.Parent)
		q.Set("etype", "JOB_POSTING")
	}
	return q
}

func get(t *testing.T, hc *http.Client, u string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return b, resp.StatusCode, err
}

// request is one API request from the request logs.
type request struct {
	logEntry
	open bool // no "end" line: cut off by the kill
}

// readRequestLogs merges the engines' request logs. A request of the killed
// engine without an end line is taken to end at the kill.
func readRequestLogs(t *testing.T, engines []*engine, victim *engine, killAt time.Time) []request {
	t.Helper()
	var out []request
	for _, e := range engines {
		f, err := os.Open(e.logPath)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]*request{}
		var order []int64
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var le logEntry
			if err := json.Unmarshal(sc.Bytes(), &le); err != nil {
				// A line cut by SIGKILL can only be the last one of the victim.
				if e == victim {
					continue
				}
				t.Fatalf("%s: %v: %s", e.logPath, err, sc.Bytes())
			}
			r := byID[le.ID]
			if r == nil {
				r = &request{open: true}
				byID[le.ID] = r
				order = append(order, le.ID)
			}
			r.logEntry = le
			if le.Event == "end" {
				r.open = false
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		for _, id := range order {
			r := *byID[id]
			if r.open {
				if e != victim {
					t.Errorf("%s: request %d (%s %s) never ended", e.name, id, r.Method, r.Path)
				}
				r.End = killAt.UnixNano()
			}
			out = append(out, r)
		}
	}
	return out
}

// checkExclusive checks that for every tenant no two processes had API
// requests in flight at the same time, and reports the handover of the
// killed engine's tenants.
func checkExclusive(t *testing.T, reqs []request, victim string, victimTenants []string, killAt time.Time) {
	t.Helper()
	byTenant := map[string][]request{}
	for _, r := range reqs {
		byTenant[r.Tenant] = append(byTenant[r.Tenant], r)
	}
	procsPerTenant := map[string][]string{}
	for tenant, rs := range byTenant {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
		maxEnd := map[string]int64{} // latest end of each process so far
		last := map[string]request{}
		overlaps := 0
		for _, r := range rs {
			for p, end := range maxEnd {
				if p != r.Proc && end > r.Start {
					if overlaps < 5 {
						o := last[p]
						t.Errorf("tenant %s: %s %s %s started at %d while %s's %s %s (from %d) was in flight until %d",
							tenant, r.Proc, r.Method, r.Path, r.Start, p, o.Method, o.Path, o.Start, end)
					}
					overlaps++
				}
			}
			if r.End > maxEnd[r.Proc] {
				maxEnd[r.Proc] = r.End
				last[r.Proc] = r
			}
			if !slices.Contains(procsPerTenant[tenant], r.Proc) {
				procsPerTenant[tenant] = append(procsPerTenant[tenant], r.Proc)
			}
		}
		if overlaps > 0 {
			t.Errorf("tenant %s: %d requests overlapped another process's", tenant, overlaps)
		}
	}
	tenants := make([]string, 0, len(byTenant))
	for tenant := range byTenant {
		tenants = append(tenants, tenant)
	}
	sort.Strings(tenants)
	for _, tenant := range tenants {
		t.Logf("tenant %s: %d requests by %v", tenant, len(byTenant[tenant]), procsPerTenant[tenant])
	}
	for _, tenant := range victimTenants {
		var lastVictim, firstOther int64
		for _, r := range byTenant[tenant] {
			if r.Proc == victim && r.End > lastVictim {
				lastVictim = r.End
			}
			if r.Proc != victim && r.Start > killAt.UnixNano() && (firstOther == 0 || r.Start < firstOther) {
				firstOther = r.Start
			}
		}
		if firstOther == 0 {
			t.Errorf("tenant %s of the killed engine was never served again", tenant)
			continue
		}
		t.Logf("tenant %s: handed over %v after the kill (the killed engine's last request ended %v before it)", tenant,
			time.Duration(firstOther-killAt.UnixNano()).Round(time.Millisecond), killAt.Sub(time.Unix(0, lastVictim)).Round(time.Millisecond))
	}
}

// expectedBatches returns the batch requests a backfill of tenant makes
// when every page is sent once (jobs aside), and the most requests of one
// page: pages of rscsync's default 100 records in scan order, one request
// per page (on the client's default /rest endpoints notes, stages and
// feedback are top-level resources, not one request per parent as on /v2).
func expectedBatches(t *testing.T, store *pgstore.Store, tenant string) (total, maxPage int) {
	t.Helper()
	for _, r := range rscsync.Resources() {
		if r == rscsync.Jobs {
			continue
		}
		after := ""
		for {
			recs, last, err := store.ScanRecords(t.Context(), tenant, r, after, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) == 0 {
				break
			}
			n := 1
			total += n
			maxPage = max(maxPage, n)
			after = last
		}
	}
	return total, maxPage
}

// checkResumed checks that every record page was sent once, except that
// a tenant cut off mid-page (the killed engine's, or one whose lease an
// engine lost: cut) resent at most the one page in flight: the survivors
// resumed them from their checkpoints rather than from the start. A tenant
// handed over for balance stops at a page boundary, so it resends nothing.
// It counts the successful batch requests (jobs aside) in the logs.
func checkResumed(t *testing.T, reqs []request, pool *pgxpool.Pool, schema string, expected map[string][2]int, tenants []tenantSpec, cut []string) {
	t.Helper()
	// Push (the outbox) runs after a tenant's backfill is complete: count
	// only the requests before its last backfill stream completed. The
	// streams of one dependency wave run at once, so any of them may be
	// the last.
	rows, err := pool.Query(t.Context(), `SELECT tenant, max(updated_at) FROM `+pgx.Identifier{schema, "checkpoints"}.Sanitize()+
		` WHERE stream LIKE 'backfill/%' AND complete GROUP BY tenant`)
	if err != nil {
		t.Fatal(err)
	}
	completed := map[string]time.Time{}
	for rows.Next() {
		var tenant string
		var at time.Time
		if err := rows.Scan(&tenant, &at); err != nil {
			t.Fatal(err)
		}
		completed[tenant] = at
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	batches := map[string]int{}
	for _, r := range reqs {
		if strings.HasPrefix(strings.ToLower(r.RestLi), "batch_") && !strings.Contains(r.Path, "simpleJobPosting") && r.Status/100 == 2 &&
			r.Start < completed[r.Tenant].UnixNano() {
			batches[r.Tenant]++
		}
	}
	// A tenant cut off mid-page may have its page in flight sent again by
	// the next owner; any other tenant, whether or not it was handed over
	// for balance when an engine joined, must have sent each page once.
	resend := map[string]bool{}
	for _, tenant := range cut {
		resend[tenant] = true
	}
	procs := map[string]map[string]bool{}
	for _, r := range reqs {
		if procs[r.Tenant] == nil {
			procs[r.Tenant] = map[string]bool{}
		}
		procs[r.Tenant][r.Proc] = true
	}
	for _, s := range tenants {
		want, maxPage := expected[s.ID][0], expected[s.ID][1]
		got := batches[s.ID]
		if !resend[s.ID] {
			if got != want {
				t.Errorf("tenant %s (served by %d engines): %d batch requests, want %d (each page once)", s.ID, len(procs[s.ID]), got, want)
			}
			continue
		}
		t.Logf("tenant %s (cut off mid-page): %d batch requests for %d once-per-page, so %d resent (one page has at most %d)",
			s.ID, got, want, got-want, maxPage)
		if got < want || got > want+maxPage {
			t.Errorf("tenant %s: %d batch requests, want %d to %d: more than the page in flight was resent", s.ID, got, want, want+maxPage)
		}
	}
}

// fencedTenants returns the tenants an engine stopped because it could not
// confirm their lease (the "lease lost" lines of its log; every tenant of
// the test when an engine stopped all its tenants at once): like the
// killed engine's, such a tenant may have its page in flight sent again.
func fencedTenants(t *testing.T, engines []*engine, specs []tenantSpec) []string {
	t.Helper()
	var out []string
	for _, e := range engines {
		b, err := os.ReadFile(e.errPath)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(b)) {
			switch {
			case strings.Contains(line, "leases not renewed: every tenant stopped"):
				t.Logf("%s stopped every tenant it served: any of them may resend a page", e.name)
				for _, s := range specs {
					out = append(out, s.ID)
				}
			case strings.Contains(line, "tenant lease lost"):
				if _, rest, ok := strings.Cut(line, " tenant="); ok {
					id, _, _ := strings.Cut(rest, " ")
					out = append(out, strings.TrimSpace(id))
					t.Logf("%s lost the lease of %s", e.name, strings.TrimSpace(id))
				}
			}
		}
	}
	return out
}

// Host changes made while the engines run.
const (
	changedPerTenant = 10 // candidates updated
	removedPerKind   = 5  // candidate notes and stages deleted
	newPerTenant     = 2  // candidates added
)

// removedRecord is a record the ATS deleted during the run.
type removedRecord struct {
	org model.URN
	r   rscsync.Resource
	ref rscsync.Ref
}

// updateRecords updates candidates of every tenant through the outbox,
// one transaction per tenant, while the backfill runs: they are sent by the
// backfill (if it has not passed them yet) and by push after it.
func updateRecords(t *testing.T, pool *pgxpool.Pool, store *pgstore.Store, specs []tenantSpec, datasets []atsgen.Dataset) {
	t.Helper()
	ctx := t.Context()
	for i, s := range specs {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			for _, rec := range datasets[i].Records[rscsync.Candidates][:changedPerTenant] {
				c := rec.Value.(model.Candidate)
				c.CurrentJobTitle += " (promoted)"
				c.ATSLastModifiedAt++
				if err := store.PutRecord(ctx, tx, s.ID, rscsync.Candidates, rscsync.Record{Ref: rec.Ref, Value: c}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("tenant %s: update candidates: %v", s.ID, err)
		}
	}
}

// addAndRemoveRecords adds candidates and deletes candidate notes and
// stages of every tenant through the outbox, one transaction per tenant.
// It returns the deleted records.
func addAndRemoveRecords(t *testing.T, pool *pgxpool.Pool, store *pgstore.Store, specs []tenantSpec, datasets []atsgen.Dataset) []removedRecord {
	t.Helper()
	ctx := t.Context()
	var removed []removedRecord
	for i, s := range specs {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			for n := range newPerTenant {
				id := fmt.Sprintf("N%06d", n+1)
				c := model.Candidate{FirstName: "New", LastName: id, EmailAddresses: []string{strings.ToLower(id) + "@example.com"},
					ATSCreatedAt: model.Millis(time.Now()), ATSLastModifiedAt: model.Millis(time.Now()),
					ExternalProfileURL: "https://ats.example.com/candidates/" + id}
				if err := store.PutRecord(ctx, tx, s.ID, rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: c}); err != nil {
					return err
				}
			}
			for _, r := range []rscsync.Resource{rscsync.CandidateNotes, rscsync.Stages} {
				for _, rec := range datasets[i].Records[r][:removedPerKind] {
					if err := store.DeleteRecord(ctx, tx, s.ID, r, rec.Ref); err != nil {
						return err
					}
					removed = append(removed, removedRecord{s.Organization, r, rec.Ref})
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("tenant %s: add and delete records: %v", s.ID, err)
		}
	}
	return removed
}

func outboxLen(t *testing.T, pool *pgxpool.Pool, schema string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(t.Context(), "SELECT count(*) FROM "+pgx.Identifier{schema, "queue"}.Sanitize()+" WHERE lane = 'outbox'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return path + ":\n" + strings.Join(lines, "\n")
}

func tails(engines []*engine) string {
	var parts []string
	for _, e := range engines {
		parts = append(parts, tail(e.errPath, 15))
	}
	return strings.Join(parts, "\n")
}
