package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

func TestParseFlags(t *testing.T) {
	t.Parallel()
	const tenants = `[{"id":"a","clientId":"c","clientSecret":"s","organization":"urn:li:organization:1"}]`
	o, err := parseFlags([]string{"-dsn", "postgres://x", "-tenants", tenants, "-base-url", "http://127.0.0.1:9/", "-lock-ttl", "2s"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.tokenURL != "http://127.0.0.1:9/oauth/v2/accessToken" || o.lockTTL != 2*time.Second || o.schema != "rscsync" || !o.pull {
		t.Errorf("parseFlags = %+v", o)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-tenants", tenants}, "-dsn"},
		{[]string{"-dsn", "postgres://x"}, "-tenants"},
		{[]string{"-dsn", "postgres://x", "-tenants", tenants, "-records-per-minute", "0"}, "-records-per-minute"},
		{[]string{"-dsn", "postgres://x", "-tenants", tenants, "extra"}, "unexpected"},
	} {
		if _, err := parseFlags(tc.args, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseFlags(%q) = %v, want an error about %s", tc.args, err, tc.want)
		}
	}
	var help bytes.Buffer
	if _, err := parseFlags([]string{"-h"}, &help); err == nil || !strings.Contains(help.String(), "-lock-ttl") {
		t.Errorf("-h: %v\n%s", err, help.String())
	}
}

func TestReadTenants(t *testing.T) {
	t.Parallel()
	good := `[{"id":"a","clientId":"c","clientSecret":"s","organization":"urn:li:organization:1","contract":"urn:li:contract:2"}]`
	file := filepath.Join(t.TempDir(), "tenants.json")
	if err := os.WriteFile(file, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	want := []tenantSpec{{ID: "a", ClientID: "c", ClientSecret: "s", Organization: "urn:li:organization:1", Contract: "urn:li:contract:2"}}
	for _, v := range []string{good, "@" + file} {
		got, err := readTenants(v)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("readTenants(%.20q) = %+v, %v", v, got, err)
		}
	}
	for _, bad := range []string{
		"not json",
		"@" + file + ".missing",
		`[{"id":"a","clientId":"c","organization":"urn:li:organization:1"}]`,
		`[{"id":"a","clientId":"c","clientSecret":"s","organization":"o"},{"id":"a","clientId":"c","clientSecret":"s","organization":"o"}]`,
	} {
		if _, err := readTenants(bad); err == nil {
			t.Errorf("readTenants(%.40q) returned no error", bad)
		}
	}
}

func TestShuffledKeepsEveryTenant(t *testing.T) {
	t.Parallel()
	src := shuffled{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}
	got, err := src.Tenants(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ts []rscsync.Tenant) []string {
		var out []string
		for _, x := range ts {
			out = append(out, x.ID)
		}
		slices.Sort(out)
		return out
	}
	if !reflect.DeepEqual(ids(got), []string{"a", "b", "c", "d"}) || src[0].ID != "a" {
		t.Errorf("Tenants = %v; the source became %v", ids(got), ids(src))
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	defer srv.Close()
	var buf bytes.Buffer
	rt := &loggingTransport{next: http.DefaultTransport, log: &requestLog{w: &buf, proc: "p1"}, tenant: "acme"}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/v2/atsCandidates", nil)
	req.Header.Set("X-RestLi-Method", "batch_update")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var lines []logEntry
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var e logEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, e)
	}
	if len(lines) != 2 || lines[0].Event != "begin" || lines[1].Event != "end" {
		t.Fatalf("log lines %+v, want begin and end", lines)
	}
	b, e := lines[0], lines[1]
	if b.ID != e.ID || b.Start != e.Start || e.End < e.Start || e.Status != http.StatusTeapot ||
		e.Proc != "p1" || e.Tenant != "acme" || e.Path != "/v2/atsCandidates" || e.RestLi != "batch_update" {
		t.Errorf("log lines %+v", lines)
	}
}
