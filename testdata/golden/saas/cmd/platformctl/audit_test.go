package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	internalaudit "example.com/saas/internal/audit"
	"example.com/saas/internal/database"
	"example.com/saas/internal/ent"
	"example.com/saas/pkg/audit"
	"example.com/saas/pkg/config"
)

// syncBuffer is a bytes.Buffer safe to read while tailAudit writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) lines() []internalaudit.Entry {
	b.mu.Lock()
	defer b.mu.Unlock()
	var es []internalaudit.Entry
	sc := bufio.NewScanner(strings.NewReader(b.buf.String()))
	for sc.Scan() {
		var e internalaudit.Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err == nil {
			es = append(es, e)
		}
	}
	return es
}

func auditClient(t *testing.T) *ent.Client {
	t.Helper()
	db, err := database.Open(config.Database{
		Driver:       config.DriverSQLite,
		DSN:          "file:" + t.Name() + "?mode=memory&cache=shared&_pragma=foreign_keys(1)",
		MaxOpenConns: 4,
		MaxIdleConns: 4,
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	require.NoError(t, internalaudit.Migrate(t.Context(), db.Driver()))
	return ent.NewClient(ent.Driver(db.Driver()))
}

func TestAuditTailPrintsLatestAsJSONLines(t *testing.T) {
	client := auditClient(t)
	rec := internalaudit.NewRecorder(client)
	for _, target := range []string{"a", "b", "c"} {
		require.NoError(t, rec.Record(t.Context(), audit.Action{Actor: "alice", Action: "blog.post.create", Target: target}))
	}

	var out bytes.Buffer
	require.NoError(t, tailAudit(t.Context(), &out, client, 2, false, time.Second))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	var first map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	assert.Equal(t, "b", first["target"], "oldest of the latest two first")
	assert.Equal(t, "alice", first["actor"])
	assert.Equal(t, "blog.post.create", first["action"])
	assert.Contains(t, first, "id")
	assert.Contains(t, first, "time")
	assert.Contains(t, lines[1], `"target":"c"`)
}

func TestAuditTailFollow(t *testing.T) {
	client := auditClient(t)
	rec := internalaudit.NewRecorder(client)
	require.NoError(t, rec.Record(t.Context(), audit.Action{Action: "x.old", Target: "old"}))

	ctx, cancel := context.WithCancel(t.Context())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- tailAudit(ctx, out, client, 0, true, 10*time.Millisecond) }()

	// Give the tail time to take its starting point, then add records.
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, rec.Record(t.Context(), audit.Action{Action: "x.new", Target: "n1"}))
	require.NoError(t, rec.Record(t.Context(), audit.Action{Action: "x.new", Target: "n2"}))
	require.Eventually(t, func() bool { return len(out.lines()) == 2 }, 5*time.Second, 10*time.Millisecond)
	cancel()
	require.NoError(t, <-done)

	es := out.lines()
	require.Len(t, es, 2, "--n 0 prints only records written after the start")
	assert.Equal(t, "n1", es[0].Target)
	assert.Equal(t, "n2", es[1].Target)
}

func TestAuditTailReportsMissingTable(t *testing.T) {
	db, err := database.Open(config.Database{Driver: config.DriverSQLite, DSN: "file:" + t.Name() + "?mode=memory&cache=shared", MaxIdleConns: 1})
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	err = tailAudit(t.Context(), &bytes.Buffer{}, ent.NewClient(ent.Driver(db.Driver())), 5, false, time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "has the platform started once")
}
