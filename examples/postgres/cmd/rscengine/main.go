// Command rscengine runs the rscsync engines for a list of tenants on a
// PostgreSQL store (examples/postgres/pgstore). Start it several times on
// one database: the replicas share the tenants through leases in the
// store, one process per tenant at a time, and a replica that dies hands
// its tenants over when its leases expire (-lock-ttl).
//
// Usage:
//
//	rscengine load -dsn postgres://... -mock http://127.0.0.1:8080 -n 300 -candidates 10 -tenants-out tenants.json
//	rscengine -dsn postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	    -base-url http://127.0.0.1:8080 -tenants @tenants.json -name replica-1
//
// The tenants file (or inline JSON) is a list of
//
//	{"id": "acme", "clientId": "...", "clientSecret": "...",
//	 "organization": "urn:li:organization:1001", "contract": "urn:li:contract:2001"}
//
// "rscengine load" creates N customers on an rscmock, writes their list
// for -tenants, and loads N tenants x M candidates (with their jobs,
// applications and notes) into the store's ATS tables. Each lease a
// replica takes over from another (one that died, or was cut off) is
// logged as "rscengine lease takeover" with the tenant, from and to.
//
// Every flag also reads an environment variable (see -h). The process runs
// until SIGINT or SIGTERM, logs to stderr, and with -request-log appends
// one JSON line when each API request starts and one when it ends (process
// name, tenant, wall-clock nanoseconds), for checking that no tenant is
// served by two replicas at once.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var err error
	if len(os.Args) > 1 && os.Args[1] == "load" {
		err = load(ctx, os.Args[2:], os.Stdout, os.Stderr)
	} else {
		err = run(ctx, os.Args[1:], os.Stderr)
	}
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "rscengine:", err)
		os.Exit(1)
	}
}

// options are the parsed flags.
type options struct {
	dsn, schema, baseURL, tokenURL, tenants, name, requestLog string
	statusAddr                                                string
	v2For                                                     string
	lockTTL, tenantRefresh, lookback                          time.Duration
	concurrency, recordsPerMinute                             int
	pull, verbose                                             bool
}

// env returns the value of the environment variable name, or def when it
// is unset.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

func envBool(name string, def bool) bool {
	if b, err := strconv.ParseBool(os.Getenv(name)); err == nil {
		return b
	}
	return def
}

func parseFlags(args []string, out io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("rscengine", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "rscengine runs the rscsync engines for a list of tenants on PostgreSQL; run several to share the tenants.")
		fmt.Fprintln(out, "It stops on SIGINT or SIGTERM. Every flag has an environment variable as its default.")
		fmt.Fprintln(out, "\nFlags:")
		fs.PrintDefaults()
	}
	host, _ := os.Hostname()
	fs.StringVar(&o.dsn, "dsn", env("RSC_POSTGRES_DSN", ""), "PostgreSQL connection string ($RSC_POSTGRES_DSN)")
	fs.StringVar(&o.schema, "schema", env("RSC_SCHEMA", pgstore.DefaultSchema), "schema of the store's tables ($RSC_SCHEMA)")
	fs.StringVar(&o.baseURL, "base-url", env("RSC_BASE_URL", rsc.DefaultBaseURL), "LinkedIn API base URL, e.g. an rscmock's base_url ($RSC_BASE_URL)")
	fs.StringVar(&o.tokenURL, "token-url", env("RSC_TOKEN_URL", ""), "OAuth token URL (default: base URL + /oauth/v2/accessToken, or LinkedIn's for LinkedIn's base URL) ($RSC_TOKEN_URL)")
	fs.StringVar(&o.tenants, "tenants", env("RSC_TENANTS", ""), "tenants as a JSON list, or @file ($RSC_TENANTS)")
	fs.StringVar(&o.name, "name", env("RSC_ENGINE_NAME", fmt.Sprintf("%s-%d", host, os.Getpid())), "name of this replica in logs and leases ($RSC_ENGINE_NAME)")
	fs.StringVar(&o.requestLog, "request-log", env("RSC_REQUEST_LOG", ""), "append a JSON line per API request start and end to this file ($RSC_REQUEST_LOG)")
	fs.DurationVar(&o.lockTTL, "lock-ttl", envDuration("RSC_LOCK_TTL", 0), "tenant lease time; a dead replica's tenants move after at most this (0: rscsync's default, 10 s on this store) ($RSC_LOCK_TTL)")
	fs.DurationVar(&o.tenantRefresh, "tenant-refresh", envDuration("RSC_TENANT_REFRESH", 10*time.Second), "how often free tenants are looked for ($RSC_TENANT_REFRESH)")
	fs.DurationVar(&o.lookback, "lookback", envDuration("RSC_LOOKBACK", 0), "how far back a new tenant's InMails, notes and stubs are pulled (0: rscsync's default) ($RSC_LOOKBACK)")
	fs.IntVar(&o.concurrency, "concurrency", envInt("RSC_CONCURRENCY", 8), "most tenants this replica serves at once ($RSC_CONCURRENCY)")
	fs.IntVar(&o.recordsPerMinute, "records-per-minute", envInt("RSC_RECORDS_PER_MINUTE", 10_000), "client-side limit of records per minute per tenant, -1 for none ($RSC_RECORDS_PER_MINUTE)")
	fs.StringVar(&o.v2For, "v2-for", env("RSC_V2_FOR", ""), "comma-separated /rest resources to keep on /v2, e.g. exportedCandidates,atsPurgedExportedCandidates for an rscmock that serves them on /v2 only ($RSC_V2_FOR)")
	fs.StringVar(&o.statusAddr, "status-addr", env("RSC_STATUS_ADDR", ""), "serve the Runner's status as JSON on GET /status at this address, e.g. 127.0.0.1:9090 (keep it on an admin network) ($RSC_STATUS_ADDR)")
	fs.BoolVar(&o.pull, "pull", envBool("RSC_PULL", true), "run the LinkedIn-to-ATS pollers ($RSC_PULL)")
	fs.BoolVar(&o.verbose, "v", envBool("RSC_VERBOSE", false), "debug logs (every backfill page) ($RSC_VERBOSE)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch {
	case o.dsn == "":
		return o, errors.New("-dsn (or RSC_POSTGRES_DSN) is required")
	case o.tenants == "":
		return o, errors.New("-tenants (or RSC_TENANTS) is required")
	case o.recordsPerMinute == 0:
		return o, errors.New("-records-per-minute must not be 0 (use -1 for no limit)")
	}
	if o.tokenURL == "" && o.baseURL != rsc.DefaultBaseURL {
		o.tokenURL = strings.TrimSuffix(o.baseURL, "/") + "/oauth/v2/accessToken"
	}
	return o, nil
}

// tenantSpec is one tenant of the -tenants list.
type tenantSpec struct {
	ID           string    `json:"id"`
	ClientID     string    `json:"clientId"`
	ClientSecret string    `json:"clientSecret"`
	Organization model.URN `json:"organization"`
	Contract     model.URN `json:"contract,omitempty"`
}

// readTenants parses the -tenants value: inline JSON or @file.
func readTenants(v string) ([]tenantSpec, error) {
	b := []byte(v)
	if name, ok := strings.CutPrefix(v, "@"); ok {
		var err error
		if b, err = os.ReadFile(name); err != nil {
			return nil, fmt.Errorf("tenants: %w", err)
		}
	}
	var specs []tenantSpec
	if err := json.Unmarshal(b, &specs); err != nil {
		return nil, fmt.Errorf("tenants: %w", err)
	}
	seen := map[string]bool{}
	for _, s := range specs {
		if s.ID == "" || s.ClientID == "" || s.ClientSecret == "" || s.Organization == "" {
			return nil, fmt.Errorf("tenants: %q needs id, clientId, clientSecret and organization", s.ID)
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("tenants: %q is listed twice", s.ID)
		}
		seen[s.ID] = true
	}
	return specs, nil
}

// shuffled is a TenantSource that returns its tenants in a new random
// order on every call, so that replicas starting together do not all
// compete for the same tenants first.
type shuffled []rscsync.Tenant

// Tenants implements rscsync.TenantSource.
func (s shuffled) Tenants(context.Context) ([]rscsync.Tenant, error) {
	out := make([]rscsync.Tenant, len(s))
	copy(out, s)
	rand.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}

func run(ctx context.Context, args []string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	specs, err := readTenants(o.tenants)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if o.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})).With("proc", o.name)

	var reqLog *requestLog
	if o.requestLog != "" {
		f, err := os.OpenFile(o.requestLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("request log: %w", err)
		}
		defer f.Close()
		reqLog = &requestLog{w: f, proc: o.name}
	}
	tenants, err := buildTenants(o, specs, reqLog, log)
	if err != nil {
		return err
	}

	store, closeStore, err := openStore(ctx, o.dsn, o.schema)
	if err != nil {
		return err
	}
	defer closeStore()

	cfg := rscsync.Config{
		Concurrency:   o.concurrency,
		Owner:         fmt.Sprintf("%s-%d", o.name, os.Getpid()),
		LockTTL:       o.lockTTL,
		TenantRefresh: o.tenantRefresh,
		Logger:        log,
		Pull:          rscsync.PullConfig{Disabled: !o.pull, Lookback: o.lookback},
	}
	// Each lease taken from another process is logged (takeover.go).
	runner, err := rscsync.NewRunner(&takeoverStore{Store: store, log: log}, shuffled(tenants), cfg)
	if err != nil {
		return err
	}
	if o.statusAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /status", runner.StatusHandler())
		srv := &http.Server{Addr: o.statusAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		ln, err := net.Listen("tcp", o.statusAddr)
		if err != nil {
			return fmt.Errorf("status: %w", err)
		}
		served := make(chan struct{})
		go func() {
			defer close(served)
			_ = srv.Serve(ln)
		}()
		defer func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
			<-served
		}()
		log.Info("rscengine status", "url", "http://"+ln.Addr().String()+"/status")
	}
	ttl := o.lockTTL.String()
	if o.lockTTL <= 0 {
		ttl = "default (10s)"
	}
	log.Info("rscengine started", "owner", cfg.Owner, "tenants", len(tenants), "schema", o.schema, "lock_ttl", ttl)
	err = runner.Run(ctx)
	log.Info("rscengine stopped", "error", err)
	return err
}

// openStore connects to the database and opens the Store on schema
// (creating or migrating its tables); closeStore closes both.
func openStore(ctx context.Context, dsn, schema string) (store *pgstore.Store, closeStore func(), err error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("database: %w", err)
	}
	store, err = pgstore.New(ctx, pool, pgstore.WithSchema(schema))
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return store, func() { store.Close(); pool.Close() }, nil
}

// buildTenants makes one rsc.Client per tenant (each child application has
// its own token and quotas) over one shared HTTP transport.
func buildTenants(o options, specs []tenantSpec, reqLog *requestLog, log *slog.Logger) ([]rscsync.Tenant, error) {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 32
	limits := rsc.DefaultRateLimits()
	limits.RecordsPerMinute = o.recordsPerMinute
	var out []rscsync.Tenant
	for _, s := range specs {
		var rt http.RoundTripper = base
		if reqLog != nil {
			rt = &loggingTransport{next: base, log: reqLog, tenant: s.ID}
		}
		opts := []rsc.Option{
			rsc.WithBaseURL(o.baseURL),
			rsc.WithClientCredentials(s.ClientID, s.ClientSecret),
			rsc.WithTransport(rt),
			rsc.WithRateLimits(limits),
			rsc.WithLogger(log.With("tenant", s.ID)),
		}
		if o.tokenURL != "" {
			opts = append(opts, rsc.WithTokenURL(o.tokenURL))
		}
		if o.v2For != "" {
			opts = append(opts, rsc.WithV2For(strings.Split(o.v2For, ",")...))
		}
		c, err := rsc.NewClient(opts...)
		if err != nil {
			return nil, fmt.Errorf("tenant %s: %w", s.ID, err)
		}
		out = append(out, rscsync.Tenant{ID: s.ID, Client: c, Organization: s.Organization, Contract: s.Contract})
	}
	return out, nil
}

// logEntry is one line of the request log. A "begin" line is written
// before the request is sent and an "end" line when its response headers
// (or an error) came back, so a request cut off by a crash still shows.
type logEntry struct {
	Event  string `json:"event"` // "begin" or "end"
	Proc   string `json:"proc"`
	Tenant string `json:"tenant"`
	ID     int64  `json:"id"`    // per process
	Start  int64  `json:"start"` // Unix nanoseconds
	End    int64  `json:"end,omitempty"`
	Method string `json:"method"`
	Path   string `json:"path"`
	RestLi string `json:"restli,omitempty"` // X-RestLi-Method
	Status int    `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
}

// requestLog appends lines to a file, one write per line (O_APPEND and no
// buffering, so nothing written is lost when the process is killed).
type requestLog struct {
	mu   sync.Mutex
	w    io.Writer
	proc string
	seq  atomic.Int64
}

func (l *requestLog) write(e logEntry) {
	b, _ := json.Marshal(e)
	b = append(b, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.w.Write(b)
}

// loggingTransport logs every request of one tenant.
type loggingTransport struct {
	next   http.RoundTripper
	log    *requestLog
	tenant string
}

// RoundTrip implements http.RoundTripper.
func (t *loggingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	e := logEntry{Event: "begin", Proc: t.log.proc, Tenant: t.tenant, ID: t.log.seq.Add(1),
		Start: time.Now().UnixNano(), Method: r.Method, Path: r.URL.Path, RestLi: r.Header.Get("X-RestLi-Method")}
	t.log.write(e)
	resp, err := t.next.RoundTrip(r)
	e.Event, e.End = "end", time.Now().UnixNano()
	if resp != nil {
		e.Status = resp.StatusCode
	}
	if err != nil {
		e.Error = err.Error()
	}
	t.log.write(e)
	return resp, err
}
