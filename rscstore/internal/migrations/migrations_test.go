package migrations_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/rsckit/rsckit/rscstore/internal/migrations"
)

func Example() {
	fsys := fstest.MapFS{
		"m/0002_more.sql":  {Data: []byte("ALTER TABLE t ADD COLUMN b int;")},
		"m/0001_first.sql": {Data: []byte("CREATE TABLE t (a int);")},
		"m/README":         {Data: []byte("not a migration")},
	}
	ms, err := migrations.Load(fsys, "m", 2)
	fmt.Println(err)
	for _, m := range ms {
		fmt.Println(m.Version, m.Name)
	}
	// Output:
	// <nil>
	// 1 0001_first.sql
	// 2 0002_more.sql
}

func TestLoadRefusesGapsAndCounts(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"gap":       {"m/0001_a.sql": {}, "m/0003_c.sql": {}},
		"repeat":    {"m/0001_a.sql": {}, "m/0001_b.sql": {}},
		"no number": {"m/first.sql": {}},
	} {
		if _, err := migrations.Load(fsys, "m", len(fsys)); err == nil {
			t.Errorf("%s: Load accepted %v", name, fsys)
		}
	}
	if _, err := migrations.Load(fstest.MapFS{"m/0001_a.sql": {}}, "m", 2); err == nil {
		t.Error("Load accepted 1 migration for schema version 2")
	}
}
