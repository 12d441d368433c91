package manifest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, root, path, content string) {
	t.Helper()
	name := filepath.Join(root, filepath.FromSlash(path))
	require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
	require.NoError(t, os.WriteFile(name, []byte(content), 0o644))
}

func TestLoad_JournalOfAnInterruptedRunCountsOnlyWhatItFinished(t *testing.T) {
	root := t.TempDir()
	m := New()
	for _, f := range []string{"written.go", "not-yet.go", "edited.go", "deleted.go", "kept.go"} {
		m.Files[f] = Entry{Owner: "generated", SHA256: Hash([]byte("old"))}
	}
	writeFile(t, root, Path, string(m.Encode()))
	j := NewJournal()
	for _, f := range []string{"written.go", "not-yet.go", "edited.go", "created.go"} {
		j.Files[f] = Entry{Owner: "generated", SHA256: Hash([]byte("new"))}
	}
	j.Delete = []string{"deleted.go", "kept.go"}
	writeFile(t, root, JournalPath, string(j.Encode()))
	writeFile(t, root, "written.go", "new")
	writeFile(t, root, "created.go", "new")
	writeFile(t, root, "not-yet.go", "old")
	writeFile(t, root, "edited.go", "mine")
	writeFile(t, root, "kept.go", "old")

	got, err := Load(root)
	require.NoError(t, err)
	require.NotNil(t, got.Interrupted)
	assert.Equal(t, Hash([]byte("new")), got.Files["written.go"].SHA256, "finished: goplt's")
	assert.Equal(t, Hash([]byte("new")), got.Files["created.go"].SHA256)
	assert.Equal(t, Hash([]byte("old")), got.Files["not-yet.go"].SHA256, "not reached: as before")
	assert.Equal(t, Hash([]byte("old")), got.Files["edited.go"].SHA256, "neither old nor new: a hand edit")
	assert.NotContains(t, got.Files, "deleted.go", "deleted by goplt, not by the user")
	assert.Contains(t, got.Files, "kept.go", "not deleted yet")
}

func TestLoad_UnreadableJournalSaysWhatToDo(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, JournalPath, "{")
	_, err := Load(root)
	require.Error(t, err)
	assert.Contains(t, err.Error(), JournalPath)
	assert.Contains(t, err.Error(), "delete it")
}

func TestLoad_NoJournalNoInterruption(t *testing.T) {
	m, err := Load(t.TempDir())
	require.NoError(t, err)
	assert.Nil(t, m.Interrupted)
	assert.Empty(t, m.Files)
}
