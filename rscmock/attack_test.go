package rscmock_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rscmock"
)

// mockCall POSTs or GETs a /_mock/ endpoint and returns status and body.
func mockCall(t *testing.T, srv *rscmock.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+"/_mock/"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// TestAttackMockCounts performs issue 11 item 5: counts and sizes the
// /_mock/ API accepts are bounded, answered 400 naming the limit, and leave
// the state untouched. On the old code seats:-1 answered 201 and
// seats:1000000000 built a billion seats under the global lock.
func TestAttackMockCounts(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	before := len(srv.Customers())
	members := len(srv.Members())
	for _, tc := range []struct{ path, body, limit string }{
		{"customers", `{"seats":-1}`, "MaxSeatsPerCustomer"},
		{"customers", fmt.Sprintf(`{"seats":%d}`, rscmock.MaxSeatsPerCustomer+1), "MaxSeatsPerCustomer"},
		{"customers", `{"seats":1000000000}`, "MaxSeatsPerCustomer"},
		{"customers", `{"seats":9223372036854775807}`, "MaxSeatsPerCustomer"},
		{"customers", `{"validJsSdkDomains":[` + strings.Repeat(`"https://a.example.com",`, rscmock.MaxDomains) + `"https://a.example.com"]}`, "MaxDomains"},
		{"customers", `{"name":"` + strings.Repeat("x", rscmock.MaxMockBody) + `"}`, "MaxMockBody"},
		{"faults", `{"count":-1}`, "MaxFaultCount"},
		{"faults", `{"count":1000000001}`, "MaxFaultCount"},
		{"faults", `{"burst429":1000000001}`, "MaxFaultCount"},
		{"faults", `{"latencyMs":86400000}`, "MaxFaultLatency"},
		{"faults", `{"retryAfterSeconds":-5}`, "MaxFaultRetryAfter"},
		{"faults", `{"retryAfterSeconds":100000000}`, "MaxFaultRetryAfter"},
		{"faults", `{"rate":2}`, "rate"},
	} {
		status, body := mockCall(t, srv, "POST", tc.path, tc.body)
		if status != http.StatusBadRequest || !strings.Contains(body, tc.limit) {
			t.Errorf("POST /_mock/%s %.60s: %d %.200s, want 400 naming %s", tc.path, tc.body, status, body, tc.limit)
		}
	}
	if got := len(srv.Customers()); got != before {
		t.Errorf("customers %d after refused requests, want %d", got, before)
	}
	if got := len(srv.Members()); got != members {
		t.Errorf("members %d after refused requests, want %d", got, members)
	}
	if got := len(srv.Faults()); got != 0 {
		t.Errorf("faults %d after refused requests, want 0", got)
	}
	// The largest accepted count still works.
	if status, body := mockCall(t, srv, "POST", "customers", fmt.Sprintf(`{"seats":%d}`, rscmock.MaxSeatsPerCustomer)); status != 201 {
		t.Errorf("seats at the limit: %d %.200s", status, body)
	}

	// A long list parameter.
	ctx := srv.Default().Organization
	list := strings.TrimSuffix(strings.Repeat("urn:li:person:a,", rscmock.MaxListParam+1), ",")
	req, _ := http.NewRequest("GET", srv.URL()+"/_mock/pastApplicants?integrationContext="+string(ctx), nil)
	q := req.URL.Query()
	q["members"] = strings.Split(list, ",")
	req.URL.RawQuery = q.Encode()
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
		// The URL limit (414) or MaxListParam (400) refuses it; either way no work is done.
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusRequestURITooLong {
			t.Errorf("pastApplicants with %d members: %d", rscmock.MaxListParam+1, resp.StatusCode)
		}
	}
}

// TestAttackMockTotals checks the fake's totals: customers, members and
// active faults cannot grow without bound through /_mock/.
func TestAttackMockTotals(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	for range rscmock.MaxFaults {
		if status, body := mockCall(t, srv, "POST", "faults", `{"op":"GET /v2/none","count":1}`); status != 201 {
			t.Fatalf("fault: %d %s", status, body)
		}
	}
	if status, body := mockCall(t, srv, "POST", "faults", `{"op":"GET /v2/none"}`); status != 400 || !strings.Contains(body, "MaxFaults") {
		t.Errorf("fault over MaxFaults: %d %s", status, body)
	}
	for range rscmock.MaxCustomers - len(srv.Customers()) {
		srv.AddCustomer(rscmock.CustomerSpec{})
	}
	if status, body := mockCall(t, srv, "POST", "customers", `{}`); status != 400 || !strings.Contains(body, "MaxCustomers") {
		t.Errorf("customer over MaxCustomers: %d %s", status, body)
	}
	for range rscmock.MaxMembers - len(srv.Members()) {
		srv.AddMember(rscmock.Member{})
	}
	if status, body := mockCall(t, srv, "POST", "members", `{}`); status != 400 || !strings.Contains(body, "MaxMembers") {
		t.Errorf("member over MaxMembers: %d %s", status, body)
	}
	if status, body := mockCall(t, srv, "POST", "seats", `{"contract":"`+string(srv.Default().Contract)+`"}`); status != 400 || !strings.Contains(body, "MaxMembers") {
		t.Errorf("seat with a new member over MaxMembers: %d %s", status, body)
	}
}

// TestAddCustomerPanicsOverLimits checks the Go method refuses what the
// endpoint refuses, before touching state.
func TestAddCustomerPanicsOverLimits(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	n := len(srv.Customers())
	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "MaxSeatsPerCustomer") {
				t.Errorf("recover %v, want a panic naming MaxSeatsPerCustomer", r)
			}
		}()
		srv.AddCustomer(rscmock.CustomerSpec{Seats: 1_000_000_000})
	}()
	if len(srv.Customers()) != n {
		t.Errorf("customer added by a refused spec")
	}
}
