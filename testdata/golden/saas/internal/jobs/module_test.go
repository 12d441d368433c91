package jobs

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"
	"go.uber.org/zap"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/errbus"
	"example.com/saas/pkg/jobs"
)

// app starts Module with cfg and the given extra options, and returns the
// queue. Stopping is left to the caller so it can check the stop error.
func app(t *testing.T, cfg config.Jobs, extra ...fx.Option) (*fxtest.App, jobs.Queue) {
	t.Helper()
	var q jobs.Queue
	opts := append([]fx.Option{
		Module,
		fx.Supply(&config.Config{Features: config.Features{Jobs: cfg}}),
		fx.Supply(zap.NewNop()),
		fx.NopLogger,
		fx.Populate(&q),
	}, extra...)
	a := fxtest.New(t, opts...)
	a.RequireStart()
	return a, q
}

// registered contributes one cron job and one task handler the way a
// module does, both signalling on the returned channels.
func registered(task string) (fx.Option, chan struct{}, chan []byte) {
	ticks := make(chan struct{}, 1)
	payloads := make(chan []byte, 1)
	return fx.Provide(
		jobs.AsCronJob(func() jobs.CronJob {
			return jobs.CronJob{Name: "test.tick", Spec: "@every 1s", Run: func(context.Context) error {
				select {
				case ticks <- struct{}{}:
				default:
				}
				return nil
			}}
		}),
		jobs.AsTaskHandler(func() jobs.TaskHandler {
			return jobs.TaskHandler{Task: task, Handle: func(_ context.Context, p []byte) error {
				payloads <- p
				return nil
			}}
		}),
	), ticks, payloads
}

func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

// TestModuleLifecycleInProcess runs the registry through fx without Redis.
// goleak (TestMain) proves Stop leaves no scheduler or worker goroutine.
func TestModuleLifecycleInProcess(t *testing.T) {
	opt, ticks, payloads := registered("test.echo")
	a, q := app(t, config.Jobs{Concurrency: 2}, opt)

	wait(t, ticks, "the cron job")
	require.NoError(t, q.Enqueue(context.Background(), "", "test.echo", []byte("local")))
	assert.Equal(t, "local", string(wait(t, payloads, "the task")))
	require.NoError(t, a.Stop(context.Background()))
}

func TestModuleUsesErrorBusWhenPresent(t *testing.T) {
	bus := newFakeBus()
	handler := fx.Provide(jobs.AsTaskHandler(func() jobs.TaskHandler {
		return jobs.TaskHandler{Task: "test.panic", Handle: func(context.Context, []byte) error { panic("via fx") }}
	}))
	a, q := app(t, config.Jobs{}, handler, fx.Supply(fx.Annotate(bus, fx.As(new(errbus.Publisher)))))
	require.NoError(t, q.Enqueue(context.Background(), "", "test.panic", nil))
	var perr *errbus.PanicError
	require.ErrorAs(t, bus.next(t), &perr)
	require.NoError(t, a.Stop(context.Background()))
}

func TestModuleRejectsBadRegistrations(t *testing.T) {
	bad := fx.Provide(jobs.AsCronJob(func() jobs.CronJob {
		return jobs.CronJob{Name: "bad", Spec: "every tuesday", Run: func(context.Context) error { return nil }}
	}))
	err := fx.New(Module, fx.Supply(&config.Config{}), fx.Supply(zap.NewNop()), fx.NopLogger, bad).Err()
	assert.ErrorContains(t, err, `cron job "bad": bad schedule`)
}

// TestRedisQueueEndToEnd enqueues through asynq and processes the task with
// the asynq server, both started by fx. It uses a unique queue name and
// deletes the queue afterwards so parallel runs never see each other's tasks.
func TestRedisQueueEndToEnd(t *testing.T) {
	addr := os.Getenv("REDIS_ADDR")
	if addr == "" {
		t.Skip("REDIS_ADDR is not set; skipping the asynq end-to-end test (e.g. REDIS_ADDR=127.0.0.1:6379)")
	}
	queue := "test_" + strings.ToLower(rand.Text())
	task := "test.echo." + queue
	inspector := asynq.NewInspector(asynq.RedisClientOpt{Addr: addr})
	t.Cleanup(func() {
		_ = inspector.DeleteQueue(queue, true)
		_ = inspector.Close()
	})

	opt, _, payloads := registered(task)
	a, q := app(t, config.Jobs{
		Queues:      map[string]int{queue: 1},
		Concurrency: 2,
		Redis:       config.JobsRedis{Addr: addr},
	}, opt)

	require.NoError(t, q.Enqueue(context.Background(), queue, task, []byte("via redis"), jobs.WithTaskID(queue)))
	assert.Equal(t, "via redis", string(wait(t, payloads, "the asynq task")))
	// The finished task keeps its id only while retained; a queued duplicate
	// is refused. Delay the duplicate so it stays queued.
	require.NoError(t, q.Enqueue(context.Background(), queue, task, nil, jobs.WithTaskID(queue+"-2"), jobs.WithDelay(time.Hour)))
	assert.ErrorIs(t, q.Enqueue(context.Background(), queue, task, nil, jobs.WithTaskID(queue+"-2")), jobs.ErrDuplicateTask)
	assert.ErrorIs(t, q.Enqueue(context.Background(), "default", task, nil), jobs.ErrUnknownQueue)

	require.NoError(t, a.Stop(context.Background()))
}

func TestRedisQueueFailsStartWhenUnreachable(t *testing.T) {
	err := fx.New(Module,
		fx.Supply(&config.Config{Features: config.Features{Jobs: config.Jobs{Redis: config.JobsRedis{Addr: "127.0.0.1:1"}}}}),
		fx.Supply(zap.NewNop()), fx.NopLogger,
	).Start(context.Background())
	assert.ErrorContains(t, err, "redis unreachable")
}
