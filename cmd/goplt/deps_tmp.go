package main

import (
	_ "github.com/AlecAivazis/survey/v2"
	_ "github.com/Masterminds/sprig/v3"
	_ "github.com/creack/pty"
	_ "github.com/pmezard/go-difflib/difflib"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/spf13/cobra"
	_ "github.com/spf13/viper"
	_ "github.com/stretchr/testify/require"
	_ "golang.org/x/term"
	_ "golang.org/x/tools/imports"
	_ "gopkg.in/yaml.v3"
)

func main() {}
