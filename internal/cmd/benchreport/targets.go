package main

// target is the goal of one metric: value op target, e.g. "lookup-p99-us < 100".
type target struct {
	unit  string
	op    string // "<", "<=", ">=" or "=="
	value float64
	what  string
}

// targets are the figures of DESIGN.md §5 and issues 16 and 18, by the
// metric name the benchmarks report.
var targets = []target{
	{"x-json", "<=", 1.5, "CPU per record of the SDK's send path over encoding/json.Marshal of plain structs"},
	{"x-json-1cpu", "<=", 1.5, "x-json with GOMAXPROCS=1 (the collector's marking done in line, not on the idle core)"},
	{"quota-ratio", ">=", 0.95, "records LinkedIn accepted per full minute over the 10,000 records-per-minute quota"},
	{"quota-violations", "==", 0, "429 answers the SDK caused during a backfill"},
	{"x-bound", "<=", 1.02, "LinkedIn time of a 1M-candidate backfill over the larger of its two quota bounds"},
	{"x-bound-throttled", "<=", 1.10, "x-bound against a server enforcing a lower quota than the client believes"},
	{"peak-heap-MiB", "<", 64, "peak heap of the 1M-candidate backfill"},
	{"push-p99-ms", "<", 2000, "outbox write to LinkedIn's acceptance, 99th percentile"},
	{"build-s", "<", 10, "CPU seconds to build the duplicate index of 1M candidates"},
	{"lookup-p99-us", "<", 100, "99th percentile of a duplicate-index lookup over 1M candidates"},
	{"recall", ">=", 1, "pairs the index finds among those pairwise scoring finds"},
	{"x-pairwise", ">=", 100, "index lookup speed over scoring every record (10,000 records)"},
	{"mock-rps", ">=", 1000, "rscmock batch updates of 100 records per second, 4 clients"},
	{"mock-bytes-per-record", "<=", 600, "rscmock memory per stored record"},
	{"idle-commits-per-tenant-s", "<", 0.05, "database commits per idle tenant per second"},
	{"spread-max-over-mean", "<=", 1.10, "tenants of the busiest process over the mean"},
	{"failover-s", "<=", 15, "seconds until a killed process's tenants are served again"},
	{"lost", "==", 0, "records lost across a process kill"},
	{"unserved", "==", 0, "tenants no process serves"},
	{"poll-quota-share", "<=", 0.30, "share of a daily quota the pollers use with 100 seats"},
}
