package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	internalaudit "example.com/saas/internal/audit"
	"example.com/saas/internal/database"
	"example.com/saas/internal/ent"
	"example.com/saas/pkg/config"
)

// followBatch caps the records fetched per poll while following, so a burst
// is streamed in pages rather than loaded at once.
const followBatch = 500

func newAuditCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "Read the audit log"}
	var (
		n        int
		follow   bool
		interval time.Duration
	)
	tail := &cobra.Command{
		Use:   "tail",
		Short: "Print the latest audit records as JSON lines",
		Long: "Print the latest audit records, oldest first, one JSON object per line, " +
			"from the configured database (config dir, environment overlay and SAAS_* variables). " +
			"With --follow, keep printing new records until interrupted.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 0 {
				return fmt.Errorf("audit tail: --n must not be negative")
			}
			if follow && interval <= 0 {
				return fmt.Errorf("audit tail: --interval must be positive")
			}
			cfg, err := config.Load(config.Dir())
			if err != nil {
				return err
			}
			db, err := database.Open(cfg.Database)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			client := ent.NewClient(ent.Driver(db.Driver()))
			err = tailAudit(ctx, cmd.OutOrStdout(), client, n, follow, interval)
			return errors.Join(err, db.Close())
		},
	}
	tail.Flags().IntVarP(&n, "n", "n", 20, "number of latest records to print")
	tail.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing new records until interrupted")
	tail.Flags().DurationVar(&interval, "interval", time.Second, "poll interval with --follow")
	cmd.AddCommand(tail)
	return cmd
}

// tailAudit prints the n latest records and, when follow is set, polls for
// newer ones every interval until ctx ends. Following resumes from the last
// printed ID, so no record is printed twice or skipped.
func tailAudit(ctx context.Context, w io.Writer, client *ent.Client, n int, follow bool, interval time.Duration) error {
	enc := json.NewEncoder(w)
	entries, err := internalaudit.Latest(ctx, client, n)
	if err != nil {
		return fmt.Errorf("%w (has the platform started once to create the audit_records table?)", err)
	}
	last := 0
	emit := func(es []internalaudit.Entry) error {
		for _, e := range es {
			if err := enc.Encode(e); err != nil {
				return fmt.Errorf("audit tail: write: %w", err)
			}
			last = e.ID
		}
		return nil
	}
	if err := emit(entries); err != nil || !follow {
		return err
	}
	if len(entries) == 0 {
		// --n 0 or an empty log: start after the newest existing record.
		newest, err := internalaudit.Latest(ctx, client, 1)
		if err != nil {
			return err
		}
		if len(newest) == 1 {
			last = newest[0].ID
		}
	}

	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
		for {
			es, err := internalaudit.After(ctx, client, last, followBatch)
			if errors.Is(err, context.Canceled) || ctx.Err() != nil {
				return nil
			}
			if err != nil {
				return err
			}
			if err := emit(es); err != nil {
				return err
			}
			if len(es) < followBatch {
				break
			}
		}
	}
}
