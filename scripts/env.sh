# Sourced by the other scripts: one consistent build environment for cargo-leptos and plain
# cargo, so that alternating between them never rebuilds the dependency tree.
# cargo-leptos (debug) adds `--cfg erase_components` to RUSTFLAGS and sets LEPTOS_* variables
# that Leptos reads at compile time; plain cargo gets the same here.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export RUSTFLAGS="--cfg erase_components"
export LEPTOS_OUTPUT_NAME=oxcart
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_RELOAD_PORT=3001
export LEPTOS_LIB_DIR=frontend
export LEPTOS_BIN_DIR=server
export LEPTOS_JS_MINIFY=false
export LEPTOS_HASH_FILES=true
export LEPTOS_HASH_FILE_NAME=hash.txt
