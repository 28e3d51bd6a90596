package certify

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteMarkdown writes the report as Markdown: a summary table, the
// timings, then each rule with what it checks, what the kit saw and, for a
// failure, why LinkedIn's reviewer would fail it.
func (r Report) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }
	p("# RSC certification rehearsal: %s", md(r.Integration))
	p("")
	p("Run %s, %s. Against rscmock, a fake LinkedIn: a rehearsal of LinkedIn's certification demo, not LinkedIn's verdict.",
		r.Started.UTC().Format(time.RFC3339), r.Duration.Round(time.Millisecond))
	p("")
	p("**%d passed, %d failed, %d not checked** (a rule not checked is never a pass).", r.Count(Pass), r.Count(Fail), r.Count(NotChecked))
	p("")
	p("| Rule | Module | Title | Result | Time |")
	p("|---|---|---|---|---|")
	for _, x := range r.Results {
		p("| [%s](#%s) | %s | %s | %s | %s |", x.Rule, strings.ToLower(x.Rule), md(strings.SplitN(x.Module, ".", 2)[0]), md(x.Title), mark(x.Outcome), x.Duration.Round(time.Millisecond))
	}
	var timings []string
	for _, x := range r.Results {
		for _, t := range x.Timings {
			timings = append(timings, fmt.Sprintf("| %s | %s | %s | %d | %s |", x.Rule, md(t.What), t.Duration.Round(time.Millisecond), t.Records, md(t.SeenAs)))
		}
	}
	if len(timings) > 0 {
		p("")
		p("## Timings")
		p("")
		p("LinkedIn asks how long the historical sync takes and how the customer sees it finish.")
		p("")
		p("| Rule | Step | Took | Records | How the customer sees it finish |")
		p("|---|---|---|---|---|")
		for _, t := range timings {
			p("%s", t)
		}
	}
	for _, x := range r.Results {
		p("")
		p("## %s", x.Rule)
		p("")
		p("**%s** (module %s): %s", md(x.Title), md(x.Module), mark(x.Outcome))
		p("")
		if x.Checks != "" {
			p("Checks: %s", md(x.Checks))
			p("")
		}
		switch x.Outcome {
		case Fail:
			p("Why it fails: %s", md(x.Failure))
			p("")
		case NotChecked:
			p("Not checked: %s", md(x.Failure))
			p("")
		}
		if len(x.Evidence) > 0 {
			p("Evidence:")
			p("")
			for _, e := range x.Evidence {
				p("- %s", md(e))
			}
		}
	}
	return b.Flush()
}

func mark(o Outcome) string {
	switch o {
	case Pass:
		return "pass"
	case Fail:
		return "**FAIL**"
	}
	return "not checked"
}

// md keeps a text on one Markdown line and out of table syntax.
func md(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
