#!/usr/bin/env bash
# `npm run notebooks`: install the Deno Jupyter kernel, execute every notebook top to bottom, and
# store it with its outputs (static PNG images beside the interactive figures; notebooks/store.ts).
#
#   bash notebooks/run.sh             # refresh the stored notebooks in notebooks/ (executed copies in notebooks/.out)
#   bash notebooks/run.sh OUT_DIR     # execute into OUT_DIR and store into OUT_DIR/stored; notebooks/ untouched
#
# - The notebooks import the package by name (`from 'pepita-ode'`), as a user's notebook would.
#   Here the kernel runs with DENO_CONDITIONS=pepita-ode-source, so that name resolves (through
#   package.json "exports") to this checkout's sources, src/index.ts, with no build step; a user's
#   project resolves it to the installed package's compiled dist/.
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
# where the stored (outputs + static images) notebooks go
if [ $# -ge 1 ]; then stored="$out/stored"; else stored="$here"; fi
mkdir -p "$stored"

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
{ "argv": ["$deno", "jupyter", "--kernel", "--conn", "{connection_file}"], "display_name": "Deno", "language": "typescript",
  "env": { "DENO_CONDITIONS": "pepita-ode-source", "NO_COLOR": "1" } }
JSON
export JUPYTER_PATH="$kernels${JUPYTER_PATH:+:$JUPYTER_PATH}"
export NO_COLOR=1
# quiet the Python debugger warning of ipykernel-less nbconvert runs
export PYDEVD_DISABLE_FILE_VALIDATION=1

nbconvert=(jupyter nbconvert)
command -v jupyter >/dev/null 2>&1 || nbconvert=(jupyter-nbconvert)

status=0
executed=()
for nb in "$here"/[0-9][0-9]-*.ipynb; do
  name="$(basename "$nb")"
  start=$(date +%s)
  if (cd "$here" && "${nbconvert[@]}" --to notebook --execute \
        --ExecutePreprocessor.kernel_name=deno --ExecutePreprocessor.timeout=300 \
        --output-dir "$out" --output "$name" "$nb" >"$out/$name.log" 2>&1); then
    echo "notebooks: $name ok ($(( $(date +%s) - start )) s) -> $out/$name"
    executed+=("$out/$name")
  else
    status=1
    echo "notebooks: $name FAILED ($(( $(date +%s) - start )) s); log: $out/$name.log" >&2
    tail -n 40 "$out/$name.log" >&2
  fi
done
[ $status -eq 0 ] || exit $status

# Store: outputs kept, plotly.js shipments dropped, a static PNG beside each figure.
(cd "$root" && node --import tsx notebooks/store.ts "$stored" "${executed[@]}") || exit 1
exit 0
