package model

import (
	"fmt"
	"testing"
)

// TestRecordIsTheSetAnATSSends: the ten types an ATS syncs are Records
// (pointers too); the other validated types, which an engine must never
// send as a record, are not.
func TestRecordIsTheSetAnATSSends(t *testing.T) {
	records := []any{JobPosting{}, Candidate{}, Application{}, ApplicationStage{}, CandidateNote{},
		ApplicationNote{}, InterviewFeedback{}, EntityACL{}, ACLAssignee{}, Attachment{}, &Candidate{}}
	for _, v := range records {
		if _, ok := v.(Record); !ok {
			t.Errorf("%T is not a Record", v)
		}
	}
	others := []any{ProvisionedApplication{}, Integration{}, JobPostingTask{}, Notification{},
		CandidateMatches{}, CandidateKey{}, URN("urn:li:person:1")}
	for _, v := range others {
		if _, ok := v.(Record); ok {
			t.Errorf("%T is a Record; it is not a record an ATS sends", v)
		}
		if _, ok := v.(Validator); !ok {
			t.Errorf("%T: the test means a validated type", v)
		}
	}
}

func ExampleRecord() {
	var r Record = Candidate{}
	_, isRecord := any(ProvisionedApplication{}).(Record)
	fmt.Printf("%T is a Record; a ProvisionedApplication is one: %v\n", r, isRecord)
	// Output: model.Candidate is a Record; a ProvisionedApplication is one: false
}
