# The front door. `make demo` and `make test` are all a newcomer needs;
# the rest are the pieces they are made of.

GO        ?= go
WASM_ENV  := GOOS=js GOARCH=wasm
BUILD     := build
WASM      := $(BUILD)/wasmsocket.wasm
GOROOT    := $(shell $(GO) env GOROOT)
FUZZTIME  ?= 5s

JS_DIST   := js/dist
REACT_DIST := react/dist

.PHONY: all build js react demo-build chromium size pack test test-go test-fuzz test-wasm test-js test-react test-e2e lint demo bench deps clean

all: build js react

## deps: npm packages (ws for the wasm tests under Node), from the lock file
deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## build: the wasm module and the matching wasm_exec.js glue
build: $(WASM)
$(WASM): go.mod go.sum $(shell find wasm -name '*.go' -not -name '*_test.go')
	@mkdir -p $(BUILD)
	$(WASM_ENV) $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm/cmd/wasmsocket
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" $(BUILD)/wasm_exec.js

## js: @wasmsocket/client in js/dist: compiled TypeScript, the wasm, the glue as a module
js: $(JS_DIST)/index.js
$(JS_DIST)/index.js: $(WASM) deps $(shell find js/src -type f) js/tsconfig.json scripts/wasm-exec-module.mjs
	npx --no-install tsc -p js
	node scripts/wasm-exec-module.mjs "$(GOROOT)/lib/wasm/wasm_exec.js" $(JS_DIST)/wasm_exec.mjs
	cp $(WASM) $(JS_DIST)/wasmsocket.wasm
	@touch $@

## react: @wasmsocket/react in react/dist
react: $(REACT_DIST)/index.js
$(REACT_DIST)/index.js: $(JS_DIST)/index.js $(shell find react/src -type f) react/tsconfig.json
	npx --no-install tsc -p react
	cp react/src/styles.css $(REACT_DIST)/styles.css
	@touch $@

## demo-build: the demo page (Vite) into build/demo
demo-build: build/demo/index.html
build/demo/index.html: $(REACT_DIST)/index.js $(shell find demo -type f -not -path '*/node_modules/*')
	npx --no-install vite build --config demo/vite.config.ts

## chromium: Debian's Chromium for the end-to-end tests, installed when missing
chromium:
	@command -v chromium >/dev/null || { echo "installing chromium from Debian's packages"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## pack: npm tarballs of both packages into build/
pack: js react
	cd js && npm pack --pack-destination ../$(BUILD)
	cd react && npm pack --pack-destination ../$(BUILD)

## size: the wasm raw, gzip and brotli
size: $(WASM) deps
	@node scripts/size.mjs $(WASM)

## test: everything, from a fresh clone
test: lint test-go test-fuzz test-wasm test-js test-react test-e2e

## test-go: the Go core and the test server, natively, with the race detector
test-go:
	$(GO) test -race -short -count=1 ./...

## test-fuzz: each fuzz target briefly (FUZZTIME=5s)
test-fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzQueue$$' -fuzztime $(FUZZTIME) ./wasm/queue
	$(GO) test -run '^$$' -fuzz '^FuzzCheckURL$$' -fuzztime $(FUZZTIME) ./wasm/manager
	$(GO) test -run '^$$' -fuzz '^FuzzString$$' -fuzztime $(FUZZTIME) ./wasm/wire

## test-wasm: the same Go tests compiled to wasm, run by Node against the real server
test-wasm: deps js
	$(GO) test -count=1 -timeout 10m ./internal/wasmtest

## test-js: the JavaScript client against the real wasm and the real test server
test-js: js
	npx --no-install vitest run --config js/vitest.config.ts

## test-react: the React bindings against the real wasm client and the real test server,
## with React 19 and again with React 18 (its own npm tree in react/test/react18)
REACT18 := react/test/react18/node_modules/.package-lock.json
test-react: react $(REACT18)
	npx --no-install vitest run --config react/vitest.config.ts
	REACT=18 npx --no-install vitest run --config react/vitest.config.ts
$(REACT18): react/test/react18/package.json react/test/react18/package-lock.json
	npm ci --prefix react/test/react18 --no-audit --no-fund
	@touch $@

## test-e2e: the demo in headless Chromium against the real server; writes docs/screenshots/demo.png
test-e2e: demo-build chromium
	npx --no-install vitest run --config e2e/vitest.config.ts

## lint: formatting and vet, natively and for js/wasm
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(WASM_ENV) $(GO) vet ./wasm/... ./internal/testenv

## demo: build everything and serve the demo page (ADDR=127.0.0.1:8080)
ADDR ?= 127.0.0.1:8080
demo: deps demo-build
	$(GO) run ./testserver -addr $(ADDR) -static $(BUILD)/demo

## bench: the benchmarks (not part of make test): the Go hot paths, the reconnection storm and
## the browser suite against the peers; writes docs/bench/ and docs/BENCHMARKS.md (~15 minutes)
bench: js react chromium
	$(GO) test -run '^$$' -bench . -benchmem ./wasm/... ./testserver/...
	npm ci --prefix bench --no-audit --no-fund
	cd bench && $(GO) run ./storm
	node bench/browser/run.mjs

clean:
	rm -rf $(BUILD) $(JS_DIST) $(REACT_DIST)
