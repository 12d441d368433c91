package entgen

import (
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goplt's own module requires entgo.io/ent, as a generated module does.

func TestColdBuildCache_AnEmptyCacheIsCold(t *testing.T) {
	t.Setenv("GOCACHE", t.TempDir())
	assert.True(t, coldBuildCache("."))
}

func TestColdBuildCache_CompiledEntIsWarm(t *testing.T) {
	out, err := exec.Command("go", append([]string{"build"}, entPackages...)...).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.False(t, coldBuildCache("."))
}
