package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/certify"
)

func TestRunWritesBothReports(t *testing.T) {
	dir := t.TempDir()
	md, js := filepath.Join(dir, "r.md"), filepath.Join(dir, "r.json")
	var out, errs strings.Builder
	code := run(t.Context(), []string{"-db", filepath.Join(dir, "ats.db"), "-md", md, "-json", js, "-rules", "RSC-303,RSC-106"}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out.String(), errs.String())
	}
	if !strings.Contains(out.String(), "RSC-303  pass") || !strings.Contains(out.String(), "1 passed, 0 failed, 1 not checked") {
		t.Errorf("stdout:\n%s", out.String())
	}
	b, err := os.ReadFile(md)
	if err != nil || !strings.Contains(string(b), "# RSC certification rehearsal: quickstart (SQLite)") {
		t.Errorf("markdown: %v\n%s", err, b)
	}
	b, err = os.ReadFile(js)
	var rep certify.Report
	if err != nil || json.Unmarshal(b, &rep) != nil || len(rep.Results) != 2 || rep.Results[1].Outcome != certify.Pass {
		t.Errorf("json: %v\n%s", err, b)
	}
}

func TestRunRefusesAnUnknownRule(t *testing.T) {
	var out, errs strings.Builder
	if code := run(t.Context(), []string{"-rules", "RSC-999"}, &out, &errs); code != 2 || !strings.Contains(errs.String(), `unknown rule "RSC-999"`) {
		t.Errorf("exit %d, stderr %q", code, errs.String())
	}
}
