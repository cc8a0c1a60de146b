#!/usr/bin/env bash
# Whole-process A/B of two castsim builds on one scenario: old and new alternate pair by pair,
# each `node BIN run SCENARIO --json` its own process, timed by /usr/bin/time (10 ms steps).
# Prints the medians of the per-pair ratios B/A (wall and CPU), the median walls and every
# pair's wall ratio. Run it both ways round (A B, then B A): a drifting machine shows as a
# ratio that does not invert. NODE_EXTRA_CA_CERTS is unset (Node 20 reads it at every start,
# docs/performance.md) unless KEEP_CA=1.
#   bash bench/ab.sh OLD/dist/bundle/castsim.cjs dist/bundle/castsim.cjs bench/data/peers-100000.yaml 15
set -u
usage() { echo "usage: bash bench/ab.sh BIN_A BIN_B SCENARIO [PAIRS=11]   (BIN: a build's dist/bundle/castsim.cjs)"; }
[ "${1:-}" = --help ] || [ "${1:-}" = -h ] && { usage; exit 0; }
if [ $# -lt 3 ] || [ $# -gt 4 ]; then echo "bench/ab.sh: takes 3 or 4 arguments, got $#" >&2; usage >&2; exit 2; fi
A=$1; B=$2; S=$3; N=${4:-11}
for f in "$A" "$B" "$S"; do [ -f "$f" ] || { echo "bench/ab.sh: $f: no such file" >&2; usage >&2; exit 2; }; done
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "bench/ab.sh: PAIRS must be an integer >= 1, got $N" >&2; usage >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/ab.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
[ -n "${KEEP_CA:-}" ] || unset NODE_EXTRA_CA_CERTS
for i in $(seq "$N"); do
  for b in "$A" "$B"; do /usr/bin/time -f "%e %U %S" node "$b" run "$S" --json 2>&1 >/dev/null | tail -1; done | paste -sd' '
done | node -e '
const rows = require("fs").readFileSync(0, "utf8").trim().split("\n").map((l) => l.split(/\s+/).map(Number));
if (rows.some((r) => r.length !== 6 || r.some(Number.isNaN))) { console.error("bench/ab.sh: a run failed (run it alone to see why)"); process.exit(1); }
const med = (v) => { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]; };
const w = rows.map((r) => r[3] / r[0]), c = rows.map((r) => (r[4] + r[5]) / (r[1] + r[2]));
console.log(`pairs ${rows.length}  median wall B/A ${med(w).toFixed(3)}  median CPU B/A ${med(c).toFixed(3)}  median wall A ${med(rows.map((r) => r[0])).toFixed(3)} B ${med(rows.map((r) => r[3])).toFixed(3)}  ratios ${w.map((x) => x.toFixed(2)).join(" ")}`);'
