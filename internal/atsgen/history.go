package atsgen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// History is an ATS of Generate's shape and proportions (a tenth as many
// jobs as candidates, about 8 records per candidate in all) produced
// lazily: Scan builds each page from its cursor, so a history of millions
// of candidates never lives in memory. Each job and each candidate draws
// from a source of its own (seeded by the seed and its index), so its
// values differ from Generate's for the same seed but are the same on
// every Scan. A History is immutable and safe for concurrent use.
type History struct {
	seed       uint64
	candidates int
	now        time.Time
	persons    []model.URN
}

// NewHistory returns the lazily generated ATS of the given number of
// candidates, its records dated within the two years before now.
func NewHistory(seed uint64, candidates int, now time.Time) *History {
	return &History{seed: seed, candidates: candidates, now: now, persons: persons()}
}

// Persons returns the LinkedIn person URNs of the ATS users in ACLs.
func (h *History) Persons() []model.URN { return append([]model.URN(nil), h.persons...) }

// Jobs returns the number of jobs.
func (h *History) Jobs() int { return jobCount(h.candidates) }

// Candidates returns the number of candidates.
func (h *History) Candidates() int { return h.candidates }

// source returns the random source of item i of a kind ('J' jobs, 'C' candidates).
func (h *History) source(kind byte, i int) gen {
	return gen{rng: rand.New(rand.NewPCG(h.seed, uint64(kind)<<56|uint64(i))), now: h.now}
}

// jobTitle returns the title of job i without building the job.
func (h *History) jobTitle(i int) (id, title string) {
	return jobID(i), h.source('J', i).pick(titles)
}

// perJob reports whether r's records belong to jobs (jobs, ACLs and
// assignees) rather than to candidates.
func perJob(r rscsync.Resource) bool {
	return r == rscsync.Jobs || r == rscsync.EntityACLs || r == rscsync.ACLAssignees
}

// Scan returns up to limit records of r after the cursor after ("" for
// the first page), in a fixed order, and the cursor of the last record
// returned; an empty page means r is done. The cursor is
// "item/records of r already returned from that item".
func (h *History) Scan(r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	item, skip, err := parseCursor(after)
	if err != nil {
		return nil, after, err
	}
	items := h.candidates
	if perJob(r) {
		items = h.Jobs()
	}
	var page []rscsync.Record
	var of []rscsync.Record // the current item's records of r
	emit := func(res rscsync.Resource, ref rscsync.Ref, v model.Record) {
		if res == r {
			of = append(of, rscsync.Record{Ref: ref, Value: v})
		}
	}
	for ; item < items && len(page) < limit; item, skip = item+1, 0 {
		of = of[:0]
		if perJob(r) {
			h.source('J', item).job(item, h.persons, emit)
		} else {
			h.source('C', item).candidate(item, h.Jobs(), h.jobTitle, emit)
		}
		if skip > len(of) {
			return nil, after, fmt.Errorf("atsgen: cursor %q past the records of item %d", after, item)
		}
		take := of[skip:min(len(of), skip+limit-len(page))]
		page = append(page, take...)
		if skip+len(take) < len(of) {
			return page, cursor(item, skip+len(take)), nil
		}
	}
	if len(page) == 0 {
		return nil, after, nil
	}
	return page, cursor(item, 0), nil
}

func cursor(item, skip int) string { return strconv.Itoa(item) + "/" + strconv.Itoa(skip) }

func parseCursor(c string) (item, skip int, err error) {
	if c == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(c, "/")
	if item, err = strconv.Atoi(a); ok && err == nil {
		skip, err = strconv.Atoi(b)
	}
	if !ok || err != nil || item < 0 || skip < 0 {
		return 0, 0, fmt.Errorf("atsgen: bad cursor %q", c)
	}
	return item, skip, nil
}
