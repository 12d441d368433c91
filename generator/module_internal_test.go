package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/render"
)

// A feature module's Ent schema importing platform packages gets them, and
// the platform packages they import, from the rendered files.
func TestPlatformPackages(t *testing.T) {
	gen := func(path, content string) render.File {
		return render.File{Path: path, Content: []byte(content), Owner: render.Generated}
	}
	platform := []render.File{
		gen("go.mod", "module example.com/acme\n"),
		gen("pkg/tenant/tenant.go", "package tenant\n\nimport \"example.com/acme/pkg/httpapi\"\n"),
		gen("pkg/tenant/tenant_test.go", "package tenant\n"),
		gen("pkg/tenant/tenantent/tenantent.go", "package tenantent\n\nimport \"example.com/acme/pkg/tenant\"\n"),
		gen("pkg/httpapi/errors.go", "package httpapi\n"),
		gen("pkg/perm/perm.go", "package perm\n"),
	}
	schema := map[string][]byte{
		"tenant.gen.go": []byte("package schema\n\nimport (\n\t\"example.com/acme/modules/blog/ent/intercept\"\n\t\"example.com/acme/pkg/tenant/tenantent\"\n)\n"),
	}
	got := platformPackages(t.TempDir(), "example.com/acme", schema, platform)
	assert.Equal(t, map[string][]byte{
		"go.mod":                            []byte("module example.com/acme\n\ngo " + model.GoVersion + "\n"),
		"pkg/tenant/tenant.go":              platform[1].Content,
		"pkg/tenant/tenantent/tenantent.go": platform[3].Content,
		"pkg/httpapi/errors.go":             platform[4].Content,
	}, got)

	assert.Nil(t, platformPackages(t.TempDir(), "example.com/acme", map[string][]byte{"post.gen.go": []byte("package schema\n")}, platform),
		"a schema importing no platform package needs no copy")
}
