package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// loadOptions are the flags of "rscengine load".
type loadOptions struct {
	dsn, schema, mockURL, tenantsOut, prefix string
	tenants, customers, candidates, seats    int
	seed                                     uint64
}

// load is "rscengine load": it creates n customers on an rscmock (or
// -customers of them, shared round-robin: two tenants on one customer
// share its child application and its organization; their records keep
// apart by their IDs only if those differ; their credentials go to
// -tenants-out, the list the engines read) and loads
// each tenant's ATS tables with a generated dataset of m candidates and
// their jobs, applications, notes and ACLs (about 8.4 records a candidate),
// which the engines then backfill.
func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o loadOptions
	fs := flag.NewFlagSet("rscengine load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "rscengine load creates N customers on an rscmock and loads N tenants x M candidates (with their jobs,")
		fmt.Fprintln(stderr, "applications, notes; about 8.4 records a candidate) into the store's ATS tables; the engines backfill them.")
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.dsn, "dsn", env("RSC_POSTGRES_DSN", ""), "PostgreSQL connection string ($RSC_POSTGRES_DSN)")
	fs.StringVar(&o.schema, "schema", env("RSC_SCHEMA", pgstore.DefaultSchema), "schema of the store's tables ($RSC_SCHEMA)")
	fs.StringVar(&o.mockURL, "mock", env("RSC_BASE_URL", ""), "base URL of the rscmock to create the customers on ($RSC_BASE_URL)")
	fs.StringVar(&o.tenantsOut, "tenants-out", "tenants.json", "file to write the tenant list to (the engines' -tenants @file)")
	fs.StringVar(&o.prefix, "prefix", "tenant-", "tenant ID prefix; IDs are prefix0001, prefix0002, ...")
	fs.IntVar(&o.tenants, "n", 3, "number of tenants")
	fs.IntVar(&o.customers, "customers", 0, "rscmock customers to create (0: one per tenant); fewer than -n share them round-robin (rscmock holds at most 1,000)")
	fs.IntVar(&o.candidates, "candidates", 10, "candidates per tenant (M), with their jobs, applications and notes")
	fs.IntVar(&o.seats, "seats", 3, "Recruiter seats per customer")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated data (tenant i uses seed+i)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("load: unexpected arguments %q", fs.Args())
	case o.dsn == "":
		return errors.New("load: -dsn (or RSC_POSTGRES_DSN) is required")
	case o.mockURL == "":
		return errors.New("load: -mock (or RSC_BASE_URL) is required: the customers are created on an rscmock")
	case o.tenants < 1 || o.candidates < 0 || o.customers < 0:
		return errors.New("load: -n must be at least 1, -candidates and -customers not negative")
	}
	if o.customers == 0 || o.customers > o.tenants {
		o.customers = o.tenants
	}
	store, closeStore, err := openStore(ctx, o.dsn, o.schema)
	if err != nil {
		return err
	}
	defer closeStore()

	began := time.Now()
	hc := &http.Client{Timeout: 30 * time.Second}
	specs := make([]tenantSpec, 0, o.tenants)
	records := int64(0)
	customers := make([]mockCustomer, 0, o.customers)
	for i := range o.tenants {
		id := fmt.Sprintf("%s%04d", o.prefix, i+1)
		if i < o.customers {
			c, err := addCustomer(ctx, hc, o.mockURL, id, o.seats)
			if err != nil {
				return err
			}
			customers = append(customers, c)
		}
		c := customers[i%o.customers]
		specs = append(specs, tenantSpec{ID: id, ClientID: c.ClientID, ClientSecret: c.ClientSecret,
			Organization: model.URN(c.Organization), Contract: model.URN(c.Contract)})
		if o.candidates > 0 {
			d := atsgen.Generate(o.seed+uint64(i), o.candidates, began)
			for _, r := range rscsync.Resources() {
				n, err := store.SeedRecords(ctx, id, r, d.Records[r])
				if err != nil {
					return fmt.Errorf("tenant %s: %w", id, err)
				}
				records += n
			}
		}
	}
	b, err := json.MarshalIndent(specs, "", "  ")
	if err != nil {
		return err
	}
	// The file holds the customers' client secrets: readable by its owner only.
	if err := os.WriteFile(o.tenantsOut, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("tenants: %w", err)
	}
	fmt.Fprintf(stdout, "loaded %d tenants, %d records (%d candidates each) into schema %s in %v; tenants in %s\n",
		o.tenants, records, o.candidates, o.schema, time.Since(began).Round(time.Millisecond), o.tenantsOut)
	return nil
}

// mockCustomer is what rscmock's POST /_mock/customers answers.
type mockCustomer struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	Organization string `json:"organization"`
	Contract     string `json:"contract"`
}

// addCustomer creates a customer on the rscmock at base.
func addCustomer(ctx context.Context, hc *http.Client, base, name string, seats int) (mockCustomer, error) {
	var c mockCustomer
	body, _ := json.Marshal(map[string]any{"name": name, "seats": seats})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(base, "/")+"/_mock/customers", bytes.NewReader(body))
	if err != nil {
		return c, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return c, fmt.Errorf("rscmock: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		return c, fmt.Errorf("rscmock: POST /_mock/customers: %s: %s", resp.Status, b)
	}
	if err := json.Unmarshal(b, &c); err != nil || c.ClientID == "" {
		return c, fmt.Errorf("rscmock: POST /_mock/customers answered %q: %v", b, err)
	}
	return c, nil
}
