package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"go.uber.org/zap"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/jobs"
	"example.com/saas/pkg/logger"
)

// RedisShutdownTimeout is how long the asynq server lets running tasks
// finish on stop before handing them back to Redis for another worker. Keep
// it below fx's stop timeout (15s by default).
const RedisShutdownTimeout = 10 * time.Second

// RedisQueue is the jobs.Queue used when jobs.redis.addr is set: an asynq
// client for Enqueue plus an asynq server running the registered handlers
// on the configured queues. Tasks are durable and shared by every replica,
// and failed attempts are retried with asynq's exponential backoff.
type RedisQueue struct {
	reg    *registry
	log    *zap.Logger
	client *asynq.Client
	server *asynq.Server
	mux    *asynq.ServeMux
}

var _ jobs.Queue = (*RedisQueue)(nil)

// NewRedisQueue returns a stopped queue on the Redis server in cfg. It does
// not connect: Start pings Redis so a bad address fails startup.
func NewRedisQueue(reg *registry, log *zap.Logger, rep *reporter, cfg config.Jobs) *RedisQueue {
	log = log.Named("queue")
	redis := asynq.RedisClientOpt{Addr: cfg.Redis.Addr, Password: cfg.Redis.Password, DB: cfg.Redis.DB}
	concurrency := cfg.Concurrency
	if concurrency <= 0 {
		concurrency = DefaultConcurrency
	}
	q := &RedisQueue{
		reg:    reg,
		log:    log,
		client: asynq.NewClient(redis),
		server: asynq.NewServer(redis, asynq.Config{
			Concurrency:     concurrency,
			Queues:          reg.queues,
			ShutdownTimeout: RedisShutdownTimeout,
			Logger:          asynqLogger{log.Sugar()},
			LogLevel:        asynq.WarnLevel,
		}),
		mux: asynq.NewServeMux(),
	}
	for task, handle := range reg.handlers {
		q.mux.HandleFunc(task, q.handler(task, handle, rep))
	}
	return q
}

// handler adapts h to asynq, logging and reporting failures and panics. A
// recovered panic is returned as an error so asynq retries the task.
func (q *RedisQueue) handler(task string, h jobs.Handler, rep *reporter) asynq.HandlerFunc {
	return func(ctx context.Context, t *asynq.Task) (err error) {
		id, _ := asynq.GetTaskID(ctx)
		retry, _ := asynq.GetRetryCount(ctx)
		queue, _ := asynq.GetQueueName(ctx)
		log := q.log.With(zap.String("task", task), zap.String("task_id", id),
			zap.String("queue", queue), zap.Int("retry", retry))
		ctx = logger.WithContext(ctx, log)
		start := time.Now()
		defer func() {
			if v := recover(); v != nil {
				log.Error("task panicked", zap.Any("panic", v), zap.Stack("stack"))
				rep.panicked(ctx, v, "task", task)
				err = fmt.Errorf("task %s panicked: %v", task, v)
			}
		}()
		if err := h(ctx, t.Payload()); err != nil {
			log.Error("task failed", zap.Error(err), zap.Duration("duration", time.Since(start)))
			rep.failed(ctx, fmt.Errorf("task %s: %w", task, err), "task", task)
			return err
		}
		log.Debug("task done", zap.Duration("duration", time.Since(start)))
		return nil
	}
}

// Enqueue implements jobs.Queue.
func (q *RedisQueue) Enqueue(ctx context.Context, queue, task string, payload []byte, opts ...jobs.EnqueueOption) error {
	queue, _, err := q.reg.check(queue, task)
	if err != nil {
		return err
	}
	o := jobs.ApplyOptions(opts...)
	aopts := []asynq.Option{asynq.Queue(queue)}
	if o.MaxRetry >= 0 {
		aopts = append(aopts, asynq.MaxRetry(o.MaxRetry))
	}
	if o.Delay > 0 {
		aopts = append(aopts, asynq.ProcessIn(o.Delay))
	}
	if o.Timeout > 0 {
		aopts = append(aopts, asynq.Timeout(o.Timeout))
	}
	if o.TaskID != "" {
		aopts = append(aopts, asynq.TaskID(o.TaskID))
	}
	if _, err := q.client.EnqueueContext(ctx, asynq.NewTask(task, payload), aopts...); err != nil {
		if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
			return fmt.Errorf("%w %q: %w", jobs.ErrDuplicateTask, o.TaskID, err)
		}
		return fmt.Errorf("jobs: enqueue %s on %s: %w", task, queue, err)
	}
	return nil
}

// Start checks Redis and starts processing.
func (q *RedisQueue) Start() error {
	if err := q.client.Ping(); err != nil {
		return fmt.Errorf("jobs: redis unreachable: %w", err)
	}
	if err := q.server.Start(q.mux); err != nil {
		return fmt.Errorf("jobs: start asynq server: %w", err)
	}
	return nil
}

// Stop shuts the server down gracefully (running tasks get
// RedisShutdownTimeout, then go back to Redis) and closes the client.
func (q *RedisQueue) Stop(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		q.server.Shutdown()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("jobs: asynq shutdown: %w", ctx.Err())
	}
	if cerr := q.client.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("jobs: close asynq client: %w", cerr))
	}
	return err
}

// asynqLogger adapts zap to asynq.Logger. Fatal logs at error level instead
// of exiting: only fx decides when the process ends.
type asynqLogger struct{ s *zap.SugaredLogger }

func (l asynqLogger) Debug(args ...any) { l.s.Debug(args...) }
func (l asynqLogger) Info(args ...any)  { l.s.Info(args...) }
func (l asynqLogger) Warn(args ...any)  { l.s.Warn(args...) }
func (l asynqLogger) Error(args ...any) { l.s.Error(args...) }
func (l asynqLogger) Fatal(args ...any) { l.s.Error(args...) }
