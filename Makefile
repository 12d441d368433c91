# goplt's own tasks. `make demo` generates a platform and runs it; `make test`
# runs every test, including building and running the generated projects.

GO        ?= go
DEMO_DIR  ?= demo
DEMO_ADDR ?= 127.0.0.1:8080

.PHONY: all build install demo test test-short vet lint golden fuzz bench clean

all: vet test

build:
	$(GO) build -trimpath -o bin/goplt ./cmd/goplt

install:
	$(GO) install ./cmd/goplt

## demo: generate a platform into $(DEMO_DIR) and run it on SQLite (Ctrl-C stops it)
demo:
	rm -rf $(DEMO_DIR)
	$(GO) run ./cmd/goplt init $(DEMO_DIR) --module example.com/demo --yes
	cd $(DEMO_DIR) && DEMO_HTTP_ADDR=$(DEMO_ADDR) $(GO) run ./cmd/platform

## test: every test, the golden trees and the build-and-run of each example
test: vet
	$(GO) test -count=1 -timeout 60m ./...

## test-short: the fast inner loop; skips building generated projects
test-short:
	$(GO) test -short ./...

# golangci-lint with its default linters: errcheck, govet (every go vet
# analyzer), ineffassign, staticcheck (staticcheck's default checks and its
# quick fixes) and unused. The generated projects pin the same version.
# go run builds it on first use (about 3 minutes) and the Go build cache
# keeps the binary.
GOLANGCI_LINT_VERSION ?= v2.15.0
GOLANGCI_LINT         ?= $(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

## lint: golangci-lint over goplt
lint:
	$(GOLANGCI_LINT) run ./...

## vet: lint and gofmt; make test runs it first
vet: lint
	@test -z "$$(gofmt -l cmd generator templates schemas)" || { gofmt -l cmd generator templates schemas; echo "gofmt needed"; exit 1; }

## golden: rewrite testdata/golden from the current templates (review the diff)
golden:
	$(GO) test ./generator -run 'TestGolden$$' -update

## fuzz: fuzz both spec loaders (their seed corpora run in make test)
fuzz:
	$(GO) test ./generator/spec -run '^$$' -fuzz FuzzParseProject -fuzztime 30s
	$(GO) test ./generator/spec -run '^$$' -fuzz FuzzParseModule -fuzztime 30s

## bench: generator speed and memory (render-only init, no-op gen per example)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./generator/...

clean:
	rm -rf bin $(DEMO_DIR)
