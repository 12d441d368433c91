package module

// SourceStatic is the Source of a module linked into the platform binary.
const SourceStatic = "static"

// SourcePluginPrefix starts the Source of a module loaded from a plugin
// file; the file's path follows it, e.g. "plugin:plugins/blog.so".
const SourcePluginPrefix = "plugin:"

// Sourced is implemented by modules that did not come from the static
// registry, so operators can tell which file a running module was loaded
// from. The plugin loader wraps every module it loads in one.
type Sourced interface {
	Module
	// Source returns SourcePluginPrefix followed by the plugin file's path.
	Source() string
}

// SourceOf returns where m comes from: SourceStatic, or SourcePluginPrefix
// and the path of the plugin file it was loaded from.
func SourceOf(m Module) string {
	if s, ok := m.(Sourced); ok {
		return s.Source()
	}
	return SourceStatic
}
