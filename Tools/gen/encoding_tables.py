#!/usr/bin/env python3
"""Generates the byte tables of the legacy Vietnamese charsets (Sources/VNFix/Encodings/Charset+*.swift).

Sources, cross-checked against each other by this script (it stops on any disagreement):
- TCVN3 (ABC, TCVN 5712:1993 VN3), VPS, VISCII and VNI-Windows letter positions: UniKey's VnConv
  tables (ukengine/data.cpp of github.com/vn-input/ibus-unikey, Pham Kim Long, GPL; only the facts
  "letter -> byte(s)" are taken). Pass the path of that file as the first argument.
- TCVN 5712 VN1 and VISCII 1.1 (RFC 1456): glibc `iconv -f TCVN` / `iconv -f VISCII`, byte by byte.
- Windows-1258 and Windows-1252 (the fonts of TCVN3, VPS and VNI are Windows-1252 fonts with some
  glyphs replaced): Python's `cp1258` / `cp1252` codecs (unicode.org's bestfit/CP125x.TXT).
Run from the repository root:
    python3 Tools/gen/encoding_tables.py path/to/ukengine/data.cpp > Sources/VNFix/Encodings/LegacyTables.swift
"""
import re
import subprocess
import sys
import unicodedata

VOWELS = {"a": "", "a^": "\u0302", "a(": "\u0306", "e": "", "e^": "\u0302", "i": "", "o": "", "o^": "\u0302",
          "o+": "\u031b", "u": "", "u+": "\u031b", "y": ""}
# UniKey's letter order: tones none, acute, grave, hook, tilde, dot; uppercase before lowercase.
UK_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
ORDER = ["a", "a^", "a(", "B", "C", "D", "dd", "e", "e^", "F", "G", "H", "i", "J", "K", "L", "M", "N",
         "o", "o^", "o+", "P", "Q", "R", "S", "T", "u", "u+", "V", "W", "X", "y", "Z"]


def unikey_letters():
    out = []
    for key in ORDER:
        if key == "dd":
            out += ["\u0110", "\u0111"]
        elif key in VOWELS:
            base = key[0]
            for tone in UK_TONES:
                for upper in (True, False):
                    out.append(unicodedata.normalize("NFC", (base.upper() if upper else base) + VOWELS[key] + tone))
        else:
            out += [key, key.lower()]
    assert len(out) == 186
    return out


def single_byte_table(src, start, end):
    block = src[src.index(start):src.index(end)]
    items = re.findall(rb"'(.)'|(0x[0-9A-Fa-f]{2})", block, re.S)
    values = [q[0] if q else int(h, 16) for q, h in items]
    assert len(values) == 213, len(values)
    return values[:186]


def iconv_table(name):
    table = {}
    for b in range(256):
        r = subprocess.run(["iconv", "-f", name, "-t", "UTF-32BE"], input=bytes([b]), capture_output=True)
        if r.returncode == 0 and len(r.stdout) == 4:
            table[b] = int.from_bytes(r.stdout, "big")
    return table


def codec_table(name):
    table = {}
    for b in range(256):
        try:
            table[b] = ord(bytes([b]).decode(name))
        except UnicodeDecodeError:
            pass
    return table


def main():
    src = open(sys.argv[1], "rb").read()
    letters = unikey_letters()
    cp1252 = codec_table("cp1252")
    cp1258 = codec_table("cp1258")
    tables = {}

    # TCVN3: UniKey positions (lowercase toned letters only), over Windows-1252.
    tcvn_letters = single_byte_table(src, b"// TCVN3", b"//VPS")
    tcvn = dict(cp1252)
    encodable = {}
    for ch, byte in zip(letters, tcvn_letters):
        if byte < 0x80 and ord(ch) >= 0x80:
            raise SystemExit("unexpected")
        if ord(ch) < 0x80:
            continue
        if ch.isupper() and ch.lower() in letters and tcvn_letters[letters.index(ch.lower())] == byte:
            continue  # no uppercase form: UniKey writes the lowercase byte
        encodable[ch] = byte
    vn1 = iconv_table("TCVN")
    for ch, byte in encodable.items():
        assert vn1[byte] == ord(ch), (ch, hex(byte), hex(vn1[byte]))
        tcvn[byte] = ord(ch)
    # VN1 positions in 0xA0-0xFF that VN3 leaves free (uppercase toned letters, combining tones):
    # decoded for tolerance, never written.
    for byte in range(0xA0, 0x100):
        if byte not in encodable.values():
            tcvn[byte] = vn1[byte]
    tables["tcvn3"] = tcvn

    # VPS: UniKey positions over Windows-1252; C0 positions hold letters too.
    vps_letters = single_byte_table(src, b"//VPS", b"//VISCII")
    vps = dict(cp1252)
    vps_used = set()
    for ch, byte in zip(letters, vps_letters):
        if ord(ch) < 0x80:
            assert byte == ord(ch)
            continue
        if ch.isupper() and shares_lowercase_byte(letters, vps_letters, ch):
            continue  # no uppercase form
        assert byte not in vps_used, (ch, hex(byte))
        vps_used.add(byte)
        vps[byte] = ord(ch)
    tables["vps"] = vps

    # VISCII: glibc, checked against UniKey.
    viscii = iconv_table("VISCII")
    viscii_letters = single_byte_table(src, b"//VISCII", b"// BKHCM1")
    for ch, byte in zip(letters, viscii_letters):
        if ch.isupper() and shares_lowercase_byte(letters, viscii_letters, ch):
            continue  # UniKey avoids VISCII's six C0 positions; RFC 1456 and glibc use them
        assert viscii[byte] == ord(ch), (ch, hex(byte))
    tables["viscii"] = viscii
    tables["cp1258"] = cp1258
    tables["cp1252"] = cp1252

    out = ["// Generated by Tools/gen/encoding_tables.py (sources listed there). Do not edit by hand.",
           "// 0xFFFF marks a byte with no meaning in the charset.", "",
           "enum LegacyTables {"]
    docs = {
        "tcvn3": "TCVN3 (ABC): UniKey's letter positions over Windows-1252, plus the TCVN 5712 VN1 positions in\n"
                 "    /// 0xA0-0xFF that VN3 leaves free (listed in `tcvn3DecodeOnly`: read, never written).",
        "vps": "VPS: UniKey's letter positions over Windows-1252.",
        "viscii": "VISCII 1.1 (RFC 1456), as glibc decodes it; six letters sit in C0 positions.",
        "cp1258": "Windows-1258 (Python's cp1258 codec); 0xCC 0xEC 0xDE 0xD2 0xF2 are combining tones.",
        "cp1252": "Windows-1252: the symbols in the high half of VNI-Windows, whose fonts are Windows-1252 fonts.",
    }
    for name, table in tables.items():
        out.append(f"    /// {docs[name]}")
        out.append(f"    static let {name}: [UInt16] = [")
        rows = ["0x%04X" % table[b] if b in table else "0xFFFF" for b in range(256)]
        for i in range(0, 256, 8):
            out.append("        " + ", ".join(rows[i:i + 8]) + ",  // 0x%02X" % i)
        out.append("    ]")
        out.append("")
    decode_only = sorted(b for b in range(0xA0, 0x100) if b not in encodable.values() and tcvn[b] != cp1252.get(b))
    out.append("    /// TCVN3 bytes that only TCVN 5712 VN1 defines (uppercase toned letters, combining tones).")
    out.append("    static let tcvn3DecodeOnly: [UInt8] = [" + ", ".join("0x%02X" % b for b in decode_only) + "]")
    out.append("")

    # VNI-Windows: letter -> bytes, from UniKey's DoubleByteTables (low byte base, high byte mark).
    block = src[src.index(b"//VNI-WIN"):src.index(b"//BKHCM2")]
    words = [int(w, 16) for w in re.findall(rb"0x([0-9a-fA-F]{4})", block)][:186]
    out.append("    /// VNI-Windows letters: base byte, then the mark byte when the letter takes two.")
    out.append("    static let vniLetters: [(scalar: UInt32, bytes: [UInt8])] = [")
    for ch, w in zip(letters, words):
        if ord(ch) < 0x80:
            continue
        low, high = w & 0xFF, w >> 8
        seq = [low] + ([high] if high else [])
        assert all(b >= 0xC0 or b < 0x80 for b in seq)
        out.append("        (0x%04X, [%s]),  // %s" % (ord(ch), ", ".join("0x%02X" % x for x in seq), ch))
    out.append("    ]")
    out.append("}")
    print("\n".join(out))


def shares_lowercase_byte(letters, table, ch):
    """True when an uppercase letter has the same byte as its lowercase form (no uppercase glyph)."""
    lower = ch.lower()
    return table[letters.index(ch)] == table[letters.index(lower)]


if __name__ == "__main__":
    main()
