package generator

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/plan"
	"github.com/goplt/goplt/generator/spec"
)

// AddModuleOptions tunes AddModule.
type AddModuleOptions struct {
	Options
	// Name is the module name, e.g. "blog".
	Name string
	// Entities shape the module, each "post:title:string!,body:text" (an
	// entity, then its fields as name:type, "!" marking a required one). Nil
	// scaffolds one entity named after the module.
	Entities []string
}

// AddModule creates modules/NAME with its module.yaml and everything
// derived from it, and wires it into the platform, in one plan. An add of
// the same module that stopped part way (a full disk, a kill) is completed;
// a module that exists, or a directory holding files goplt did not write,
// is refused.
func AddModule(root string, opts AddModuleOptions) (*plan.Plan, error) {
	if err := spec.CheckModuleName(opts.Name); err != nil {
		return nil, err
	}
	rel := "modules/" + opts.Name + "/" + spec.ModuleFile
	m, err := manifest.Load(root)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(m.Goplt, opts.Options); err != nil {
		return nil, err
	}
	resuming, err := checkNewModule(root, opts.Name, m)
	if err != nil {
		return nil, err
	}
	// The checks across specs wait for the new module: goplt.yaml may
	// already list it under plugins, another module may depend on it.
	specs, err := spec.Read(root)
	if err != nil {
		return nil, err
	}
	entities, err := parseEntityArgs(opts.Name, opts.Entities)
	if err != nil {
		return nil, err
	}
	data := moduleYAML(opts.Name, entities)
	if resuming != nil && !bytes.Equal(resuming, data) {
		return nil, fmt.Errorf("%s was written by an interrupted goplt add module %s with other --entity flags; rerun it with the same flags, run goplt gen to complete it as it is, or delete modules/%s to start over", rel, opts.Name, opts.Name)
	}
	mod, err := spec.ParseModule(rel, data)
	if err != nil {
		return nil, fmt.Errorf("scaffold %s: %w", rel, err)
	}
	specs.Modules = slices.DeleteFunc(specs.Modules, func(m *spec.Module) bool { return m.File == rel })
	specs.Modules = append(specs.Modules, mod)
	slices.SortFunc(specs.Modules, func(a, b *spec.Module) int { return strings.Compare(a.Name, b.Name) })
	specs.Files[rel] = data
	if err := specs.Check(); err != nil {
		return nil, err
	}
	files, err := files(root, specs, m, opts.Options)
	if err != nil {
		return nil, err
	}
	return runWith(root, files, m, opts.Options, false)
}

// checkNewModule refuses to add module name over work of the user's: it
// passes when modules/NAME is missing or holds only what an interrupted
// goplt run wrote (by the manifest, which holds what the run finished).
// resuming is then the module.yaml that run wrote, if it got that far.
func checkNewModule(root, name string, m *manifest.Manifest) (resuming []byte, err error) {
	dir := "modules/" + name
	rel := dir + "/" + spec.ModuleFile
	foreign, ours, err := foreignFiles(root, dir, m)
	if err != nil {
		return nil, err
	}
	resuming = ours[rel]
	switch {
	case slices.Contains(foreign, rel) || (resuming != nil && !pending(m, rel)):
		return nil, fmt.Errorf("%s already exists; edit %s and run goplt gen instead", dir, rel)
	case len(foreign) > 0:
		return nil, fmt.Errorf("%s already exists and holds files goplt did not write (%s); move them out of %s or choose another module name", dir, listFiles(foreign), dir)
	}
	return resuming, nil
}

// entityArg is one entity asked for on the command line.
type entityArg struct {
	name   string
	fields []fieldArg
}

type fieldArg struct {
	name, typ string
	required  bool
}

// parseEntityArgs reads --entity values; none gives the default entity:
// the module's name in the singular, with a required name and a
// description.
func parseEntityArgs(module string, args []string) ([]entityArg, error) {
	if len(args) == 0 {
		return []entityArg{{name: model.Singular(module), fields: []fieldArg{
			{name: "name", typ: "string", required: true},
			{name: "description", typ: "text"},
		}}}, nil
	}
	var out []entityArg
	for _, arg := range args {
		name, rest, ok := strings.Cut(arg, ":")
		if !ok || name == "" || rest == "" {
			return nil, fmt.Errorf("--entity %q: write ENTITY:FIELD:TYPE[,FIELD:TYPE...], e.g. post:title:string!,body:text", arg)
		}
		e := entityArg{name: name}
		for _, f := range strings.Split(rest, ",") {
			fname, typ, ok := strings.Cut(f, ":")
			if !ok || fname == "" || typ == "" {
				return nil, fmt.Errorf("--entity %q: field %q is not NAME:TYPE (types: string, text, int, float, bool, time, uuid, json; a trailing ! makes it required)", arg, f)
			}
			req := strings.HasSuffix(typ, "!")
			e.fields = append(e.fields, fieldArg{name: fname, typ: strings.TrimSuffix(typ, "!"), required: req})
		}
		out = append(out, e)
	}
	return out, nil
}

// moduleYAML writes the module.yaml of a new module: every entity gets the
// five CRUD permissions and routes, which the user then edits.
func moduleYAML(module string, entities []entityArg) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# yaml-language-server: $schema=../../.goplt/schemas/module.schema.json\n")
	fmt.Fprintf(&b, "# The %s module. Edit this file, then run goplt gen: permissions, routes,\n", module)
	fmt.Fprintf(&b, "# OpenAPI, API stubs and Ent code follow; handler files you own are kept.\n")
	fmt.Fprintf(&b, "name: %s\nversion: 0.1.0\ndescription: %s\ndependencies: [\"core >= %s\"]\n", module, model.Title(module), spec.CoreVersion)
	b.WriteString("permissions:\n")
	for _, e := range entities {
		for _, action := range []string{"create", "read", "update", "delete"} {
			fmt.Fprintf(&b, "  - %s.%s.%s\n", module, e.name, action)
		}
	}
	b.WriteString("entities:\n")
	for _, e := range entities {
		fmt.Fprintf(&b, "  - name: %s\n    fields:\n", e.name)
		for _, f := range e.fields {
			req := ""
			if f.required {
				req = ", required: true"
			}
			fmt.Fprintf(&b, "      - {name: %s, type: %s%s}\n", f.name, f.typ, req)
		}
	}
	b.WriteString("routes:\n")
	for _, e := range entities {
		coll := "/api/v1/" + module + "/" + model.Plural(e.name)
		item := coll + "/:id"
		p := module + "." + e.name + "."
		fmt.Fprintf(&b, "  - {method: POST, path: %s, permission: %screate, summary: Create a %s, request: %s, response: %s}\n", coll, p, e.name, e.name, e.name)
		fmt.Fprintf(&b, "  - {method: GET, path: %s, permission: %sread, summary: List %s, response: \"[]%s\"}\n", coll, p, model.Plural(e.name), e.name)
		fmt.Fprintf(&b, "  - {method: GET, path: %s, permission: %sread, summary: Get a %s, response: %s}\n", item, p, e.name, e.name)
		fmt.Fprintf(&b, "  - {method: PUT, path: %s, permission: %supdate, summary: Replace a %s, request: %s, response: %s}\n", item, p, e.name, e.name, e.name)
		fmt.Fprintf(&b, "  - {method: DELETE, path: %s, permission: %sdelete, summary: Delete a %s}\n", item, p, e.name)
	}
	return []byte(b.String())
}
