package certify_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"

	"github.com/rsckit/rsckit/certify"
)

func TestReferenceHostPassesTheKit(t *testing.T) {
	h, _ := newReferenceHost()
	rep := certify.Test(t, h, certify.Options{Name: "reference host (memstore)"})
	checkable := 0
	for _, r := range certify.Rules() {
		if r.NotChecked == "" {
			checkable++
		}
	}
	if got := rep.Count(certify.Pass); got != checkable {
		t.Errorf("%d rules pass, want all %d checkable ones; failed: %v", got, checkable, rep.Failed())
	}
}

// A host whose engines are composed from parts (rscsync.NewRunnerFrom),
// not one Store, passes too: the kit enqueues notifications into
// Parts.Queue and reads records and checkpoints through the parts. Without
// a Counter the historical sync's progress has no total, and says so.
func TestReferenceHostFromPartsPassesTheKit(t *testing.T) {
	h, _ := newReferenceHost()
	store := h.Store
	h.Store = nil
	h.Parts = rscsync.Parts{Records: store, Queue: store, Checkpoints: store, Applier: store, Parker: store}
	rep := certify.Test(t, h, certify.Options{Name: "reference host (memstore parts)"})
	if f := rep.Failed(); len(f) > 0 {
		t.Errorf("failed rules %v", f)
	}
	if got := rep.Count(certify.Pass) + rep.Count(certify.NotChecked); got != len(certify.Rules()) {
		t.Errorf("%d rules passed or not checked, want %d", got, len(certify.Rules()))
	}
	h.Parts.Queue = nil
	if err := h.Connect(t.Context(), certify.Instance{}); err == nil || !strings.Contains(err.Error(), "Queue") {
		t.Errorf("Connect without a Queue: %v", err)
	}
}

func TestReportMarkdownAndJSON(t *testing.T) {
	h, w := newReferenceHost()
	h.Writer = lostNoteDeletes{w}
	rep := certify.Run(t.Context(), h, certify.Options{Name: "broken | host", Rules: []string{"RSC-201", "RSC-501", "RSC-106"}})
	var md strings.Builder
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, want := range []string{
		"# RSC certification rehearsal: broken \\| host",
		"**1 passed, 1 failed, 1 not checked**",
		"| [RSC-501](#rsc-501) | 5 | Delete a candidate's notes, then the candidate | **FAIL** |",
		"Why it fails: the candidate's deleted notes still show in Recruiter's In-ATS indicator",
		"| RSC-201 | historical sync |",
		"backfillComplete true",
		"Not checked: the rule's text is cut off",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back certify.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Results) != 3 || back.Results[2].Outcome != certify.Fail || back.Results[1].Timings[0].What != "historical sync" || back.Results[1].Timings[0].Records == 0 {
		t.Errorf("JSON round trip: %s", b)
	}
	if !strings.Contains(string(b), `"result":"not checked"`) {
		t.Errorf("JSON lacks the not-checked result: %s", b)
	}
}

func TestSecretNotInInstanceString(t *testing.T) {
	in := certify.Instance{Tenant: "t1", ClientID: "id", ClientSecret: model.Secret("s3cr3t-value")}
	if s := fmt.Sprint(in) + fmt.Sprintf("%+v %v", in, in.String()); strings.Contains(s, "s3cr3t-value") {
		t.Errorf("secret printed: %s", s)
	}
	b, _ := json.Marshal(in)
	if strings.Contains(string(b), "s3cr3t-value") {
		t.Errorf("secret marshalled: %s", b)
	}
}

// A larger history is synced in full and its totals still match.
func TestLargerHistory(t *testing.T) {
	h, _ := newReferenceHost()
	rep := certify.Run(t.Context(), h, certify.Options{History: 250, Rules: []string{"RSC-202", "RSC-203"}})
	if f := rep.Failed(); len(f) > 0 {
		t.Fatalf("failed: %v: %s", f, rep.Results[0].Failure)
	}
	tm := rep.Results[1].Timings[0]
	if tm.Records < 250*4 {
		t.Errorf("historical sync covered %d records, want at least %d", tm.Records, 250*4)
	}
	if !strings.Contains(strings.Join(rep.Results[0].Evidence, "\n"), "LinkedIn holds 253 candidates; the ATS has 253") {
		t.Errorf("evidence: %v", rep.Results[0].Evidence)
	}
}
