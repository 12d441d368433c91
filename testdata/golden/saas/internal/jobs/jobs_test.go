package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"go.uber.org/zap"

	"example.com/saas/pkg/errbus"
	"example.com/saas/pkg/jobs"
)

// TestMain fails the package if any test leaves a goroutine behind: the
// scheduler, the workers and the asynq server must all stop with the app.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fakeBus records what the jobs report to the error bus.
type fakeBus struct {
	mu   sync.Mutex
	errs []error
	got  chan error
}

func newFakeBus() *fakeBus { return &fakeBus{got: make(chan error, 16)} }

func (b *fakeBus) Publish(_ context.Context, err error, _ ...errbus.Field) {
	b.mu.Lock()
	b.errs = append(b.errs, err)
	b.mu.Unlock()
	select {
	case b.got <- err:
	default:
	}
}

func (b *fakeBus) next(t *testing.T) error {
	t.Helper()
	select {
	case err := <-b.got:
		return err
	case <-time.After(3 * time.Second):
		t.Fatal("nothing published to the error bus")
		return nil
	}
}

func stopCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// every is a sub-second schedule; cron's "@every" rounds up to 1s.
type every time.Duration

func (e every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

const fast = every(100 * time.Millisecond)

func TestCronFires(t *testing.T) {
	s := NewScheduler(zap.NewNop(), nil)
	var runs atomic.Int32
	require.NoError(t, s.schedule(fast, "tick", func(context.Context) error {
		runs.Add(1)
		return nil
	}))
	s.Start()
	assert.Eventually(t, func() bool { return runs.Load() >= 3 }, 2*time.Second, 10*time.Millisecond)
	require.NoError(t, s.Stop(stopCtx(t)))
}

// TestCronFiresFromSpec goes through the real parser: "@every 1s" is the
// fastest spec cron accepts.
func TestCronFiresFromSpec(t *testing.T) {
	s := NewScheduler(zap.NewNop(), nil)
	ran := make(chan struct{}, 1)
	require.NoError(t, s.Cron("@every 1s", "tick", func(context.Context) error {
		select {
		case ran <- struct{}{}:
		default:
		}
		return nil
	}))
	s.Start()
	select {
	case <-ran:
	case <-time.After(3 * time.Second):
		t.Fatal("cron job did not fire")
	}
	require.NoError(t, s.Stop(stopCtx(t)))
}

func TestCronRejectsBadInput(t *testing.T) {
	s := NewScheduler(zap.NewNop(), nil)
	noop := func(context.Context) error { return nil }
	require.NoError(t, s.Cron("*/5 * * * *", "five-fields", noop))
	require.NoError(t, s.Cron("0 */5 * * * *", "six-fields", noop), "seconds are optional")
	assert.ErrorContains(t, s.Cron("not a spec", "bad", noop), `bad schedule "not a spec"`)
	assert.ErrorContains(t, s.Cron("@hourly", "five-fields", noop), "registered more than once")
	assert.Error(t, s.Cron("@hourly", "", noop))
	assert.Error(t, s.Cron("@hourly", "nil", nil))
}

func TestCronPanicIsRecoveredAndReported(t *testing.T) {
	bus := newFakeBus()
	s := NewScheduler(zap.NewNop(), &reporter{errs: bus})
	var runs atomic.Int32
	require.NoError(t, s.schedule(fast, "explode", func(context.Context) error {
		runs.Add(1)
		panic("cron job exploded")
	}))
	s.Start()

	var perr *errbus.PanicError
	require.ErrorAs(t, bus.next(t), &perr)
	assert.Equal(t, "cron job exploded", perr.Value)
	assert.Contains(t, string(perr.Stack), "TestCronPanicIsRecoveredAndReported")
	// The scheduler survived the panic and keeps firing.
	assert.Eventually(t, func() bool { return runs.Load() >= 2 }, 2*time.Second, 10*time.Millisecond)
	require.NoError(t, s.Stop(stopCtx(t)))
}

func TestCronErrorIsReported(t *testing.T) {
	bus := newFakeBus()
	s := NewScheduler(zap.NewNop(), &reporter{errs: bus})
	boom := errors.New("boom")
	require.NoError(t, s.schedule(fast, "fail", func(context.Context) error { return boom }))
	s.Start()
	err := bus.next(t)
	require.NoError(t, s.Stop(stopCtx(t)))
	assert.ErrorIs(t, err, boom)
	assert.ErrorContains(t, err, "cron job fail")
}

func TestCronSkipsOverlappingRuns(t *testing.T) {
	s := NewScheduler(zap.NewNop(), nil)
	var running, maxRunning, runs atomic.Int32
	require.NoError(t, s.schedule(fast, "slow", func(context.Context) error {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := maxRunning.Load()
			if n <= m || maxRunning.CompareAndSwap(m, n) {
				break
			}
		}
		runs.Add(1)
		time.Sleep(350 * time.Millisecond)
		return nil
	}))
	s.Start()
	time.Sleep(900 * time.Millisecond)
	require.NoError(t, s.Stop(stopCtx(t)))
	assert.Equal(t, int32(1), maxRunning.Load(), "runs never overlap")
	assert.LessOrEqual(t, runs.Load(), int32(3), "ticks during a run are skipped, not queued")
	assert.GreaterOrEqual(t, runs.Load(), int32(1))
}

func TestCronStopWaitsForRunningJobs(t *testing.T) {
	s := NewScheduler(zap.NewNop(), nil)
	started := make(chan struct{})
	var finished atomic.Bool
	var once sync.Once
	require.NoError(t, s.schedule(fast, "slow", func(context.Context) error {
		once.Do(func() { close(started) })
		time.Sleep(300 * time.Millisecond)
		finished.Store(true)
		return nil
	}))
	s.Start()
	<-started
	require.NoError(t, s.Stop(stopCtx(t)))
	assert.True(t, finished.Load(), "Stop returned before the running job finished")
}

func TestCronStopDeadlineCancelsJobs(t *testing.T) {
	s := NewScheduler(zap.NewNop(), nil)
	started := make(chan struct{})
	cancelled := make(chan struct{})
	var once sync.Once
	require.NoError(t, s.schedule(fast, "stuck", func(ctx context.Context) error {
		once.Do(func() { close(started) })
		<-ctx.Done()
		close(cancelled)
		return ctx.Err()
	}))
	s.Start()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, s.Stop(ctx), context.DeadlineExceeded)
	select {
	case <-cancelled:
	case <-time.After(2 * time.Second):
		t.Fatal("the job context was not cancelled at the stop deadline")
	}
}

func newTestRegistry(t *testing.T, handlers ...jobs.TaskHandler) *registry {
	t.Helper()
	reg, err := newRegistry(handlers, nil)
	require.NoError(t, err)
	return reg
}

func TestRegistryRejectsDuplicates(t *testing.T) {
	h := func(context.Context, []byte) error { return nil }
	_, err := newRegistry([]jobs.TaskHandler{{Task: "a", Handle: h}, {Task: "a", Handle: h}, {Task: "", Handle: h}}, nil)
	assert.ErrorContains(t, err, `task "a": registered more than once`)
	assert.ErrorContains(t, err, "empty task name")
}

func TestLocalQueueRunsTasks(t *testing.T) {
	got := make(chan string, 1)
	reg := newTestRegistry(t, jobs.TaskHandler{Task: "echo", Handle: func(_ context.Context, p []byte) error {
		got <- string(p)
		return nil
	}})
	q := NewLocalQueue(reg, zap.NewNop(), nil, 2, 10)
	q.Start()
	defer func() { require.NoError(t, q.Stop(stopCtx(t))) }()

	require.NoError(t, q.Enqueue(context.Background(), "", "echo", []byte("hello")))
	select {
	case p := <-got:
		assert.Equal(t, "hello", p)
	case <-time.After(2 * time.Second):
		t.Fatal("task did not run")
	}

	assert.ErrorIs(t, q.Enqueue(context.Background(), "nope", "echo", nil), jobs.ErrUnknownQueue)
	assert.ErrorIs(t, q.Enqueue(context.Background(), "", "nope", nil), jobs.ErrUnknownTask)
}

func TestLocalQueueDelayAndTaskID(t *testing.T) {
	got := make(chan time.Time, 1)
	reg := newTestRegistry(t, jobs.TaskHandler{Task: "later", Handle: func(context.Context, []byte) error {
		got <- time.Now()
		return nil
	}})
	q := NewLocalQueue(reg, zap.NewNop(), nil, 1, 10)
	q.Start()
	defer func() { require.NoError(t, q.Stop(stopCtx(t))) }()

	start := time.Now()
	require.NoError(t, q.Enqueue(context.Background(), jobs.DefaultQueue, "later", nil,
		jobs.WithDelay(150*time.Millisecond), jobs.WithTaskID("once")))
	assert.ErrorIs(t, q.Enqueue(context.Background(), "", "later", nil, jobs.WithTaskID("once")), jobs.ErrDuplicateTask)
	select {
	case at := <-got:
		assert.GreaterOrEqual(t, at.Sub(start), 150*time.Millisecond)
	case <-time.After(2 * time.Second):
		t.Fatal("delayed task did not run")
	}
}

func TestLocalQueuePanicIsRecoveredAndReported(t *testing.T) {
	bus := newFakeBus()
	reg := newTestRegistry(t, jobs.TaskHandler{Task: "explode", Handle: func(context.Context, []byte) error {
		panic("task exploded")
	}})
	q := NewLocalQueue(reg, zap.NewNop(), &reporter{errs: bus}, 1, 10)
	q.Start()
	require.NoError(t, q.Enqueue(context.Background(), "", "explode", nil))
	var perr *errbus.PanicError
	require.ErrorAs(t, bus.next(t), &perr)
	assert.Equal(t, "task exploded", perr.Value)
	// The worker survived: the next task still runs.
	require.NoError(t, q.Enqueue(context.Background(), "", "explode", nil))
	require.ErrorAs(t, bus.next(t), &perr)
	require.NoError(t, q.Stop(stopCtx(t)))
}

func TestLocalQueueFullAndStop(t *testing.T) {
	release := make(chan struct{})
	var done atomic.Int32
	reg := newTestRegistry(t, jobs.TaskHandler{Task: "block", Handle: func(context.Context, []byte) error {
		<-release
		done.Add(1)
		return nil
	}})
	q := NewLocalQueue(reg, zap.NewNop(), nil, 1, 2)
	// Not started: the buffer of two fills up.
	require.NoError(t, q.Enqueue(context.Background(), "", "block", nil))
	require.NoError(t, q.Enqueue(context.Background(), "", "block", nil))
	assert.ErrorIs(t, q.Enqueue(context.Background(), "", "block", nil), jobs.ErrQueueFull)

	q.Start()
	close(release)
	require.NoError(t, q.Stop(stopCtx(t)))
	assert.Equal(t, int32(2), done.Load(), "Stop drains queued tasks")
	assert.ErrorIs(t, q.Enqueue(context.Background(), "", "block", nil), jobs.ErrStopped)
}
