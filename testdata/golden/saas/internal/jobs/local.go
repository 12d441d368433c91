package jobs

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"example.com/saas/pkg/jobs"
	"example.com/saas/pkg/logger"
)

// LocalQueue is the jobs.Queue used when jobs.redis.addr is empty: a
// bounded channel drained by jobs.concurrency worker goroutines in this
// process. It lets modules enqueue in development and single-node setups
// without Redis, but it is weaker than the Redis queue:
//
//   - tasks live in memory: a crash or restart loses queued tasks;
//   - a failed or panicking task is logged and reported, never retried
//     (WithMaxRetry is ignored);
//   - queues are FIFO together; their priority weights are ignored;
//   - WithTaskID deduplicates only while the task is queued or running;
//   - Enqueue fails with jobs.ErrQueueFull instead of waiting when
//     jobs.local_buffer_size tasks are already waiting.
//
// On stop it refuses new tasks, drops delayed tasks not yet due, and lets
// the workers finish every queued task until the stop deadline.
type LocalQueue struct {
	reg *registry
	log *zap.Logger
	rep *reporter

	tasks chan localTask
	quit  chan struct{}
	wg    sync.WaitGroup
	// ctx is the parent of every task; cancelled when Stop gives up.
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	stopped bool
	timers  map[*time.Timer]struct{}
	ids     map[string]struct{}

	concurrency int
}

var _ jobs.Queue = (*LocalQueue)(nil)

type localTask struct {
	queue, task string
	payload     []byte
	handle      jobs.Handler
	opts        jobs.EnqueueOptions
}

// NewLocalQueue returns a stopped in-process queue.
func NewLocalQueue(reg *registry, log *zap.Logger, rep *reporter, concurrency, buffer int) *LocalQueue {
	if concurrency <= 0 {
		concurrency = DefaultConcurrency
	}
	if buffer <= 0 {
		buffer = DefaultLocalBufferSize
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &LocalQueue{
		reg:         reg,
		log:         log.Named("queue"),
		rep:         rep,
		tasks:       make(chan localTask, buffer),
		quit:        make(chan struct{}),
		ctx:         ctx,
		cancel:      cancel,
		timers:      make(map[*time.Timer]struct{}),
		ids:         make(map[string]struct{}),
		concurrency: concurrency,
	}
}

// Enqueue implements jobs.Queue. ctx is not retained: the task runs under
// the queue's own context, because the request that enqueued it is usually
// over by then.
func (q *LocalQueue) Enqueue(_ context.Context, queue, task string, payload []byte, opts ...jobs.EnqueueOption) error {
	queue, handle, err := q.reg.check(queue, task)
	if err != nil {
		return err
	}
	t := localTask{queue: queue, task: task, payload: payload, handle: handle, opts: jobs.ApplyOptions(opts...)}

	q.mu.Lock()
	defer q.mu.Unlock()
	if q.stopped {
		return jobs.ErrStopped
	}
	if id := t.opts.TaskID; id != "" {
		if _, dup := q.ids[id]; dup {
			return fmt.Errorf("%w %q", jobs.ErrDuplicateTask, id)
		}
	}
	if t.opts.Delay > 0 {
		q.schedule(t)
	} else if err := q.push(t); err != nil {
		return err
	}
	if id := t.opts.TaskID; id != "" {
		q.ids[id] = struct{}{}
	}
	return nil
}

// push queues t without waiting. Callers hold q.mu.
func (q *LocalQueue) push(t localTask) error {
	select {
	case q.tasks <- t:
		return nil
	default:
		return fmt.Errorf("%w: %d tasks waiting", jobs.ErrQueueFull, cap(q.tasks))
	}
}

// schedule pushes t once its delay passes. Callers hold q.mu.
func (q *LocalQueue) schedule(t localTask) {
	var timer *time.Timer
	timer = time.AfterFunc(t.opts.Delay, func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		delete(q.timers, timer)
		if q.stopped {
			return
		}
		if err := q.push(t); err != nil {
			q.forget(t)
			q.log.Error("delayed task dropped", zap.String("task", t.task), zap.Error(err))
			q.rep.failed(q.ctx, fmt.Errorf("task %s: %w", t.task, err), "task", t.task)
		}
	})
	q.timers[timer] = struct{}{}
}

// forget releases t's task id. Callers hold q.mu.
func (q *LocalQueue) forget(t localTask) {
	if t.opts.TaskID != "" {
		delete(q.ids, t.opts.TaskID)
	}
}

// Start launches the workers.
func (q *LocalQueue) Start() {
	for range q.concurrency {
		q.wg.Go(q.work)
	}
}

// work runs tasks until Stop, then finishes what is still queued.
func (q *LocalQueue) work() {
	for {
		select {
		case t := <-q.tasks:
			q.run(t)
		case <-q.quit:
			for {
				select {
				case t := <-q.tasks:
					q.run(t)
				default:
					return
				}
			}
		}
	}
}

// run executes one task, recovering and reporting a panic.
func (q *LocalQueue) run(t localTask) {
	log := q.log.With(zap.String("task", t.task), zap.String("queue", t.queue))
	ctx := logger.WithContext(q.ctx, log)
	if t.opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t.opts.Timeout)
		defer cancel()
	}
	start := time.Now()
	defer func() {
		q.mu.Lock()
		q.forget(t)
		q.mu.Unlock()
	}()
	defer func() {
		if v := recover(); v != nil {
			log.Error("task panicked", zap.Any("panic", v), zap.Stack("stack"))
			q.rep.panicked(ctx, v, "task", t.task)
		}
	}()
	if err := t.handle(ctx, t.payload); err != nil {
		log.Error("task failed", zap.Error(err), zap.Duration("duration", time.Since(start)))
		q.rep.failed(ctx, fmt.Errorf("task %s: %w", t.task, err), "task", t.task)
		return
	}
	log.Debug("task done", zap.Duration("duration", time.Since(start)))
}

// Stop refuses new tasks, cancels delayed ones and waits for the workers to
// drain the queue until ctx ends, then cancels the running tasks.
func (q *LocalQueue) Stop(ctx context.Context) error {
	q.mu.Lock()
	if q.stopped {
		q.mu.Unlock()
		return nil
	}
	q.stopped = true
	for timer := range q.timers {
		timer.Stop()
	}
	if n := len(q.timers); n > 0 {
		q.log.Warn("delayed tasks dropped on stop", zap.Int("count", n))
	}
	clear(q.timers)
	q.mu.Unlock()
	close(q.quit)

	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	defer q.cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: tasks still running at the stop deadline: %w", ctx.Err())
	}
}
