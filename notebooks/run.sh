#!/usr/bin/env bash
# `npm run notebooks`: install the Deno Jupyter kernel and execute every notebook top to bottom.
#
#   bash notebooks/run.sh [OUT_DIR]        # default OUT_DIR: notebooks/.out (git-ignored)
#
# - Deno comes from npm (devDependency `deno`, binary shipped in @deno/<platform>): no download.
# - `deno jupyter --install --force` installs the kernelspec "deno" for this user (so Jupyter, VS
#   Code… offer it); the execution below uses a private copy of the kernelspec in a temporary
#   JUPYTER_PATH, pointing at THIS checkout's deno, so parallel checkouts cannot race.
# - Each notebook runs with `jupyter nbconvert --to notebook --execute` (a cell error fails the run)
#   and the executed copy is written to OUT_DIR. Exit status: 0 if every notebook ran, 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$here/.out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

command -v jupyter-nbconvert >/dev/null 2>&1 || command -v jupyter >/dev/null 2>&1 || {
  echo "notebooks: jupyter nbconvert not found (Debian: apt-get install jupyter-nbconvert jupyter-client python3-ipykernel)" >&2
  exit 1
}

# The deno binary of the npm package (install_api resolves @deno/<platform> without any download).
deno="$(cd "$root" && node -e 'process.stdout.write(require("deno/install_api.cjs").runInstall())')"
[ -x "$deno" ] || { echo "notebooks: deno binary not found (npm install)" >&2; exit 1; }

# User-level kernel install, as `deno jupyter --install` documents; not fatal if the home is read-only.
"$deno" jupyter --install --force >/dev/null 2>&1 || echo "notebooks: note: 'deno jupyter --install' failed; using the private kernelspec only" >&2

# Private kernelspec for this run (JUPYTER_PATH is searched before the user's data folder).
kernels="$(mktemp -d "${TMPDIR:-/tmp}/pepita-jupyter.XXXXXX")"
trap 'rm -rf "$kernels"' EXIT
mkdir -p "$kernels/kernels/deno"
cat >"$kernels/kernels/deno/kernel.json" <<JSON
{ "argv": ["$deno", "jupyter", "--kernel", "--conn", "{connection_file}"], "display_name": "Deno", "language": "typescript" }
JSON
export JUPYTER_PATH="$kernels${JUPYTER_PATH:+:$JUPYTER_PATH}"
export NO_COLOR=1
# quiet the Python debugger warning of ipykernel-less nbconvert runs
export PYDEVD_DISABLE_FILE_VALIDATION=1

nbconvert=(jupyter nbconvert)
command -v jupyter >/dev/null 2>&1 || nbconvert=(jupyter-nbconvert)

status=0
for nb in "$here"/[0-9][0-9]-*.ipynb; do
  name="$(basename "$nb")"
  start=$(date +%s)
  if (cd "$here" && "${nbconvert[@]}" --to notebook --execute \
        --ExecutePreprocessor.kernel_name=deno --ExecutePreprocessor.timeout=300 \
        --output-dir "$out" --output "$name" "$nb" >"$out/$name.log" 2>&1); then
    echo "notebooks: $name ok ($(( $(date +%s) - start )) s) -> $out/$name"
  else
    status=1
    echo "notebooks: $name FAILED ($(( $(date +%s) - start )) s); log: $out/$name.log" >&2
    tail -n 40 "$out/$name.log" >&2
  fi
done
exit $status
