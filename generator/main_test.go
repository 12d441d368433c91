package generator_test

import (
	"os"
	"testing"
)

// toolsDir holds the tools the tests build once per run (golangci-lint);
// it is made on first use and removed when the tests end.
var toolsDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if toolsDir != "" {
		_ = os.RemoveAll(toolsDir) // in the system temp directory: best effort
	}
	os.Exit(code)
}
