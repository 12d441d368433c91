package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/goplt/goplt/generator/spec"
)

// Setting keys: the key in the settings file; GOPLT_ and the key in upper
// case with '_' for '-' in the environment.
const (
	keyModulePrefix   = "module-prefix"
	keyDatabase       = "database"
	keyNoInput        = "no-input"
	keyDevDatabaseURL = "dev-database-url"
)

// setting is one of goplt's own settings.
type setting struct {
	key   string
	def   string
	usage string
}

// knownSettings are the settings a user may want as defaults of their own.
// A usage may span lines: help indents them.
var knownSettings = []setting{
	{keyModulePrefix, "example.com", "init's module path is PREFIX/NAME without --module"},
	{keyDatabase, spec.SQLite, "init's --database when not given: sqlite or postgres"},
	{keyNoInput, "false", "true: init never prompts, as with --yes"},
	{keyDevDatabaseURL, "", "development database URL for the coming versioned\nmigrations (shown by goplt config list; unused yet)"},
}

// envPrefix starts every environment variable of goplt's.
const envPrefix = "GOPLT"

// configEnv names the settings file in the environment.
const configEnv = envPrefix + "_CONFIG"

// defaultSettingsFileHelp is where the settings file is looked for, as
// help shows it.
const defaultSettingsFileHelp = "$XDG_CONFIG_HOME/goplt/config.yaml"

func envName(key string) string {
	return envPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}

// settingsHelp lists the settings for the root command's help.
func settingsHelp() string {
	var b strings.Builder
	row := func(name, usage string) {
		for i, line := range strings.Split(usage, "\n") {
			if i > 0 {
				name = ""
			}
			fmt.Fprintf(&b, "  %-23s %s\n", name, line)
		}
	}
	for _, s := range knownSettings {
		usage := s.usage
		if s.def != "" && s.def != "false" {
			sep := " "
			if last := usage[strings.LastIndex(usage, "\n")+1:]; len("  GOPLT_DEV_DATABASE_URL  ")+len(last)+len(" (default )")+len(s.def) > 80 {
				sep = "\n" // keep help within 80 columns
			}
			usage += sep + "(default " + s.def + ")"
		}
		row(envName(s.key), usage)
	}
	row(configEnv, "the settings file, as --config")
	b.WriteString("The settings file is YAML, keyed by the names above in lower case with '-'\n" +
		"(module-prefix: github.com/acme). 'goplt config list' shows every setting\n" +
		"and where its value came from.")
	return b.String()
}

// settings layers goplt's settings the way cobra and viper CLIs do: a
// flag, then a GOPLT_* environment variable, then the settings file, then
// the default. Each run of goplt builds its own.
type settings struct {
	v *viper.Viper
	// file is --config; after load, the settings file looked for.
	file string
	// found says the file was read.
	found bool
	// flags are the flags bound to settings, by key.
	flags map[string]*pflag.Flag
}

func newSettings() *settings {
	v := viper.New()
	v.SetEnvPrefix(envPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	for _, s := range knownSettings {
		v.SetDefault(s.key, s.def)
	}
	return &settings{v: v, flags: map[string]*pflag.Flag{}}
}

// bind makes flag set key on the command that has it.
func (s *settings) bind(key string, flag *pflag.Flag) {
	if err := s.v.BindPFlag(key, flag); err != nil {
		panic(err) // flag is nil: a programming error
	}
	s.flags[key] = flag
}

// load reads the settings file and warns of keys it does not know. A
// settings file named by --config or GOPLT_CONFIG must exist; the default
// one may not.
func (s *settings) load(e *env) error {
	explicit := s.file != ""
	if !explicit {
		s.file = os.Getenv(configEnv)
		explicit = s.file != ""
	}
	if !explicit {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil // no home: no settings file
		}
		s.file = filepath.Join(dir, "goplt", "config.yaml")
	}
	s.v.SetConfigFile(s.file)
	s.v.SetConfigType("yaml")
	switch err := s.v.ReadInConfig(); {
	case err == nil:
		s.found = true
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	default:
		return &settingError{fmt.Errorf("settings file %s: %w", s.file, err)}
	}
	if s.found {
		for _, key := range s.v.AllKeys() {
			if s.v.InConfig(key) && !slices.ContainsFunc(knownSettings, func(k setting) bool { return k.key == key }) {
				e.infof("goplt: %s: unknown setting %q ignored (known: %s)\n", s.file, key, strings.Join(settingKeys(), ", "))
			}
		}
	}
	return nil
}

// check refuses values of init's settings goplt cannot use, naming where
// each came from. Only init uses them, so only init checks them.
func (s *settings) check() error {
	if db := s.v.GetString(keyDatabase); db != spec.SQLite && db != spec.Postgres {
		return s.bad(keyDatabase, `use "sqlite" or "postgres"`)
	}
	if prefix := s.v.GetString(keyModulePrefix); spec.CheckModulePath(prefix+"/x") != nil {
		return s.bad(keyModulePrefix, "not the start of a Go module path (e.g. github.com/acme)")
	}
	if _, err := strconv.ParseBool(s.v.GetString(keyNoInput)); err != nil {
		return s.bad(keyNoInput, "use true or false")
	}
	return nil
}

// bad is the error for the value of key: a usage error when a flag gave
// it, else a settingError.
func (s *settings) bad(key, msg string) error {
	err := fmt.Errorf("%s %q: %s", s.source(key), s.v.GetString(key), msg)
	if f := s.flags[key]; f != nil && f.Changed {
		return &usageError{err: err}
	}
	return &settingError{err}
}

func (s *settings) str(key string) string { return s.v.GetString(key) }
func (s *settings) on(key string) bool    { return s.v.GetBool(key) }

// source says where the value of key comes from.
func (s *settings) source(key string) string {
	if f := s.flags[key]; f != nil && f.Changed {
		return "--" + f.Name
	}
	if v, ok := os.LookupEnv(envName(key)); ok && v != "" {
		return envName(key)
	}
	if s.found && s.v.InConfig(key) {
		return key + " in " + s.file
	}
	return "default"
}

func settingKeys() []string {
	keys := make([]string, len(knownSettings))
	for i, s := range knownSettings {
		keys[i] = s.key
	}
	return keys
}

func newConfigCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show goplt's own settings",
		Long: `config shows goplt's settings: each comes from a flag, a GOPLT_* environment
variable, the settings file or its default, in that order (see goplt --help).`,
		Example: "  goplt config list\n  goplt config get module-prefix",
		Args:    cobra.ArbitraryArgs,
		RunE:    groupRunE("goplt config list"),
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "list",
		Short:   "List every setting, its value and where it came from",
		Example: "  goplt config list",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			for _, st := range knownSettings {
				e.stdout.printf("%s=%s\t# %s\n", st.key, e.settings.str(st.key), e.settings.source(st.key))
			}
			if e.verbose {
				found := "not found"
				if e.settings.found {
					found = "read"
				}
				e.stdout.printf("# settings file: %s (%s)\n", e.settings.file, found)
			}
			return nil
		},
	}, &cobra.Command{
		Use:               "get KEY",
		Short:             "Print the value of one setting",
		Example:           "  goplt config get database",
		Args:              oneArg("KEY", "the setting's name, one of "+strings.Join(settingKeys(), ", ")),
		ValidArgsFunction: completeSettingKeys,
		RunE: func(_ *cobra.Command, args []string) error {
			if !slices.Contains(settingKeys(), args[0]) {
				return usagef("unknown setting %q; known: %s", args[0], strings.Join(settingKeys(), ", "))
			}
			e.stdout.println(e.settings.str(args[0]))
			return nil
		},
	})
	return cmd
}
