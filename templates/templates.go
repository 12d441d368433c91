// Package templates holds the embedded tree of templates goplt renders. The
// tree mirrors the output: templates/project/internal/server/server.go.tmpl
// renders to internal/server/server.go in the generated project.
package templates

import "embed"

// FS is the embedded template tree. The all: prefix keeps dot files such as
// .gitignore and .github; go.mod is spelled go.mod.tmpl so the directory is
// not a module boundary that embed would skip.
//
//go:embed all:project all:module
var FS embed.FS
