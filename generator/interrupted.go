package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/plan"
)

// bookkeeping are the files of goplt's own under .goplt that the manifest
// does not list.
var bookkeeping = map[string]bool{manifest.Path: true, manifest.JournalPath: true, ".goplt/lock": true}

// foreignFiles lists the files under root/dir (slash-separated, relative to
// root) that goplt did not write: the manifest m does not know them or
// their content differs from what goplt wrote. Temp files of an
// interrupted run and goplt's bookkeeping are goplt's. ours holds the
// content of each file that is goplt's, by path.
func foreignFiles(root, dir string, m *manifest.Manifest) (foreign []string, ours map[string][]byte, err error) {
	ours = map[string][]byte{}
	err = filepath.WalkDir(filepath.Join(root, filepath.FromSlash(dir)), func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == filepath.Join(root, filepath.FromSlash(dir)) {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() || plan.IsTemp(d.Name()) {
			return err // a temp file the next apply removes is not the user's
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if bookkeeping[rel] {
			return nil
		}
		e, known := m.Files[rel]
		disk, err := os.ReadFile(p)
		if err != nil || !known || manifest.Hash(disk) != e.SHA256 {
			foreign = append(foreign, rel)
			return nil
		}
		ours[rel] = disk
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path.Clean(dir), err)
	}
	return foreign, ours, nil
}

// pending reports whether the interrupted run m records was writing path:
// it is on disk, but that run never finished.
func pending(m *manifest.Manifest, path string) bool {
	if m.Interrupted == nil {
		return false
	}
	_, ok := m.Interrupted.Files[path]
	return ok
}

// listFiles shows a few paths of a list in a message.
func listFiles(paths []string) string {
	const most = 3
	out := ""
	for i, p := range paths {
		if i == most {
			return out + fmt.Sprintf(" and %d more", len(paths)-most)
		}
		if i > 0 {
			out += ", "
		}
		out += p
	}
	return out
}
