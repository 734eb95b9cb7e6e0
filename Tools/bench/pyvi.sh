#!/usr/bin/env bash
# Throughput and accuracy of vnfix against pyvi's ViUtils.add_accents on the same diacritic-stripped
# input, measured in one run (machines are noisy: compare the ratio, not the absolute figures).
#
#   Tools/bench/pyvi.sh [TARGET_KB] [RUNS]     (defaults: 1024 KB, best of 2)
#
# Creates .venv-bench/ with pyvi from PyPI on first use. Input: Corpora/eval/stripped-000/input.txt
# (seed 000, held out from every model) repeated to ~TARGET_KB; gold: its gold.txt repeated the same
# number of times. Uses an existing release binary (VNFIX=path, or .build-bench/ or .build/);
# builds one only when there is none. Scores with ../shared/tools/score.py (SCORE=path to override).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target_kb=${1:-1024}
runs=${2:-2}
export PATH="/opt/swift/usr/bin:$PATH"

if [ -z "${VNFIX:-}" ]; then
  for candidate in .build-bench/release/vnfix .build/release/vnfix; do
    if [ -x "$candidate" ]; then VNFIX=$candidate; break; fi
  done
fi
if [ -z "${VNFIX:-}" ]; then
  swift build -c release --product vnfix >/dev/null
  VNFIX=.build/release/vnfix
fi
SCORE=${SCORE:-$root/../shared/tools/score.py}
[ -f "$SCORE" ] || { echo "pyvi.sh: no score.py at $SCORE (set SCORE=...)" >&2; exit 1; }

if [ ! -x .venv-bench/bin/python ] || ! .venv-bench/bin/python -c 'import pyvi' 2>/dev/null; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install --quiet pyvi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=Corpora/eval/stripped-000
copies=$(( (target_kb * 1024 + $(wc -c < $src/input.txt) - 1) / $(wc -c < $src/input.txt) ))
for _ in $(seq "$copies"); do cat $src/input.txt; done > "$work/input.txt"
for _ in $(seq "$copies"); do cat $src/gold.txt; done > "$work/gold.txt"

# The driver times every system on the same file in this one run; best of RUNS each.
.venv-bench/bin/python - "$work" "$VNFIX" "$SCORE" "$runs" "$copies" <<'PY'
import json, subprocess, sys, time
work, vnfix, score, runs, copies = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
inp, gold = f"{work}/input.txt", f"{work}/gold.txt"
data = open(inp, encoding="utf-8").read()
lines = data.split("\n")
nbytes = len(data.encode("utf-8"))
print(f"input: Corpora/eval/stripped-000/input.txt x {copies} = {nbytes} bytes ({nbytes/1e6:.2f} MB), {len(lines)} lines; best of {runs}")

t0 = time.perf_counter()
from pyvi import ViUtils
ViUtils.add_accents("khoi dong")
pyvi_load = time.perf_counter() - t0

def run_pyvi():
    out, failed = [], 0
    for line in lines:
        try:
            out.append(ViUtils.add_accents(line) if line.strip() else line)
        except Exception:
            out.append(line)
            failed += 1
    return "\n".join(out), failed

results = {}
best = float("inf")
for _ in range(runs):
    t = time.perf_counter(); text, failed = run_pyvi(); best = min(best, time.perf_counter() - t)
open(f"{work}/pyvi.txt", "w", encoding="utf-8").write(text)
results["pyvi add_accents"] = dict(seconds=best, hyp=f"{work}/pyvi.txt", bytes=nbytes, copies=copies,
    note=f"in-process, line by line; import + model load {pyvi_load:.2f} s not included; {failed} lines raised (kept as is)")

for label, args in [("vnfix (repair)", []), ("vnfix --mode restore", ["--mode", "restore"])]:
    best = float("inf")
    hyp = f"{work}/vnfix{len(results)}.txt"
    for _ in range(runs):
        with open(inp, "rb") as fi, open(hyp, "wb") as fo:
            t = time.perf_counter(); subprocess.run([vnfix, *args, "--quiet"], stdin=fi, stdout=fo, check=True)
            best = min(best, time.perf_counter() - t)
    results[label] = dict(seconds=best, hyp=hyp, bytes=nbytes, copies=copies, note="subprocess wall time, start-up (~30 ms) included")

# vnfix caches candidates per token form, so copies after the first are cheaper: one copy alone
# (cold cache, start-up included) shows the speed on text it has not seen.
one = "Corpora/eval/stripped-000/input.txt"
best = float("inf")
for _ in range(runs):
    with open(one, "rb") as fi, open(f"{work}/vnfix_one.txt", "wb") as fo:
        t = time.perf_counter(); subprocess.run([vnfix, "--quiet"], stdin=fi, stdout=fo, check=True)
        best = min(best, time.perf_counter() - t)
results["vnfix (repair), 1 copy"] = dict(seconds=best, hyp=f"{work}/vnfix_one.txt", bytes=len(open(one, "rb").read()), copies=1,
    note="one copy only: cold candidate cache, start-up included")

# score.py needs tokens that occur once to anchor its alignment, and a text repeated N times has
# none (scoring 1 MB of repeats took minutes). Output lines map 1:1 to input lines, so each copy is
# scored against gold.txt on its own (identical copies once) and the counts are summed: the same
# figures as scoring the repeated gold, up to alignment across copy boundaries.
gold_one = open(f"{work}/gold_one.txt", "w", encoding="utf-8")
gold_text = open(gold, encoding="utf-8").read()
per_copy = len(lines) // copies if lines[-1] else (len(lines) - 1) // copies
gold_one.write("\n".join(gold_text.split("\n")[:per_copy]) + "\n"); gold_one.close()

def score_repeated(hyp, copies):
    hyp_lines = open(hyp, encoding="utf-8").read().split("\n")
    seen, sums, distinct = {}, {}, 0
    for c in range(copies):
        chunk = "\n".join(hyp_lines[c * per_copy:(c + 1) * per_copy]) + "\n"
        if chunk not in seen:
            path = f"{work}/copy.txt"
            open(path, "w", encoding="utf-8").write(chunk)
            seen[chunk] = json.loads(subprocess.run([sys.executable, score, path, f"{work}/gold_one.txt", "--json"],
                                                    capture_output=True, text=True, check=True).stdout)
            distinct += 1
        for k in ("gold_tokens", "matched_cs", "matched_ci", "matched_ci_tone", "subs", "dels", "ins", "cer_edits", "gold_chars"):
            sums[k] = sums.get(k, 0) + seen[chunk][k]
    g = sums["gold_tokens"]
    return dict(acc_cs=sums["matched_cs"] / g, acc_ci=sums["matched_ci"] / g, acc_ci_tone=sums["matched_ci_tone"] / g,
                wer=(sums["subs"] + sums["dels"] + sums["ins"]) / g, cer=sums["cer_edits"] / sums["gold_chars"], distinct=distinct)

print()
print(f"{'system':<24} {'best s':>8} {'MB/s':>7} {'KB/s':>8} {'vs pyvi':>8} {'acc_cs':>7} {'acc_ci':>7} {'acc_ci_tone':>11} {'wer':>7} {'cer':>7} {'distinct copies':>15}")
base = nbytes / results["pyvi add_accents"]["seconds"]
for label, r in results.items():
    s = score_repeated(r["hyp"], r["copies"])
    speed = r["bytes"] / r["seconds"]
    print(f"{label:<24} {r['seconds']:8.2f} {speed/1e6:7.3f} {speed/1e3:8.1f} {speed/base:7.1f}x "
          f"{s['acc_cs']:7.4f} {s['acc_ci']:7.4f} {s['acc_ci_tone']:11.4f} {s['wer']:7.4f} {s['cer']:7.4f} {s['distinct']:15d}")
print()
for label, r in results.items():
    print(f"  {label}: {r['note']}")
print(f"  vs pyvi = this system's bytes/s / pyvi's bytes/s (>1: faster than pyvi). Accuracy: ../shared/tools/score.py, each of the {copies} output copies against gold.txt, counts summed.")
PY
