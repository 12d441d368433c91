package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screen collects what goplt draws on the terminal and answers survey's
// cursor-position queries the way a terminal emulator would.
type screen struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	last time.Time // when output last arrived
}

func (s *screen) read(tty *os.File) {
	chunk := make([]byte, 4096)
	answered := 0
	for {
		n, err := tty.Read(chunk)
		if n > 0 {
			s.mu.Lock()
			s.buf.Write(chunk[:n])
			s.last = time.Now()
			// Count queries over the whole screen: one may span two reads.
			asked := bytes.Count(s.buf.Bytes(), []byte("\x1b[6n"))
			s.mu.Unlock()
			for ; answered < asked; answered++ {
				if _, err := tty.Write([]byte("\x1b[1;1R")); err != nil {
					return // goplt has exited
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// answer waits for text, then for the screen to go quiet, and types keys.
// survey draws a prompt, asks the terminal where the cursor is and only
// then reads keys: keys typed before it reads the cursor report are lost.
func (s *screen) answer(t *testing.T, tty *os.File, text, keys string) {
	t.Helper()
	s.waitFor(t, text)
	for {
		s.mu.Lock()
		quiet := time.Since(s.last)
		s.mu.Unlock()
		if quiet > 300*time.Millisecond {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	_, err := tty.Write([]byte(keys))
	require.NoError(t, err)
}

// waitFor blocks until text appears on the screen.
func (s *screen) waitFor(t *testing.T, text string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		found := strings.Contains(s.buf.String(), text)
		s.mu.Unlock()
		if found {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Fatalf("timed out waiting for %q; screen:\n%q", text, s.buf.String())
}

// onTerminal runs this binary as goplt under a terminal, with env added
// to the environment (CI left out: it turns prompts off).
func onTerminal(t *testing.T, env []string, args ...string) (*exec.Cmd, *os.File, *screen) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CI=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, "GOPLT_TEST_MAIN=1", "TERM=xterm"), env...)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	require.NoError(t, err)
	// Closing the terminal also ends the reader below.
	t.Cleanup(func() { _ = tty.Close() })
	s := &screen{}
	go s.read(tty)
	return cmd, tty, s
}

// exited waits for goplt to exit and returns its exit code.
func exited(t *testing.T, cmd *exec.Cmd, s *screen) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("wait for goplt: %v", err)
		}
		return cmd.ProcessState.ExitCode()
	case <-time.After(120 * time.Second):
		_ = cmd.Process.Kill() // the test fails either way
		s.mu.Lock()
		defer s.mu.Unlock()
		t.Fatalf("goplt did not finish; screen:\n%q", s.buf.String())
		return -1
	}
}

// text is what goplt drew so far.
func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

func TestInit_PromptsOnATerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	cmd, tty, s := onTerminal(t, nil, "init", dir)

	s.answer(t, tty, "Project name", "\r") // accept the default taken from the directory
	s.answer(t, tty, "Go module path", "github.com/acme/shop\r")
	s.answer(t, tty, "Default database", "\x1b[B\r") // arrow down to postgres
	s.answer(t, tty, "description", "Shop platform\r")
	s.answer(t, tty, "Optional kernel services", " \x1b[B \r") // audit, then events

	require.Equal(t, 0, exited(t, cmd, s), "screen:\n%s", s.text())
	specText, err := os.ReadFile(filepath.Join(dir, "goplt.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(specText), "name: shop")
	assert.Contains(t, string(specText), "module: github.com/acme/shop")
	assert.Contains(t, string(specText), "database: postgres")
	assert.Contains(t, string(specText), "description: Shop platform")
	assert.Contains(t, string(specText), "features: [audit, events]")
}

func TestInit_NoInputSettingAsksNothingOnATerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	cmd, _, s := onTerminal(t, []string{"GOPLT_NO_INPUT=true", "GOPLT_MODULE_PREFIX=github.com/acme"}, "init", dir)
	require.Equal(t, 0, exited(t, cmd, s), "screen:\n%s", s.text())
	s.waitFor(t, "platformctl token")
	assert.NotContains(t, s.text(), "Project name")
	specText, err := os.ReadFile(filepath.Join(dir, "goplt.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(specText), "module: github.com/acme/shop")
}

func TestInit_ProgressLineOnATerminalOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	// The audit feature has tables of its own: init runs entc.
	dir := filepath.Join(t.TempDir(), "shop")
	cmd, _, s := onTerminal(t, nil, "init", dir, "--features", "audit", "--yes")
	require.Equal(t, 0, exited(t, cmd, s), "screen:\n%s", s.text())
	s.waitFor(t, "platformctl token") // the last line, maybe still on its way
	screen := s.text()
	assert.Contains(t, screen, "running entc for example.com/shop")
	line := strings.Index(screen, "running entc")
	created := strings.Index(screen, "created sqlite project")
	require.Positive(t, created)
	assert.Contains(t, screen[line:created], "\r\x1b[K", "the progress line is cleared before the summary")

	dir = filepath.Join(t.TempDir(), "shop")
	cmd, _, s = onTerminal(t, nil, "init", dir, "--features", "audit", "--yes", "-q")
	require.Equal(t, 0, exited(t, cmd, s), "screen:\n%s", s.text())
	assert.Empty(t, s.text(), "-q draws nothing")

	// Not on a terminal: no progress line, only the summary.
	dir = filepath.Join(t.TempDir(), "shop")
	code, _, stderr := goplt(t, "", "init", dir, "--features", "audit", "--yes")
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, stderr, "\x1b[K")
}
