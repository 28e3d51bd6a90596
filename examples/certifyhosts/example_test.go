package certifyhosts_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rsckit/rsckit/certify"
	"github.com/rsckit/rsckit/examples/certifyhosts"
	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
)

// The quickstart's SQLite integration plays the deletion rules.
func ExampleSQLite() {
	dir, _ := os.MkdirTemp("", "certifyhosts-example-")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	store, err := sqlitestore.Open(ctx, filepath.Join(dir, "ats.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	rep := certify.Run(ctx, certifyhosts.SQLite(store), certify.Options{Rules: []string{"RSC-502", "RSC-504"}})
	for _, r := range rep.Results {
		fmt.Println(r.Rule, r.Outcome)
	}
	// Output:
	// RSC-502 pass
	// RSC-504 pass
}
