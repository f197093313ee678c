#!/usr/bin/env bash
# Packs dora the way `npm publish` would, installs the tarball into an empty directory (its
# dependencies come from the npm registry, nothing else from the network) and runs it with npx.
# Checks the tarball holds dist/, bin/, fixtures/demo, fixtures/demo-incident-sources, dashboards/ and schemas/ but no sources, tests or
# other fixtures, and that the installed `dora report --demo` prints what the source tree prints.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/dora-pack.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "check-pack: $*" >&2; exit 1; }

echo "== npm pack (prepare builds dist/ from a clean slate)"
cd "$root"
rm -rf dist
npm pack --pack-destination "$work" --silent > "$work/pack.out"
tarball="$work/$(tail -n 1 "$work/pack.out")"
[ -f "$tarball" ] || fail "npm pack did not write a tarball ($(cat "$work/pack.out"))"
tar -tzf "$tarball" | sort > "$work/contents.txt"
echo "$(wc -l < "$work/contents.txt") files, $(du -k "$tarball" | cut -f1) KiB: $(basename "$tarball")"

for required in package/package.json package/README.md package/bin/dora.js package/dist/cli/run.js package/dist/index.js \
  package/dist/index.d.ts package/fixtures/demo/meta.json package/fixtures/demo/dora.config.yaml package/dashboards/dora.json \
  package/schemas/dora-config.schema.json package/schemas/report.schema.json; do
  grep -qx "$required" "$work/contents.txt" || fail "the tarball lacks $required"
done
grep -q '^package/fixtures/demo/exchanges/' "$work/contents.txt" || fail "the tarball lacks the demo's recorded exchanges"
if grep -E '^package/(src|test|scripts|tools|\.ci|\.tools|node_modules|coverage)/|^package/fixtures/[^/]+/' "$work/contents.txt" | grep -v -E '^package/fixtures/(demo|demo-incident-sources)/'; then
  fail "the tarball holds sources, tests or test fixtures (listed above): fix \"files\" in package.json"
fi

echo "== install the tarball into an empty directory (dependencies only, from the registry)"
mkdir "$work/app"
cd "$work/app"
npm init -y > /dev/null
npm install --no-audit --no-fund --omit=dev "$tarball" > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "npm install of the tarball failed"; }
[ ! -e node_modules/typescript ] || fail "typescript was installed: a devDependency leaked into dependencies"

echo "== npx dora from the installed package"
npx --no-install dora --version
npx --no-install dora report --demo > "$work/installed.txt" || fail "npx dora report --demo failed"
grep -q "Deployment frequency" "$work/installed.txt" || fail "npx dora report --demo printed no report"
node "$root/bin/dora.js" report --demo > "$work/source.txt"
diff -u "$work/source.txt" "$work/installed.txt" || fail "the installed package prints a different report than the source tree"
npx --no-install dora report --demo --format json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);if(r.schemaVersion!==1)process.exit(1)})' \
  || fail "npx dora report --demo --format json is not the JSON contract"
npx --no-install dora completion bash | grep -q "complete -o default -F _dora_completion dora" || fail "dora completion bash failed"
head -n 12 "$work/installed.txt"
echo "check-pack: ok"
