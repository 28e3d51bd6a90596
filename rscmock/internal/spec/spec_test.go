package spec_test

import (
	"encoding/json"
	"go/build"
	"slices"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/spec"
)

// TestImportsNeitherRscNorModel: the fake's spec may not import the client.
func TestImportsNeitherRscNorModel(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "github.com/rsckit/rsckit/rsc") && !strings.HasPrefix(imp, "github.com/rsckit/rsckit/rscmock") {
			t.Errorf("spec imports %s", imp)
		}
	}
}

func fields(errs []spec.Error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
	}
	return out
}

func TestValidateRules(t *testing.T) {
	t.Parallel()
	cand := `{"addresses":[],"phoneNumbers":[],"atsCreatedAt":1,"atsLastModifiedAt":2,"emailAddresses":["a@b.co"],"externalProfileUrl":"https://ats.example.com/1","firstName":"A"}`
	for _, tc := range []struct {
		name   string
		res    *spec.Resource
		body   string
		strict bool
		want   []string
	}{
		{"good candidate", spec.Candidate, cand, true, nil},
		{"missing addresses", spec.Candidate, strings.Replace(cand, `"addresses":[],`, "", 1), false, []string{"addresses"}},
		{"string timestamp", spec.Candidate, strings.Replace(cand, `"atsCreatedAt":1`, `"atsCreatedAt":"1"`, 1), false, []string{"atsCreatedAt"}},
		{"unknown field strict", spec.Candidate, strings.Replace(cand, `{`, `{"colour":"blue",`, 1), true, []string{"colour"}},
		{"unknown field lenient", spec.Candidate, strings.Replace(cand, `{`, `{"colour":"blue",`, 1), false, nil},
		{"javascript profile url", spec.Candidate, strings.Replace(cand, `https://ats.example.com/1`, `javascript:alert(1)`, 1), false, []string{"externalProfileUrl"}},
		{"union with two members", spec.Configuration, `{"configurationValue":{"string":"a","int":1}}`, false, []string{"configurationValue"}},
		{"not an object", spec.Stage, `[1]`, false, []string{""}},
	} {
		if got := fields(tc.res.Validate([]byte(tc.body), tc.strict)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRenames(t *testing.T) {
	t.Parallel()
	body := map[string]json.RawMessage{"externalCreatedAt": json.RawMessage("1"), "firstName": json.RawMessage(`"A"`)}
	spec.Candidate.ToV2(body)
	if _, ok := body["atsCreatedAt"]; !ok || body["externalCreatedAt"] != nil {
		t.Errorf("ToV2: %v", body)
	}
	spec.Candidate.ToRest(body)
	if _, ok := body["externalCreatedAt"]; !ok {
		t.Errorf("ToRest: %v", body)
	}
	if !slices.Contains(spec.Candidate.FieldNames(true), "externalLastModifiedAt") || !slices.Contains(spec.Candidate.FieldNames(false), "atsLastModifiedAt") {
		t.Errorf("field names")
	}
}

func TestConfigurationValueAndLoopback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value    string
		loopback bool
		ok       bool
	}{
		{"https://ats.example.com/li", false, true},
		{"http://127.0.0.1:9000/li", false, false},
		{"http://127.0.0.1:9000/li", true, true},
		{"http://localhost/li", true, true},
		{"http://[::1]:8/li", true, true},
		{"http://127.0.0.1.evil.example/li", true, false},
		{"http://localhost@evil.example/li", true, false},
	} {
		if got := len(spec.ConfigurationValue("CALLBACK_URL", tc.value, tc.loopback)) == 0; got != tc.ok {
			t.Errorf("%s loopback=%v: ok %v", tc.value, tc.loopback, got)
		}
	}
}
