package connect

import (
	"errors"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

// The parsers take bodies from browsers: whatever they get, they return a
// value that passes the checks, or ErrMalformedCallback, and never panic.

func FuzzParseIntegrate(f *testing.F) {
	f.Add([]byte(`[{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","tenantType":"RECRUITER"}]`))
	f.Add([]byte(`{"integrations":[{"integrationContext":"urn:li:contract:7","integrationType":"CSA_API"}]}`))
	f.Add([]byte(`[{"integrationContext":"urn:li:organization:1","integrationType":"X"},{}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		reqs, err := ParseIntegrate(body)
		if err != nil {
			if !errors.Is(err, ErrMalformedCallback) {
				t.Fatalf("error %v is not ErrMalformedCallback", err)
			}
			return
		}
		for _, r := range reqs {
			if r.Key.IntegrationContext.Validate() != nil || !r.Key.TenantType.Valid() || !enumPattern.MatchString(string(r.Key.IntegrationType)) {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}

func FuzzParseLinkCallback(f *testing.F) {
	f.Add([]byte(`{"action":"link","atsCandidateId":"C1","member":"urn:li:person:abc"}`))
	f.Add([]byte(`{"action":"unlink","atsCandidateId":"C1","member":{"personUrn":"urn:li:person:abc"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		cb, err := ParseLinkCallback(body)
		if err != nil {
			if !errors.Is(err, ErrMalformedCallback) {
				t.Fatalf("error %v is not ErrMalformedCallback", err)
			}
			return
		}
		if !cb.Person.IsType(model.URNTypePerson) || (cb.Action != ActionLink && cb.Action != ActionUnlink) ||
			(model.CandidateKey{IntegrationContext: "urn:li:organization:1", ATSCandidateID: cb.ATSCandidateID}).Validate() != nil {
			t.Fatalf("accepted %+v", cb)
		}
	})
}
