package rscmock_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// TestCallbacksStayOnLoopback: by default the fake refuses a loopback
// http CALLBACK_URL (LinkedIn's rule: https on 80 or 443) and never
// connects outside loopback; a failed delivery says why, and the console
// shows the reason once for several failures.
func TestCallbacksStayOnLoopback(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	org := srv.Default().Organization
	c := srv.Client()
	ctx := context.Background()
	// http on loopback is LinkedIn-invalid without the flag.
	k := "integrationContext=" + string(org) + "&integrationType=ONE_CLICK_EXPORT&tenantType=RECRUITER&dataProvider=ATS"
	body := `{"entities":{"CALLBACK_URL":{"configurationValue":{"string":"http://127.0.0.1:9/cb"}}}}`
	if st, got := raw(t, srv, "PUT", "/v2/atsIntegrations/"+k+"/configurations?ids=CALLBACK_URL", body, map[string]string{"X-RestLi-Method": "batch_update"}); st != 200 || !strings.Contains(got, `"status":422`) {
		t.Errorf("loopback CALLBACK_URL without the flag: %d %s", st, got)
	}
	// A CALLBACK_URL outside loopback is stored, but nothing connects to it.
	if err := c.Configurations.SetCallbackURL(ctx, org, "https://ats.example.com/linkedin"); err != nil {
		t.Fatal(err)
	}
	key := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
	for _, on := range []bool{true, false, true} {
		d, err := srv.SetIntegrationEnabled(ctx, key, on)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != 0 || !strings.Contains(d.Err, "only to loopback") || strings.Contains(d.Err, "lookup") {
			t.Errorf("delivery %+v: want a refusal naming loopback, no DNS error", d)
		}
	}
	if ps := srv.DeliveryProblems(); len(ps) != 1 || ps[0].Count != 3 {
		t.Errorf("problems %+v, want one reason for 3 notifications", ps)
	}
	resp, err := http.Get(srv.URL() + "/_console/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if n := strings.Count(string(page), "only to loopback"); n != 1 {
		t.Errorf("the console shows the reason %d times, want once", n)
	}
}

// TestLoopbackCallbacksAllowed: with AllowLoopbackCallbacks an http
// CALLBACK_URL on 127.0.0.1 is accepted and receives the pushes.
func TestLoopbackCallbacksAllowed(t *testing.T) {
	t.Parallel()
	var got atomic.Int32
	ats := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { got.Add(1) }))
	t.Cleanup(ats.Close)
	srv := rscmock.NewServer(t, rscmock.Options{AllowLoopbackCallbacks: true})
	org := srv.Default().Organization
	k := "integrationContext=" + string(org) + "&integrationType=ONE_CLICK_EXPORT&tenantType=RECRUITER&dataProvider=ATS"
	body := `{"entities":{"CALLBACK_URL":{"configurationValue":{"string":"` + ats.URL + `/cb"}}}}`
	if st, got := raw(t, srv, "PUT", "/v2/atsIntegrations/"+k+"/configurations?ids=CALLBACK_URL", body, map[string]string{"X-RestLi-Method": "batch_update"}); st != 200 || !strings.Contains(got, `"status":204`) {
		t.Fatalf("loopback CALLBACK_URL with the flag: %d %s", st, got)
	}
	key := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
	d, err := srv.SetIntegrationEnabled(context.Background(), key, true)
	if err != nil || d.Status != 200 || got.Load() != 1 {
		t.Errorf("delivery %+v %v, %d pushes received", d, err, got.Load())
	}
}
