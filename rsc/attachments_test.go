package rsc

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

// testAttachment is a valid PDF resume of application A1 with content.
func testAttachment(id string, content []byte) model.Attachment {
	return model.Attachment{
		Key:      model.AttachmentKey{Application: model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}, AttachmentID: id},
		FileName: id + ".pdf", FileType: model.FileTypePDF, CreatedAt: 1700000000000, LastModifiedAt: 1700000000001,
		Contract: contract, Size: int64(len(content)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil },
	}
}

// TestAttachmentsOnRest: rest/attachments batch_update with the composite
// key, the LinkedIn-Version header and each file's content in base64.
func TestAttachmentsOnRest(t *testing.T) {
	t.Parallel()
	c, f := setupDefault(t)
	f.reply = func(captured) (int, string) {
		return 200, `{"results":{"(externalReferenceEntityId:A1,externalAttachmentId:R1,integrationContext:urn%3Ali%3Aorganization%3A123,externalReferenceEntityType:APPLICATION,attachmentType:RESUME)":{"status":204}}}`
	}
	rs, err := c.Attachments.BatchUpdate(t.Context(), []model.Attachment{testAttachment("R1", []byte("%PDF-1.7 resume"))})
	if err != nil || len(rs) != 1 || rs[0].Err != nil || rs[0].Status != 204 {
		t.Fatalf("results %+v, %v", rs, err)
	}
	r := f.requests()[0]
	key := "(externalReferenceEntityId:A1,externalAttachmentId:R1,integrationContext:urn%3Ali%3Aorganization%3A123,externalReferenceEntityType:APPLICATION,attachmentType:RESUME)"
	if r.Method != "PUT" || r.Path != "/rest/attachments" || r.Query != "ids=List("+key+")" ||
		r.Header.Get("X-RestLi-Method") != "batch_update" || r.Header.Get("LinkedIn-Version") != DefaultAPIVersion ||
		r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %s?%s headers %v", r.Method, r.Path, r.Query, r.Header)
	}
	jsonEqual(t, `{"entities":{"`+key+`":{"externalFileName":"R1.pdf","fileType":"PDF","externalCreatedAt":1700000000000,
		"externalLastModifiedAt":1700000000001,"contractId":"urn:li:contract:77","content":"`+base64.StdEncoding.EncodeToString([]byte("%PDF-1.7 resume"))+`"}}}`, r.Body)
}

// TestAttachmentsOnV2: hireMediaUrl gives an upload URL; the file goes
// there without the bearer token; atsApplications/{key}/resumes names it.
func TestAttachmentsOnV2(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	content := []byte("%PDF-1.7 a resume on /v2")
	f.reply = func(r captured) (int, string) {
		switch r.Path {
		case "/v2/hireMediaUrl":
			return 200, `{"value":{"uploadUrl":"` + f.srv.URL + `/base/upload/1","resumeUrn":"urn:li:ambryBlob:1"}}`
		case "/upload/1":
			return 201, ""
		}
		return 200, `{"results":{"R1":{"status":204}}}`
	}
	rs, err := c.Attachments.BatchUpdate(t.Context(), []model.Attachment{testAttachment("R1", content)})
	if err != nil || len(rs) != 1 || rs[0].Err != nil || rs[0].Status != 204 {
		t.Fatalf("results %+v, %v", rs, err)
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want hireMediaUrl, the upload and the association", len(reqs))
	}
	jsonEqual(t, `{"blobTtl":{"duration":72,"unit":"HOUR"},"contentType":"application/pdf","fileName":"R1.pdf",
		"hiringContext":"urn:li:contract:77","usageParameters":{"recruiterSystemConnectResumeParameters":{}}}`, reqs[0].Body)
	up := reqs[1]
	if up.Method != "PUT" || up.Body != string(content) || up.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("upload %s %s %q %v", up.Method, up.Path, up.Body, up.Header)
	}
	if a := up.Header.Get("Authorization"); a != "" {
		t.Errorf("the upload to a signed URL carries the bearer token %q", a)
	}
	as := reqs[2]
	if as.Method != "PUT" || as.Path != "/v2/atsApplications/atsJobApplicationId=A1&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A123/resumes" ||
		as.Query != "ids=R1" || as.Header.Get("X-RestLi-Method") != "batch_update" {
		t.Errorf("association %s %s?%s", as.Method, as.Path, as.Query)
	}
	jsonEqual(t, `{"entities":{"R1":{"resume":"urn:li:ambryBlob:1","fileName":"R1.pdf","atsCreatedAt":1700000000000,"atsLastModifiedAt":1700000000001}}}`, as.Body)
}

// TestAttachmentsRefusedBeforeTheNetwork: an invalid attachment names its
// field; more than 10 per call is refused.
func TestAttachmentsRefusedBeforeTheNetwork(t *testing.T) {
	t.Parallel()
	c, f := setupDefault(t)
	bad := testAttachment("R1", nil)
	bad.FileType, bad.Open = "EXE", nil
	_, err := c.Attachments.BatchUpdate(t.Context(), []model.Attachment{testAttachment("R0", nil), bad})
	var ve *model.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "attachments[1].fileType") || !strings.Contains(err.Error(), "attachments[1].content") {
		t.Errorf("err = %v, want attachments[1].fileType and attachments[1].content", err)
	}
	eleven := make([]model.Attachment, 11)
	for i := range eleven {
		eleven[i] = testAttachment(fmt.Sprint("R", i), nil)
	}
	if _, err := c.Attachments.BatchUpdate(t.Context(), eleven); !errors.Is(err, ErrBatchTooLarge) {
		t.Errorf("11 attachments: %v, want ErrBatchTooLarge", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

// patternReader yields n bytes of a fixed pattern without holding them.
type patternReader struct{ left int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(b)), p.left)
	for i := range b[:n] {
		b[i] = byte('a' + (p.left-int64(i))%26)
	}
	p.left -= n
	return int(n), nil
}

// quoted reads up to the next '"' of br.
type quoted struct {
	br   *bufio.Reader
	done bool
}

func (q *quoted) Read(b []byte) (int, error) {
	if q.done {
		return 0, io.EOF
	}
	n := 0
	for n < len(b) {
		c, err := q.br.ReadByte()
		if err != nil {
			return n, err
		}
		if c == '"' {
			q.done = true
			return n, nil
		}
		b[n] = c
		n++
	}
	return n, nil
}

// TestTwentyMegabyteResumeIsStreamed: a 20 MB resume goes to LinkedIn
// without the SDK holding it, or its base64, in memory: the content is read
// once, from a reader that fails a second open, and the whole call
// allocates a small fraction of the file's size.
func TestTwentyMegabyteResumeIsStreamed(t *testing.T) {
	const size = 20 << 20
	var got [sha256.Size]byte
	var received atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/v2/accessToken" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"t","expires_in":1800}`)
			return
		}
		br := bufio.NewReaderSize(r.Body, 32<<10)
		if _, err := br.ReadString('{'); err != nil { // {"entities":{ ... up to the content
			t.Error(err)
		}
		for {
			s, err := br.ReadString(':')
			if err != nil {
				t.Errorf("no content field: %v", err)
				return
			}
			if strings.HasSuffix(s, `"content":`) {
				break
			}
		}
		if c, _ := br.ReadByte(); c != '"' {
			t.Error("content is not a string")
		}
		h := sha256.New()
		n, err := io.Copy(h, base64.NewDecoder(base64.StdEncoding, &quoted{br: br}))
		if err != nil {
			t.Error(err)
		}
		received.Store(n)
		copy(got[:], h.Sum(nil))
		_, _ = io.Copy(io.Discard, br)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"results":{"(externalReferenceEntityId:A1,externalAttachmentId:BIG,integrationContext:urn%3Ali%3Aorganization%3A123,externalReferenceEntityType:APPLICATION,attachmentType:RESUME)":{"status":204}}}`)
	}))
	defer srv.Close()
	c, err := NewClient(WithClientCredentials("id", "secret"), WithBaseURL(srv.URL), WithTokenURL(srv.URL+"/oauth/v2/accessToken"),
		WithRetryPolicy(RetryPolicy{MaxRetries: -1}))
	if err != nil {
		t.Fatal(err)
	}
	var opens atomic.Int32
	a := testAttachment("BIG", nil)
	a.Size = size
	a.Open = func() (io.ReadCloser, error) {
		if opens.Add(1) > 1 {
			t.Error("the resume was read a second time")
			return nil, errors.New("read twice")
		}
		return io.NopCloser(&patternReader{left: size}), nil
	}
	want := sha256.New()
	if _, err := io.Copy(want, &patternReader{left: size}); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rs, err := c.Attachments.BatchUpdate(t.Context(), []model.Attachment{a})
	runtime.ReadMemStats(&after)
	if err != nil || rs[0].Err != nil || rs[0].Status != 204 {
		t.Fatalf("results %+v, %v", rs, err)
	}
	if received.Load() != size || !bytes.Equal(got[:], want.Sum(nil)) {
		t.Errorf("LinkedIn received %d bytes (hash match %v), want the %d bytes sent", received.Load(), bytes.Equal(got[:], want.Sum(nil)), size)
	}
	// Client and server together: holding the file once would be 20 MB,
	// its base64 27 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("the call allocated %d bytes for a %d-byte resume: it was buffered", alloc, size)
	}
	t.Logf("%d opens, %d bytes allocated for a %d-byte resume", opens.Load(), after.TotalAlloc-before.TotalAlloc, size)
}
