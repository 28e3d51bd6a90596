// Package rscotel exports what an rscsync.Runner reports about itself
// (rscsync.Status) as OpenTelemetry metrics: pass a *Metrics as
// rscsync.Config.Metrics and the Runner hands it its Status every
// Config.MetricsInterval; a MeterProvider's reader collects the latest one.
//
// It is a module of its own so that the rsckit module keeps its small set
// of dependencies: only hosts that import rscotel depend on OpenTelemetry.
//
// The instruments (all asynchronous gauges, read from the latest Status;
// ages are as of the Status's time, Status.At):
//
//	rsc.runner.tenants            {state}           listed tenants by state (served, elsewhere, full, ...)
//	rsc.runner.capacity                             the process's Concurrency
//	rsc.runner.unserved                             tenants nobody is known to serve because of this process
//	rsc.tenant.lease              {tenant, owner}   1 for each tenant this process holds the lease of
//	rsc.outbox.depth              {tenant}          intents waiting in the outbox
//	rsc.outbox.oldest_age (s)     {tenant}          age of the oldest waiting intent (0: none)
//	rsc.parked                    {tenant}          records parked, waiting for a correction
//	rsc.backfill.done             {tenant, resource} records backfilled so far
//	rsc.backfill.total            {tenant, resource} records to backfill (when the Store counts them)
//	rsc.backfill.complete         {tenant}          1 once every backfill stream is complete
//	rsc.quota.used                {tenant, group}   requests counted today in a quota group
//	rsc.quota.limit               {tenant, group}   the group's local daily limit (0: none)
//	rsc.quota.blocked             {tenant, group}   1 while LinkedIn reports the group's daily quota used up
//	rsc.poll.age (s)              {tenant, poller}  time since the poller's last successful round
//	rsc.poll.interval (s)         {tenant, poller}  the poller's current wait between rounds (polling budget)
//	rsc.poll.failures             {tenant, poller}  failed rounds in a row
//	rsc.tenant.error              {tenant}          1 when the tenant's last round failed
//
// Every instrument also carries the attribute owner (the process's
// Config.Owner), so that the processes of a fleet can be told apart and
// summed. Per-tenant series are for the tenants this process serves; a
// fleet of 2,000 tenants has about 2,000 series per per-tenant instrument
// across its processes.
package rscotel
