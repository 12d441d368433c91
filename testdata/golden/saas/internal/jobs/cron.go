package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"go.uber.org/zap"

	"example.com/saas/pkg/jobs"
	"example.com/saas/pkg/logger"
)

// Scheduler is the in-process jobs.Scheduler built on robfig/cron. Every
// replica runs every cron job; a job that must run once per cluster should
// enqueue a task with a WithTaskID derived from the tick, or take a lock.
type Scheduler struct {
	cron *cron.Cron
	log  *zap.Logger
	rep  *reporter

	// ctx is the parent of every run; it is cancelled once Stop gives up
	// waiting, so runs that outlive the stop deadline are told to quit.
	ctx    context.Context
	cancel context.CancelFunc

	mu    sync.Mutex
	names map[string]bool
}

var _ jobs.Scheduler = (*Scheduler)(nil)

// parser accepts five fields, six with leading seconds, and descriptors
// such as "@hourly" and "@every 100ms".
var parser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour |
	cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// NewScheduler returns a stopped scheduler evaluating schedules in UTC, so
// a schedule means the same on every host whatever its time zone.
func NewScheduler(log *zap.Logger, rep *reporter) *Scheduler {
	log = log.Named("cron")
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		cron: cron.New(
			cron.WithParser(parser),
			cron.WithLocation(time.UTC),
			cron.WithLogger(cronLogger{log}),
		),
		log:    log,
		rep:    rep,
		ctx:    ctx,
		cancel: cancel,
		names:  make(map[string]bool),
	}
}

// Cron implements jobs.Scheduler. It may be called before or after Start.
func (s *Scheduler) Cron(spec string, name string, job jobs.Job) error {
	schedule, err := parser.Parse(spec)
	if err != nil {
		return fmt.Errorf("jobs: cron job %q: bad schedule %q: %w", name, spec, err)
	}
	if err := s.schedule(schedule, name, job); err != nil {
		return err
	}
	s.log.Debug("cron job scheduled", zap.String("job", name), zap.String("spec", spec))
	return nil
}

// schedule adds job under name on an already parsed schedule. Tests use it
// with sub-second schedules, which cron specs cannot express ("@every"
// rounds up to one second).
func (s *Scheduler) schedule(schedule cron.Schedule, name string, job jobs.Job) error {
	if name == "" {
		return errors.New("jobs: cron job name must not be empty")
	}
	if job == nil {
		return fmt.Errorf("jobs: cron job %q: nil job", name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.names[name] {
		return fmt.Errorf("jobs: cron job %q registered more than once", name)
	}
	// SkipIfStillRunning: a slow run makes the next tick a no-op instead of
	// piling up concurrent runs of the same job.
	wrapped := cron.NewChain(cron.SkipIfStillRunning(cronLogger{s.log})).
		Then(cron.FuncJob(func() { s.run(name, job) }))
	s.cron.Schedule(schedule, wrapped)
	s.names[name] = true
	return nil
}

// run executes one tick of job, turning a panic into a logged and reported
// error so one broken job cannot take the process down.
func (s *Scheduler) run(name string, job jobs.Job) {
	log := s.log.With(zap.String("job", name))
	ctx := logger.WithContext(s.ctx, log)
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			log.Error("cron job panicked", zap.Any("panic", v), zap.Stack("stack"))
			s.rep.panicked(ctx, v, "cron", name)
		}
	}()
	if err := job(ctx); err != nil {
		log.Error("cron job failed", zap.Error(err), zap.Duration("duration", time.Since(start)))
		s.rep.failed(ctx, fmt.Errorf("cron job %s: %w", name, err), "cron", name)
		return
	}
	log.Debug("cron job finished", zap.Duration("duration", time.Since(start)))
}

// Start starts the scheduler loop.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling and waits for running jobs until ctx ends; then it
// cancels their context and returns an error naming the timeout.
func (s *Scheduler) Stop(ctx context.Context) error {
	done := s.cron.Stop()
	defer s.cancel()
	select {
	case <-done.Done():
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: cron jobs still running at the stop deadline: %w", ctx.Err())
	}
}

// cronLogger adapts zap to cron.Logger. cron's chatter (schedule, wake,
// run) goes to debug; skipped runs are worth a warning.
type cronLogger struct{ log *zap.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	if msg == "skip" {
		l.log.Warn("cron job still running, tick skipped", zap.Any("details", kv))
		return
	}
	l.log.Debug("cron: "+msg, zap.Any("details", kv))
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, zap.Error(err), zap.Any("details", kv))
}
