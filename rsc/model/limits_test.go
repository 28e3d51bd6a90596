package model

import (
	"reflect"
	"strings"
	"testing"
)

// TestEveryStringFieldIsBounded sets each string field of each valid record,
// one at a time, to 40,000 characters (more than any limit, documented or
// assumed) and expects Validate to refuse that field by name: no string
// reaches LinkedIn unbounded. Nested structs, pointers to structs and slices
// (their first element, added when the fixture has none) are walked too.
func TestEveryStringFieldIsBounded(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 40000)
	fixtures := map[string]func() any{
		"Candidate":                func() any { c := validCandidate(); return &c },
		"CandidateNote":            func() any { n := validCandidateNote(); return &n },
		"Application":              func() any { a := validApplication(); return &a },
		"ApplicationNote":          func() any { n := validApplicationNote(); return &n },
		"ApplicationStage":         func() any { s := validStage(); return &s },
		"InterviewFeedback":        func() any { f := validFeedback(); return &f },
		"EntityACL":                func() any { a := validEntityACL(); return &a },
		"ACLAssignee":              func() any { a := validACLAssignee(); return &a },
		"IntegrationConfiguration": func() any { c := validCallback(); return &c },
		"ProvisionedApplication":   func() any { p := validProvisioned(); return &p },
		"JobPosting":               func() any { j := validJob(); return &j },
	}
	for name, fixture := range fixtures {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := fixture().(Validator).Validate(); err != nil {
				t.Fatalf("fixture invalid: %v", err)
			}
			paths := stringFields(reflect.TypeOf(fixture()).Elem(), nil)
			if len(paths) == 0 {
				t.Fatal("no string fields found")
			}
			for _, p := range paths {
				rec := fixture()
				setString(reflect.ValueOf(rec).Elem(), p.index, long)
				err := rec.(Validator).Validate()
				found := false
				for _, fe := range problems(t, err) {
					if lastName(fe.Path) == strings.ToLower(p.name) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s of 40,000 characters: not refused (problems %v)", p.name, err)
				}
			}
		})
	}
}

// responseOnly are fields LinkedIn sends and the ATS never does.
var responseOnly = map[string]bool{"Credentials": true}

// field is a string field: its index path from the record and its name as
// the validation path spells it, lowercased.
type field struct {
	index []int
	name  string
}

// stringFields lists the string fields of t, recursively.
func stringFields(t reflect.Type, prefix []int) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || responseOnly[f.Name] {
			continue
		}
		idx := append(append([]int(nil), prefix...), i)
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.String:
			out = append(out, field{idx, jsonName(f)})
		case reflect.Struct:
			out = append(out, stringFields(ft, idx)...)
		}
	}
	return out
}

// jsonName is f's JSON name, or its Go name when it has none (key fields,
// which Validate reports as "key.<lowerCamel>").
func jsonName(f reflect.StructField) string {
	if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" && tag != "-" {
		return tag
	}
	return f.Name
}

// setString walks index from v, allocating pointers and a first slice
// element on the way, and sets the string at its end.
func setString(v reflect.Value, index []int, s string) {
	for _, i := range index {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Slice {
			if v.Kind() == reflect.Pointer {
				if v.IsNil() {
					v.Set(reflect.New(v.Type().Elem()))
				}
				v = v.Elem()
				continue
			}
			if v.Len() == 0 {
				v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			}
			v = v.Index(0)
		}
		v = v.Field(i)
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Slice {
		if v.Kind() == reflect.Slice {
			if v.Len() == 0 {
				v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			}
			v = v.Index(0)
			continue
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	v.SetString(s)
}

// lastName is the last name in a validation path, without indexes,
// lowercased: "key.candidate.atsCandidateId" gives "atscandidateid".
func lastName(path string) string {
	for strings.HasSuffix(path, "]") {
		path = path[:strings.LastIndexByte(path, '[')]
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	return strings.ToLower(path)
}

func TestCandidateURLsAndIDs(t *testing.T) {
	t.Parallel()
	const profile = "must be a LinkedIn profile URL (https://www.linkedin.com/in/...)"
	runRules(t, validCandidate, []ruleCase[Candidate]{
		{"profile www", func(c *Candidate) { c.LinkedInProfileURL = "https://www.linkedin.com/in/ada-lovelace" }, nil},
		{"profile country subdomain", func(c *Candidate) { c.LinkedInProfileURL = "https://uk.linkedin.com/in/ada" }, nil},
		{"profile old /pub/ form", func(c *Candidate) { c.LinkedInProfileURL = "http://www.linkedin.com/pub/ada/1/2/3" }, nil},
		{"profile host lookalike", func(c *Candidate) { c.LinkedInProfileURL = "https://evil-linkedin.com/in/ada" }, one("linkedInProfileUrl", profile)},
		{"profile with a port", func(c *Candidate) { c.LinkedInProfileURL = "https://www.linkedin.com:8443/in/ada" }, one("linkedInProfileUrl", profile)},
		{"profile with user info", func(c *Candidate) { c.LinkedInProfileURL = "https://www.linkedin.com@evil.example/in/ada" }, one("linkedInProfileUrl", profile)},
		{"profile javascript", func(c *Candidate) { c.LinkedInProfileURL = "javascript://www.linkedin.com/in/ada" }, one("linkedInProfileUrl", msgAbsoluteHTTPURL)},
		{"profile empty /in/", func(c *Candidate) { c.LinkedInProfileURL = "https://www.linkedin.com/in/" }, one("linkedInProfileUrl", profile)},
		{"external data URL", func(c *Candidate) { c.ExternalProfileURL = "data:text/html,<script>alert(1)</script>" }, one("externalProfileUrl", msgAbsoluteHTTPURL)},
		{"external 2,001 characters", func(c *Candidate) { c.ExternalProfileURL = "https://ats.example.com/" + strings.Repeat("a", 1977) },
			one("externalProfileUrl", "must be at most 2000 characters, got 2001")},
		{"id 200 characters", func(c *Candidate) { c.Key.ATSCandidateID = strings.Repeat("1", 200) }, nil},
		{"id 201 characters", func(c *Candidate) { c.Key.ATSCandidateID = strings.Repeat("1", 201) }, one("key.atsCandidateId", "must be at most 200 characters, got 201")},
		{"id with a slash and a colon", func(c *Candidate) { c.Key.ATSCandidateID = "cand/2024:17" }, nil},
		{"id with &", func(c *Candidate) { c.Key.ATSCandidateID = "C1&ids[1]=C2" },
			one("key.atsCandidateId", `must not contain "&" (ids may not contain control characters or any of &=[](),';#?)`)},
		{"id with a newline", func(c *Candidate) { c.Key.ATSCandidateID = "C1\nC2" },
			one("key.atsCandidateId", `must not contain "\n" (ids may not contain control characters or any of &=[](),';#?)`)},
		{"first name 256", func(c *Candidate) { c.FirstName = strings.Repeat("é", 256) }, nil},
		{"first name 257", func(c *Candidate) { c.FirstName = strings.Repeat("é", 257) }, one("firstName", "must be at most 256 characters, got 257")},
	})
}
