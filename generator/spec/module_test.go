package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// blogModule is the module.yaml of the design's blog example.
const blogModule = `name: blog
version: 0.1.0
description: Blog posts
dependencies: ["core >= 0.1.0"]
permissions: [blog.post.create, blog.post.read, blog.post.update, blog.post.delete]
entities:
  - name: post
    tenant_scoped: false
    fields:
      - {name: title, type: string, required: true, max_length: 200}
      - {name: body, type: text}
      - {name: status, type: enum, values: [draft, published], default: draft}
      - {name: views, type: int, min: 0}
routes:
  - {method: POST, path: /api/v1/blog/posts, permission: blog.post.create, operation_id: createPost, summary: Create a post, request: post, response: post}
  - {method: GET, path: /api/v1/blog/posts/:id, permission: blog.post.read, response: post}
  - {method: GET, path: /api/v1/blog/posts, permission: blog.post.read, response: "[]post"}
  - {method: GET, path: /api/v1/blog/ping, public: true}
`

func TestParseModule_ReadsTheBlogExample(t *testing.T) {
	m, err := ParseModule("modules/blog/module.yaml", []byte(blogModule))
	require.NoError(t, err)
	assert.Equal(t, "blog", m.Name)
	assert.Equal(t, Pos{File: "modules/blog/module.yaml", Line: 1, Col: 7}, m.NamePos)
	assert.Equal(t, "0.1.0", m.Version)
	assert.Equal(t, []Dependency{{Module: "core", Op: ">=", Version: "0.1.0", Pos: Pos{"modules/blog/module.yaml", 4, 16}}}, m.Dependencies)
	require.Len(t, m.Permissions, 4)
	assert.Equal(t, Permission{Name: "blog.post.read", Pos: Pos{"modules/blog/module.yaml", 5, 33}}, m.Permissions[1])

	require.Len(t, m.Entities, 1)
	post := m.Entities[0]
	assert.Equal(t, "post", post.Name)
	require.Len(t, post.Fields, 4)
	title, status, views := post.Fields[0], post.Fields[2], post.Fields[3]
	assert.Equal(t, TypeString, title.Type)
	assert.True(t, title.Required)
	assert.Equal(t, 200, title.MaxLength)
	assert.Equal(t, []string{"draft", "published"}, status.Values)
	assert.Equal(t, "draft", status.Default)
	assert.Equal(t, Pos{"modules/blog/module.yaml", 12, 73}, status.DefaultPos)
	require.NotNil(t, views.Min)
	assert.Equal(t, 0.0, *views.Min)
	assert.Nil(t, views.Max)

	require.Len(t, m.Routes, 4)
	create, get, list, ping := m.Routes[0], m.Routes[1], m.Routes[2], m.Routes[3]
	assert.Equal(t, "createPost", create.OperationID)
	assert.Equal(t, "post", create.Request)
	assert.Equal(t, []string{"id"}, get.PathParams())
	assert.Equal(t, "[]post", list.Response)
	assert.True(t, ping.Public)
	assert.Empty(t, ping.Permission)
	assert.Zero(t, ping.PermissionPos)
}

func TestParseModule_AcceptsBothPathParameterStyles(t *testing.T) {
	src := "name: shop\nversion: 1.0.0\npermissions: [shop.item.read]\nroutes:\n  - {method: GET, path: \"/items/{id}/parts/:part\", permission: shop.item.read}\n"
	m, err := ParseModule("module.yaml", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, []string{"id", "part"}, m.Routes[0].PathParams())
}

func TestLoadModule_DiagnosticsNameTheFileAsGiven(t *testing.T) {
	path := filepath.Join(t.TempDir(), "module.yaml")
	require.NoError(t, os.WriteFile(path, []byte("name: blog\n"), 0o644))
	_, err := LoadModule(path)
	var ds Diagnostics
	require.ErrorAs(t, err, &ds)
	assert.Equal(t, path+`:1:1: missing required field "version"; add e.g. version: 0.1.0`, ds.Error())
}

func FuzzParseModule(f *testing.F) {
	f.Add([]byte(blogModule))
	cases, _ := filepath.Glob(filepath.Join(errorCases, "*", ModuleFile))
	for _, file := range cases {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseModule("module.yaml", data)
		if err != nil {
			ds, ok := err.(Diagnostics)
			if !ok || len(ds) == 0 {
				t.Fatalf("error is %T, not non-empty Diagnostics: %v", err, err)
			}
			for _, d := range ds {
				if d.Pos.Line < 1 || d.Pos.Col < 1 || d.Pos.File != "module.yaml" {
					t.Fatalf("bad position in %q", d)
				}
			}
			return
		}
		if m == nil || m.Name == "" || m.Version == "" {
			t.Fatalf("valid module without name or version: %+v", m)
		}
		for _, r := range m.Routes {
			if r.Permission == "" && !r.Public {
				t.Fatalf("route %s %s has neither permission nor public", r.Method, r.Path)
			}
		}
	})
}
