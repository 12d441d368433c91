package generator_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/spec"
)

// No Docker engine runs where goplt is tested, so the container and CI
// files are checked the way the engine would read them, short of running.

func readYAML(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, yaml.Unmarshal(data, &doc), path)
	return doc
}

func TestGeneratedComposeFileIsConsistent(t *testing.T) {
	for _, name := range examples(t) {
		dir := initExample(t, name)
		p, err := spec.LoadProject(filepath.Join(dir, "goplt.yaml"))
		require.NoError(t, err)
		prefix := model.New(p).EnvPrefix() + "_"

		doc := readYAML(t, filepath.Join(dir, "docker-compose.yml"))
		services, ok := doc["services"].(map[string]any)
		require.True(t, ok, "services must be a mapping")
		volumes, _ := doc["volumes"].(map[string]any)
		for svcName, raw := range services {
			svc := raw.(map[string]any)
			_, hasImage := svc["image"]
			_, hasBuild := svc["build"]
			assert.True(t, hasImage || hasBuild, "service %s needs image or build", svcName)
			if deps, ok := svc["depends_on"].(map[string]any); ok {
				for dep := range deps {
					assert.Contains(t, services, dep, "%s depends on unknown service", svcName)
				}
			}
			for _, v := range asList(svc["volumes"]) {
				if named, _, found := strings.Cut(v.(string), ":"); found && !strings.HasPrefix(named, ".") && !strings.HasPrefix(named, "/") {
					assert.Contains(t, volumes, named, "service %s mounts an undeclared volume", svcName)
				}
			}
		}
		platform := services["platform"].(map[string]any)
		for key := range platform["environment"].(map[string]any) {
			assert.True(t, strings.HasPrefix(key, prefix), "platform env %s lacks the %s prefix", key, prefix)
		}
		checkBindMounts(t, dir, services)

		test := readYAML(t, filepath.Join(dir, "docker-compose.test.yml"))
		testServices := test["services"].(map[string]any)
		assert.Contains(t, testServices, "postgres")
		assert.NotContains(t, testServices, "platform", "the test stack holds only what tests talk to")
	}
}

// checkBindMounts checks that every ./path a service mounts exists in the
// generated tree, so docker compose up finds its configuration files.
func checkBindMounts(t *testing.T, dir string, services map[string]any) {
	t.Helper()
	for name, raw := range services {
		for _, v := range asList(raw.(map[string]any)["volumes"]) {
			src, _, _ := strings.Cut(v.(string), ":")
			if strings.HasPrefix(src, "./") {
				_, err := os.Stat(filepath.Join(dir, src))
				assert.NoError(t, err, "service %s mounts a path the project lacks", name)
			}
		}
	}
}

// TestGeneratedMonitoringConfigIsConsistent reads the Prometheus and
// Grafana files the compose stack mounts: Prometheus scrapes the platform
// service's port, and every dashboard query uses a metric the platform
// exports.
func TestGeneratedMonitoringConfigIsConsistent(t *testing.T) {
	dir := initExample(t, "minimal")
	prom := readYAML(t, filepath.Join(dir, "ops", "prometheus", "prometheus.yml"))
	scrape := prom["scrape_configs"].([]any)[0].(map[string]any)
	assert.Equal(t, "/metrics", scrape["metrics_path"])
	targets := scrape["static_configs"].([]any)[0].(map[string]any)["targets"].([]any)
	assert.Equal(t, []any{"platform:8080"}, targets)

	ds := readYAML(t, filepath.Join(dir, "ops", "grafana", "provisioning", "datasources", "prometheus.yml"))
	assert.Equal(t, "http://prometheus:9090", ds["datasources"].([]any)[0].(map[string]any)["url"])

	data, err := os.ReadFile(filepath.Join(dir, "ops", "grafana", "dashboards", "http.json"))
	require.NoError(t, err)
	var dash struct {
		UID    string `json:"uid"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	require.NoError(t, json.Unmarshal(data, &dash))
	require.NotEmpty(t, dash.Panels)
	metricsGo, err := os.ReadFile(filepath.Join(dir, "internal", "server", "metrics.go"))
	require.NoError(t, err)
	metric := regexp.MustCompile(`\b(http_[a-z_]+?)(_bucket)?\b`)
	for _, p := range dash.Panels {
		require.NotEmpty(t, p.Targets, p.Title)
		for _, target := range p.Targets {
			for _, m := range metric.FindAllStringSubmatch(target.Expr, -1) {
				assert.Contains(t, string(metricsGo), `"`+m[1]+`"`, "panel %q queries a metric the platform does not export", p.Title)
			}
		}
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestGeneratedWorkflowIsWellFormed(t *testing.T) {
	dir := initExample(t, examples(t)[0])
	doc := readYAML(t, filepath.Join(dir, ".github", "workflows", "ci.yml"))
	require.Contains(t, doc, "on")
	jobs := doc["jobs"].(map[string]any)
	require.NotEmpty(t, jobs)
	var runs []string
	pinned := regexp.MustCompile(`^[\w.-]+/[\w.-]+@v\d+$`)
	for jobName, raw := range jobs {
		job := raw.(map[string]any)
		assert.NotEmpty(t, job["runs-on"], jobName)
		for _, s := range asList(job["steps"]) {
			step := s.(map[string]any)
			uses, hasUses := step["uses"].(string)
			run, hasRun := step["run"].(string)
			assert.True(t, hasUses != hasRun, "step needs exactly one of uses/run: %v", step)
			if hasUses {
				assert.Regexp(t, pinned, uses, "actions are pinned to a major version")
			}
			runs = append(runs, run)
		}
	}
	all := strings.Join(runs, "\n")
	for _, want := range []string{"make gen-check", "make tidy", "make lint", "make test-race", "make build plugins"} {
		assert.Contains(t, all, want)
	}
	// The make targets run in the root and in every module: they hold the
	// actual commands.
	makefile, err := os.ReadFile(filepath.Join(dir, "Makefile"))
	require.NoError(t, err)
	for _, want := range []string{"vet ./...", "golangci-lint", "test -race", "mod tidy", "modules/*/go.mod", "gen --check", "-buildmode=plugin", "include plugins.mk", "include goplt.mk"} {
		assert.Contains(t, string(makefile), want)
	}
	assert.NotContains(t, all+string(makefile), "golint", "golint is deprecated")
	// make gen-check runs the goplt that generated the project, never the
	// newest (TestGeneratedMakefileRunsThePinnedGoplt).
	assert.NotContains(t, all+string(makefile), "@latest")
}

// TestGeneratedDockerfileIsMultiStageAndStatic checks the Dockerfile of a
// project without plugins (a static core on distroless/static) and of one
// listing plugins (a cgo core and plugins/*.so on distroless/base).
func TestGeneratedDockerfileIsMultiStageAndStatic(t *testing.T) {
	for _, name := range []string{"blog", "plugins"} {
		t.Run(name, func(t *testing.T) {
			dir := initExample(t, name)
			data, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
			require.NoError(t, err)
			stages := map[string]bool{}
			var froms []string
			var entrypoint string
			for _, line := range strings.Split(string(data), "\n") {
				fields := strings.Fields(line)
				if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
					continue
				}
				switch strings.ToUpper(fields[0]) {
				case "FROM":
					froms = append(froms, fields[1])
					if len(fields) == 4 && strings.EqualFold(fields[2], "AS") {
						stages[fields[3]] = true
					}
				case "COPY":
					for _, f := range fields[1:] {
						if from, ok := strings.CutPrefix(f, "--from="); ok {
							assert.True(t, stages[from], "COPY --from=%s names no earlier stage", from)
						}
					}
				case "ENTRYPOINT":
					entrypoint = strings.TrimSpace(strings.TrimPrefix(line, fields[0]))
				}
			}
			require.GreaterOrEqual(t, len(froms), 2, "multi-stage build")
			assert.True(t, strings.HasPrefix(froms[0], "golang:1.26"), "builder uses the project's Go: %s", froms[0])
			// make build picks cgo from plugins.mk; the flags live in the Makefile.
			assert.Contains(t, string(data), "make build plugins BIN=/out PLUGINS_DIR=/out/plugins")
			assert.Contains(t, string(data), "COPY --from=build /out/plugins/ /app/plugins/")
			if name == "plugins" {
				assert.Equal(t, "golang:1.26-trixie", froms[0], "build and runtime share a Debian release")
				assert.Equal(t, "gcr.io/distroless/base-debian13:nonroot", froms[len(froms)-1], "a cgo core needs glibc")
			} else {
				assert.Contains(t, froms[len(froms)-1], "distroless/static")
			}
			makefile, err := os.ReadFile(filepath.Join(dir, "Makefile"))
			require.NoError(t, err)
			assert.Contains(t, string(makefile), `-trimpath -ldflags="-s -w"`)
			assert.Contains(t, string(makefile), "CGO         := $(if $(strip $(PLUGINS)),1,0)")
			var exec []string
			require.NoError(t, json.Unmarshal([]byte(entrypoint), &exec), "ENTRYPOINT in exec form")
		})
	}
}

// TestGeneratedMakefileBuildsStaticallyUnlessPluginsAreListed runs make -n
// to see the commands: no plugins builds CGO_ENABLED=0 and no .so; listed
// plugins build the core with cgo and each plugin with -buildmode=plugin.
func TestGeneratedMakefileBuildsStaticallyUnlessPluginsAreListed(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("needs make")
	}
	for name, want := range map[string][]string{
		"blog":    {"CGO_ENABLED=0 go build -trimpath", "for p in ; do"},
		"plugins": {"CGO_ENABLED=1 go build -trimpath", "for p in blog; do", "-buildmode=plugin"},
	} {
		dir := initExample(t, name)
		out, err := exec.Command("make", "-n", "-C", dir, "build", "plugins").CombinedOutput()
		require.NoError(t, err, "%s", out)
		for _, w := range want {
			assert.Contains(t, string(out), w, name)
		}
	}
}

// TestLintIsPinnedAlike runs make -n lint in goplt and in a generated
// project with a module: both run the golangci-lint the build tests run,
// the project in its root and in the module.
func TestLintIsPinnedAlike(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("needs make")
	}
	run := "go run " + golangciLint + " run ./..."
	out, err := exec.Command("make", "-n", "-C", "..", "lint").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), run, "goplt's make lint")

	dir := initExample(t, "blog")
	out, err = exec.Command("make", "-n", "-C", dir, "lint").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "for d in . modules/blog; do")
	assert.Contains(t, string(out), "(cd $d && "+run+")")
}

func TestGeneratedMakefileTargetsParse(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("needs make")
	}
	dir := initExample(t, examples(t)[0])
	for _, target := range []string{"run", "build", "plugins", "test", "lint", "tidy", "docker", "gen", "gen-check", "bench"} {
		out, err := exec.Command("make", "-n", "-C", dir, target).CombinedOutput()
		assert.NoError(t, err, "make -n %s: %s", target, out)
	}
}

// TestGeneratedMakefileRunsThePinnedGoplt runs make -n gen: a project of a
// release runs exactly that release (a goplt of that version on PATH, else
// go run fetches it), GOPLT (a make variable or the environment, as CI
// would set it) runs another, and a project of a development build, which
// no module proxy serves, needs it on PATH or GOPLT.
func TestGeneratedMakefileRunsThePinnedGoplt(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("needs make")
	}
	// onPath returns a PATH holding a goplt that says it is version v.
	onPath := func(v string) string {
		bin := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(bin, "goplt"), []byte("#!/bin/sh\necho goplt "+v+"\n"), 0o755))
		return "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")
	}
	makeN := func(dir string, env []string, args ...string) (string, error) {
		cmd := exec.Command("make", append([]string{"-n", "-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	dir := initExample(t, "minimal")
	out, err := makeN(dir, nil, "gen", "gen-check")
	require.NoError(t, err, out)
	assert.Contains(t, out, "go run github.com/goplt/goplt/cmd/goplt@"+goldenGoplt+" gen\n")
	assert.Contains(t, out, "go run github.com/goplt/goplt/cmd/goplt@"+goldenGoplt+" gen --check\n")
	out, err = makeN(dir, []string{onPath(goldenGoplt)}, "gen")
	require.NoError(t, err, out)
	assert.Regexp(t, `(?m)^goplt gen$`, out, "the goplt on PATH")
	out, err = makeN(dir, []string{onPath("v9.9.9")}, "gen")
	require.NoError(t, err, out)
	assert.Contains(t, out, "go run github.com/goplt/goplt/cmd/goplt@"+goldenGoplt+" gen\n", "another goplt on PATH is not used")
	out, err = makeN(dir, nil, "gen", "GOPLT=/opt/goplt")
	require.NoError(t, err, out)
	assert.Contains(t, out, "/opt/goplt gen\n")
	out, err = makeN(dir, []string{"GOPLT=/ci/goplt"}, "gen-check")
	require.NoError(t, err, out)
	assert.Contains(t, out, "/ci/goplt gen --check\n")

	const develVersion = "v0.0.0-devel+0123456789ab"
	devel := filepath.Join(t.TempDir(), "devel")
	_, err = generator.Init(generator.InitOptions{Dir: devel, Spec: spec.NewProject("devel", "example.com/devel"), Options: generator.Options{Goplt: develVersion}})
	require.NoError(t, err)
	out, err = makeN(devel, nil, "gen")
	require.Error(t, err)
	assert.Contains(t, out, "goplt "+develVersion+" is a development build that no module proxy serves: put it on PATH as goplt or run make gen GOPLT=/path/to/that/goplt")
	out, err = makeN(devel, []string{onPath(develVersion)}, "gen")
	require.NoError(t, err, out)
	assert.Regexp(t, `(?m)^goplt gen$`, out, "the goplt on PATH")
	out, err = makeN(devel, nil, "gen", "GOPLT=/opt/goplt")
	require.NoError(t, err, out)
	assert.Contains(t, out, "/opt/goplt gen\n")
	out, err = makeN(devel, nil, "build", "test")
	require.NoError(t, err, "only gen needs goplt: %s", out)
}
