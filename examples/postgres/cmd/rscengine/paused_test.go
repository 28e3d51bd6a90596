package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// TestPausedEngineDoesNotSendForTenantsItLost is the PostgreSQL variant of
// the database-loss proof, with real processes: two rscengine processes
// share 12 tenants while every tenant gets a change every 200 ms; one is
// frozen with SIGSTOP for 30 s (it loses the database and everything
// else; its leases expire and the other takes its tenants) and then
// resumed with SIGCONT, its timers all overdue at once. From the two
// processes' request logs: no tenant ever had requests of both in flight
// at once, and neither sent again less than 1 s after the other took a
// tenant from it.
func TestPausedEngineDoesNotSendForTenantsItLost(t *testing.T) {
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skipf("%s is not set", dsnEnv)
	}
	if testing.Short() {
		t.Skip("builds and runs processes for a minute and a half; skipped with -short")
	}
	t.Parallel()
	const n = 12
	pool, schema := testSchema(t, "paused")
	dir := t.TempDir()
	mockBin, engineBin := filepath.Join(dir, "rscmock"), filepath.Join(dir, "rscengine")
	goBuild(t, repoRoot(t), mockBin, "./rscmock/cmd/rscmock")
	goBuild(t, ".", engineBin, ".")
	if t.Failed() {
		t.FailNow()
	}
	base := startMock(t, mockBin, dir)
	tenantsFile := filepath.Join(dir, "tenants.json")
	if out, err := exec.Command(engineBin, "load", "-dsn", dsn, "-schema", schema, "-mock", base, "-n", fmt.Sprint(n),
		"-candidates", "0", "-tenants-out", tenantsFile).CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	specs, err := readTenants("@" + tenantsFile)
	if err != nil {
		t.Fatal(err)
	}
	store, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()

	start := func(name string) (*exec.Cmd, string, string) {
		logPath, errPath := filepath.Join(dir, name+".requests"), filepath.Join(dir, name+".stderr")
		cmd := exec.Command(engineBin, "-dsn", dsn, "-schema", schema, "-base-url", base, "-tenants", "@"+tenantsFile,
			"-name", name, "-concurrency", fmt.Sprint(n), "-pull=false", "-request-log", logPath)
		errf, err := os.Create(errPath)
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout, cmd.Stderr = errf, errf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGCONT)
			_ = cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(15 * time.Second):
				_ = cmd.Process.Kill()
				<-done
			}
			errf.Close()
		})
		return cmd, logPath, errPath
	}
	p1, log1, err1 := start("p1")
	_, log2, err2 := start("p2")

	// A change for every tenant every 200 ms.
	ctx, stopChanges := context.WithCancel(t.Context())
	changes := make(chan struct{})
	go func() {
		defer close(changes)
		for i := 0; ctx.Err() == nil; i++ {
			for _, s := range specs {
				id := fmt.Sprintf("C%d", i%20)
				rec := rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.Candidate{FirstName: "Ada", LastName: fmt.Sprint("Lovelace", i),
					EmailAddresses: []string{id + "@example.com"}, ExternalProfileURL: "https://ats.example/c/" + id,
					ATSCreatedAt: model.Millis(time.Now()), ATSLastModifiedAt: model.Millis(time.Now())}}
				if err := store.Put(ctx, s.ID, rscsync.Candidates, rec); err != nil && ctx.Err() == nil {
					t.Errorf("put: %v", err)
					return
				}
			}
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	defer func() { stopChanges(); <-changes }()

	leases := func() map[string]int {
		ls, err := store.Leases(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, l := range ls {
			if strings.HasPrefix(l.Name, "tenant/") && l.Until.After(time.Now()) {
				out[strings.SplitN(l.Owner, "-", 2)[0]]++
			}
		}
		return out
	}
	waitFor := func(what string, within time.Duration, ok func(map[string]int) bool) {
		t.Helper()
		for end := time.Now().Add(within); ; time.Sleep(200 * time.Millisecond) {
			l := leases()
			if ok(l) {
				return
			}
			if time.Now().After(end) {
				t.Fatalf("%s: not within %v: leases %v\n%s\n%s", what, within, l, tail(err1, 10), tail(err2, 10))
			}
		}
	}
	waitFor("the tenants shared", time.Minute, func(l map[string]int) bool { return l["p1"] == n/2 && l["p2"] == n/2 })
	time.Sleep(5 * time.Second)

	if err := p1.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	stoppedAt := time.Now()
	waitFor("p2 serving every tenant", 30*time.Second, func(l map[string]int) bool { return l["p2"] == n })
	t.Logf("p2 holds every tenant %v after p1 was frozen", time.Since(stoppedAt).Round(time.Millisecond))
	time.Sleep(time.Until(stoppedAt.Add(30 * time.Second)))
	t.Logf("leases when p1 is resumed: %v", leases())
	if err := p1.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	contAt := time.Now()
	waitFor("the tenants shared again", time.Minute, func(l map[string]int) bool { return l["p1"] == n/2 && l["p2"] == n/2 })
	t.Logf("shared again %v after p1 resumed\n%s", time.Since(contAt).Round(time.Millisecond), grepLog(err1, "lease"))
	time.Sleep(3 * time.Second)
	stopChanges()
	<-changes

	reqs := append(readRequests(t, log1), readRequests(t, log2)...)
	byTenant := map[string][]logEntry{}
	for _, r := range reqs {
		// A request p1 began before it was frozen reached rscmock then
		// (it answers in milliseconds); its end line was written after
		// the resume.
		if r.Proc == "p1" && r.Start < stoppedAt.UnixNano() && r.End > stoppedAt.UnixNano() {
			r.End = stoppedAt.Add(100 * time.Millisecond).UnixNano()
		}
		byTenant[r.Tenant] = append(byTenant[r.Tenant], r)
	}
	if len(byTenant) != n {
		t.Errorf("requests for %d tenants, want %d", len(byTenant), n)
	}
	frozenAfter := 0
	for tenant, rs := range byTenant {
		slices.SortFunc(rs, func(a, b logEntry) int { return int(a.Start - b.Start) })
		var cur, prev string
		var switched int64
		for i, r := range rs {
			if r.Proc == "p1" && r.Start > contAt.UnixNano() {
				frozenAfter++
			}
			for _, o := range rs[:i] {
				if o.Proc != r.Proc && o.End > r.Start {
					t.Errorf("%s: %s began %s %s at %s while %s's %s %s was in flight", tenant, r.Proc, r.Method, r.Path,
						time.Unix(0, r.Start).Format("15:04:05.000"), o.Proc, o.Method, o.Path)
				}
			}
			if cur != "" && cur != r.Proc {
				if prev == r.Proc && r.Start-switched < int64(time.Second) {
					t.Errorf("%s: %s sent again %v after %s took the tenant over from it", tenant, r.Proc, time.Duration(r.Start-switched), cur)
				}
				prev, switched = cur, r.Start
			}
			cur = r.Proc
		}
	}
	t.Logf("%d requests; p1 sent %d after it was resumed (for the tenants handed back to it)", len(reqs), frozenAfter)
}

// readRequests reads one engine's request log: the "end" lines, with
// their start.
func readRequests(t *testing.T, path string) []logEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []logEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var le logEntry
		if err := json.Unmarshal(sc.Bytes(), &le); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if le.Event == "end" {
			out = append(out, le)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// grepLog returns the lines of the file at path that contain s.
func grepLog(path, s string) string {
	b, _ := os.ReadFile(path)
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
