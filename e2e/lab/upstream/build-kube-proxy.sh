#!/usr/bin/env bash
# Builds upstream kube-proxy at the release pinned in go.mod (next to this script) into a cache
# outside the repository, once per release, and prints the binary's path on stdout.
# Progress goes to stderr. Cache: $SNATSCOPE_LAB_CACHE, else $XDG_CACHE_HOME/snatscope-lab, else
# /var/cache/snatscope-lab (root) or ~/.cache/snatscope-lab. GOMODCACHE/GOCACHE live there too
# unless already set, so nothing is written under the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
release="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" { print $3 } $1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2 }' "$here/go.mod" | head -1)"
[ -n "$release" ] || { echo "build-kube-proxy: no 'k8s.io/kubernetes vX.Y.Z' requirement in $here/go.mod" >&2; exit 2; }

if [ -n "${SNATSCOPE_LAB_CACHE:-}" ]; then cache="$SNATSCOPE_LAB_CACHE"
elif [ -n "${XDG_CACHE_HOME:-}" ]; then cache="$XDG_CACHE_HOME/snatscope-lab"
elif [ "$(id -u)" = 0 ]; then cache=/var/cache/snatscope-lab
else cache="$HOME/.cache/snatscope-lab"; fi
out="$cache/kube-proxy-$release"
bin="$out/kube-proxy"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

command -v go >/dev/null 2>&1 || { echo "build-kube-proxy: Go is not installed; the lab needs Go (>= 1.24) to build upstream kube-proxy $release" >&2; exit 2; }
mkdir -p "$out"
export GOMODCACHE="${GOMODCACHE:-$cache/gomod}" GOCACHE="${GOCACHE:-$cache/gocache}"
# readonly: the build never rewrites go.mod/go.sum in the repository
export GOFLAGS="-mod=readonly" CGO_ENABLED=0 GOTOOLCHAIN=local
echo "# lab: building upstream kube-proxy $release into $out (first use only; takes minutes on 2 cores)" >&2
start=$(date +%s)
tmp="$out/kube-proxy.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# The version stamp is what `kube-proxy --version` and its /metrics report (upstream sets the same
# variables in hack/lib/version.sh).
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$release -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=$release"
(cd "$here" && go build -trimpath -ldflags "$ldflags" -o "$tmp" k8s.io/kubernetes/cmd/kube-proxy)
mv -f "$tmp" "$bin"
echo "# lab: built kube-proxy $release in $(( $(date +%s) - start )) s" >&2
echo "$bin"
