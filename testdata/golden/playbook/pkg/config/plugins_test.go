package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidatePluginsNeedADirWhenEnabled(t *testing.T) {
	assert.Empty(t, Plugins{Enabled: false}.validate(), "a disabled loader needs no directory")
	assert.Empty(t, Plugins{Enabled: true, Dir: "plugins"}.validate())
	errs := Plugins{Enabled: true}.validate()
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "plugins.dir")
}
