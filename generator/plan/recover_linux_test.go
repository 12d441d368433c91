package plan

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/render"
)

func TestMain(m *testing.M) {
	// TestApply_KilledRunIsRecovered re-executes this binary to apply a
	// plan and SIGKILL itself at one write.
	if root := os.Getenv("GOPLT_TEST_KILL_ROOT"); root != "" {
		killMidApply(root, os.Getenv("GOPLT_TEST_KILL_AT"))
	}
	os.Exit(m.Run())
}

// killMidApply applies after() over root and kills the process, as kill -9
// would, at the at-th fail point: for a write, once the temp file is on disk.
func killMidApply(root, at string) {
	k, _ := strconv.Atoi(at)
	old, err := manifest.Load(root)
	if err == nil {
		var p *Plan
		if p, err = Compute(root, after(), old, Options{}); err == nil {
			calls := 0
			FailPoint = func(string) error {
				if calls++; calls == k {
					if err := syscall.Kill(os.Getpid(), syscall.SIGKILL); err != nil {
						return err // Apply fails: "not killed" below
					}
					select {} // the signal is on its way
				}
				return nil
			}
			err = Apply(p)
		}
	}
	fmt.Fprintln(os.Stderr, "not killed:", err)
	os.Exit(3)
}

func TestApply_KilledRunIsRecovered(t *testing.T) {
	n := failPoints(t)
	tempsLeft := 0
	for k := 1; k <= n; k++ {
		for name, next := range map[string][]render.File{"same input": after(), "input changed back": before()} {
			root := write(t, before()...)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "GOPLT_TEST_KILL_ROOT="+root, "GOPLT_TEST_KILL_AT="+strconv.Itoa(k))
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "%s", out)
			require.Equal(t, "signal: killed", exit.Error(), "%s", out)
			if len(leftovers(t, root)) > 0 {
				tempsLeft++
			}
			t.Run(fmt.Sprintf("killed at %d of %d, %s", k, n, name), func(t *testing.T) { requireRecovers(t, root, next) })
		}
	}
	assert.Positive(t, tempsLeft, "some kills left a temp file for the next run to remove")
}

// mountTmpfs mounts a tmpfs of size bytes on a new directory, or skips the
// test where mounting is not permitted.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)); err != nil {
		t.Skipf("a full disk needs a small tmpfs, and mounting one is not permitted here: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// resize changes the size of the tmpfs at dir.
func resize(t *testing.T, dir string, size int) {
	t.Helper()
	require.NoError(t, syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, "size="+strconv.Itoa(size)))
}

// big is content of n bytes.
func big(c string, n int) string { return strings.Repeat(c, n) }

func TestApply_FullDiskIsRecoveredOnceSpaceIsFreed(t *testing.T) {
	root := mountTmpfs(t, 4<<20)
	v1 := []render.File{gen("a.go", big("a", 1000)), gen("b/b.go", big("b", 1000)), gen("c/c.go", big("c", 1000)), scaffold("svc.go", "s")}
	v2 := []render.File{gen("a.go", big("A", 1<<20)), gen("b/b.go", big("B", 1<<20)), gen("c/c.go", big("C", 1<<20)), gen("d/d.go", big("D", 1<<20)), scaffold("svc.go", "s")}
	p, err := Compute(root, v1, manifest.New(), Options{})
	require.NoError(t, err)
	require.NoError(t, Apply(p))
	resize(t, root, 2<<20+512<<10) // room for about two of v2's files

	err = Apply(replan(t, root, Options{}, v2...))
	require.ErrorIs(t, err, syscall.ENOSPC)
	assert.Empty(t, leftovers(t, root), "a failed write removes its temp file")
	got, _ := os.ReadFile(filepath.Join(root, "a.go"))
	require.Equal(t, big("A", 1<<20), string(got), "the disk filled part way through the plan")

	resize(t, root, 8<<20)
	requireRecovers(t, root, v1)
	requireRecovers(t, root, v2)
}

func TestApply_FileThatCannotBeReplacedIsRecoveredOnceWritable(t *testing.T) {
	for _, target := range []string{"c/c.go", "c"} { // an immutable file, an immutable directory
		t.Run(target, func(t *testing.T) {
			root := write(t, before()...)
			immutable := filepath.Join(root, filepath.FromSlash(target))
			if out, err := exec.Command("chattr", "+i", immutable).CombinedOutput(); err != nil {
				t.Skipf("chattr +i is not available here: %v %s", err, out)
			}
			defer func() {
				// Else t.TempDir cannot remove it.
				if out, err := exec.Command("chattr", "-i", immutable).CombinedOutput(); err != nil {
					t.Errorf("chattr -i: %v %s", err, out)
				}
			}()

			err := Apply(replan(t, root, Options{}, after()...))
			require.Error(t, err)
			require.True(t, errors.Is(err, syscall.EPERM), "%v", err)
			require.NoError(t, exec.Command("chattr", "-i", immutable).Run())
			requireRecovers(t, root, before())
		})
	}
}
