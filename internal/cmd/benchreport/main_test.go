package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/rsckit/rsckit/rsc/matching
cpu: Test CPU
BenchmarkDuplicateIndex
BenchmarkDuplicateIndex-2   	       1	13775717472 ns/op	         9.444 build-s	        170.4 lookup-p99-us	         1.000 recall	       101.2 x-pairwise
PASS
ok  	github.com/rsckit/rsckit/rsc/matching	25.1s
pkg: github.com/rsckit/rsckit/rsc
BenchmarkEncodeCandidates-2   	       1	   1000 ns/op	         0.95 x-json	         3 widgets
`

func TestReport(t *testing.T) {
	r, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.figures) != 8 || r.cpu != "Test CPU" || r.figures[0].bench != "BenchmarkDuplicateIndex" {
		t.Fatalf("parsed %+v", r)
	}
	r.cmds = []string{defaultCmd}
	var b strings.Builder
	notes := sections("# Notes\n\n## lookup-p99-us\n\nThe heap is cold.\n\n## `x-json`\n\nfine\n")
	if err := write(&b, r, targets, notes); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"| `BenchmarkDuplicateIndex` (rsc/matching) | `build-s` | **9.444** | < 10 | met |",
		"| `BenchmarkDuplicateIndex` (rsc/matching) | `lookup-p99-us` | **170.4** | < 100 | **missed** |",
		"### lookup-p99-us\n\nThe heap is cold.",
		"| `BenchmarkEncodeCandidates` (rsc) | `widgets` | **3** | none | reported |",
		"- `mock-rps` >= 1000 (rscmock batch updates",
		"from **one run** of\n\n```sh\n" + defaultCmd + "\n```",
		"took 25 s in all (longest: github.com/rsckit/rsckit/rsc/matching 25 s)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "### x-json") {
		t.Error("a met figure is listed as missed")
	}
}

func TestReportOfTwoCommands(t *testing.T) {
	r, err := parse(strings.NewReader(sample + "PASS\nok  \tgithub.com/rsckit/rsckit/rsc\t3.5s\n"))
	if err != nil {
		t.Fatal(err)
	}
	r.cmds = []string{defaultCmd, "RSC_BENCH_PROCESSES=1 go test -run '^$' -bench FleetProcesses -benchtime 1x ./examples/postgres/cmd/rscengine"}
	var b strings.Builder
	if err := write(&b, r, targets, nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"from **one run each** of",
		"\nRSC_BENCH_PROCESSES=1 go test",
		"took 29 s in all (longest: github.com/rsckit/rsckit/rsc/matching 25 s, github.com/rsckit/rsckit/rsc 4 s)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
