package restli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testsuite is the copy of LinkedIn's rest.li-test-suite that rsc/internal/restli
// keeps (with its licence): inside the module, so a clean clone has it.
const testsuite = "../../../rsc/internal/restli/testdata/restli-testsuite"

// parsedReq is what the mock's parser reads from one test-suite request.
type parsedReq struct {
	pathKey  string   // canonical path key, "" for none
	ids      []string // canonical ids, sorted
	bodyKeys []string // canonical entity keys, sorted
}

func parseReqFile(t *testing.T, file string) parsedReq {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	head, body, _ := strings.Cut(text, "\n\n")
	line, _, _ := strings.Cut(head, "\n")
	fields := strings.Fields(line)
	if len(fields) != 3 {
		t.Fatalf("%s: request line %q", file, line)
	}
	target := fields[1]
	path, rawQuery, _ := strings.Cut(target, "?")
	base := filepath.Base(file)
	simple := strings.HasPrefix(base, "collection-")
	var out parsedReq
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(segs) > 1 {
		k, err := ParseEntityKey(segs[1], simple)
		if err != nil {
			t.Fatalf("%s: path key %q: %v", file, segs[1], err)
		}
		out.pathKey = k.Canonical()
	}
	q, err := ParseQuery(rawQuery)
	if err != nil {
		t.Fatalf("%s: query: %v", file, err)
	}
	ids, err := q.IDs(simple)
	if err != nil {
		t.Fatalf("%s: ids: %v", file, err)
	}
	for _, k := range ids {
		out.ids = append(out.ids, k.Canonical())
	}
	slices.Sort(out.ids)
	if strings.TrimSpace(body) != "" {
		var b struct {
			Entities map[string]json.RawMessage `json:"entities"`
		}
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			t.Fatalf("%s: body: %v", file, err)
		}
		for s := range b.Entities {
			k, err := ParseEntityKey(s, simple)
			if err != nil {
				t.Fatalf("%s: entity key %q: %v", file, s, err)
			}
			out.bodyKeys = append(out.bodyKeys, k.Canonical())
		}
		slices.Sort(out.bodyKeys)
	}
	return out
}

func TestParserAcceptsRestliTestsuite(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(testsuite, "requests", "*.req"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test-suite files (%v)", err)
	}
	n := 0
	for _, f1 := range files {
		base := filepath.Base(f1)
		if !(strings.HasPrefix(base, "complexkey-") || strings.HasPrefix(base, "association-") ||
			strings.HasPrefix(base, "collection-batch-") || strings.Contains(base, "special-chars")) {
			continue
		}
		n++
		t.Run(base, func(t *testing.T) {
			t.Parallel()
			v1 := parseReqFile(t, f1)
			v2 := parseReqFile(t, filepath.Join(testsuite, "requests-v2", base))
			if len(v1.ids) > 0 && len(v1.bodyKeys) > 0 && !slices.Equal(v1.ids, v1.bodyKeys) {
				t.Errorf("1.0: ids %q != body keys %q", v1.ids, v1.bodyKeys)
			}
			if len(v2.ids) > 0 && len(v2.bodyKeys) > 0 && !slices.Equal(v2.ids, v2.bodyKeys) {
				t.Errorf("2.0: ids %q != body keys %q", v2.ids, v2.bodyKeys)
			}
			if !slices.Equal(v1.ids, v2.ids) || !slices.Equal(v1.bodyKeys, v2.bodyKeys) || v1.pathKey != v2.pathKey {
				t.Errorf("1.0 and 2.0 disagree:\n1.0 %q\n2.0 %q", v1, v2)
			}
		})
	}
	if n < 25 {
		t.Errorf("only %d files matched", n)
	}
}

func TestParserSpecialChars(t *testing.T) {
	t.Parallel()
	const want = "key!*'();:@&=+$,/?#[].~"
	for _, f := range []string{
		"requests/complexkey-batch-get-with-special-chars.req", "requests-v2/complexkey-batch-get-with-special-chars.req",
		"requests/complexkey-get-with-special-chars.req", "requests-v2/complexkey-get-with-special-chars.req",
	} {
		p := parseReqFile(t, filepath.Join(testsuite, f))
		all := strings.Join(append(p.ids, p.pathKey), "|")
		if !strings.Contains(all, "part1="+want+"\x00") || !strings.Contains(all, "$params.param1=param!*'();:@&=+$,/?#[].~\x00") {
			t.Errorf("%s: parsed %q", f, all)
		}
	}
}

func TestParserDocumentedShapes(t *testing.T) {
	t.Parallel()
	cand := Key{"atsCandidateId": "C1", "dataProvider": "ATS", "integrationContext": "urn:li:organization:123"}.Canonical()
	queries := []string{
		"ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext=urn:li:organization:123",
		"ids%5B0%5D.integrationContext=urn%3Ali%3Aorganization%3A123&ids%5B0%5D.atsCandidateId=C1&ids%5B0%5D.dataProvider=ATS",
		"ids=List((atsCandidateId:C1,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123))",
		"ids=List((integrationContext:urn:li:organization:123,atsCandidateId:C1,dataProvider:ATS))",
		"ids=List(($params:(),atsCandidateId:C1,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123))",
		"ids=atsCandidateId%3DC1%26dataProvider%3DATS%26integrationContext%3Durn%253Ali%253Aorganization%253A123",
	}
	for _, raw := range queries {
		q, err := ParseQuery(raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		ids, err := q.IDs(false)
		if err != nil || len(ids) != 1 || ids[0].Canonical() != cand {
			t.Errorf("%s: got %v, %v", raw, ids, err)
		}
	}
	for _, s := range []string{
		"atsCandidateId=C1&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A123",
		"dataProvider=ATS&integrationContext=urn:li:organization:123&atsCandidateId=C1",
		"(atsCandidateId:C1,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123)",
		"%28atsCandidateId%3AC1%2CdataProvider%3AATS%2CintegrationContext%3Aurn%253Ali%253Aorganization%253A123%29",
	} {
		k, err := ParseEntityKey(s, false)
		if err != nil || k.Canonical() != cand {
			t.Errorf("%s: got %v, %v", s, k, err)
		}
	}
	q, err := ParseQuery("ids=urn:li:simpleJobPostingTask:t1&ids=urn%3Ali%3AsimpleJobPostingTask%3At2&contracts=List(urn%3Ali%3Acontract%3A77,urn:li:contract:78)")
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := q.IDs(true)
	if len(ids) != 2 || ids[0][""] != "urn:li:simpleJobPostingTask:t1" || ids[1][""] != "urn:li:simpleJobPostingTask:t2" {
		t.Errorf("simple ids %v", ids)
	}
	if got := q.params["contracts"]; !slices.Equal(got, []string{"urn:li:contract:77", "urn:li:contract:78"}) {
		t.Errorf("contracts %q", got)
	}
	for _, bad := range []string{"ids=List((a:b", "ids=List((a:b)))", "ids%5B0%5D.a=%ZZ"} {
		q, err := ParseQuery(bad)
		if err == nil {
			_, err = q.IDs(false)
		}
		if err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// checkEncodedIDsIndex checks the fast read of an ids[i].field name against
// decoding it whole and reading it then, what ParseQuery falls back to.
func checkEncodedIDsIndex(t *testing.T, raw string) {
	t.Helper()
	i, field, ok := encodedIDsIndex(raw)
	if !ok {
		return
	}
	name, err := unesc(raw)
	if err != nil {
		t.Fatalf("%q: encodedIDsIndex %d %q, but the name does not decode: %v", raw, i, field, err)
	}
	if wi, wfield, wok := idsIndex(name); !wok || wi != i || wfield != field {
		t.Fatalf("%q: encodedIDsIndex %d %q, decoded %d %q %v", raw, i, field, wi, wfield, wok)
	}
}

var idsNames = []string{"ids[0].a", "ids%5B12%5D.atsCandidateId", "ids%5b1%5d.a", "ids[1%5D.a", "ids%5B1].a",
	"ids%5B%31%5D.a", "ids%5B1%5D.a%5D.b", "ids%5B1%5D.a%zz", "ids%5B%5D.a", "ids%5B1%5D.", "ids[-1].a",
	"ids[99999999999999999999].a", "ids", "x", "ids%5B1%5D.a%2Eb", "ids[+1].a"}

func TestEncodedIDsIndex(t *testing.T) {
	for _, raw := range idsNames {
		checkEncodedIDsIndex(t, raw)
	}
	for raw, want := range map[string]int{"ids[3].a": 3, "ids%5B12%5D.a%2Eb": 12} {
		if i, _, ok := encodedIDsIndex(raw); !ok || i != want {
			t.Errorf("encodedIDsIndex(%q) = %d, %v; want %d", raw, i, ok, want)
		}
	}
}

func FuzzEncodedIDsIndex(f *testing.F) {
	for _, raw := range idsNames {
		f.Add(raw)
	}
	f.Fuzz(checkEncodedIDsIndex)
}
