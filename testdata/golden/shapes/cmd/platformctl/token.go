package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"example.com/shapes/internal/auth"
	"example.com/shapes/pkg/config"
)

func newTokenCmd() *cobra.Command {
	var (
		sub      string
		roles    []string
		tenantID string
		ttl      time.Duration
	)
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Mint an HS256 token with the configured development secret",
		Long: "Mint a signed HS256 token using the platform configuration " +
			"(config dir, environment overlay and SHAPES_* variables). " +
			"Only the token is printed, so it can be captured in a shell variable.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(config.Dir())
			if err != nil {
				return err
			}
			if cfg.Auth.JWT.Algorithm != config.AlgHS256 {
				return fmt.Errorf("token: auth.jwt.algorithm is %s; minting tokens requires HS256", cfg.Auth.JWT.Algorithm)
			}
			if ttl == 0 {
				ttl = cfg.Auth.JWT.TTL
			}
			a, err := auth.New(cfg.Auth.JWT)
			if err != nil {
				return err
			}
			token, err := a.GenerateToken(sub, roles, tenantID, ttl)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), token)
			return err
		},
	}
	cmd.Flags().StringVar(&sub, "sub", "", "token subject (user id)")
	cmd.Flags().StringSliceVar(&roles, "roles", nil, "comma-separated role names")
	cmd.Flags().StringVar(&tenantID, "tenant", "", "tenant id (the tenant_id claim); empty for a platform user")
	cmd.Flags().DurationVar(&ttl, "ttl", 0, "token lifetime (default auth.jwt.ttl)")
	_ = cmd.MarkFlagRequired("sub")
	return cmd
}
