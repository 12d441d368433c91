// Package spec reads goplt's input files, goplt.yaml (the project) and
// module.yaml (one per module), into structs that keep source positions.
//
// Every file goes through the same two layers, and all problems of both are
// collected in one pass and returned as Diagnostics sorted by position:
//
//  1. the JSON Schema in schemas/ (types, required and unknown fields,
//     enums and patterns), checked on the YAML node tree so that every
//     problem points at the line and column of the offending node;
//  2. semantic checks the schema cannot express (Go module paths, reserved
//     names, duplicate keys, cross references inside a module).
//
// Nothing in this package panics on bad input.
package spec
