package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goplt/goplt/generator"
)

// progressOutput reports steps through a progress of an env with the
// given output options and returns what it wrote on stderr.
func progressOutput(e env, steps ...generator.Step) string {
	var buf bytes.Buffer
	e.stderr = &printer{w: &buf}
	p := e.startProgress("generating")
	for _, s := range steps {
		p.step(s)
	}
	p.end()
	return buf.String()
}

func TestProgress_OffATerminalTellsOnlyOfTheSlowFirstRun(t *testing.T) {
	warm := generator.Step{Tool: "entc", Module: "example.com/acme"}
	cold := generator.Step{Tool: "entc", Module: "example.com/acme/modules/blog", Cold: true}

	assert.Empty(t, progressOutput(env{}, warm))
	assert.Equal(t, "running entc for example.com/acme/modules/blog: the first run compiles Ent's generator, about a minute\n",
		progressOutput(env{}, warm, cold))
	assert.Equal(t, "running entc for example.com/acme\n", progressOutput(env{verbose: true}, warm), "-v tells of every slow step")
	assert.Empty(t, progressOutput(env{quiet: true}, cold))
}

func TestProgress_OnATerminalRedrawsOneLineAndClearsIt(t *testing.T) {
	out := progressOutput(env{live: true},
		generator.Step{Tool: "entc", Module: "example.com/acme"},
		generator.Step{Tool: "entc", Module: "example.com/acme/modules/blog", Cold: true})
	assert.NotContains(t, out, "\n", "one line, redrawn in place")
	assert.Regexp(t, "\r\x1b\\[K⠋ +\\d+s running entc for example.com/acme\r", out)
	assert.Contains(t, out, "running entc for example.com/acme/modules/blog: the first run compiles Ent's generator")
	assert.True(t, strings.HasSuffix(out, "\r\x1b[K"), "the line is cleared at the end: %q", out)

	assert.Empty(t, progressOutput(env{live: true, quiet: true}, generator.Step{Tool: "entc", Module: "example.com/acme", Cold: true}))
}
