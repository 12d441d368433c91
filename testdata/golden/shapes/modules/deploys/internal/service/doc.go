// Package service holds the deploys module's business logic. Handlers call
// services, services call stores: put rules here (who may publish, what a
// title must look like, side effects) and keep handlers about HTTP.
//
// goplt creates one file per entity once; they are yours.
package service
