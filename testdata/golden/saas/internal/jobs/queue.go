package jobs

import (
	"cmp"
	"errors"
	"fmt"
	"maps"

	"example.com/saas/pkg/jobs"
)

// DefaultConcurrency is used when jobs.concurrency is 0.
const DefaultConcurrency = 10

// DefaultLocalBufferSize is used when jobs.local_buffer_size is 0.
const DefaultLocalBufferSize = 1000

// registry is the validated content of the task handlers group plus the
// configured queues; both queue backends check Enqueue calls against it.
type registry struct {
	handlers map[string]jobs.Handler
	queues   map[string]int
}

// newRegistry indexes handlers by task, refusing empty and duplicate task
// names, and defaults queues to {default: 1}.
func newRegistry(handlers []jobs.TaskHandler, queues map[string]int) (*registry, error) {
	r := &registry{handlers: make(map[string]jobs.Handler, len(handlers)), queues: maps.Clone(queues)}
	var errs []error
	for _, h := range handlers {
		switch {
		case h.Task == "":
			errs = append(errs, errors.New("task handler with an empty task name"))
		case h.Handle == nil:
			errs = append(errs, fmt.Errorf("task %q: nil handler", h.Task))
		case r.handlers[h.Task] != nil:
			errs = append(errs, fmt.Errorf("task %q: registered more than once", h.Task))
		default:
			r.handlers[h.Task] = h.Handle
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("jobs: invalid task handlers:\n%w", err)
	}
	if len(r.queues) == 0 {
		r.queues = map[string]int{jobs.DefaultQueue: 1}
	}
	return r, nil
}

// check resolves queue ("" means the default) and verifies that queue and
// task are known.
func (r *registry) check(queue, task string) (string, jobs.Handler, error) {
	queue = cmp.Or(queue, jobs.DefaultQueue)
	if _, ok := r.queues[queue]; !ok {
		return "", nil, fmt.Errorf("%w %q (configure it in jobs.queues)", jobs.ErrUnknownQueue, queue)
	}
	h, ok := r.handlers[task]
	if !ok {
		return "", nil, fmt.Errorf("%w %q", jobs.ErrUnknownTask, task)
	}
	return queue, h, nil
}
