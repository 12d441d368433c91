package config

import (
	"fmt"
	"maps"
	"slices"
)

// Jobs configures the cron scheduler and the task queue.
type Jobs struct {
	// Queues maps a queue name to its priority weight: with {critical: 6,
	// default: 3, low: 1} a worker picks critical 60% of the time. Enqueue
	// refuses queues not listed here. Names are lower case (viper folds keys).
	Queues map[string]int `mapstructure:"queues"`
	// Concurrency is how many tasks run at once in this process. 0 means 10.
	Concurrency int `mapstructure:"concurrency"`
	// Redis, when Addr is set, backs the queue with asynq so tasks survive
	// restarts and are shared by every replica. Without it tasks run on an
	// in-process worker pool.
	Redis JobsRedis `mapstructure:"redis"`
	// LocalBufferSize bounds tasks waiting in the in-process pool; Enqueue
	// fails with jobs.ErrQueueFull beyond it. 0 means 1000.
	LocalBufferSize int `mapstructure:"local_buffer_size"`
}

// JobsRedis locates the Redis server used by asynq.
type JobsRedis struct {
	// Addr is host:port, e.g. "127.0.0.1:6379"; empty selects the in-process pool.
	Addr string `mapstructure:"addr"`
	// Password authenticates to Redis; empty for none.
	Password string `mapstructure:"password"`
	// DB is the Redis database number.
	DB int `mapstructure:"db"`
}

// validate checks the jobs settings.
func (j Jobs) validate() []error {
	var errs []error
	if j.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("jobs.concurrency: must not be negative"))
	}
	if j.LocalBufferSize < 0 {
		errs = append(errs, fmt.Errorf("jobs.local_buffer_size: must not be negative"))
	}
	if j.Redis.DB < 0 {
		errs = append(errs, fmt.Errorf("jobs.redis.db: must not be negative"))
	}
	// Sorted so the error message is stable across runs.
	for _, q := range slices.Sorted(maps.Keys(j.Queues)) {
		if q == "" {
			errs = append(errs, fmt.Errorf("jobs.queues: queue name must not be empty"))
		}
		if j.Queues[q] <= 0 {
			errs = append(errs, fmt.Errorf("jobs.queues.%s: priority must be positive, got %d", q, j.Queues[q]))
		}
	}
	return errs
}
