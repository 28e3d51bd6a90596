package restli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const orgURN = "urn:li:organization:123"

func candidateKey(id string) Key {
	return CompoundKey(
		Field{"atsCandidateId", id},
		Field{"dataProvider", "ATS"},
		Field{"integrationContext", orgURN},
	)
}

// TestRSCBatchIDs uses the exact /v2 URLs of ats-to-linkedin.md §3.2 and §3.11
// (LinkedIn prints the brackets literally; the encoder escapes them).
func TestRSCBatchIDs(t *testing.T) {
	t.Parallel()
	acl := CompoundKey(
		Field{"atsEntityAclId", "eng_managers"}, Field{"dataProvider", "ATS"},
		Field{"integrationContext", "urn:li:organization:1000"}, Field{"atsEntityId", "JOBP123"},
		Field{"atsEntityType", "JOB_POSTING"},
	)
	assignee := CompoundKey(
		Field{"atsEntityAclId", "eng_managers"}, Field{"integrationContext", orgURN},
		Field{"dataProvider", "ATS"}, Field{"assignee", "urn:li:person:abc123"},
		Field{"atsEntityType", "JOB_POSTING"},
	)
	tests := []struct {
		name    string
		docURL  string // as printed in the docs
		keys    []Key
		wantV1  string // Encode(Protocol1)
		wantV2  string // Encode(Protocol2)
		docBody []string
	}{{
		name:   "candidates §3.2",
		docURL: "https://api.linkedin.com/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext=urn:li:organization:123&ids[1].atsCandidateId=C2&ids[1].dataProvider=ATS&ids[1].integrationContext=urn:li:organization:123",
		keys:   []Key{candidateKey("C1"), candidateKey("C2")},
		wantV1: "ids%5B0%5D.atsCandidateId=C1&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=urn:li:organization:123" +
			"&ids%5B1%5D.atsCandidateId=C2&ids%5B1%5D.dataProvider=ATS&ids%5B1%5D.integrationContext=urn:li:organization:123",
		wantV2: "ids=List((atsCandidateId:C1,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123)," +
			"(atsCandidateId:C2,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123))",
		docBody: []string{"atsCandidateId=C1&dataProvider=ATS&integrationContext=urn:li:organization:123"},
	}, {
		name:   "entity ACL §3.11",
		docURL: "https://api.linkedin.com/v2/atsEntityAcls?ids[0].atsEntityAclId=eng_managers&ids[0].dataProvider=ATS&ids[0].integrationContext=urn:li:organization:1000&ids[0].atsEntityId=JOBP123&ids[0].atsEntityType=JOB_POSTING",
		keys:   []Key{acl},
		wantV1: "ids%5B0%5D.atsEntityAclId=eng_managers&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=urn:li:organization:1000&ids%5B0%5D.atsEntityId=JOBP123&ids%5B0%5D.atsEntityType=JOB_POSTING",
		wantV2: "ids=List((atsEntityAclId:eng_managers,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A1000,atsEntityId:JOBP123,atsEntityType:JOB_POSTING))",
		// The docs' body key lists the fields in another order.
		docBody: []string{"dataProvider=ATS&integrationContext=urn:li:organization:1000&atsEntityType=JOB_POSTING&atsEntityId=JOBP123&atsEntityAclId=eng_managers"},
	}, {
		name:    "ACL assignee §3.11",
		docURL:  "https://api.linkedin.com/v2/atsEntityAclAssignees?ids[0].atsEntityAclId=eng_managers&ids[0].integrationContext=urn:li:organization:123&ids[0].dataProvider=ATS&ids[0].assignee=urn:li:person:abc123&ids[0].atsEntityType=JOB_POSTING",
		keys:    []Key{assignee},
		wantV1:  "ids%5B0%5D.atsEntityAclId=eng_managers&ids%5B0%5D.integrationContext=urn:li:organization:123&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.assignee=urn:li:person:abc123&ids%5B0%5D.atsEntityType=JOB_POSTING",
		wantV2:  "ids=List((atsEntityAclId:eng_managers,integrationContext:urn%3Ali%3Aorganization%3A123,dataProvider:ATS,assignee:urn%3Ali%3Aperson%3Aabc123,atsEntityType:JOB_POSTING))",
		docBody: []string{"dataProvider=ATS&integrationContext=urn:li:organization:123&atsEntityType=JOB_POSTING&atsEntityAclId=eng_managers&assignee=urn:li:person:abc123"},
	}, {
		name:   "simple sub-resource ids §1.4",
		docURL: "https://api.linkedin.com/v2/atsApplicationStages?ids=STAGE001&ids=STAGE002",
		keys:   []Key{SimpleKey("STAGE001"), SimpleKey("STAGE002")},
		wantV1: "ids=STAGE001&ids=STAGE002",
		wantV2: "ids=List(STAGE001,STAGE002)",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, docQuery, _ := strings.Cut(tt.docURL, "?")
			got, err := ParseIDs(Protocol1, docQuery)
			if err != nil {
				t.Fatalf("ParseIDs(doc URL): %v", err)
			}
			if diff := cmp.Diff(tt.keys, got, keyCmpOpts); diff != "" {
				t.Errorf("ParseIDs(doc URL) mismatch (-want +got):\n%s", diff)
			}
			// A server that receives the doc's 1.0 syntax with a 2.0 header still reads it.
			if got2, err := ParseIDs(Protocol2, docQuery); err != nil || !cmp.Equal(tt.keys, got2, keyCmpOpts) {
				t.Errorf("ParseIDs(Protocol2, doc URL) = %+v, %v", got2, err)
			}
			var q Query
			q.SetIDs(tt.keys)
			for _, c := range []struct {
				p    Protocol
				want string
			}{{Protocol1, tt.wantV1}, {Protocol2, tt.wantV2}} {
				enc := q.Encode(c.p)
				if enc != c.want {
					t.Errorf("Encode(%v):\n got %s\nwant %s", c.p, enc, c.want)
				}
				back, err := ParseIDs(c.p, enc)
				if err != nil || !cmp.Equal(tt.keys, back, keyCmpOpts) {
					t.Errorf("ParseIDs(%v, Encode) = %+v, %v", c.p, back, err)
				}
			}
			for _, s := range tt.docBody {
				k, err := ParseEntityKey(Protocol1, s)
				if err != nil {
					t.Fatalf("ParseEntityKey(%q): %v", s, err)
				}
				if !k.Equal(tt.keys[0]) || k.Canonical() != tt.keys[0].Canonical() {
					t.Errorf("doc body key %q = %+v, want a key Equal to %+v", s, k, tt.keys[0])
				}
				for _, p := range []Protocol{Protocol1, Protocol2} {
					enc := EncodeEntityKey(p, tt.keys[0])
					back, err := ParseEntityKey(p, enc)
					if err != nil || !back.Equal(tt.keys[0]) {
						t.Errorf("ParseEntityKey(%v, %q) = %+v, %v", p, enc, back, err)
					}
				}
			}
		})
	}
}

func TestRSCEntityAndPathKeys(t *testing.T) {
	t.Parallel()
	k := candidateKey("cand-1")
	tests := []struct {
		name string
		got  string
		want string
	}{
		// LinkedIn's samples send the URN raw in 1.0 body keys.
		{"entity v1", EncodeEntityKey(Protocol1, k), "atsCandidateId=cand-1&dataProvider=ATS&integrationContext=urn:li:organization:123"},
		{"entity v1 reserved", EncodeEntityKey(Protocol1, CompoundKey(Field{"a", "x&y=z+1%2 #"})), "a=x%26y%3Dz%2B1%252%20%23"},
		{"entity v2", EncodeEntityKey(Protocol2, k), "(atsCandidateId:cand-1,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123)"},
		{"path v1", EncodePathKey(Protocol1, k), "atsCandidateId=cand-1&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A123"},
		{"path v2", EncodePathKey(Protocol2, k), "(atsCandidateId:cand-1,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123)"},
		{"simple urn path v1", EncodePathKey(Protocol1, SimpleKey("urn:li:task:1")), "urn%3Ali%3Atask%3A1"},
		{"simple urn path v2", EncodePathKey(Protocol2, SimpleKey("urn:li:task:1")), "urn%3Ali%3Atask%3A1"},
		{"simple urn entity v1", EncodeEntityKey(Protocol1, SimpleKey("urn:li:task:1")), "urn:li:task:1"},
		{"simple urn entity v2", EncodeEntityKey(Protocol2, SimpleKey("urn:li:task:1")), "urn%3Ali%3Atask%3A1"},
		{"empty v2", EncodeEntityKey(Protocol2, CompoundKey(Field{"a", ""})), "(a:'')"},
		{"space v1", EncodePathKey(Protocol1, CompoundKey(Field{"a", "x y+z"})), "a=x%20y%2Bz"},
		{"params v2", EncodeEntityKey(Protocol2, Key{Fields: fs("a", "1"), Params: fs("p", "q")}), "($params:(p:q),a:1)"},
		{"params v1", EncodeEntityKey(Protocol1, Key{Fields: fs("a", "1"), Params: fs("p", "q")}), "$params.p=q&a=1"},
		{"unicode v2 body stays raw", EncodeEntityKey(Protocol2, CompoundKey(Field{"a", "é,日"})), "(a:é%2C日)"},
		{"unicode v2 path", EncodePathKey(Protocol2, CompoundKey(Field{"a", "é"})), "(a:%C3%A9)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, tt.got, tt.want)
		}
	}
}

func TestParseKeys(t *testing.T) {
	t.Parallel()
	cand := candidateKey("C1")
	tests := []struct {
		name    string
		parse   func(string) (Key, error)
		in      string
		want    Key
		wantErr bool
	}{
		{"path v1 doc §1.4", func(s string) (Key, error) { return ParsePathKey(Protocol1, s) },
			"atsJobApplicationId=A1&dataProvider=ATS&integrationContext=urn:li:organization:123",
			CompoundKey(fs("atsJobApplicationId", "A1", "dataProvider", "ATS", "integrationContext", orgURN)...), false},
		{"any v2 whole key escaped", ParseAnyKey,
			"%28atsCandidateId%3AC1%2CdataProvider%3AATS%2CintegrationContext%3Aurn%253Ali%253Aorganization%253A123%29", cand, false},
		{"entity v2 empty params", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) },
			"($params:(),atsCandidateId:C1,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123)", cand, false},
		{"entity v2 raw colons", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) },
			"(atsCandidateId:C1,dataProvider:ATS,integrationContext:urn:li:organization:123)", cand, false},
		{"entity v2 simple", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) },
			"urn%3Ali%3Atask%3A1", SimpleKey("urn:li:task:1"), false},
		{"entity v2 empty simple", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) }, "''", SimpleKey(""), false},
		{"entity v1 simple raw", func(s string) (Key, error) { return ParseEntityKey(Protocol1, s) }, "50%", SimpleKey("50%"), false},
		{"any v1", ParseAnyKey, "a=x%20y&b=2", CompoundKey(fs("a", "x y", "b", "2")...), false},
		{"any v2", ParseAnyKey, "(b:2,a:x)", CompoundKey(fs("b", "2", "a", "x")...), false},
		{"any simple", ParseAnyKey, "urn%3Ali%3Ax%3A1", SimpleKey("urn:li:x:1"), false},
		{"any simple bad escape kept", ParseAnyKey, "100%", SimpleKey("100%"), false},
		{"v2 empty compound", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) }, "()", Key{}, true},
		{"v2 unterminated", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) }, "(a:b", Key{}, true},
		{"v2 trailing", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) }, "(a:b)x", Key{}, true},
		{"v2 nested", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) }, "(a:(b:c))", Key{}, true},
		{"v2 missing colon", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) }, "(a)", Key{}, true},
		{"v2 bad escape", func(s string) (Key, error) { return ParseEntityKey(Protocol2, s) }, "(a:%zz)", Key{}, true},
		{"v1 part without =", func(s string) (Key, error) { return ParseEntityKey(Protocol1, s) }, "a=1&b", Key{}, true},
		{"v1 only params", func(s string) (Key, error) { return ParseEntityKey(Protocol1, s) }, "$params.a=1", Key{}, true},
		{"v1 bad escape", func(s string) (Key, error) { return ParsePathKey(Protocol1, s) }, "a=%4", Key{}, true},
	}
	for _, tt := range tests {
		got, err := tt.parse(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: parse(%q) error = %v, wantErr %v", tt.name, tt.in, err, tt.wantErr)
			continue
		}
		if diff := cmp.Diff(tt.want, got, keyCmpOpts); diff != "" {
			t.Errorf("%s: parse(%q) mismatch (-want +got):\n%s", tt.name, tt.in, diff)
		}
	}
}

func TestParseIDsForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		p       Protocol
		query   string
		want    []Key
		wantErr bool
	}{
		{"no ids", Protocol1, "q=criteria&start=0", nil, false},
		{"lower-case escapes and other params", Protocol1, "q=x&ids%5b1%5d.a=2&ids%5b0%5d.a=1", []Key{CompoundKey(Field{"a", "1"}), CompoundKey(Field{"a", "2"})}, false},
		{"association", Protocol1, "ids=a%3Dx%2520y%26b%3D2", []Key{CompoundKey(fs("a", "x y", "b", "2")...)}, false},
		{"plus is space", Protocol1, "ids=a+b", []Key{SimpleKey("a b")}, false},
		{"v2 empty list", Protocol2, "ids=List()", []Key{}, false},
		{"v2 mixed list", Protocol2, "ids=List(a,(b:1),'')", []Key{SimpleKey("a"), CompoundKey(Field{"b", "1"}), SimpleKey("")}, false},
		{"v2 plain repeated", Protocol2, "ids=a&ids=b", []Key{SimpleKey("a"), SimpleKey("b")}, false},
		{"bad index", Protocol1, "ids%5Bx%5D.a=1", nil, true},
		{"no field", Protocol1, "ids%5B0%5D=1", nil, true},
		{"bad list", Protocol2, "ids=List((a:1)", nil, true},
		{"bad escape", Protocol1, "ids=%G1", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseIDs(tt.p, tt.query)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: ParseIDs(%q) error = %v, wantErr %v", tt.name, tt.query, err, tt.wantErr)
			continue
		}
		if diff := cmp.Diff(tt.want, got, keyCmpOpts); diff != "" {
			t.Errorf("%s: ParseIDs(%q) mismatch (-want +got):\n%s", tt.name, tt.query, diff)
		}
	}
}

func TestQueryEncode(t *testing.T) {
	t.Parallel()
	var q Query
	q.Set("q", "criteria")
	q.Add("atsEntityId", "JOBP 1")
	q.Set("integrationContext", "urn:li:contract:1")
	q.AddList("types", []string{"A,B", ""})
	q.Add("start", "0")
	q.Add("start", "10")
	q.Set("count", "")
	if q.Len() != 7 {
		t.Errorf("Len = %d, want 7", q.Len())
	}
	want1 := "q=criteria&atsEntityId=JOBP%201&integrationContext=urn:li:contract:1&types=A,B&types=&start=0&start=10&count="
	if got := q.Encode(Protocol1); got != want1 {
		t.Errorf("Encode(1):\n got %s\nwant %s", got, want1)
	}
	want2 := "q=criteria&atsEntityId=JOBP%201&integrationContext=urn%3Ali%3Acontract%3A1&types=List(A%2CB,'')&start=0&start=10&count=''"
	if got := q.Encode(Protocol2); got != want2 {
		t.Errorf("Encode(2):\n got %s\nwant %s", got, want2)
	}

	// Set replaces every earlier parameter of the name, in place of the first.
	q.Set("start", "20")
	q.SetIDs([]Key{SimpleKey("1")})
	q.SetIDs([]Key{SimpleKey("2")})
	want := "q=criteria&atsEntityId=JOBP%201&integrationContext=urn:li:contract:1&types=A,B&types=&start=20&count=&ids=2"
	if got := q.Encode(Protocol1); got != want {
		t.Errorf("after Set:\n got %s\nwant %s", got, want)
	}

	// AppendEncode appends what Encode returns, the ids written in place
	// between the other parameters, with no '&' after what b held.
	q.Add("after", "ids")
	for _, p := range []Protocol{Protocol1, Protocol2} {
		if got, want := string(q.AppendEncode([]byte("GET /x?"), p)), "GET /x?"+q.Encode(p); got != want {
			t.Errorf("AppendEncode(%d):\n got %s\nwant %s", p, got, want)
		}
	}
	if got, want := q.Encode(Protocol2), "&count=''&ids=List(2)&after=ids"; !strings.HasSuffix(got, want) {
		t.Errorf("Encode(2) = %s, want it to end %s", got, want)
	}

	var empty Query
	empty.AddList("x", nil)
	empty.SetIDs(nil)
	if got := empty.Encode(Protocol1); got != "" {
		t.Errorf("empty lists in 1.0 = %q, want \"\"", got)
	}
	if got := empty.Encode(Protocol2); got != "x=List()&ids=List()" {
		t.Errorf("empty lists in 2.0 = %q", got)
	}

	// SetIDs copies its input.
	keys := []Key{candidateKey("C1")}
	var q2 Query
	q2.SetIDs(keys)
	keys[0].Fields[0].Value = "changed"
	if got := q2.Encode(Protocol2); !strings.Contains(got, "atsCandidateId:C1") {
		t.Errorf("SetIDs aliased its input: %s", got)
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	a := candidateKey("C1")
	b := CompoundKey(Field{"integrationContext", orgURN}, Field{"atsCandidateId", "C1"}, Field{"dataProvider", "ATS"})
	if !a.Equal(b) || a.Canonical() != b.Canonical() {
		t.Errorf("order-insensitive keys differ: %s vs %s", a.Canonical(), b.Canonical())
	}
	distinct := []Key{
		a,
		candidateKey("C2"),
		CompoundKey(Field{"atsCandidateId", "C1"}),
		{Fields: a.Fields, Params: fs("p", "1")},
		SimpleKey("C1"),
		SimpleKey("(atsCandidateId:C1)"),
		SimpleKey(""),
		CompoundKey(Field{"a", "b,c:d"}),
		CompoundKey(Field{"a", "b"}, Field{"c", "d"}),
	}
	seen := map[string]int{}
	for i, k := range distinct {
		if j, dup := seen[k.Canonical()]; dup {
			t.Errorf("keys %d and %d share Canonical %q", j, i, k.Canonical())
		}
		seen[k.Canonical()] = i
		for j, o := range distinct {
			if k.Equal(o) != (i == j) {
				t.Errorf("Equal(%d, %d) = %v", i, j, k.Equal(o))
			}
		}
	}
	if v, ok := a.Get("dataProvider"); !ok || v != "ATS" {
		t.Errorf("Get(dataProvider) = %q, %v", v, ok)
	}
	if _, ok := a.Get("missing"); ok {
		t.Error("Get(missing) found a value")
	}
	if !SimpleKey("x").IsSimple() || a.IsSimple() {
		t.Error("IsSimple wrong")
	}
	fields := []Field{{"a", "1"}}
	k := CompoundKey(fields...)
	fields[0].Value = "2"
	if v, _ := k.Get("a"); v != "1" {
		t.Error("CompoundKey aliases its arguments")
	}
}

func TestProtocol(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		p      Protocol
		header string
	}{{Protocol1, "1.0.0"}, {Protocol2, "2.0.0"}, {Protocol(3), ""}} {
		if got := tt.p.HeaderValue(); got != tt.header {
			t.Errorf("Protocol(%d).HeaderValue() = %q, want %q", tt.p, got, tt.header)
		}
	}
	for in, want := range map[string]Protocol{"": Protocol1, "1.0.0": Protocol1, "2.0.0": Protocol2, " 2.0.0 ": Protocol2, "junk": Protocol1} {
		if got := ParseProtocol(in); got != want {
			t.Errorf("ParseProtocol(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestEscapeTables(t *testing.T) {
	t.Parallel()
	// Every byte must survive each encoding and its decoding, and the
	// characters that delimit the surrounding syntax must never stay raw.
	var all strings.Builder
	for b := range 256 {
		all.WriteByte(byte(b))
	}
	s := all.String()
	for _, tt := range []struct {
		name      string
		enc       func(string) string
		forbidden string
	}{
		{"query1", func(s string) string { return escape(s, query1Safe) }, " &=+#[]\x00\x7f\xff"},
		{"form1", func(s string) string { return escape(s, form1Safe) }, " &=+#[]/?:~\x00\xff"},
		{"query2", func(s string) string { return escape2(s, query2Safe) }, " &=+#[],()':\x00\xff"},
		{"path2", func(s string) string { return escape2(s, path2Safe) }, " /?#;,()':\x00\xff"},
		{"body2", escapeBody2, ",()':"},
	} {
		enc := tt.enc(s)
		if got, err := unescape2(enc, false); err != nil || got != s {
			t.Errorf("%s: round trip failed: %v", tt.name, err)
		}
		if i := strings.IndexAny(enc, tt.forbidden); i >= 0 {
			t.Errorf("%s leaves %q unescaped", tt.name, enc[i])
		}
	}
	if _, err := unescape("%", false); err == nil {
		t.Error("unescape(%) succeeded")
	}
}

func TestSetFieldsIsAProjection(t *testing.T) {
	t.Parallel()
	var q Query
	q.SetIDs([]Key{SimpleKey("a")})
	q.SetFields("matchedMembers", "manualMatchedMember")
	for p, want := range map[Protocol]string{
		Protocol1: "ids=a&fields=matchedMembers,manualMatchedMember",
		Protocol2: "ids=List(a)&fields=matchedMembers,manualMatchedMember",
	} {
		if got := q.Encode(p); got != want {
			t.Errorf("protocol %d: %s, want %s", p, got, want)
		}
	}
}

// TestSetOwnedIDsEncodesAsSetIDs checks that the two setters write the
// same query in both protocols.
func TestSetOwnedIDsEncodesAsSetIDs(t *testing.T) {
	t.Parallel()
	keys := rscBatch(3)
	for _, p := range []Protocol{Protocol1, Protocol2} {
		var a, b Query
		a.SetIDs(keys)
		b.SetOwnedIDs(keys)
		if a.Encode(p) != b.Encode(p) {
			t.Errorf("protocol %d: SetOwnedIDs %q, SetIDs %q", p, b.Encode(p), a.Encode(p))
		}
	}
}
