package migrations

import (
	"errors"
	"fmt"
	"io/fs"

	"ariga.io/atlas/sql/migrate"
)

// Rehash returns dir's atlas.sum extended with the migration files added
// after the last one it lists (a hand-written data backfill, say), and
// their names; a nil sum when none were. It never accepts a change to the
// history: a listed file edited or removed, or a file added before the
// last listed one, is an IntegrityError.
func Rehash(dir migrate.Dir) (sum []byte, added []string, err error) {
	var old migrate.HashFile
	data, err := fs.ReadFile(dir, migrate.HashFileName)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, nil, err
	default:
		if err := old.UnmarshalText(data); err != nil {
			return nil, nil, &IntegrityError{Reason: "atlas.sum was edited by hand: " + err.Error()}
		}
	}
	now, err := dir.Checksum()
	if err != nil {
		return nil, nil, err
	}
	for i, o := range old {
		switch {
		case i >= len(now) || !hasName(now, o.N):
			return nil, nil, &IntegrityError{File: o.N, Reason: migrate.ReasonRemoved.String()}
		case now[i].N != o.N:
			return nil, nil, &IntegrityError{File: now[i].N, Reason: fmt.Sprintf("added before %s, the last migration atlas.sum lists (give it a later version)", old[len(old)-1].N)}
		case now[i].H != o.H:
			return nil, nil, &IntegrityError{File: o.N, Reason: migrate.ReasonEdited.String()}
		}
	}
	if len(now) == len(old) {
		return nil, nil, nil
	}
	for _, f := range now[len(old):] {
		added = append(added, f.N)
	}
	sum, err = now.MarshalText()
	return sum, added, err
}

func hasName(h migrate.HashFile, name string) bool {
	for _, f := range h {
		if f.N == name {
			return true
		}
	}
	return false
}
