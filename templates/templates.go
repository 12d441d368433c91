// Package templates holds the embedded tree of templates goplt renders. The
// tree mirrors the output: templates/project/internal/server/server.go.tmpl
// renders to internal/server/server.go in the generated project.
package templates

import "embed"

// FS is the embedded template tree. The all: prefix keeps dot files such as
// .gitignore and .github; go.mod is spelled go.mod.tmpl so the directory is
// not a module boundary that embed would skip. features/NAME holds the
// files of one optional kernel service; deps/ the go.mod requirements each
// feature adds (recorded by TestFeatureDeps).
//
//go:embed all:project all:module all:features all:deps
var FS embed.FS
