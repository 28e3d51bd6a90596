package rscmock_test

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInternalPackagesImportNeitherRscNorModel: the fake's own parts
// (rscmock/internal/...) never import the client, so a rule wrong in the
// client cannot be wrong the same way in the fake.
func TestInternalPackagesImportNeitherRscNorModel(t *testing.T) {
	t.Parallel()
	dirs, err := os.ReadDir("internal")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		pkg, err := build.ImportDir(filepath.Join("internal", d.Name()), 0)
		if err != nil {
			t.Fatal(err)
		}
		n++
		for _, imp := range pkg.Imports {
			if imp == "github.com/rsckit/rsckit/rsc" || strings.HasPrefix(imp, "github.com/rsckit/rsckit/rsc/") {
				t.Errorf("rscmock/internal/%s imports %s", d.Name(), imp)
			}
		}
	}
	// The parts that build what the fake serves (rscmock's doc lists them):
	// a missing one means its code went back into package rscmock.
	for _, want := range []string{"api", "auth", "console", "records", "restli", "shapes", "sim", "spec", "state", "wire"} {
		if _, err := os.Stat(filepath.Join("internal", want)); err != nil {
			t.Errorf("rscmock/internal/%s: %v", want, err)
		}
	}
	if n < 10 {
		t.Errorf("found %d internal packages, want 10 at least", n)
	}
}
