# Shared by scripts/test, scripts/demo and scripts/bench: installs only what
# is missing, from crates.io, npm and Debian (the only registries reachable),
# and puts the tools on PATH. Source it; it defines functions only.

SDRS_TOOLS_DIR="${SDRS_TOOLS_DIR:-$HOME/.local/share/sdrs-console-tools}"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="123"
AXE_CORE_VERSION="4.14.1"
# The official Huawei Cloud SDKs, test oracles of the AK/SK signer.
HUAWEICLOUD_SDK_VERSION="3.1.211"
# The OpenID provider of the sign-in tests (e2e/oidc/provider.mjs).
OIDC_PROVIDER_VERSION="9.13.3"
# The checkers of deploy/ (scripts/check-deploy).
KUBERNETES_VALIDATE_VERSION="1.37.0"
CHECKOV_VERSION="3.3.30"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# wasm-bindgen-cli must equal the wasm-bindgen of Cargo.lock exactly, or
# trunk tries to download one.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_path() {
  export PATH="$HOME/.cargo/bin:$SDRS_TOOLS_DIR/binaryen/node_modules/.bin:$PATH"
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown && return
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

ensure_trunk() {
  if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then return; fi
  log "installing trunk $TRUNK_VERSION (takes ~10 min on 2 cores)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked
}

ensure_wasm_bindgen() {
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want
  want=$(wasm_bindgen_version)
  if wasm-bindgen --version 2>/dev/null | grep -q " $want\$" &&
     wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $want\$"; then return; fi
  log "installing wasm-bindgen-cli $want"
  cargo install wasm-bindgen-cli --version "=$want"
}

# The splitter of the code-split build (scripts/wasm-split-step): the CLI of
# wasm_split_cli_support, the crate cargo-leptos splits with. 0.2.4 knows
# wasm-bindgen 0.2.128+'s descriptor imports and the `fallible` loads of
# wasm_split_helpers 0.2.3 (leptos 0.8.23).
WASM_SPLIT_VERSION="0.2.4"
ensure_wasm_split() {
  if cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then return; fi
  log "installing wasm-split-cli (wasm_split_cli_support $WASM_SPLIT_VERSION)"
  cargo install wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" --features build-binary
}

# npm's binaryen ships a wasm-opt that works offline; Debian's older one
# produces modules that fail at start-up in the browser.
ensure_wasm_opt() {
  if wasm-opt --version 2>/dev/null | grep -q "version_$BINARYEN_VERSION"; then return; fi
  log "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
  mkdir -p "$SDRS_TOOLS_DIR/binaryen"
  npm install --silent --no-audit --no-fund --prefix "$SDRS_TOOLS_DIR/binaryen" "binaryen@$BINARYEN_VERSION"
}

# Installs npm PACKAGE@VERSION into DIR unless DIR already holds that
# version.
ensure_npm_package() {
  local dir=$1 package=$2 version=$3
  grep -q "\"version\": \"$version\"" "$dir/node_modules/$package/package.json" 2>/dev/null && return
  log "installing $package $version from npm"
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --prefix "$dir" "$package@$version"
}

# axe-core from npm, for the end-to-end accessibility checks (e2e/tests/
# a11y.rs reads the file AXE_CORE_JS names); installed only when missing.
ensure_axe() {
  ensure_npm_package "$SDRS_TOOLS_DIR/axe" axe-core "$AXE_CORE_VERSION"
  AXE_CORE_JS="$SDRS_TOOLS_DIR/axe/node_modules/axe-core/axe.min.js"
  export AXE_CORE_JS
}

# The official Node SDK core (its AKSKSigner signs the conformance cases
# of server/tests/signer_conformance.rs); exports SDRS_NODE_SDK_CORE.
ensure_node_sdk_core() {
  local dir="$SDRS_TOOLS_DIR/huaweicloud-sdk-node"
  ensure_npm_package "$dir" @huaweicloud/huaweicloud-sdk-core "$HUAWEICLOUD_SDK_VERSION"
  SDRS_NODE_SDK_CORE="$dir/node_modules/@huaweicloud/huaweicloud-sdk-core"
  export SDRS_NODE_SDK_CORE
}

# npm oidc-provider, the real OpenID provider that e2e/oidc/provider.mjs
# starts for the sign-in tests; exports SDRS_OIDC_PROVIDER (its directory).
ensure_oidc_provider() {
  local dir="$SDRS_TOOLS_DIR/oidc-provider"
  ensure_npm_package "$dir" oidc-provider "$OIDC_PROVIDER_VERSION"
  SDRS_OIDC_PROVIDER="$dir/node_modules/oidc-provider"
  export SDRS_OIDC_PROVIDER
}

# A Python venv at DIR, installing Debian's python3-venv first if needed.
make_venv() {
  python3 -m venv "$1" 2>/dev/null && return
  log "installing python3-venv from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  python3 -m venv "$1"
}

# The official Python SDK (huaweicloudsdkcore + huaweicloudsdksdrs) in a
# venv, for server/tests/python_sdk.rs; exports SDRS_PYTHON_SDK (its python).
ensure_python_sdk() {
  local venv="$SDRS_TOOLS_DIR/huaweicloud-sdk-python-$HUAWEICLOUD_SDK_VERSION"
  SDRS_PYTHON_SDK="$venv/bin/python"
  if ! "$SDRS_PYTHON_SDK" -c 'import huaweicloudsdkcore, huaweicloudsdksdrs' 2>/dev/null; then
    log "installing huaweicloudsdksdrs $HUAWEICLOUD_SDK_VERSION from PyPI into a venv"
    make_venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      "huaweicloudsdkcore==$HUAWEICLOUD_SDK_VERSION" "huaweicloudsdksdrs==$HUAWEICLOUD_SDK_VERSION"
  fi
  export SDRS_PYTHON_SDK
}

# A Python tool from PyPI, pinned, in its own venv under the tools
# directory; prints the venv's bin directory. Fails, saying why, when it
# cannot be installed.
ensure_pypi_tool() {
  local package=$1 version=$2 module=$3
  local venv="$SDRS_TOOLS_DIR/$package-$version"
  if ! "$venv/bin/python" -c "import $module" 2>/dev/null; then
    log "installing $package $version from PyPI into a venv"
    make_venv "$venv" || return 1
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "$package==$version"; then
      echo "$package $version could not be installed from PyPI" >&2
      return 1
    fi
  fi
  echo "$venv/bin"
}

# kubernetes-validate (PyPI) checks the manifests of deploy/kubernetes/
# against the Kubernetes schemas; exports KUBERNETES_VALIDATE.
ensure_kubernetes_validate() {
  local bin
  bin=$(ensure_pypi_tool kubernetes-validate "$KUBERNETES_VALIDATE_VERSION" kubernetes_validate) || return 1
  KUBERNETES_VALIDATE="$bin/kubernetes-validate"
  export KUBERNETES_VALIDATE
}

# checkov (PyPI), the static analyser of the Kubernetes manifests; exports
# CHECKOV.
ensure_checkov() {
  local bin
  bin=$(ensure_pypi_tool checkov "$CHECKOV_VERSION" checkov) || return 1
  CHECKOV="$bin/checkov"
  export CHECKOV
}

# Debian's mmdebstrap (base root file system of the image), buildah (packs
# it as an image) and systemd-analyze (checks the unit file).
ensure_image_tools() {
  command -v mmdebstrap >/dev/null && command -v buildah >/dev/null &&
    command -v systemd-analyze >/dev/null && return 0
  log "installing mmdebstrap, buildah and systemd from Debian"
  if ! { apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap buildah systemd >/dev/null; }; then
    echo "mmdebstrap, buildah or systemd could not be installed from Debian" >&2
    return 1
  fi
}

# The Vite host of examples/vite/ (typescript and vite from npm, versions
# pinned by its package-lock.json) installed into its node_modules. It
# depends on the built package (file:../../pkg/sdrs-console), so run
# scripts/package first; reinstalled when the lockfile changes.
ensure_vite_example() {
  local dir=examples/vite
  [ -f pkg/sdrs-console/package.json ] || { echo "ensure_vite_example: build the package first (scripts/package)" >&2; return 1; }
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
     [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] &&
     [ -x "$dir/node_modules/.bin/tsc" ] && [ -x "$dir/node_modules/.bin/vite" ]; then return; fi
  log "installing the Vite example's packages from npm (npm ci)"
  npm ci --silent --no-audit --no-fund --prefix "$dir"
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return; fi
  log "installing chromium and chromium-driver from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
}

# nginx (Debian), the reverse proxy in front of two server replicas in the
# end-to-end tests (e2e/tests/replicas.rs); they run it as a child process
# with their own configuration, never the system's service.
ensure_nginx() {
  if [ ! -x /usr/sbin/nginx ]; then
    log "installing nginx from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 \
      || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  fi
  export SDRS_NGINX=/usr/sbin/nginx
}

# Prometheus Alertmanager (Debian), which the alert tests push to and read
# back (server/tests/alerts_alertmanager.rs); exports SDRS_ALERTMANAGER.
ensure_alertmanager() {
  if [ ! -x /usr/bin/prometheus-alertmanager ]; then
    log "installing prometheus-alertmanager from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-alertmanager >/dev/null
  fi
  export SDRS_ALERTMANAGER=/usr/bin/prometheus-alertmanager
}

# brotli (Debian) writes the .br files of the build (scripts/trunk-post-build).
ensure_brotli() {
  command -v brotli >/dev/null && return
  log "installing brotli from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli >/dev/null
}

ensure_build_tools() {
  ensure_path
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_wasm_split
  ensure_brotli
}

# Release build of the console into dist/.
build_console() {
  log "building the console (trunk, release)"
  cargo fetch --quiet
  TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline
}

# Starts sdrs-console-server in the background with the given flags; sets
# SERVER_PID and SERVER_URL.
# Debian's PostgreSQL for the database tests (scripts/postgres-temp starts a
# throwaway server of it). Returns non-zero, having said why, when it cannot
# be installed.
postgres_initdb() {
  ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1
}

ensure_postgres() {
  [ -n "$(postgres_initdb)" ] && return 0
  log "installing postgresql from Debian"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }; then
    echo "PostgreSQL could not be installed (apt-get install postgresql failed)" >&2
    return 1
  fi
  [ -n "$(postgres_initdb)" ]
}

start_server() {
  local logfile
  logfile=$(mktemp)
  cargo build --quiet -p sdrs-console-server
  target/debug/sdrs-console-server --port 0 --quiet "$@" >"$logfile" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    SERVER_URL=$(grep -o 'http://[0-9.:]*' "$logfile" | head -n 1 || true)
    [ -n "$SERVER_URL" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$logfile" >&2
  return 1
}
