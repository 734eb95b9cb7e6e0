#!/bin/sh
# Streams SIZE bytes (default 1 GB) of the repeated sample Corpora/samples/003_*.txt through
# `vnfix -` and reports throughput and peak RSS (GNU time -v). The input is generated on the
# fly into a pipe: only a ~3.5 MB repeat unit is written to a temporary file.
#
#   Tools/bench/stream-rss.sh [SIZE_MB] [vnfix options…]     e.g.  stream-rss.sh 100 -j 2
#
# Recorded runs (2026-11-23, release build, 2 shared cores with another process using one):
#   100 MB: 559 s wall, 292 s user, 0.18 MB/s, peak RSS 33.1 MB
#    20 MB: 121 s wall,  64 s user, 0.17 MB/s, peak RSS 33.2 MB   (same RSS: memory is constant)
#   1 GB (stop 8, 19:21–20:11 UTC, before the settling pass): 2983 s wall, 2730 s user, 0.34 MB/s,
#         peak RSS 30.1 MB
#
# VNFIX_BIN selects the binary (default: .build-rob/release/vnfix or .build/release/vnfix).
# Needs GNU time at /usr/bin/time (Debian: apt-get install -y time).
set -eu
cd "$(dirname "$0")/../.."
SIZE_MB=${1:-1000}
[ $# -gt 0 ] && shift
BIN=${VNFIX_BIN:-}
if [ -z "$BIN" ]; then
    for candidate in .build-rob/release/vnfix .build/release/vnfix; do
        if [ -x "$candidate" ]; then BIN=$candidate; break; fi
    done
fi
[ -n "$BIN" ] || { echo "no release binary: run swift build -c release" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time missing: apt-get install -y time" >&2; exit 1; }

SAMPLE=$(ls Corpora/samples/003_*.txt | head -n 1)
UNIT=$(mktemp)
REPORT=$(mktemp)
trap 'rm -f "$UNIT" "$REPORT"' EXIT INT TERM
i=0
while [ $i -lt 64 ]; do cat "$SAMPLE"; i=$((i + 1)); done > "$UNIT"
BYTES=$((SIZE_MB * 1000 * 1000))

echo "streaming $SIZE_MB MB of $SAMPLE (repeated) through $BIN - $*" >&2
# The generator loop ends with SIGPIPE once head has taken BYTES.
(while :; do cat "$UNIT"; done) 2>/dev/null | head -c "$BYTES" |
    /usr/bin/time -v -o "$REPORT" "$BIN" "$@" - > /dev/null

ELAPSED=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$REPORT")
RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$REPORT")
USER=$(sed -n 's/.*User time (seconds): //p' "$REPORT")
SECONDS_TOTAL=$(echo "$ELAPSED" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
echo "input:      $SIZE_MB MB ($BYTES bytes)"
echo "wall time:  $ELAPSED ($SECONDS_TOTAL s), user $USER s"
echo "throughput: $(awk -v b="$BYTES" -v s="$SECONDS_TOTAL" 'BEGIN { printf "%.2f MB/s", b / 1e6 / s }')"
echo "peak RSS:   $(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f MB (%d kB)", k / 1024, k }')"
