// Package jobs is the contract for background work: cron jobs run on a
// schedule in every replica's scheduler, and tasks are enqueued by request
// handlers and run later by a worker.
//
// Modules register their cron jobs and task handlers by contributing to two
// fx value groups (the job registry), exactly as they contribute routes:
//
//	fx.Provide(
//		jobs.AsCronJob(func(s *service.Posts) jobs.CronJob {
//			return jobs.CronJob{Name: "blog.purge-drafts", Spec: "@hourly", Run: s.PurgeDrafts}
//		}),
//		jobs.AsTaskHandler(func(s *service.Posts) jobs.TaskHandler {
//			return jobs.TaskHandler{Task: "blog.post.index", Handle: s.IndexPost}
//		}),
//	)
//
// and enqueue with the Queue they depend on:
//
//	err := queue.Enqueue(ctx, jobs.DefaultQueue, "blog.post.index", payload)
package jobs

import (
	"context"
	"errors"
	"time"

	"go.uber.org/fx"
)

// Value groups that make up the job registry.
const (
	// CronJobsGroup collects every CronJob.
	CronJobsGroup = "cron_jobs"
	// TaskHandlersGroup collects every TaskHandler.
	TaskHandlersGroup = "task_handlers"
)

// DefaultQueue is the queue used when Enqueue is given "".
const DefaultQueue = "default"

// Job is one run of a scheduled job. ctx is cancelled when the platform
// stops and the stop deadline passes, so long jobs must watch it.
type Job func(ctx context.Context) error

// Handler processes one task's payload. Returning an error marks the attempt
// failed; the Redis-backed queue retries it, the in-process pool does not.
type Handler func(ctx context.Context, payload []byte) error

// Scheduler runs jobs on cron schedules.
type Scheduler interface {
	// Cron schedules job under a unique name. spec is a cron expression
	// with an optional leading seconds field ("0 */5 * * * *" or
	// "*/5 * * * *"), or a descriptor such as "@hourly" or "@every 30s".
	// "@every" intervals shorter than one second are rounded up to one
	// second. Schedules are evaluated in UTC. A run that is still going when the
	// next one is due causes that next run to be skipped.
	Cron(spec string, name string, job Job) error
}

// Queue enqueues tasks for asynchronous processing.
type Queue interface {
	// Enqueue queues task with payload on queue ("" means DefaultQueue).
	// The queue must be configured in jobs.queues and a handler for task
	// must be registered, otherwise it fails with ErrUnknownQueue or
	// ErrUnknownTask instead of queueing work nobody will do.
	Enqueue(ctx context.Context, queue string, task string, payload []byte, opts ...EnqueueOption) error
}

// CronJob is a scheduled job contributed to CronJobsGroup.
type CronJob struct {
	// Name identifies the job in logs and errors; unique, e.g. "blog.purge-drafts".
	Name string
	// Spec is the schedule; see Scheduler.Cron.
	Spec string
	// Run is called on every tick.
	Run Job
}

// TaskHandler handles one task type, contributed to TaskHandlersGroup.
type TaskHandler struct {
	// Task is the task type name; unique, e.g. "blog.post.index".
	Task string
	// Handle processes the payload.
	Handle Handler
}

// AsCronJob annotates a constructor returning a CronJob so its result joins
// the job registry: fx.Provide(jobs.AsCronJob(newPurgeJob)).
func AsCronJob(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+CronJobsGroup+`"`))
}

// AsTaskHandler annotates a constructor returning a TaskHandler so its
// result joins the job registry: fx.Provide(jobs.AsTaskHandler(newIndexer)).
func AsTaskHandler(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+TaskHandlersGroup+`"`))
}

// Errors returned by Scheduler and Queue implementations.
var (
	// ErrUnknownQueue is returned for a queue missing from jobs.queues.
	ErrUnknownQueue = errors.New("jobs: unknown queue")
	// ErrUnknownTask is returned for a task type without a handler.
	ErrUnknownTask = errors.New("jobs: no handler for task")
	// ErrQueueFull is returned by the in-process pool when its buffer is full.
	ErrQueueFull = errors.New("jobs: queue full")
	// ErrDuplicateTask is returned when WithTaskID names a task that is
	// already queued.
	ErrDuplicateTask = errors.New("jobs: duplicate task id")
	// ErrStopped is returned once the platform is shutting down.
	ErrStopped = errors.New("jobs: stopped")
)

// EnqueueOptions are the settings EnqueueOption functions change.
type EnqueueOptions struct {
	// MaxRetry caps retries after the first attempt; -1 means the backend
	// default (25 with Redis). The in-process pool never retries.
	MaxRetry int
	// Delay postpones the first attempt.
	Delay time.Duration
	// Timeout bounds each attempt; 0 means the backend default (30m with Redis).
	Timeout time.Duration
	// TaskID deduplicates: a second task with the same id is refused with
	// ErrDuplicateTask while the first is still known to the queue.
	TaskID string
}

// EnqueueOption customises one Enqueue call.
type EnqueueOption func(*EnqueueOptions)

// WithMaxRetry sets EnqueueOptions.MaxRetry.
func WithMaxRetry(n int) EnqueueOption { return func(o *EnqueueOptions) { o.MaxRetry = n } }

// WithDelay sets EnqueueOptions.Delay.
func WithDelay(d time.Duration) EnqueueOption { return func(o *EnqueueOptions) { o.Delay = d } }

// WithTimeout sets EnqueueOptions.Timeout.
func WithTimeout(d time.Duration) EnqueueOption { return func(o *EnqueueOptions) { o.Timeout = d } }

// WithTaskID sets EnqueueOptions.TaskID.
func WithTaskID(id string) EnqueueOption { return func(o *EnqueueOptions) { o.TaskID = id } }

// ApplyOptions returns the options opts describe, starting from the defaults.
func ApplyOptions(opts ...EnqueueOption) EnqueueOptions {
	o := EnqueueOptions{MaxRetry: -1}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
