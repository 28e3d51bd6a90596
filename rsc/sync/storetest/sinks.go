package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Hiring Assistant evaluations (applied like exports, without a stream)
// and the optional rscsync.AttachmentSource (resumes as the Attachments
// resource), whose tests skip a Store without it.

var attachmentTests = []test{
	{"AttachmentsScanLoadAndStream", testAttachmentRecords},
	{"AttachmentsInTheOutbox", testAttachmentOutbox},
}

func evaluation(req, app, summary string) model.ApplicationEvaluation {
	raw, _ := json.Marshal(map[string]any{"requestId": req, "atsJobApplicationId": app, "summary": summary})
	return model.ApplicationEvaluation{RequestID: req, IntegrationContext: "urn:li:organization:1", ATSJobApplicationID: app,
		ATSJobPostingID: "j1", EvaluatedAt: baseMillis, Summary: summary, Raw: raw}
}

// evaluationView is what the suite compares of an evaluation: its fields,
// and Raw as a JSON value (a store may re-encode it).
type evaluationView struct {
	Key, Context, Job, Summary string
	At                         model.EpochMillis
	Raw                        any
}

func viewEvaluations(t *testing.T, es []model.ApplicationEvaluation) []evaluationView {
	t.Helper()
	out := make([]evaluationView, len(es))
	for i, e := range es {
		out[i] = evaluationView{Key: e.Key(), Context: string(e.IntegrationContext), Job: e.ATSJobPostingID, Summary: e.Summary, At: e.EvaluatedAt}
		if len(e.Raw) > 0 {
			if err := json.Unmarshal(e.Raw, &out[i].Raw); err != nil {
				t.Errorf("evaluation %s: Raw is not JSON: %v", e.Key(), err)
			}
		}
	}
	slices.SortFunc(out, func(a, b evaluationView) int { return strings.Compare(a.Key, b.Key) })
	return out
}

func (e *env) wantEvaluations(t *testing.T, tenant string, want []model.ApplicationEvaluation, why string) {
	t.Helper()
	if e.Evaluations == nil {
		return
	}
	got, err := e.Evaluations(e.ctx, tenant)
	if err != nil {
		t.Fatalf("Evaluations(%s): %v", tenant, err)
	}
	if diff := cmp.Diff(viewEvaluations(t, want), viewEvaluations(t, got)); diff != "" {
		t.Errorf("%s: evaluations of %s (-want +got):\n%s", why, tenant, diff)
	}
}

// applyEvaluation applies one evaluation as the engine does.
func (e *env) applyEvaluation(t *testing.T, tenant string, ev model.ApplicationEvaluation) {
	t.Helper()
	b := rscsync.Batch{Stream: rscsync.StreamID{Tenant: tenant}, Changes: []rscsync.Pulled{rscsync.EvaluationChange{Evaluation: ev}}}
	if err := e.applier.Apply(e.ctx, b); err != nil {
		t.Fatalf("Apply(evaluation %s, %s): %v", tenant, ev.Key(), err)
	}
}

func testApplyEvaluation(t *testing.T, e *env) {
	r1a1, r1a2, r2a1 := evaluation("r1", "A1", "strong"), evaluation("r1", "A2", "fair"), evaluation("r2", "A1", "strong again")
	// Each is applied twice; tenant B has one of the same key.
	for _, x := range []struct {
		tenant string
		ev     model.ApplicationEvaluation
	}{{tenantA, r1a1}, {tenantA, r1a2}, {tenantA, r2a1}, {tenantA, r1a1}, {tenantA, r1a2}, {tenantA, r2a1}, {tenantB, r1a1}} {
		e.applyEvaluation(t, x.tenant, x.ev)
	}
	e.wantEvaluations(t, tenantA, []model.ApplicationEvaluation{r1a1, r1a2, r2a1}, "after applying each twice")
	e.wantEvaluations(t, tenantB, []model.ApplicationEvaluation{r1a1}, "other tenant")

	// A later evaluation of the same key replaces the earlier one.
	newer := evaluation("r1", "A1", "revised: strong hire")
	newer.EvaluatedAt = baseMillis + 60_000
	e.applyEvaluation(t, tenantA, newer)
	e.wantEvaluations(t, tenantA, []model.ApplicationEvaluation{newer, r1a2, r2a1}, "after a newer evaluation of r1/A1")
	e.wantEvaluations(t, tenantB, []model.ApplicationEvaluation{r1a1}, "other tenant after the replacement")
}

// attachmentContent is the content of attachment id: big enough that a
// store streaming it in chunks crosses a chunk boundary.
func attachmentContent(id string, size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%s line %d\n", id, i)
	}
	return b.Bytes()[:size]
}

func attachment(app, id string, content []byte) rscsync.Record {
	return rscsync.Record{Ref: rscsync.Ref{ID: id, Parent: app}, Value: model.Attachment{
		Key:      model.AttachmentKey{Application: model.ApplicationKey{ATSJobApplicationID: app}, AttachmentID: id},
		FileName: id + ".pdf", FileType: model.FileTypePDF,
		CreatedAt: baseMillis, LastModifiedAt: baseMillis + 1000,
		Size: int64(len(content)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil },
	}}
}

// attachmentStore returns the Store as an AttachmentSource that serves
// attachments, or skips the test.
func attachmentStore(t *testing.T, e *env) {
	t.Helper()
	a, ok := e.Store.(rscsync.AttachmentSource)
	if !ok || !a.ServesAttachments() {
		t.Skip("the Store does not serve rscsync.Attachments")
	}
}

// readAll opens an attachment's content and reads it.
func readAll(t *testing.T, rec rscsync.Record) (model.Attachment, []byte) {
	t.Helper()
	v := rec.Value
	if p, ok := v.(*model.Attachment); ok && p != nil {
		v = *p
	}
	a, ok := v.(model.Attachment)
	if !ok {
		t.Fatalf("record %+v of attachments has Value of type %v, want model.Attachment", rec.Ref, reflect.TypeOf(rec.Value))
	}
	if a.Open == nil {
		t.Fatalf("attachment %+v has no Open", rec.Ref)
	}
	r, err := a.Open()
	if err != nil {
		t.Fatalf("Open attachment %+v: %v", rec.Ref, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read attachment %+v: %v", rec.Ref, err)
	}
	return a, b
}

func testAttachmentRecords(t *testing.T, e *env) {
	attachmentStore(t, e)
	contents := map[rscsync.Ref][]byte{
		{Parent: "A1", ID: "R1"}: attachmentContent("A1/R1", 3<<20+17), // several chunks
		{Parent: "A1", ID: "R2"}: attachmentContent("A1/R2", 10),
		{Parent: "A2", ID: "R1"}: attachmentContent("A2/R1", 1),
	}
	for ref, c := range contents {
		if err := e.PutRecord(e.ctx, tenantA, rscsync.Attachments, attachment(ref.Parent, ref.ID, c)); err != nil {
			t.Fatalf("PutRecord(attachment %+v): %v", ref, err)
		}
	}
	other := attachmentContent("B", 5)
	if err := e.PutRecord(e.ctx, tenantB, rscsync.Attachments, attachment("A1", "R1", other)); err != nil {
		t.Fatalf("PutRecord(attachment of %s): %v", tenantB, err)
	}

	check := func(rec rscsync.Record, tenant string, want []byte) {
		t.Helper()
		// Open is called once per attempt: each call reads from the start.
		for attempt := range 2 {
			a, got := readAll(t, rec)
			if !bytes.Equal(got, want) {
				t.Errorf("%s attachment %+v attempt %d: read %d bytes, want the %d stored", tenant, rec.Ref, attempt, len(got), len(want))
			}
			if a.FileName != rec.Ref.ID+".pdf" || a.FileType != model.FileTypePDF || a.CreatedAt != baseMillis || a.LastModifiedAt != baseMillis+1000 {
				t.Errorf("%s attachment %+v: fields %q %q %d %d not kept", tenant, rec.Ref, a.FileName, a.FileType, a.CreatedAt, a.LastModifiedAt)
			}
			if a.Size != 0 && a.Size != int64(len(want)) {
				t.Errorf("%s attachment %+v: Size %d, want %d or 0 (unknown)", tenant, rec.Ref, a.Size, len(want))
			}
		}
	}
	var scanned []rscsync.Ref
	after := ""
	for range 10 {
		recs, last, err := e.records.ScanRecords(e.ctx, tenantA, rscsync.Attachments, after, 2)
		if err != nil {
			t.Fatalf("ScanRecords(attachments): %v", err)
		}
		if len(recs) == 0 {
			break
		}
		for _, rec := range recs {
			scanned = append(scanned, rec.Ref)
			check(rec, tenantA, contents[rec.Ref])
		}
		after = last
	}
	if want := []rscsync.Ref{{Parent: "A1", ID: "R1"}, {Parent: "A1", ID: "R2"}, {Parent: "A2", ID: "R1"}}; !slices.Equal(sortRefs(scanned), want) {
		t.Errorf("scanned attachments %v, want %v", scanned, want)
	}

	recs, err := e.records.LoadRecords(e.ctx, tenantB, rscsync.Attachments, []rscsync.Ref{{Parent: "A1", ID: "R1"}, {Parent: "A1", ID: "none"}})
	if err != nil {
		t.Fatalf("LoadRecords(attachments): %v", err)
	}
	if len(recs) != 1 {
		t.Fatalf("LoadRecords(%s attachments) returned %d records, want 1", tenantB, len(recs))
	}
	check(recs[0], tenantB, other)

	// A replaced attachment streams its new content; a deleted one is gone.
	newer := attachmentContent("A1/R2 v2", 64)
	if err := e.PutRecord(e.ctx, tenantA, rscsync.Attachments, attachment("A1", "R2", newer)); err != nil {
		t.Fatalf("PutRecord(attachment A1/R2 again): %v", err)
	}
	if err := e.DeleteRecord(e.ctx, tenantA, rscsync.Attachments, rscsync.Ref{Parent: "A2", ID: "R1"}); err != nil {
		t.Fatalf("DeleteRecord(attachment A2/R1): %v", err)
	}
	recs, err = e.records.LoadRecords(e.ctx, tenantA, rscsync.Attachments, []rscsync.Ref{{Parent: "A1", ID: "R2"}, {Parent: "A2", ID: "R1"}})
	if err != nil {
		t.Fatalf("LoadRecords(attachments): %v", err)
	}
	if len(recs) != 1 || recs[0].Ref != (rscsync.Ref{Parent: "A1", ID: "R2"}) {
		t.Fatalf("LoadRecords after replace and delete: %v, want only A1/R2", refsOf(recs))
	}
	check(recs[0], tenantA, newer)
}

func testAttachmentOutbox(t *testing.T, e *env) {
	attachmentStore(t, e)
	if err := e.PutRecord(e.ctx, tenantA, rscsync.Attachments, attachment("A1", "R1", []byte("resume"))); err != nil {
		t.Fatalf("PutRecord(attachment): %v", err)
	}
	if err := e.PutRecord(e.ctx, tenantA, rscsync.Attachments, attachment("A1", "R2", []byte("resume 2"))); err != nil {
		t.Fatalf("PutRecord(attachment): %v", err)
	}
	if err := e.DeleteRecord(e.ctx, tenantA, rscsync.Attachments, rscsync.Ref{Parent: "A1", ID: "R2"}); err != nil {
		t.Fatalf("DeleteRecord(attachment): %v", err)
	}
	intents, err := e.queue.Claim(e.ctx, tenantA, rscsync.LaneOutbox, 100, longLease)
	if err != nil {
		t.Fatalf("Claim: %v", err)
	}
	last := map[rscsync.Ref]rscsync.Op{}
	for _, in := range intents {
		if in.Resource != rscsync.Attachments {
			t.Errorf("intent %+v: resource %s, want attachments", in.Ref, in.Resource)
		}
		last[in.Ref] = in.Op // in Seq order: the last one is the record's latest change
	}
	want := map[rscsync.Ref]rscsync.Op{{Parent: "A1", ID: "R1"}: rscsync.OpUpsert, {Parent: "A1", ID: "R2"}: rscsync.OpDelete}
	if diff := cmp.Diff(want, last); diff != "" {
		t.Errorf("latest attachment intents (-want +got):\n%s", diff)
	}
}
