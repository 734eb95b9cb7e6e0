#!/usr/bin/env python3
"""Random-input driver for `vnfix --lossy -`: one case per line, many cases per process.

Each batch of cases is generated from a seed (SplitMix64, as in Tests/VNFixTests), piped
through the binary, and checked: exit status 0, output is valid UTF-8, it has exactly one
line per case, the last line ends like the input, and lines that were valid UTF-8 get no
U+FFFD that was not in the input. A failing batch is bisected down to single cases, which are
written to Tools/fuzz/failures/ (replay: `vnfix --lossy - < failures/case-…`).

Usage: fuzz.py BINARY [--cases N] [--batch N] [--jobs N] [--seed S]
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys
import time

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


PIECES = [s.encode("utf-8", "surrogatepass") for s in [
    "Vin", "phong", "Poan", "dai", "biéu", "Qubc", "hoi", "c6", "1a", "cia", "dugc", "Tinh", "HDND", "người",
    "Việt", "ĐOÀN", "đ", "ư", "ơ", "nghiêng", "khuỷu", "gì", "quốc", "THPT", "s&", "tê'", "Ð",
    " ", " ", " ", "  ", "\t", ",", ".", "(", ")", "\"", "'", "-", "/", "12/2023", "0", "&", "@", "\\", "{", "}",
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302\u0323", "e\u0302\u0301", "u\u031b\u0300",
    "\u0301\u0301\u0301", "a\u20dd", "שלום", "مرحبا", "\u200f", "\u202e", "\u2066", "한국어", "中文", "ไทย",
    "Ωμέγα", "👍🏽", "👨‍👩‍👧‍👦", "🇻🇳", "❤️", "\ufe0f", "\u200d", "\x00", "\x01", "\x1b[0m", "\x7f", "\u0085",
    "\u00a0", "\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff", "\ue000", "\U0010ffff", "\U0001d400",
    "&#xD800;", "&#55296;", "&#x110000;", "&#0;", "&amp;", "&#x1EC7;", "&#", "&#x;", "\r", "\x0b", "\x0c",
    # English-model OCR shapes the decoder reads specially: trailing horn marks, digit words, dotted words
    "ct?", "st’", "tu'", "gio?", "'thu'", "16i", "6", "10p", "dan.chu", "Luat.Thi", "index.html", "a.b", "?", "’",
]]
LEADS = [0xC3, 0xC4, 0xE1, 0xE2, 0xF0, 0xED, 0xF4, 0xC0, 0xC1, 0xF5, 0xFF, 0xFE, 0x80, 0xBF]


def case(seed):
    """One case: bytes without \\n (the line separator)."""
    rng = SplitMix64(seed)
    kind = rng.below(4)
    length = 1 + rng.below(60 if kind else 200)
    out = bytearray()
    if kind == 0:  # raw bytes
        for _ in range(length):
            r = rng.next()
            b = [r & 0xFF, 0x80 | (r >> 8) & 0x3F, LEADS[(r >> 16) % len(LEADS)], 0x20, 0x61 + (r >> 24) % 26][(r >> 32) % 5]
            out.append(0x20 if b == 0x0A else b)
    else:  # pieces, sometimes with a broken byte mixed in
        for _ in range(length // 3 + 1):
            out += PIECES[rng.below(len(PIECES))]
            if kind == 3 and rng.below(8) == 0:
                out.append(LEADS[rng.below(len(LEADS))])
    return bytes(out)


def is_valid_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def run(binary, cases):
    """Runs cases (one per line); returns a failure description or None."""
    data = b"\n".join(cases) + b"\n"
    try:
        proc = subprocess.run([binary, "--lossy", "--quiet", "-"], input=data, capture_output=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "timeout"
    if proc.returncode != 0:
        return f"exit {proc.returncode}: {proc.stderr[-500:].decode('utf-8', 'replace')}"
    out = proc.stdout
    if not is_valid_utf8(out):
        return "output is not valid UTF-8"
    lines = out.count(b"\n")
    if lines != len(cases) or not out.endswith(b"\n"):
        return f"{lines} output lines for {len(cases)} cases"
    for k, (src, dst) in enumerate(zip(cases, out.split(b"\n"))):
        if is_valid_utf8(src) and b"\xef\xbf\xbd" in dst and b"\xef\xbf\xbd" not in src:
            return f"case {k}: U+FFFD in the output of valid input"
    return None


def bisect(binary, seeds, found):
    """Narrows a failing batch down to failing single cases."""
    if len(found) >= 20:
        return
    if len(seeds) == 1:
        found.append((seeds[0], run(binary, [case(seeds[0])])))
        return
    half = len(seeds) // 2
    for part in (seeds[:half], seeds[half:]):
        if run(binary, [case(s) for s in part]):
            bisect(binary, part, found)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    start = time.time()
    batches = [list(range(args.seed * 10**9 + b, args.seed * 10**9 + min(b + args.batch, args.cases)))
               for b in range(0, args.cases, args.batch)]
    done = failed_batches = 0
    input_bytes = 0
    failures = []

    def work(seeds):
        cases = [case(s) for s in seeds]
        return seeds, sum(len(c) + 1 for c in cases), run(args.binary, cases)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seeds, size, failure in pool.map(work, batches):
            done += len(seeds)
            input_bytes += size
            if failure:
                failed_batches += 1
                print(f"batch {seeds[0]}..{seeds[-1]} failed: {failure}", file=sys.stderr)
                found = []
                bisect(args.binary, seeds, found)
                failures += found
            print(f"{done} cases, {input_bytes / 1e6:.1f} MB, {time.time() - start:.0f} s", file=sys.stderr)

    directory = os.path.join(os.path.dirname(os.path.abspath(__file__)), "failures")
    for seed, reason in failures:
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, f"case-{seed}"), "wb") as f:
            f.write(case(seed) + b"\n")
        print(f"FAIL seed {seed}: {reason}")
    elapsed = time.time() - start
    print(f"{done} cases ({input_bytes / 1e6:.1f} MB) in {elapsed:.1f} s: "
          f"{len(failures)} failing cases in {failed_batches} failing batches")
    return 1 if failed_batches else 0


if __name__ == "__main__":
    sys.exit(main())
