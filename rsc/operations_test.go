package rsc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// documentedOperations is every endpoint of the API notes the client must
// cover (/v2 forms; the /rest variants are routes of the same methods).
var documentedOperations = []string{
	"BATCH_DELETE /v2/atsApplications",
	"BATCH_DELETE /v2/atsApplications/{key}/interviewFeedback",
	"BATCH_DELETE /v2/atsApplications/{key}/notes",
	"BATCH_DELETE /v2/atsApplications/{key}/resumes",
	"BATCH_DELETE /v2/atsApplications/{key}/stages",
	"BATCH_DELETE /v2/atsCandidates",
	"BATCH_DELETE /v2/atsCandidates/{key}/notes",
	"BATCH_DELETE /v2/atsEntityAclAssignees",
	"BATCH_DELETE /v2/atsEntityAcls",
	"BATCH_DELETE /v2/atsIntegrations/{key}/configurations",
	"BATCH_CREATE /v2/simpleJobPostings",
	"BATCH_GET /v2/atsCandidates",
	"BATCH_GET /v2/atsIntegrations",
	"BATCH_GET /v2/atsIntegrations/{key}/configurations",
	"BATCH_GET /v2/simpleJobPostingTasks",
	"BATCH_PARTIAL_UPDATE /v2/atsCandidates",
	"BATCH_PARTIAL_UPDATE /v2/atsIntegrations",
	"BATCH_UPDATE /v2/atsApplications",
	"BATCH_UPDATE /v2/atsApplications/{key}/interviewFeedback",
	"BATCH_UPDATE /v2/atsApplications/{key}/notes",
	"BATCH_UPDATE /v2/atsApplications/{key}/resumes",
	"BATCH_UPDATE /v2/atsApplications/{key}/stages",
	"BATCH_UPDATE /v2/atsCandidates",
	"BATCH_UPDATE /v2/atsCandidates/{key}/notes",
	"BATCH_UPDATE /v2/atsEntityAclAssignees",
	"BATCH_UPDATE /v2/atsEntityAcls",
	"BATCH_UPDATE /v2/atsIntegrations/{key}/configurations",
	"CREATE /v2/provisionedApplications",
	"FINDER attributes /v2/seatsV2",
	"FINDER contract /v2/mailStubs",
	"FINDER credentialsByUniqueForeignId /v2/provisionedApplications",
	"FINDER criteria /v2/atsEntityAclAssignees",
	"FINDER criteria /v2/atsEntityAcls",
	"FINDER criteria /v2/atsPurgedExportedCandidates",
	"FINDER criteria /v2/conversationEvents",
	"FINDER criteria /v2/prospectNotes",
	"FINDER request /rest/exportedApplicationEvaluation", // on /rest only
	"FINDER request /v2/atsIntegrations",
	"FINDER request /v2/exportedCandidates",
	"PARTIAL_UPDATE /v2/provisionedApplications/{urn}",
}

// TestOperationMarkers checks that every documented endpoint has a service
// method marked "rsc:operation", and that every exported service method
// that calls LinkedIn carries a marker or delegates to one that does.
func TestOperationMarkers(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	found := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || fn.Doc == nil {
				continue
			}
			for _, line := range strings.Split(fn.Doc.Text(), "\n") {
				if op, ok := strings.CutPrefix(line, "rsc:operation "); ok {
					found[op] = true
				}
			}
		}
	}
	var got []string
	for op := range found {
		got = append(got, op)
	}
	sort.Strings(got)
	want := append([]string(nil), documentedOperations...)
	sort.Strings(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rsc:operation markers differ from the documented endpoints (-want +got):\n%s", d)
	}
}
