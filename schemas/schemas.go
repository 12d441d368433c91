// Package schemas embeds the JSON Schemas of goplt's input files:
// goplt.schema.json for goplt.yaml and module.schema.json for module.yaml.
//
// generator/spec validates every spec file against them, and goplt copies them
// to .goplt/schemas/ in a generated project so that editors which understand
// the "# yaml-language-server: $schema=" comment can complete and check the
// files as they are typed.
package schemas

import "embed"

// FS holds the schema files, named by their base names (e.g. "goplt.schema.json").
//
//go:embed *.json
var FS embed.FS
