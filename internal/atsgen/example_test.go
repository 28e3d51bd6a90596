package atsgen_test

import (
	"fmt"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

func ExampleGenerate() {
	d := atsgen.Generate(1, 100, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(len(d.Records[rscsync.Candidates]), "candidates,", len(d.Records[rscsync.Jobs]), "jobs")
	fmt.Println(d.Records[rscsync.Candidates][0].Ref.ID)
	// Output:
	// 100 candidates, 10 jobs
	// C000001
}
