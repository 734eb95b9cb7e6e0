#!/usr/bin/env python3
"""Leave-one-out evaluation: the bundled recipe (Tools/models/build.sh) trained without one
training seed, then measured on that seed's sets, which the models have then never seen.

Why: seed 000's sets are held out from the bundled models, but they are one document. Seeds 001
and 002 are in the bundled models' training text and OCR pairs, so `vnfix eval` marks their sets
`heldout no` and their figures say little. Leaving a seed out gives a second (or third) document
measured fairly, with less in-domain text than the bundled models have, so its figures are a
pessimistic estimate of text from a new report:

    --seed 001   the language model keeps seed 002 (1,760 lines); 001's sets are measured
    --seed 002   the language model keeps only seed 001 (100 lines); 002's sets are measured

Written under work-tmp/leave-one-out/SEED/ (git-ignored): the models (`build.sh --leave-out`) and
the sets: `stripped-SEED` (the seed's gold with every mark and stroke removed, as `stripped-000`),
`clean-SEED` (input = gold: any change is harm) and every OCR pair set of the seed in
Corpora/eval and Corpora/ocr-train. Then `vnfix eval` scores them (score.py's figures).

Usage:
    python3 Tools/eval/leave-one-out.py [--seed 001|002] [--vnfix PATH] [--errors N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "Corpora"


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def seed_sets(seed: str) -> list[tuple[str, str, Path]]:
    """(name, kind, folder) of every OCR pair set of `seed` (kind as in Corpora/eval/sets.tsv)."""
    found = []
    for parent in ("eval", "ocr-train"):
        for folder in sorted((CORPORA / parent).glob(f"ocr-*-{seed}-*")):
            if (folder / "input.txt").is_file() and (folder / "gold.txt").is_file():
                found.append((folder.name, folder.name.split("-")[0] + "-" + folder.name.split("-")[1], folder))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", choices=("001", "002"), default="001")
    parser.add_argument("--vnfix", default=str(ROOT / ".build" / "release" / "vnfix"))
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args()
    work = ROOT / "work-tmp" / "leave-one-out" / args.seed
    models = work / "models"
    environment = dict(os.environ, VNFIX=args.vnfix)
    subprocess.run(["bash", str(ROOT / "Tools" / "models" / "build.sh"), "--leave-out", args.seed, str(models)],
                   check=True, env=environment, stdout=subprocess.DEVNULL)

    sets = work / "sets"
    if sets.exists():
        shutil.rmtree(sets)
    sets.mkdir(parents=True)
    rows = []
    pairs = seed_sets(args.seed)
    if not pairs:
        print(f"leave-one-out: no OCR pair sets of seed {args.seed} in {CORPORA}", file=sys.stderr)
        return 1
    # The stripped and clean sets use the gold of the seed's first set (every set of a seed has the same gold).
    gold = (pairs[0][2] / "gold.txt").read_text(encoding="utf-8")
    for name, transform, kind in ((f"stripped-{args.seed}", strip_marks, "stripped"), (f"clean-{args.seed}", lambda s: s, "clean")):
        (sets / name).mkdir()
        (sets / name / "gold.txt").write_text(gold, encoding="utf-8")
        (sets / name / "input.txt").write_text(transform(gold), encoding="utf-8")
        rows.append((name, kind))
    for name, kind, folder in pairs:
        shutil.copytree(folder, sets / name)
        rows.append((name, kind))
    (sets / "sets.tsv").write_text("name\tkind\tseed\theldout\tpath\n"
                                   + "".join(f"{name}\t{kind}\t{args.seed}\tyes\t{name}\n" for name, kind in rows), encoding="utf-8")
    print(f"models without seed {args.seed} ({models.relative_to(ROOT)}); {len(rows)} sets", flush=True)
    command = [args.vnfix, "eval", "--sets", str(sets), "--model", str(models / "default.vnlm"),
               "--general-model", str(models / "general.vnlm"), "--channel", str(models / "default.vnch")]
    if args.errors:
        command += ["--errors", str(args.errors)]
    return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main())
