// Package jobs runs background work: a robfig/cron scheduler for the cron
// jobs group and a task queue for the task handlers group, backed by asynq
// on Redis when jobs.redis.addr is set and by an in-process worker pool
// otherwise (see LocalQueue for what that pool does not guarantee).
package jobs

import (
	"context"

	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/jobs"
)

// Module provides jobs.Scheduler and jobs.Queue and runs both for the app
// lifetime. Task handlers are dependencies of the queue, so whatever they
// use (the database, say) starts before and stops after the workers.
var Module = fx.Module("jobs",
	fx.Provide(
		newReporter,
		provideScheduler,
		provideQueue,
	),
	// Requesting both registers their lifecycle hooks even when no module
	// enqueues anything.
	fx.Invoke(func(jobs.Scheduler, jobs.Queue) {}),
)

type schedulerParams struct {
	fx.In

	Lifecycle fx.Lifecycle
	Logger    *zap.Logger
	Reporter  *reporter
	Jobs      []jobs.CronJob `group:"cron_jobs"`
}

func provideScheduler(p schedulerParams) (jobs.Scheduler, error) {
	s := NewScheduler(p.Logger.Named("jobs"), p.Reporter)
	for _, j := range p.Jobs {
		if err := s.Cron(j.Spec, j.Name, j.Run); err != nil {
			return nil, err
		}
	}
	p.Lifecycle.Append(fx.Hook{
		OnStart: func(context.Context) error { s.Start(); return nil },
		OnStop:  s.Stop,
	})
	return s, nil
}

type queueParams struct {
	fx.In

	Lifecycle fx.Lifecycle
	Config    *config.Config
	Logger    *zap.Logger
	Reporter  *reporter
	Handlers  []jobs.TaskHandler `group:"task_handlers"`
}

func provideQueue(p queueParams) (jobs.Queue, error) {
	cfg := p.Config.Jobs
	reg, err := newRegistry(p.Handlers, cfg.Queues)
	if err != nil {
		return nil, err
	}
	log := p.Logger.Named("jobs")
	if cfg.Redis.Addr == "" {
		q := NewLocalQueue(reg, log, p.Reporter, cfg.Concurrency, cfg.LocalBufferSize)
		p.Lifecycle.Append(fx.Hook{
			OnStart: func(context.Context) error { q.Start(); return nil },
			OnStop:  q.Stop,
		})
		return q, nil
	}
	q := NewRedisQueue(reg, log, p.Reporter, cfg)
	p.Lifecycle.Append(fx.Hook{
		OnStart: func(context.Context) error { return q.Start() },
		OnStop:  q.Stop,
	})
	return q, nil
}
