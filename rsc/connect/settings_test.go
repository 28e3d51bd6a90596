package connect

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

func TestSettingsApplyToJob(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		s       Settings
		in      model.Availability
		want    model.Availability
		wantErr bool
	}{
		{"zero settings force private", Settings{}, model.AvailabilityPublic, model.AvailabilityPrivate, false},
		{"all private keeps private", Settings{}, model.AvailabilityPrivate, model.AvailabilityPrivate, false},
		{"per job keeps public", Settings{AvailabilityPerJob: true}, model.AvailabilityPublic, model.AvailabilityPublic, false},
		{"per job keeps private", Settings{AvailabilityPerJob: true}, model.AvailabilityPrivate, model.AvailabilityPrivate, false},
		{"per job without choice is private", Settings{AvailabilityPerJob: true}, "", model.AvailabilityPrivate, false},
		{"per job unknown value", Settings{AvailabilityPerJob: true}, "PRIVATE", "PRIVATE", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.s.ApplyToJob(model.JobPosting{ExternalJobPostingID: "J1", Availability: tt.in})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got.Availability != tt.want {
				t.Errorf("availability = %q, want %q", got.Availability, tt.want)
			}
		})
	}
}

func TestSettingsMayMatch(t *testing.T) {
	t.Parallel()
	full := model.Candidate{Key: model.CandidateKey{ATSCandidateID: "C1"}, FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"}}
	strict := Settings{MatchRequiresNameAndEmail: true}
	if err := strict.MayMatch(full); err != nil {
		t.Errorf("complete candidate: %v", err)
	}
	noEmail := full
	noEmail.EmailAddresses = []string{"  "}
	noLast := full
	noLast.LastName = " "
	var nm *NotMatchableError
	if err := strict.MayMatch(noEmail); !errors.As(err, &nm) || len(nm.Missing) != 1 || nm.Missing[0] != "emailAddresses" {
		t.Errorf("no email: %v", err)
	}
	if err := strict.MayMatch(noLast); !errors.As(err, &nm) || nm.Missing[0] != "lastName" || nm.ATSCandidateID != "C1" {
		t.Errorf("no last name: %v", err)
	}
	empty := model.Candidate{Key: model.CandidateKey{ATSCandidateID: "C2"}}
	if err := strict.MayMatch(empty); !errors.As(err, &nm) || len(nm.Missing) != 3 {
		t.Errorf("empty: %v", err)
	}
	if err := (Settings{}).MayMatch(empty); err != nil {
		t.Errorf("rule off: %v", err)
	}
	linked := empty
	linked.ManualMatchedMember = model.PersonURN("abc")
	if err := strict.MayMatch(linked); err != nil {
		t.Errorf("manually linked: %v", err)
	}
}

func TestSettingsJSON(t *testing.T) {
	t.Parallel()
	var s Settings
	if err := json.Unmarshal([]byte(`{"availabilityPerJob":true,"matchRequiresNameAndEmail":true}`), &s); err != nil || !s.AvailabilityPerJob || !s.MatchRequiresNameAndEmail {
		t.Fatalf("decode: %+v %v", s, err)
	}
	b, _ := json.Marshal(s)
	if string(b) != `{"availabilityPerJob":true,"matchRequiresNameAndEmail":true}` {
		t.Errorf("encode: %s", b)
	}
	if err := json.Unmarshal([]byte(`{"allJobsPublic":true}`), &s); err == nil {
		t.Error("unknown field accepted")
	}
}
