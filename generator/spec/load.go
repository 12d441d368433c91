package spec

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"

	"gopkg.in/yaml.v3"
)

// Specs is a project's whole input: goplt.yaml and every module.yaml.
type Specs struct {
	// Project is the parsed goplt.yaml.
	Project *Project
	// Modules are the parsed modules/*/module.yaml files, sorted by name.
	Modules []*Module
	// Files holds the raw bytes of each spec file by its slash path relative
	// to the project root ("goplt.yaml", "modules/blog/module.yaml"): they
	// are the user's, and the plan keeps them as they are.
	Files map[string][]byte
}

// Load reads goplt.yaml and every modules/NAME/module.yaml under root and
// checks them together. Diagnostics name files relative to root
// ("modules/blog/module.yaml:3:7"), and every problem of every file is
// reported, not only the first file's.
func Load(root string) (*Specs, error) {
	s, err := Read(root)
	if err != nil {
		return nil, err
	}
	return s, s.Check()
}

// Read is Load without the checks across files, for a caller that adds a
// module first (goplt add module) and then runs Check: a spec may point at
// the module being added (plugins, dependencies).
func Read(root string) (*Specs, error) {
	d := &diagnostics{}
	var other []error
	s := &Specs{Files: map[string][]byte{}}
	data, err := os.ReadFile(filepath.Join(root, ProjectFile))
	if err != nil {
		return nil, fmt.Errorf("load project: %w", err)
	}
	s.Files[ProjectFile] = data
	s.Project, err = ParseProject(ProjectFile, data)
	collect(d, &other, err)

	dirs, err := filepath.Glob(filepath.Join(root, "modules", "*", ModuleFile))
	if err != nil {
		return nil, fmt.Errorf("find modules: %w", err)
	}
	sort.Strings(dirs)
	for _, file := range dirs {
		rel := path.Join("modules", filepath.Base(filepath.Dir(file)), ModuleFile)
		data, err := os.ReadFile(file)
		if err != nil {
			other = append(other, fmt.Errorf("load module: %w", err))
			continue
		}
		s.Files[rel] = data
		m, err := ParseModule(rel, data)
		collect(d, &other, err)
		if m != nil {
			s.Modules = append(s.Modules, m)
		}
	}
	if err := errors.Join(other...); err != nil {
		return nil, err
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// Check runs the checks across modules on specs that were each valid on
// their own, such as after goplt add module appends one.
func (s *Specs) Check() error {
	d := &diagnostics{}
	checkAcross(d, s.Modules)
	checkFeatures(d, s.Project, s.Modules)
	checkPlugins(d, s.Project, s.Modules, s.Files[ProjectFile])
	return d.err()
}

// collect sorts an error into the diagnostics or the other errors.
func collect(d *diagnostics, other *[]error, err error) {
	var ds Diagnostics
	switch {
	case err == nil:
	case errors.As(err, &ds):
		d.list = append(d.list, ds...)
	default:
		*other = append(*other, err)
	}
}

// checkAcross finds what no single module.yaml can show: a module in the
// wrong directory, two modules serving one method and path, and a
// dependency on a module that is not there or too old.
func checkAcross(d *diagnostics, mods []*Module) {
	byName := map[string]*Module{}
	routes := map[string]Pos{}
	for _, m := range mods {
		if dir := path.Base(path.Dir(m.File)); m.Name != dir {
			d.at(m.NamePos, "module name %q does not match its directory modules/%s; rename one of them", m.Name, dir)
		}
		byName[m.Name] = m
		for _, r := range m.Routes {
			key := r.Method + " " + shape(r.Path)
			if first, ok := routes[key]; ok && first.File != m.File {
				d.at(r.PathPos, "route %s %s is also served by %s; change one path", r.Method, r.Path, first)
				continue
			}
			routes[key] = r.PathPos
		}
	}
	checkParamClashesAcross(d, mods)
	for _, m := range mods {
		for _, dep := range m.Dependencies {
			if dep.Module == "core" {
				continue
			}
			other, ok := byName[dep.Module]
			switch {
			case !ok:
				d.at(dep.Pos, "dependency on module %q, which this project does not have; add it with goplt add module %s or remove the dependency", dep.Module, dep.Module)
			case dep.Op != "" && !satisfies(other.Version, dep.Op, dep.Version):
				d.at(dep.Pos, "dependency %q is not met: module %s is at %s", dep.Module+" "+dep.Op+" "+dep.Version, dep.Module, other.Version)
			}
		}
	}
}

// checkFeatures finds module specs that use a kernel feature the project
// has not switched on.
func checkFeatures(d *diagnostics, p *Project, mods []*Module) {
	if p == nil || p.Has("tenancy") {
		return
	}
	for _, m := range mods {
		for _, e := range m.Entities {
			if e.TenantScoped {
				d.at(e.NamePos, "entity %q is tenant_scoped but %s does not enable the tenancy feature; add tenancy to its features or remove tenant_scoped", e.Name, p.File)
			}
		}
	}
}

// checkPlugins finds names under plugins in goplt.yaml that are not a
// module of the project: the generator would build a plugin from a package
// that does not exist. data is goplt.yaml as read, to point at the name.
func checkPlugins(d *diagnostics, p *Project, mods []*Module, data []byte) {
	if p == nil || len(p.Plugins) == 0 {
		return
	}
	have := map[string]bool{}
	for _, m := range mods {
		have[m.Name] = true
	}
	for _, name := range p.Plugins {
		if !have[name] {
			d.at(listItemPos(p.File, data, "plugins", name),
				"plugin %q is not a module of this project (no modules/%s/module.yaml); add it with goplt add module %s or remove it from plugins", name, name, name)
		}
	}
}

// listItemPos returns where the sequence under key in the YAML document
// data holds item, or the start of file when it cannot be found (a spec
// built in memory has no text).
func listItemPos(file string, data []byte, key, item string) Pos {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) > 0 {
		for _, n := range list(get(deref(doc.Content[0]), key)) {
			if text(n) == item {
				return Pos{File: file, Line: max(n.Line, 1), Col: max(n.Column, 1)}
			}
		}
	}
	return Pos{File: file, Line: 1, Col: 1}
}
