package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/spec"
)

// blogProject is the model of the blog example kept with the OpenAPI golden.
func blogProject(t *testing.T) *Project {
	t.Helper()
	m, err := spec.LoadModule("../openapi/testdata/blog.module.yaml")
	require.NoError(t, err)
	return New(spec.NewProject("acme", "example.com/acme"), m)
}

func parseModule(t *testing.T, src string) *spec.Module {
	t.Helper()
	m, err := spec.ParseModule("module.yaml", []byte(src))
	require.NoError(t, err)
	return m
}

func TestNew_SortsModulesAndMergesTheirPermissions(t *testing.T) {
	shop := parseModule(t, "name: shop\nversion: 1.0.0\npermissions: [shop.order.read]\n")
	blog := parseModule(t, "name: blog\nversion: 0.1.0\npermissions: [blog.post.read, blog.post.create]\n")
	p := New(spec.NewProject("acme", "example.com/acme"), shop, blog)
	require.Len(t, p.Modules, 2)
	assert.Equal(t, "blog", p.Modules[0].Name)
	assert.Equal(t, "shop", p.Modules[1].Name)
	var got []string
	for _, perm := range p.Permissions {
		got = append(got, perm.Value)
	}
	assert.Equal(t, []string{"blog.post.create", "blog.post.read", "shop.order.read",
		"system.health.check", "system.modules.read", "system.routes.read"}, got)
	assert.Equal(t, []Permission{{"blog.post.create"}, {"blog.post.read"}}, p.Modules[0].Permissions)
}

func TestModule_DerivedNames(t *testing.T) {
	m := blogProject(t).Modules[0]
	assert.Equal(t, "modules/blog", m.Dir())
	assert.Equal(t, "example.com/acme/modules/blog", m.ImportPath())
	assert.Equal(t, "blog", m.Package())
	assert.Equal(t, "Blog", m.Title())
	assert.Equal(t, "0.2.0", m.VersionOrDefault())
	assert.Equal(t, "Blog posts", m.Description)
	require.Len(t, m.Entities, 1)
	require.Len(t, m.Routes, 7)
	assert.Same(t, m.Entities[0], m.Routes[0].Request)
}

func TestModule_ValidatesRequestsAndGuarded(t *testing.T) {
	src := "name: feed\nversion: 0.1.0\npermissions: [feed.entry.read]\nentities:\n  - name: entry\n    fields: [{name: title, type: string}]\nroutes:\n" +
		"  - {method: GET, path: /api/v1/feed/entries/:id, public: true, response: entry}\n" +
		"  - {method: POST, path: /api/v1/feed/entries/:id/pin, public: true}\n"
	m := New(spec.NewProject("acme", "example.com/acme"), parseModule(t, src)).Modules[0]
	assert.False(t, m.ValidatesRequests(), "a GET of an item and a POST without body validate nothing")
	assert.False(t, m.Guarded(), "public routes need no permission, whatever the module declares")
	m.Routes[1].Public, m.Routes[1].Request = false, m.Entities[0]
	assert.True(t, m.ValidatesRequests())
	assert.True(t, m.Guarded())
}

func TestModule_TenantScoped(t *testing.T) {
	src := "name: wiki\nversion: 0.1.0\nentities:\n  - name: page\n    fields: [{name: title, type: string}]\n  - name: tag\n    fields: [{name: label, type: string}]\n"
	m := New(spec.NewProject("acme", "example.com/acme"), parseModule(t, src)).Modules[0]
	assert.False(t, m.TenantScoped())
	m.Entities[1].TenantScoped = true
	assert.True(t, m.TenantScoped(), "one tenant-scoped entity makes the module need the mixin")
}

func TestEntity_DerivedNames(t *testing.T) {
	for _, tc := range []struct {
		name, goName, plural, goPlural, table, pkg string
	}{
		{"post", "Post", "posts", "Posts", "blog_posts", "post"},
		{"category", "Category", "categories", "Categories", "blog_categories", "category"},
		{"day", "Day", "days", "Days", "blog_days", "day"},
		{"box", "Box", "boxes", "Boxes", "blog_boxes", "box"},
		{"match", "Match", "matches", "Matches", "blog_matches", "match"},
		{"wish", "Wish", "wishes", "Wishes", "blog_wishes", "wish"},
		{"address", "Address", "addresses", "Addresses", "blog_addresses", "address"},
		{"api_key", "APIKey", "api_keys", "APIKeys", "blog_api_keys", "apikey"},
		{"url_alias", "URLAlias", "url_aliases", "URLAliases", "blog_url_aliases", "urlalias"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &Entity{Name: tc.name, module: &Module{Name: "blog"}}
			assert.Equal(t, tc.goName, e.GoName())
			assert.Equal(t, tc.plural, e.Plural())
			assert.Equal(t, tc.goPlural, e.GoPlural())
			assert.Equal(t, tc.table, e.Table())
			assert.Equal(t, tc.pkg, e.EntPackage())
		})
	}
}

func TestField_GoNameFollowsEntAndAPINameFollowsOapiCodegen(t *testing.T) {
	for _, tc := range []struct{ name, ent, api string }{
		{"title", "Title", "Title"},
		{"published_at", "PublishedAt", "PublishedAt"},
		{"author_id", "AuthorID", "AuthorID"},
		{"external_uuid", "ExternalUUID", "ExternalUUID"},
		{"api_url", "APIURL", "APIURL"},
		{"http_json", "HTTPJSON", "HTTPJSON"},
		{"db_name", "DbName", "DBName"}, // DB is an initialism for oapi-codegen only
		{"line2", "Line2", "Line2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Field{Name: tc.name}
			assert.Equal(t, tc.ent, f.GoName())
			assert.Equal(t, tc.api, f.APIName())
			assert.Equal(t, tc.name, f.JSONName())
		})
	}
}

func ptr(v float64) *float64 { return &v }

func TestField_EntBuilder(t *testing.T) {
	post := &Entity{Name: "post"}
	for _, tc := range []struct {
		name  string
		field Field
		want  string
	}{
		{"required string", Field{Name: "title", Type: spec.TypeString, Required: true, MaxLength: 200},
			`field.String("title").MaxRuneLen(200).NotEmpty()`},
		{"optional text has the default bound", Field{Name: "body", Type: spec.TypeText},
			`field.Text("body").MaxRuneLen(65536).Optional().Nillable()`},
		{"text with max_length", Field{Name: "body", Type: spec.TypeText, MaxLength: 1000000},
			`field.Text("body").MaxRuneLen(1000000).Optional().Nillable()`},
		{"string has the default bound", Field{Name: "name", Type: spec.TypeString, Required: true},
			`field.String("name").MaxRuneLen(255).NotEmpty()`},
		{"bounded int", Field{Name: "views", Type: spec.TypeInt, Min: ptr(0)},
			`field.Int64("views").Min(0).Optional().Nillable()`},
		{"float with range and default", Field{Name: "rating", Type: spec.TypeFloat, Min: ptr(0), Max: ptr(5.5), Default: int64(1)},
			`field.Float("rating").Min(0).Max(5.5).Default(1)`},
		{"bool default", Field{Name: "featured", Type: spec.TypeBool, Default: false},
			`field.Bool("featured").Default(false)`},
		{"time now", Field{Name: "published_at", Type: spec.TypeTime, Default: "now"},
			`field.Time("published_at").Default(time.Now)`},
		{"time fixed", Field{Name: "since", Type: spec.TypeTime, Default: "2024-01-02T03:04:05Z"},
			`field.Time("since").Default(func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) })`},
		{"unique uuid", Field{Name: "external_uuid", Type: spec.TypeUUID, Unique: true, Required: true},
			`field.UUID("external_uuid", uuid.UUID{}).Unique()`},
		{"uuid new", Field{Name: "key", Type: spec.TypeUUID, Default: "new"},
			`field.UUID("key", uuid.UUID{}).Default(uuid.New)`},
		{"enum default", Field{Name: "status", Type: spec.TypeEnum, Values: []string{"draft", "published"}, Default: "draft"},
			`field.Enum("status").Values("draft", "published").Default("draft")`},
		{"unique enum has no Unique in ent", Field{Name: "kind", Type: spec.TypeEnum, Values: []string{"a"}, Unique: true, Required: true},
			`field.Enum("kind").Values("a")`},
		{"json", Field{Name: "meta", Type: spec.TypeJSON},
			`field.JSON("meta", map[string]any{}).Optional()`},
		{"comment quoted", Field{Name: "note", Type: spec.TypeString, Required: true, Description: `Say "hi"`},
			`field.String("note").MaxRuneLen(255).NotEmpty().Comment("Say \"hi\"")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.field
			f.entity = post
			assert.Equal(t, tc.want, f.EntBuilder())
		})
	}
}

func TestField_APITypeAndSchema(t *testing.T) {
	post := &Entity{Name: "post"}
	for _, tc := range []struct {
		field  Field
		goType string
		schema map[string]any
	}{
		{Field{Name: "title", Type: spec.TypeString, MaxLength: 200, Required: true}, "string",
			map[string]any{"type": "string", "maxLength": 200, "minLength": 1}},
		{Field{Name: "body", Type: spec.TypeText, Description: "Body"}, "string",
			map[string]any{"type": "string", "maxLength": 65536, "description": "Body"}},
		{Field{Name: "name", Type: spec.TypeString}, "string",
			map[string]any{"type": "string", "maxLength": 255}},
		{Field{Name: "views", Type: spec.TypeInt, Min: ptr(0), Max: ptr(10)}, "int64",
			map[string]any{"type": "integer", "format": "int64", "minimum": int64(0), "maximum": int64(10)}},
		{Field{Name: "rating", Type: spec.TypeFloat, Default: int64(2)}, "float64",
			map[string]any{"type": "number", "format": "double", "default": float64(2)}},
		{Field{Name: "on", Type: spec.TypeBool, Default: true}, "bool",
			map[string]any{"type": "boolean", "default": true}},
		{Field{Name: "at", Type: spec.TypeTime, Default: "now"}, "time.Time",
			map[string]any{"type": "string", "format": "date-time"}},
		{Field{Name: "key", Type: spec.TypeUUID}, "openapi_types.UUID",
			map[string]any{"type": "string", "format": "uuid"}},
		{Field{Name: "status", Type: spec.TypeEnum, Values: []string{"a"}}, "PostStatus",
			map[string]any{"$ref": "#/components/schemas/PostStatus"}},
		{Field{Name: "meta", Type: spec.TypeJSON}, "map[string]interface{}",
			map[string]any{"type": "object", "additionalProperties": true}},
	} {
		t.Run(tc.field.Name, func(t *testing.T) {
			f := tc.field
			f.entity = post
			assert.Equal(t, tc.goType, f.APIType())
			assert.Equal(t, tc.schema, f.Schema())
		})
	}
}

func TestField_AbsentDiffersFromZeroOnlyForOptionalFieldsWithoutDefault(t *testing.T) {
	assert.True(t, (&Field{Type: spec.TypeInt}).Nillable())
	assert.False(t, (&Field{Type: spec.TypeInt, Required: true}).Nillable())
	assert.False(t, (&Field{Type: spec.TypeInt, Default: int64(1)}).Nillable())
	assert.False(t, (&Field{Type: spec.TypeJSON}).Nillable(), "a JSON map is nil already")
}

func TestEntity_SchemaImports(t *testing.T) {
	e := blogProject(t).Modules[0].Entities[0]
	assert.Equal(t, []string{"github.com/google/uuid"}, e.SchemaImports())
	e = &Entity{Fields: []*Field{{Type: spec.TypeTime}}}
	assert.Empty(t, e.SchemaImports(), "a time field without default needs no import in the schema")
	e = &Entity{Fields: []*Field{{Type: spec.TypeTime, Default: "now"}}}
	assert.Equal(t, []string{"time"}, e.SchemaImports())
}

func TestRoute_DerivedNames(t *testing.T) {
	for _, tc := range []struct {
		method, path, opID                   string
		handler, ginPath, openAPIPath, param string
	}{
		{"POST", "/api/v1/blog/posts", "createPost", "CreatePost", "/api/v1/blog/posts", "/api/v1/blog/posts", ""},
		{"GET", "/api/v1/blog/posts", "listPosts", "ListPosts", "/api/v1/blog/posts", "/api/v1/blog/posts", ""},
		{"GET", "/api/v1/blog/posts/:id", "getPost", "GetPost", "/api/v1/blog/posts/:id", "/api/v1/blog/posts/{id}", "id"},
		{"PUT", "/api/v1/blog/posts/{id}", "updatePost", "UpdatePost", "/api/v1/blog/posts/:id", "/api/v1/blog/posts/{id}", "id"},
		{"PATCH", "/api/v1/blog/posts/:id", "updatePost", "UpdatePost", "/api/v1/blog/posts/:id", "/api/v1/blog/posts/{id}", "id"},
		{"DELETE", "/api/v1/blog/posts/:id", "deletePost", "DeletePost", "/api/v1/blog/posts/:id", "/api/v1/blog/posts/{id}", "id"},
		{"GET", "/api/v1/blog/categories/:category_id/posts", "listPosts", "ListPosts", "/api/v1/blog/categories/:category_id/posts", "/api/v1/blog/categories/{category_id}/posts", "category_id"},
		{"POST", "/api/v1/shop/api_keys", "createAPIKey", "CreateAPIKey", "/api/v1/shop/api_keys", "/api/v1/shop/api_keys", ""},
		{"GET", "/api/v1/blog/ping", "getBlogPing", "GetBlogPing", "/api/v1/blog/ping", "/api/v1/blog/ping", ""},
		{"POST", "/api/v1/blog/posts/:id/publish", "postBlogPostsPublish", "PostBlogPostsPublish", "/api/v1/blog/posts/:id/publish", "/api/v1/blog/posts/{id}/publish", "id"},
		{"GET", "/api/v1/blog/status", "getBlogStatus", "GetBlogStatus", "/api/v1/blog/status", "/api/v1/blog/status", ""},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := &Route{Method: tc.method, Path: tc.path}
			assert.Equal(t, tc.opID, r.OperationID())
			assert.Equal(t, tc.handler, r.HandlerName())
			assert.Equal(t, tc.ginPath, r.GinPath())
			assert.Equal(t, tc.openAPIPath, r.OpenAPIPath())
			if tc.param == "" {
				assert.Empty(t, r.PathParams())
			} else {
				assert.Equal(t, []string{tc.param}, r.PathParams())
			}
		})
	}
}

func TestRoute_GivenOperationIDWins(t *testing.T) {
	r := blogProject(t).Modules[0].Routes[4]
	assert.Equal(t, "patchPost", r.OperationID())
	assert.Equal(t, "PatchPost", r.HandlerName())
	assert.Equal(t, "BlogPostUpdate", r.Permission.Const())
}

func TestRoute_HandlerNameMatchesOapiCodegenNormalizer(t *testing.T) {
	for id, want := range map[string]string{
		"createPost":   "CreatePost",
		"getApiKey":    "GetAPIKey",
		"getURLAlias":  "GetURLAlias",
		"listV2Things": "ListV2Things",
		"getUserId":    "GetUserID",
		"fetchDbStats": "FetchDBStats",
	} {
		assert.Equal(t, want, (&Route{operationID: id}).HandlerName(), id)
	}
}

func TestRoute_SuccessStatusAndSchemas(t *testing.T) {
	m := blogProject(t).Modules[0]
	want := []struct {
		status      int
		req, resp   string
		list, empty bool
	}{
		{201, "PostInput", "Post", false, false},
		{200, "", "Post", false, false},
		{200, "", "PostList", true, false},
		{200, "PostInput", "Post", false, false},
		{200, "PostPatch", "Post", false, false},
		{204, "", "", false, true},
		{204, "", "", false, true},
	}
	for i, r := range m.Routes {
		assert.Equal(t, want[i].status, r.SuccessStatus(), "%s %s", r.Method, r.Path)
		assert.Equal(t, want[i].req, r.RequestSchema(), "%s %s", r.Method, r.Path)
		assert.Equal(t, want[i].resp, r.ResponseSchema(), "%s %s", r.Method, r.Path)
		assert.Equal(t, want[i].list, r.ResponseList, "%s %s", r.Method, r.Path)
	}
	assert.True(t, m.Routes[6].Public)
	assert.Nil(t, m.Routes[6].Permission)
}

func TestCoreRoutes_AreDenyByDefault(t *testing.T) {
	for _, r := range CoreRoutes {
		assert.True(t, r.Public || r.Authenticated(), r.Path)
		if r.Permission != nil {
			assert.Contains(t, CorePermissions, r.Permission.Value, r.Path)
		}
	}
	assert.Len(t, CoreRoutes, 7)
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{"createPost": "create_post", "getAPIKey": "get_api_key", "listPosts": "list_posts", "postBlogPostsPublish": "post_blog_posts_publish", "get2FA": "get2_fa"} {
		assert.Equal(t, want, snake(in), in)
	}
}

// TestRoute_FileNameIsAlwaysCompiled: a handler file named after its
// operation id must never read to Go as a test file, a build constraint or
// the package's handler.go.
func TestRoute_FileNameIsAlwaysCompiled(t *testing.T) {
	for opID, want := range map[string]string{
		"createPost": "create_post",
		"getTest":    "get_test_route",
		"getLinux":   "get_linux_route",
		"listArm64":  "list_arm64_route",
		"handler":    "handler_route",
		"test":       "test",
	} {
		r := &Route{Method: "GET", Path: "/x", operationID: opID}
		assert.Equal(t, want, r.FileName(), opID)
	}
	assert.Equal(t, "get_test_route", (&Route{Method: "GET", Path: "/api/v1/test"}).FileName())
}

// TestRoute_PageBounds: the largest page of a list times the largest row
// stays within PageBudget, and small rows keep the usual bounds.
func TestRoute_PageBounds(t *testing.T) {
	entity := func(fields ...*Field) *Entity { return &Entity{Name: "post", Fields: fields} }
	for _, tc := range []struct {
		name          string
		e             *Entity
		max, deflimit int
	}{
		{"small rows", entity(&Field{Name: "title", Type: spec.TypeString, MaxLength: 200}, &Field{Name: "views", Type: spec.TypeInt}), MaxLimit, DefaultLimit},
		{"a text field", entity(&Field{Name: "title", Type: spec.TypeString, MaxLength: 200}, &Field{Name: "body", Type: spec.TypeText}), 42, DefaultLimit},
		{"a json field", entity(&Field{Name: "meta", Type: spec.TypeJSON}), 15, 15},
		{"a huge text", entity(&Field{Name: "body", Type: spec.TypeText, MaxLength: 1 << 30}), 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Route{Method: "GET", Path: "/api/v1/blog/posts", Response: tc.e, ResponseList: true}
			assert.Equal(t, tc.max, r.MaxLimit())
			assert.Equal(t, tc.deflimit, r.DefaultLimit())
			if tc.max > 1 {
				assert.LessOrEqual(t, r.MaxLimit()*tc.e.MaxRowBytes(), PageBudget)
			}
		})
	}
	assert.Equal(t, MaxLimit, (&Route{Method: "GET", Path: "/api/v1/ping"}).MaxLimit(), "no rows, no smaller bound")
}

func TestRoute_LocationAndConflicts(t *testing.T) {
	m := blogProject(t).Modules[0]
	post := m.Entities[0]
	create, get := post.CRUDRoute(CRUDCreate), post.CRUDRoute(CRUDGet)
	require.NotNil(t, create)
	assert.Same(t, get, create.LocationRoute(), "a create points at the entity's get route")
	assert.Nil(t, get.LocationRoute(), "only a create answers Location")
	assert.Equal(t, `"/api/v1/blog/posts/" + strconv.Itoa(v.ID)`, get.PathWithID("v.ID"))

	var names []string
	for _, f := range post.UniqueFields() {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"external_uuid"}, names)
	assert.True(t, create.Conflicts())
	assert.False(t, get.Conflicts(), "a read writes nothing")

	sales := parseModule(t, `name: shop
version: 1.0.0
permissions: [shop.sale.create]
entities:
  - name: sale
    fields:
      - {name: code, type: string, unique: true}
      - {name: paid, type: bool, unique: true}
routes:
  - {method: POST, path: /api/v1/shop/sales, permission: shop.sale.create, request: sale, response: sale}
  - {method: GET, path: "/api/v1/shop/sales/:id/receipt", permission: shop.sale.create, response: sale}
`)
	shop := New(spec.NewProject("acme", "example.com/acme"), sales).Modules[0]
	// The read-back route need not end with the id.
	assert.Same(t, shop.Routes[1], shop.Routes[0].LocationRoute())
	assert.Equal(t, `"/api/v1/shop/sales/" + strconv.Itoa(id) + "/receipt"`, shop.Routes[1].PathWithID("id"))
	require.Len(t, shop.Entities[0].UniqueFields(), 1, "a unique bool makes no unique column")
}
