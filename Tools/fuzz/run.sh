#!/bin/sh
# Random-input fuzzing of the release binary: ≥1,000,000 cases, one per line, 50,000 per process,
# through `vnfix --lossy -` (see fuzz.py for the checks). Prints progress, failures and the totals.
#
#   Tools/fuzz/run.sh [--cases N] [--batch N] [--jobs N] [--seed S]
#
# Recorded run (2026-11-23, release build of b04b601, 2 shared cores under load ~4):
#   1,000,000 cases (57.6 MB) in 436 s (7:17 wall), 0 failing cases; driver peak RSS 104 MB.
#   Final decoder of stop 8 (seed 9): 1,000,000 cases (57.6 MB) in 117 s, 0 failing cases.
#
# VNFIX_BIN selects the binary (default: .build-rob/release/vnfix or .build/release/vnfix, built if missing).
set -eu
cd "$(dirname "$0")/../.."
BIN=${VNFIX_BIN:-}
if [ -z "$BIN" ]; then
    for candidate in .build-rob/release/vnfix .build/release/vnfix; do
        if [ -x "$candidate" ]; then BIN=$candidate; break; fi
    done
fi
if [ -z "$BIN" ]; then
    swift build -c release
    BIN=.build/release/vnfix
fi
echo "fuzzing $BIN" >&2
exec python3 Tools/fuzz/fuzz.py "$BIN" "$@"
