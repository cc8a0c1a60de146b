#!/usr/bin/env bash
# One measurement sitting of issue 14's targets on this checkout's build, in the order
# bench/RESULTS.md reports them: the 100k reference flood against its peers (7 alternating
# runs each), the hold model three times, start-up. Run it on a quiet machine; it prints the
# date, the commit and the load average before and after. About a minute.
#   bash bench/sitting.sh
set -u
[ "${1:-}" = --help ] || [ "${1:-}" = -h ] && { echo "usage: bash bench/sitting.sh   (no arguments; npm run build first)"; exit 0; }
[ $# -eq 0 ] || { echo "bench/sitting.sh: takes no arguments, got $1" >&2; exit 2; }
cd "$(dirname "$0")/.." || exit 2
[ -f dist/bundle/castsim.cjs ] || { echo "bench/sitting.sh: no dist/bundle/castsim.cjs: run npm run build first" >&2; exit 2; }
echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD 2>/dev/null) load: $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/peers.mjs --nodes 100000 --reps 7 --simjs-reps 0 2>&1 | grep -v "^|---\|^$\|^flood on\|^20"
echo "# hold $(date -u +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in 1 2 3; do node bench/hold.mjs 10000,1000000 3000000 5; done
echo "# startup $(date -u +%T)"
node bench/startup.mjs 21 2>&1 | tail -3
echo "# end $(date -u +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)"
