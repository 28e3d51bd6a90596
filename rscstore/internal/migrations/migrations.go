// Package migrations reads the versioned SQL files the rscstore modules
// embed: NNNN_name.sql brings a schema to version NNNN.
package migrations

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Migration is one schema version.
type Migration struct {
	// Version is the version the migration brings a schema to.
	Version int
	// Name is the file's name, recorded beside the version.
	Name string
	// SQL is the file's text.
	SQL string
}

// Load returns the migrations of the .sql files in dir of fsys in version
// order, checking that the versions run 1, 2, 3... without a gap or a
// repeat and that there are want of them.
func Load(fsys fs.FS, dir string, want int) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s has no version prefix", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	slices.SortFunc(out, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d", m.Name, i+1)
		}
	}
	if len(out) != want {
		return nil, fmt.Errorf("%d migrations for schema version %d", len(out), want)
	}
	return out, nil
}
