package rscsync

import (
	"context"
	"errors"
)

// The engines a Runner composes per tenant, each built from the small
// interfaces it uses and runnable on its own: a host that only wants push
// builds a Push and calls Drain for each tenant from its own loop.
//
//	Backfill: RecordReader, CheckpointStore, Parker (the backfill, the
//	          requested resyncs and the reconcile)
//	Push:     RecordReader, Queue, Parker, CheckpointStore (the job ledger)
//	Pull:     CheckpointStore, Queue, Applier (notifications and pollers)
//
// The Intake (Config.Intake) decides what pulled changes do to the ATS and
// is built from the ATS alone (NewIntake).

// Option sets an optional ability of an engine built on its own
// (NewBackfill, NewPush, NewPull). A Runner's engines take theirs from its
// Parts.
type Option func(*Parts)

// WithCounter counts records for the backfill's progress totals and the
// reconcile's pace (Backfill).
func WithCounter(c Counter) Option { return func(p *Parts) { p.Counter = c } }

// WithAttachments says that the RecordReader serves the Attachments
// resource (Backfill, Push).
func WithAttachments() Option { return func(p *Parts) { p.Attachments = true } }

// WithApplier is where the Intake's links of LinkedIn's matches go after
// candidates reach LinkedIn (Backfill and Push, with Config.Intake: without
// it such an engine is refused, since the links would be lost).
func WithApplier(a Applier) Option { return func(p *Parts) { p.Applier = a } }

// newEngine returns an engine over p with its own job tasks and held
// pages.
func newEngine(p Parts, cfg Config) *engine {
	return &engine{p: p, cfg: cfg, log: cfg.Logger, tasks: &jobTasks{}, held: &heldPages{}}
}

// partsWith returns p with opts applied.
func partsWith(p Parts, opts []Option) Parts {
	for _, o := range opts {
		o(&p)
	}
	return p
}

// needsLinker refuses an engine that sends candidates with an Intake but
// has nowhere to apply its links of LinkedIn's matches.
func needsLinker(p Parts, cfg Config, name string) error {
	if cfg.Intake != nil && p.Applier == nil {
		return errors.New("rscsync: " + name + " with Config.Intake needs WithApplier for the matches it links")
	}
	return nil
}

// Backfill sends every record of a tenant once, resource by resource from
// its checkpoints (streams "backfill/{resource}"), and the resyncs
// RequestResync records. Under a Runner it also runs the slow reconcile
// and handles queued notifications between its pages (the Runner's Pull);
// on its own it does neither.
type Backfill struct{ e *engine }

// NewBackfill returns a Backfill over the host's records, the checkpoints
// and the parked records. cfg gives PageSize, MaxBackoff, Progress, Intake
// and Logger (a Runner's Config fits); opts the optional abilities
// (WithCounter, WithAttachments, WithApplier).
func NewBackfill(records RecordReader, checkpoints CheckpointStore, parker Parker, cfg Config, opts ...Option) (*Backfill, error) {
	if records == nil || checkpoints == nil || parker == nil {
		return nil, errors.New("rscsync: NewBackfill needs a RecordReader, a CheckpointStore and a Parker")
	}
	p := partsWith(Parts{Records: records, Checkpoints: checkpoints, Parker: parker}, opts)
	if err := needsLinker(p, cfg, "Backfill"); err != nil {
		return nil, err
	}
	return &Backfill{e: newEngine(p, cfg.withDefaults())}, nil
}

// Run sends t's records until its backfill is complete, then the resyncs
// requested for t, and returns nil once both are done. A daily quota shows
// as an error matching rsc.ErrDailyQuota; a later Run resumes where this
// one stopped (the page in flight is sent again, nothing else).
func (b *Backfill) Run(ctx context.Context, t Tenant) error {
	if err := t.validate(); err != nil {
		return err
	}
	if err := b.e.backfill(ctx, &t); err != nil {
		return err
	}
	var st pullState
	return b.e.resync(ctx, &t, &st, true)
}

// Push sends the outbox: it claims t's due intents from the Queue's outbox
// lane, loads their records and sends them, parking what LinkedIn refuses.
// The CheckpointStore keeps the job ledger (what was last sent of each
// job, so a job is closed and reopened as LinkedIn needs).
type Push struct{ e *engine }

// NewPush returns a Push over the host's records, the queue, the parked
// records and the job ledger's checkpoints. cfg gives Lease, MaxBackoff,
// Metrics, Intake and Logger; opts the optional abilities
// (WithAttachments, WithApplier).
func NewPush(records RecordReader, queue Queue, parker Parker, ledger CheckpointStore, cfg Config, opts ...Option) (*Push, error) {
	if records == nil || queue == nil || parker == nil || ledger == nil {
		return nil, errors.New("rscsync: NewPush needs a RecordReader, a Queue, a Parker and a CheckpointStore")
	}
	p := partsWith(Parts{Records: records, Queue: queue, Parker: parker, Checkpoints: ledger}, opts)
	if err := needsLinker(p, cfg, "Push"); err != nil {
		return nil, err
	}
	return &Push{e: newEngine(p, cfg.withDefaults())}, nil
}

// Drain sends t's due intents until none is left, then reads the tasks of
// the jobs LinkedIn accepted that are due (a Push kept between calls
// follows them), and returns the intents it handled.
func (p *Push) Drain(ctx context.Context, t Tenant) (int, error) {
	if err := t.validate(); err != nil {
		return 0, err
	}
	n, err := p.e.drain(ctx, &t)
	if err != nil {
		return n, err
	}
	return n, p.e.followJobTasks(ctx, &t)
}

// Pull brings what LinkedIn has to the host: the queued notifications
// (One-Click Exports, evaluations, integration changes) and the pollers
// (seats, InMails, notes, mail stubs, integrations, purged members), each
// stored by the Applier with its checkpoint and the Intake's ATS changes.
type Pull struct{ e *engine }

// NewPull returns a Pull over the checkpoints, the queue (its
// notifications lane) and the Applier. cfg gives Pull, Lease, MaxBackoff,
// Intake and Logger.
func NewPull(checkpoints CheckpointStore, queue Queue, applier Applier, cfg Config) (*Pull, error) {
	if checkpoints == nil || queue == nil || applier == nil {
		return nil, errors.New("rscsync: NewPull needs a CheckpointStore, a Queue and an Applier")
	}
	p := Parts{Checkpoints: checkpoints, Queue: queue, Applier: applier}
	return &Pull{e: newEngine(p, cfg.withDefaults())}, nil
}

// Notifications handles t's queued notifications until none is due and
// returns how many it claimed.
func (p *Pull) Notifications(ctx context.Context, t Tenant) (int, error) {
	if err := t.validate(); err != nil {
		return 0, err
	}
	return p.e.notificationRounds(ctx, &t)
}

// Poll runs one round of every poller for t (its pollers' errors joined).
func (p *Pull) Poll(ctx context.Context, t Tenant) error {
	if err := t.validate(); err != nil {
		return err
	}
	var st pullState
	_, err := p.e.pollDue(ctx, &t, &st, true)
	return err
}

// engines are a Runner's engines for its tenants, built from its Parts:
// each takes only its own parts, and they share the job tasks in flight
// (sent by backfill and push, followed by push).
type engines struct {
	backfill *engine
	push     *engine
	pull     *engine
}

// compose builds the engines of parts p.
func compose(p Parts, cfg Config) engines {
	tasks := &jobTasks{}
	of := func(own Parts) *engine {
		e := newEngine(own, cfg)
		e.tasks = tasks
		return e
	}
	pull := of(Parts{Checkpoints: p.Checkpoints, Queue: p.Queue, Applier: p.Applier})
	bf := of(Parts{Records: p.Records, Checkpoints: p.Checkpoints, Parker: p.Parker, Applier: p.Applier,
		Counter: p.Counter, Attachments: p.Attachments})
	bf.notify = pull.handleNotifications
	push := of(Parts{Records: p.Records, Queue: p.Queue, Parker: p.Parker, Checkpoints: p.Checkpoints, Applier: p.Applier,
		Attachments: p.Attachments})
	return engines{backfill: bf, push: push, pull: pull}
}
