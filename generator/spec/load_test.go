package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// project writes a goplt.yaml and module.yaml files (dir -> content).
func project(t *testing.T, modules map[string]string) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, ProjectFile), NewProject("acme", "example.com/acme").Encode(), 0o644))
	for dir, content := range modules {
		require.NoError(t, os.MkdirAll(filepath.Join(root, "modules", dir), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, "modules", dir, ModuleFile), []byte(content), 0o644))
	}
	return root
}

const wikiModule = `name: wiki
version: 0.2.0
permissions: [wiki.page.read]
routes:
  - {method: GET, path: /api/v1/wiki/pages, permission: wiki.page.read}
`

func TestLoad_ReadsProjectAndModulesSorted(t *testing.T) {
	root := project(t, map[string]string{"wiki": wikiModule, "blog": "name: blog\nversion: 0.1.0\ndependencies: [\"wiki >= 0.2.0\"]\n"})
	s, err := Load(root)
	require.NoError(t, err)
	assert.Equal(t, "acme", s.Project.Name)
	require.Len(t, s.Modules, 2)
	assert.Equal(t, "blog", s.Modules[0].Name)
	assert.Equal(t, "modules/blog/module.yaml", s.Modules[0].File)
}

func TestLoad_ReportsProblemsAcrossModules(t *testing.T) {
	root := project(t, map[string]string{
		"wiki": wikiModule,
		"docs": `name: wiki2
version: 0.1.0
dependencies: ["wiki >= 1.0.0", "forum"]
permissions: [wiki2.page.read]
routes:
  - {method: GET, path: /api/v1/wiki/pages, permission: wiki2.page.read}
`,
	})
	_, err := Load(root)
	var ds Diagnostics
	require.ErrorAs(t, err, &ds)
	assert.Equal(t, `modules/docs/module.yaml:1:7: module name "wiki2" does not match its directory modules/docs; rename one of them
modules/docs/module.yaml:3:16: dependency "wiki >= 1.0.0" is not met: module wiki is at 0.2.0
modules/docs/module.yaml:3:33: dependency on module "forum", which this project does not have; add it with goplt add module forum or remove the dependency
modules/wiki/module.yaml:5:25: route GET /api/v1/wiki/pages is also served by modules/docs/module.yaml:6:25; change one path`, ds.Error())
}

func TestLoad_RefusesPluginsThatAreNotModules(t *testing.T) {
	root := project(t, map[string]string{"wiki": wikiModule})
	spec := "name: acme\nmodule: example.com/acme\nplugins:\n  - wiki\n  - blog\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, ProjectFile), []byte(spec), 0o644))
	_, err := Load(root)
	var ds Diagnostics
	require.ErrorAs(t, err, &ds)
	assert.Equal(t, `goplt.yaml:5:5: plugin "blog" is not a module of this project (no modules/blog/module.yaml); add it with goplt add module blog or remove it from plugins`, ds.Error())

	require.NoError(t, os.WriteFile(filepath.Join(root, ProjectFile), []byte("name: acme\nmodule: example.com/acme\nplugins: [wiki]\n"), 0o644))
	s, err := Load(root)
	require.NoError(t, err)
	assert.Equal(t, []string{"wiki"}, s.Project.Plugins)
}

func TestLoad_RefusesTenantScopedEntitiesWithoutTenancy(t *testing.T) {
	root := project(t, map[string]string{"wiki": "name: wiki\nversion: 0.1.0\nentities:\n  - name: page\n    tenant_scoped: true\n    fields: [{name: title, type: string}]\n"})
	_, err := Load(root)
	var ds Diagnostics
	require.ErrorAs(t, err, &ds)
	assert.Equal(t, `modules/wiki/module.yaml:4:11: entity "page" is tenant_scoped but goplt.yaml does not enable the tenancy feature; add tenancy to its features or remove tenant_scoped`, ds.Error())

	p := NewProject("acme", "example.com/acme")
	p.Features = []string{"tenancy"}
	require.NoError(t, os.WriteFile(filepath.Join(root, ProjectFile), p.Encode(), 0o644))
	_, err = Load(root)
	require.NoError(t, err)
}
