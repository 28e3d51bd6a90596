// Command benchreport turns the output of the project's benchmark run into
// BENCHMARKS.md, so that the report holds exactly the figures of one run:
//
//	go test -run '^$' -bench . -benchtime 1x work 2>&1 | tee bench.out
//	go run ./internal/cmd/benchreport -notes docs/benchmark-notes.md -append docs/benchmarks-scale.md < bench.out > BENCHMARKS.md
//
// A benchmark too long for that run's 10-minute budget (the real-process
// fleet proof, gated on RSC_BENCH_PROCESSES) runs as a second command whose
// output is appended to bench.out; each -cmd names one command the input
// came from, and the report says how long each package took.
//
// Every metric a benchmark reports with b.ReportMetric is listed with its
// target (the table in targets.go) and a verdict. A figure that misses its
// target is explained by the section of the notes file whose heading names
// the metric; one without an explanation says so. A target that no
// benchmark reported is listed as not measured, never as met.
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	notesPath := flag.String("notes", "", "Markdown file whose '## <metric>' sections explain missed targets")
	appendPath := flag.String("append", "", "Markdown file appended to the report as it is (for example figures measured before a change)")
	date := flag.String("date", time.Now().UTC().Format("2006-01-02"), "date of the run")
	var cmds []string
	flag.Func("cmd", "a command whose output is in the input (repeat for each; default the one benchmark command)", func(s string) error {
		cmds = append(cmds, s)
		return nil
	})
	flag.Parse()
	if len(cmds) == 0 {
		cmds = []string{defaultCmd}
	}
	run, err := parse(os.Stdin)
	if err != nil {
		log.Fatal(err)
	}
	notes := map[string]string{}
	if *notesPath != "" {
		b, err := os.ReadFile(*notesPath)
		if err != nil {
			log.Fatal(err)
		}
		notes = sections(string(b))
	}
	run.date = *date
	run.cmds = cmds
	if err := write(os.Stdout, run, targets, notes); err != nil {
		log.Fatal(err)
	}
	if *appendPath != "" {
		b, err := os.ReadFile(*appendPath)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := os.Stdout.Write(append([]byte("\n"), b...)); err != nil {
			log.Fatal(err)
		}
	}
}

// figure is one metric one benchmark reported.
type figure struct {
	pkg, bench, unit string
	value            float64
}

// defaultCmd is the one command the benchmark figures come from.
const defaultCmd = "go test -run '^$' -bench . -benchtime 1x work"

// run is a parsed benchmark run.
type run struct {
	goos, goarch, cpu, date string
	cmds                    []string
	figures                 []figure
	failed                  []string // lines of packages that failed
	took                    []took   // packages' durations, from their ok lines
}

// took is how long one package's benchmarks ran, as go test reported it.
type took struct {
	pkg     string
	seconds float64
}

// parse reads `go test -bench` output: the pkg:, cpu: headers and the
// Benchmark lines, whose metrics come in value-unit pairs after the
// iteration count.
func parse(r io.Reader) (run, error) {
	var out run
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "goos: "):
			out.goos = strings.TrimPrefix(line, "goos: ")
		case strings.HasPrefix(line, "goarch: "):
			out.goarch = strings.TrimPrefix(line, "goarch: ")
		case strings.HasPrefix(line, "cpu: "):
			out.cpu = strings.TrimPrefix(line, "cpu: ")
		case strings.HasPrefix(line, "pkg: "):
			pkg = strings.TrimPrefix(line, "pkg: ")
		case strings.HasPrefix(line, "ok "):
			// ok  	<package>	<seconds>s
			f := strings.Fields(line)
			if len(f) >= 3 {
				if v, err := strconv.ParseFloat(strings.TrimSuffix(f[2], "s"), 64); err == nil {
					out.took = append(out.took, took{pkg: f[1], seconds: v})
				}
			}
		case strings.HasPrefix(line, "FAIL"), strings.HasPrefix(line, "--- FAIL"):
			out.failed = append(out.failed, line)
		case strings.HasPrefix(line, "Benchmark"):
			f := strings.Fields(line)
			if len(f) < 4 {
				continue // a benchmark's name alone, before its result line
			}
			if _, err := strconv.Atoi(f[1]); err != nil {
				continue
			}
			name := f[0]
			if i := strings.LastIndexByte(name, '-'); i > 0 {
				if _, err := strconv.Atoi(name[i+1:]); err == nil {
					name = name[:i] // the GOMAXPROCS suffix
				}
			}
			for i := 2; i+1 < len(f); i += 2 {
				v, err := strconv.ParseFloat(f[i], 64)
				if err != nil {
					return out, fmt.Errorf("benchreport: %q: metric %q is not a number", line, f[i])
				}
				out.figures = append(out.figures, figure{pkg: pkg, bench: name, unit: f[i+1], value: v})
			}
		}
	}
	return out, sc.Err()
}

// sections splits Markdown into its "## heading" sections, keyed by the
// heading's first word (a metric name, in backquotes or not).
func sections(md string) map[string]string {
	out := map[string]string{}
	var key string
	var body strings.Builder
	flush := func() {
		if key != "" {
			out[key] = strings.TrimSpace(body.String())
		}
		body.Reset()
	}
	for line := range strings.Lines(md) {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			flush()
			key = strings.Trim(strings.Fields(h + " x")[0], "`")
			continue
		}
		body.WriteString(line)
	}
	flush()
	return out
}

// verdict says whether value meets t.
func verdict(t target, value float64) bool {
	switch t.op {
	case "<":
		return value < t.value
	case "<=":
		return value <= t.value
	case ">=":
		return value >= t.value
	case "==":
		return value == t.value
	}
	return false
}

// write renders the report.
func write(w io.Writer, r run, ts []target, notes map[string]string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	if len(r.cmds) <= 1 {
		fmt.Fprintf(&b, "Generated by `go run ./internal/cmd/benchreport` from **one run** of\n\n")
	} else {
		fmt.Fprintf(&b, "Generated by `go run ./internal/cmd/benchreport` from **one run each** of\n\n")
	}
	b.WriteString("```sh\n")
	for _, c := range r.cmds {
		b.WriteString(c + "\n")
	}
	b.WriteString("```\n\n")
	fmt.Fprintf(&b, "on %s. Machine: `%s`, %d cores, %s/%s, %s.%s Do not edit by hand: change a\n", r.date, r.cpu, runtime.NumCPU(), r.goos, r.goarch, runtime.Version(), r.durations())
	fmt.Fprintf(&b, "benchmark, the targets (internal/cmd/benchreport/targets.go) or the notes\n(docs/benchmark-notes.md), and run it again.\n\n")
	if len(r.failed) > 0 {
		fmt.Fprintf(&b, "**The run had failures**; their figures may be missing:\n\n")
		for _, l := range r.failed {
			fmt.Fprintf(&b, "    %s\n", l)
		}
		b.WriteString("\n")
	}
	b.WriteString("| benchmark | metric | figure | target | verdict |\n|---|---|---|---|---|\n")
	byUnit := map[string]target{}
	for _, t := range ts {
		byUnit[t.unit] = t
	}
	seen := map[string]bool{}
	var missed []figure
	for _, f := range r.figures {
		if f.unit == "ns/op" || f.unit == "B/op" || f.unit == "allocs/op" {
			continue
		}
		seen[f.unit] = true
		t, ok := byUnit[f.unit]
		tgt, v := "none", "reported"
		if ok {
			tgt = t.op + " " + strconv.FormatFloat(t.value, 'g', -1, 64)
			v = "met"
			if !verdict(t, f.value) {
				v = "**missed**"
				missed = append(missed, f)
			}
		}
		fmt.Fprintf(&b, "| `%s` (%s) | `%s` | **%s** | %s | %s |\n", f.bench, shortPkg(f.pkg), f.unit, format(f.value), tgt, v)
	}
	var absent []target
	for _, t := range ts {
		if !seen[t.unit] {
			absent = append(absent, t)
		}
	}
	if len(absent) > 0 {
		b.WriteString("\n## Targets not measured in this run\n\n")
		for _, t := range absent {
			fmt.Fprintf(&b, "- `%s` %s %g (%s): no benchmark reported it.\n", t.unit, t.op, t.value, t.what)
		}
	}
	if len(missed) > 0 {
		b.WriteString("\n## Targets missed, and why\n")
		done := map[string]bool{}
		for _, f := range missed {
			if done[f.unit] {
				continue
			}
			done[f.unit] = true
			fmt.Fprintf(&b, "\n### %s\n\n", f.unit)
			if n, ok := notes[f.unit]; ok && n != "" {
				b.WriteString(n + "\n")
			} else {
				b.WriteString("No explanation recorded: add a `## " + f.unit + "` section to docs/benchmark-notes.md.\n")
			}
		}
	}
	b.WriteString("\n## How each figure is measured\n\nSee the doc comment of each benchmark; the metrics and their targets:\n\n")
	for _, t := range ts {
		fmt.Fprintf(&b, "- `%s` %s %g: %s\n", t.unit, t.op, t.value, t.what)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func shortPkg(p string) string { return strings.TrimPrefix(p, "github.com/rsckit/rsckit/") }

func format(v float64) string {
	switch {
	case v == float64(int64(v)) && v < 1e9:
		return strconv.FormatInt(int64(v), 10)
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
}

// durations says how long the run took in all and which packages took
// longest, from go test's ok lines ("" when there are none).
func (r run) durations() string {
	if len(r.took) == 0 {
		return ""
	}
	ts := slices.Clone(r.took)
	total := 0.0
	for _, t := range ts {
		total += t.seconds
	}
	slices.SortFunc(ts, func(a, b took) int { return cmp.Compare(b.seconds, a.seconds) })
	var parts []string
	for _, t := range ts[:min(3, len(ts))] {
		parts = append(parts, fmt.Sprintf("%s %.0f s", t.pkg, t.seconds))
	}
	return fmt.Sprintf(" The packages' benchmarks took %.0f s in all (longest: %s).", total, strings.Join(parts, ", "))
}
