#!/usr/bin/env bash
# Installs the real time-series databases the end-to-end tests run against, without touching the
# system: VictoriaMetrics, Prometheus + promtool and the official opentelemetry-proto schema, from
# Debian trixie, by `apt-get download` + `dpkg -x` into .tools/ (git-ignored).
#
# apt runs with a private configuration (its own source list, package lists, cache and an empty
# dpkg status), so the host's apt state and sources stay as they are. The trixie source uses the
# host's own configured Debian mirror (first `URIs:` / `deb` line naming a /debian archive).
#
# Usage: tools/e2e/install-tools.sh            (idempotent: skips what is already extracted)
# Result: .tools/bin/{victoria-metrics,prometheus,promtool}, .tools/proto/opentelemetry/proto/...
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.tools"
APT="$TOOLS/apt"
PACKAGES=(victoria-metrics prometheus promtool opentelemetry-proto)

have_all() {
  [[ -x "$TOOLS/bin/victoria-metrics" && -x "$TOOLS/bin/prometheus" && -x "$TOOLS/bin/promtool" \
    && -f "$TOOLS/proto/opentelemetry/proto/collector/trace/v1/trace_service.proto" ]]
}
if have_all && [[ "${1:-}" != "--force" ]]; then
  echo "install-tools: already installed in $TOOLS"
  exit 0
fi

# The host's Debian mirror, from deb822 .sources files or the one-line sources.list format.
mirror=""
for file in /etc/apt/sources.list.d/*.sources; do
  [[ -f "$file" ]] || continue
  mirror="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$file")"
  [[ -n "$mirror" ]] && break
done
if [[ -z "$mirror" ]]; then
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$file" ]] || continue
    mirror="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }' "$file")"
    [[ -n "$mirror" ]] && break
  done
fi
mirror="${DEBIAN_MIRROR:-${mirror:-http://deb.debian.org/debian}}"
mirror="${mirror%/}"

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [[ -f "$keyring" ]]; then signed="signed-by=$keyring"; else signed="trusted=yes"; fi

mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/etc/preferences.d" "$APT/etc/sources.list.d" "$TOOLS/debs" "$TOOLS/root" "$TOOLS/bin" "$TOOLS/proto"
echo "deb [$signed] $mirror trixie main" >"$APT/etc/sources.list"
: >"$APT/status"

apt_opts=(
  -o "Dir::Etc::sourcelist=$APT/etc/sources.list"
  -o "Dir::Etc::sourceparts=$APT/etc/sources.list.d"
  -o "Dir::Etc::preferencesparts=$APT/etc/preferences.d"
  -o "Dir::State::Lists=$APT/lists"
  -o "Dir::State::status=$APT/status"
  -o "Dir::Cache=$APT/cache"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=root"
)

echo "install-tools: apt source: deb [$signed] $mirror trixie main"
apt-get "${apt_opts[@]}" -qq update
(cd "$TOOLS/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" -qq download "${PACKAGES[@]}")

for deb in "$TOOLS"/debs/*.deb; do
  echo "install-tools: extracting $(basename "$deb")"
  dpkg -x "$deb" "$TOOLS/root"
done

link() { ln -sf "$1" "$TOOLS/bin/$2"; }
link "$TOOLS/root/usr/bin/victoria-metrics" victoria-metrics
link "$TOOLS/root/usr/bin/prometheus" prometheus
link "$TOOLS/root/usr/bin/promtool" promtool
rm -rf "$TOOLS/proto/opentelemetry"
cp -r "$TOOLS/root/usr/include/opentelemetry" "$TOOLS/proto/"

echo "install-tools: victoria-metrics $(basename "$TOOLS"/debs/victoria-metrics_*.deb)"
"$TOOLS/bin/prometheus" --version | head -1
"$TOOLS/bin/promtool" --version | head -1
have_all && echo "install-tools: done ($TOOLS)"
