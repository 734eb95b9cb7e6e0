#!/usr/bin/env python3
"""Rebuild Corpora/ocr-train/: real Tesseract OCR (input, gold) line pairs for
learning the OCR confusion (channel) model, made ONLY from allowed training text.

Every set is rendered and OCR'd by shared/tools/ocr_pairs.py (tool version 1.0)
with exactly the arguments listed in SETS below, then split per OCR language
into Corpora/ocr-train/ocr-<lang>-<name>/:

    input.txt      = ocr-<lang>.txt of the run (line i = OCR of gold line i)
    gold.txt       = gold.txt of the run
    lines.tsv      = lines.tsv of the run (page / paragraph of every line)
    manifest.json  = manifest.json of the run (seed, versions, per-page params)
    SOURCE         one line: where the text came from and how it was rendered

and Corpora/ocr-train/sets.tsv lists all sets.  Allowed sources only: seeds 001
and 002 (shared/seeds/001_*.txt, 002_*.txt) and Corpora/train/*.txt.  Seeds 000
and 003 (and anything made from them) are held out and are NEVER rendered; the
script refuses any source whose file name starts with 000_ or 003_.

Usage (from anywhere; needs tesseract-ocr{,-eng,-vie}, fonts-liberation2,
fonts-dejavu-core, fonts-noto-core, fonts-croscore, and a Python with pillow,
numpy, fonttools, rapidfuzz - e.g. the project's .venv):

    .venv/bin/python Tools/corpus/make_ocr_train.py            # all sets
    .venv/bin/python Tools/corpus/make_ocr_train.py --only 001-liberation-serif-scan
    .venv/bin/python Tools/corpus/make_ocr_train.py --collect-only   # re-split work/ runs
    .venv/bin/python Tools/corpus/make_ocr_train.py --list

Raw runs go to work-tmp/ocr-train/<name>/ (git-ignored; they also keep the
raw-<lang>.txt page text).  Runs are deterministic (tesseract single-threaded,
page RNG = (seed, page)); --jobs 1 is used because the build machine is shared.
Environment: SHARED (default: <project>/../shared), PY (default: this python).
--stats writes Corpora/ocr-train/STATS.tsv (CER, token accuracy, ... per set, from
shared/tools/ocr_stats.py); --checksums rewrites Corpora/CHECKSUMS.sha256 the way
Tools/corpus/build_corpus.py does.  The full rebuild as committed:

    .venv/bin/python Tools/corpus/make_ocr_train.py --stats --checksums
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared")).resolve()
CORPORA = ROOT / "Corpora"
OUT = CORPORA / "ocr-train"
WORK = ROOT / "work-tmp" / "ocr-train"
PY = os.environ.get("PY", sys.executable)

SEED001 = "seeds/001_627efc6cd8950eb1.txt"
SEED002 = "seeds/002_9f7b8acda6c1c6ec.txt"

# Selected prose lines of Corpora/train/libreoffice-help.txt (see select_prose).
LOHELP = "libreoffice-help-prose600"

# name, source, font, profile, seed, --lines range (None = all), langs
# Order = order of generation (priority first).  --max-pages 15 caps every set, except
# the LibreOffice help set (short paragraphs, ~1.9k chars a page), capped at PAGES_LOHELP.
SETS = [
    ("001-liberation-serif-scan", SEED001, "liberation-serif", "scan", 2011, None, "eng,vie"),
    ("002-dejavu-serif-scan", SEED002, "dejavu-serif", "scan", 2021, "1201-1775", "eng,vie"),
    ("001-liberation-serif-poor", SEED001, "liberation-serif", "poor", 2012, None, "eng,vie"),
    ("002-dejavu-serif-poor", SEED002, "dejavu-serif", "poor", 2022, "1776-2029", "eng,vie"),
    ("002-noto-serif-scan", SEED002, "noto-serif", "scan", 2023, "2030-2361", "eng,vie"),
    ("002-tinos-scan", SEED002, "tinos", "scan", 2024, "2362-2648", "eng,vie"),
    ("lohelp-liberation-serif-scan", LOHELP, "liberation-serif", "scan", 2031, None, "eng,vie"),
    # Stop 13: two more poor scans and a clean one (poor confusions had been learned from two sets,
    # clean ones from none here).
    ("002-liberation-serif-poor", SEED002, "liberation-serif", "poor", 2025, "2649-3232", "eng,vie"),
    ("lohelp-liberation-serif-poor", LOHELP, "liberation-serif", "poor", 2032, None, "eng,vie"),
    ("002-liberation-serif-clean", SEED002, "liberation-serif", "clean", 2026, "601-1200", "eng,vie"),
    # Stop 18: more poor scans in the held-out poor set's font, from seed 002's unrendered lines and
    # seed 001 again with other degradations (poor confusions are the eng sets' largest gap).
    ("002-liberation-serif-poor-b", SEED002, "liberation-serif", "poor", 2027, "1-600", "eng,vie"),
    ("002-liberation-serif-poor-c", SEED002, "liberation-serif", "poor", 2028, "874-1200", "eng,vie"),
    ("001-liberation-serif-poor-b", SEED001, "liberation-serif", "poor", 2013, None, "eng,vie"),
]
MAX_PAGES = 15
PAGES_LOHELP = 26   # enough for all 600 selected lines
FORBIDDEN = re.compile(r"(^|/)(000|003)_[0-9a-f]+\.txt$")


def select_prose(n=600):
    """Prose-like lines of Corpora/train/libreoffice-help.txt: 6-40 words,
    ending in . : or ;, no tab, no markdown-like marks (* # _ < >) that the
    renderer's cleaner would alter.  Every k-th eligible line across the file
    (k = eligible // n) so the sample spans the whole help, first n kept."""
    src = CORPORA / "train" / "libreoffice-help.txt"
    lines = src.read_text(encoding="utf-8").split("\n")
    ok = [l for l in lines
          if 6 <= len(l.split()) <= 40 and l.rstrip()[-1:] in ".:;"
          and "\t" not in l and not re.search(r"[*#_<>]", l)]
    step = max(1, len(ok) // n)
    sel = ok[::step][:n]
    dst = WORK / "src" / f"{LOHELP}.txt"
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text("\n".join(sel) + "\n", encoding="utf-8")
    return dst, dict(origin="Corpora/train/libreoffice-help.txt", eligible=len(ok),
                     step=step, selected=len(sel))


def source_path(src):
    if src == LOHELP:
        return select_prose()
    p = SHARED / src
    return p, dict(origin=f"shared/{src}")


def max_pages(src):
    return PAGES_LOHELP if src == LOHELP else MAX_PAGES


def run_set(spec, jobs=1):
    name, src, font, profile, seed, lines, langs = spec
    path, info = source_path(src)
    if FORBIDDEN.search(str(path)):
        raise SystemExit(f"refusing held-out source {path}")
    out = WORK / name
    if out.exists():
        shutil.rmtree(out)
    cmd = [PY, str(SHARED / "tools" / "ocr_pairs.py"), str(path), "--out", str(out),
           "--font", font, "--profile", profile, "--seed", str(seed),
           "--langs", langs, "--psm", "6", "--jobs", str(jobs),
           "--max-pages", str(max_pages(src))]
    if lines:
        cmd += ["--lines", lines]
    print("+", " ".join(cmd), flush=True)
    t0 = time.time()
    subprocess.run(cmd, check=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    (out / "SOURCE-INFO.json").write_text(json.dumps(info, ensure_ascii=False) + "\n")
    print(f"[{name}] {time.time() - t0:.0f} s", flush=True)


def collect(spec):
    name, src, font, profile, seed, lines, langs = spec
    run = WORK / name
    if not (run / "manifest.json").exists():
        return []
    man = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    info = json.loads((run / "SOURCE-INFO.json").read_text(encoding="utf-8"))
    gold = (run / "gold.txt").read_text(encoding="utf-8")
    n = gold.count("\n")
    hdr, *body = (run / "lines.tsv").read_text(encoding="utf-8").splitlines()
    ci = hdr.split("\t").index("src_line")
    src_no = [int(r.split("\t")[ci]) for r in body]
    rendered = f"{min(src_no)}-{max(src_no)}"   # source lines actually rendered
    rows = []
    for lang in langs.split(","):
        d = OUT / f"ocr-{lang}-{name}"
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        shutil.copyfile(run / f"ocr-{lang}.txt", d / "input.txt")
        shutil.copyfile(run / "gold.txt", d / "gold.txt")
        shutil.copyfile(run / "lines.tsv", d / "lines.tsv")
        shutil.copyfile(run / "manifest.json", d / "manifest.json")
        srcdesc = info["origin"]
        if "selected" in info:
            srcdesc += (f" ({info['selected']} prose lines: 6-40 words, ending . : ;,"
                        f" every {info['step']}th of {info['eligible']} eligible)")
        (d / "SOURCE").write_text(
            f"{srcdesc} lines {lines or 'all'} (rendered: {rendered}, "
            f"{man['counts']['pages']} pages, --max-pages {max_pages(src)}); tesseract {lang} (--psm 6) on "
            f"{font} {profile} pages, seed {seed}, shared/tools/ocr_pairs.py "
            f"{man.get('tool_version', '1.0')}; training only\n", encoding="utf-8")
        rows.append(dict(name=f"ocr-{lang}-{name}", kind=f"ocr-{lang}",
                         source=info["origin"], font=font, profile=profile, seed=seed,
                         lines=lines or "all", rendered=rendered, pages=man["counts"]["pages"],
                         gold_lines=n, gold_chars=man["counts"]["gold_chars"],
                         path=f"ocr-train/ocr-{lang}-{name}"))
    return rows


def write_sets(rows):
    cols = ["name", "kind", "source", "font", "profile", "seed", "lines", "rendered", "pages",
            "gold_lines", "gold_chars", "path"]
    with open(OUT / "sets.tsv", "w", encoding="utf-8") as fh:
        fh.write("\t".join(cols) + "\n")
        for r in rows:
            fh.write("\t".join(str(r[c]) for c in cols) + "\n")


STAT_COLS = ["lines", "chars", "tokens", "empty_ocr_lines", "CER", "CER_vs_stripped_gold",
             "tok_exact", "tok_strip", "diac_stripped", "diac_other", "ascii_exact",
             "D_as_D", "D_as_P", "D_as_B", "digit/1k", "w_for_u/1k"]


def write_stats(rows):
    """Corpora/ocr-train/STATS.tsv: shared/tools/ocr_stats.py `pair --json` of every set."""
    with open(OUT / "STATS.tsv", "w", encoding="utf-8") as fh:
        fh.write("\t".join(["name"] + STAT_COLS) + "\n")
        for r in rows:
            d = CORPORA / r["path"]
            res = subprocess.run([PY, str(SHARED / "tools" / "ocr_stats.py"), "pair",
                                  str(d / "gold.txt"), str(d / "input.txt"), "--json"],
                                 check=True, capture_output=True, text=True)
            st = json.loads(res.stdout)
            fh.write("\t".join([r["name"]] + [str(st.get(c, "")) for c in STAT_COLS]) + "\n")


def update_checksums():
    """Rewrite Corpora/CHECKSUMS.sha256 exactly as Tools/corpus/build_corpus.py does
    (same folders, same sort, sha256sum format, paths relative to Corpora/)."""
    dirs = ["eval", "lexicon", "ocr-train", "samples", "train"]
    files = sorted(p for sub in dirs if (CORPORA / sub).is_dir()
                   for p in (CORPORA / sub).rglob("*") if p.is_file())
    with open(CORPORA / "CHECKSUMS.sha256", "w", encoding="utf-8") as f:
        for p in files:
            f.write(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  "
                    f"{p.relative_to(CORPORA).as_posix()}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", default=[], help="set name (repeatable)")
    ap.add_argument("--collect-only", action="store_true",
                    help="do not run OCR; re-split existing work-tmp runs")
    ap.add_argument("--stats", action="store_true", help="write ocr-train/STATS.tsv (ocr_stats.py)")
    ap.add_argument("--checksums", action="store_true", help="update CHECKSUMS.sha256")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    if a.list:
        for s in SETS:
            print(*s, sep="\t")
        return
    todo = [s for s in SETS if not a.only or s[0] in a.only]
    if a.only and len(todo) != len(a.only):
        raise SystemExit(f"unknown set in {a.only}")
    if not a.collect_only:
        for s in todo:
            run_set(s, a.jobs)
    OUT.mkdir(parents=True, exist_ok=True)
    old = {}
    if (OUT / "sets.tsv").exists():   # keep rows of sets whose work-tmp run is absent
        hdr, *body = (OUT / "sets.tsv").read_text(encoding="utf-8").splitlines()
        for line in body:
            r = dict(zip(hdr.split("\t"), line.split("\t")))
            old.setdefault(r["path"].split("/", 1)[1].split("-", 2)[2], []).append(r)
    rows = []
    for s in SETS:   # sets.tsv lists every set, in SETS order
        rows += collect(s) or old.get(s[0], [])
    write_sets(rows)
    if a.stats:
        write_stats(rows)
    if a.checksums:
        update_checksums()


if __name__ == "__main__":
    main()
