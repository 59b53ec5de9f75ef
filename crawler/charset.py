"""Decoding bytes of Vietnamese pages: declared charset first, detection when it is missing or wrong.

Pages and files in the pre-Unicode font encodings (TCVN3, VNI) are 8-bit text whose letters are
windows-1252 characters; they come out of ``decode`` in Unicode (``crawler.legacy``).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from tracuu.crawler import legacy
from tracuu.index.vntext import nfc

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_MOJIBAKE = re.compile("Ã.|Ä.|Æ.|áº|á»|Ä'")
_LEGACY_FONT = re.compile(rb"""(?:face|font-family)\s*[:=]\s*["'&#;\w]*?\s*(\.vn\w*|vni[-\w]*)""", re.IGNORECASE)


def declared_charset(data: bytes, header: str | None = None) -> str | None:
    """The charset named by the HTTP header or the page's ``<meta>``, if any and known to Python."""
    candidates = []
    if header:
        m = re.search(r"charset\s*=\s*[\"']?([-\w.:]+)", header, re.IGNORECASE)
        if m:
            candidates.append(m.group(1))
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    for name in candidates:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def _quality(text: str) -> float:
    """Higher is more plausible Vietnamese: diacritic letters count, mojibake and U+FFFD cost."""
    return len(_VIETNAMESE.findall(text)) - 5 * len(_MOJIBAKE.findall(text)) - 3 * text.count("\ufffd")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any charset: many control bytes near the start."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 50)


def legacy_font(data: bytes) -> str | None:
    """The legacy encoding an HTML page's fonts name (``<font face=".VnTime">``, ``font-family: VNI-Times``)."""
    m = _LEGACY_FONT.search(data)
    return legacy.font_encoding(m.group(1).decode("ascii", "ignore")) if m else None


def decode(data: bytes, header: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to NFC text; return ``(text, encoding used)``.

    A BOM wins; then the declared charset if the bytes decode under it and read as Vietnamese at
    least as well as the alternatives; then detection.  windows-1258 writes tones as combining
    marks, which NFC folds back into the precomposed letters everyone else uses.  Every candidate
    is read with its TCVN3 and VNI words converted (``legacy.fix``), so a TCVN3 file reads best as
    windows-1252 rather than as windows-1258 letters that look Vietnamese and are not.
    """
    hint = legacy_font(data)
    text, name = _decode(data, header, hint)
    return text, name


def _decode(data: bytes, header: str | None, hint: str | None) -> tuple[str, str]:
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return legacy.fix(nfc(data.decode(name, errors="replace")), hint), name
    tried: list[tuple[float, str, str]] = []
    try:
        data.decode("utf-8")
        eight_bit = False
    except UnicodeDecodeError:
        eight_bit = True  # only 8-bit text can be TCVN3 or VNI bytes: read each candidate as such too

    def quality(text: str) -> float:
        return _quality(legacy.fix(nfc(text), hint) if eight_bit else nfc(text))

    names = [declared_charset(data, header), "utf-8", "windows-1258"] + (["windows-1252"] if eight_bit else [])
    for name in dict.fromkeys(n for n in names if n):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        tried.append((quality(text), name, text))
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding not in {n for _, n, _ in tried}:
        try:
            text = data.decode(best.encoding)
            tried.append((quality(text) - 1, best.encoding, text))
        except (UnicodeDecodeError, LookupError):
            pass
    if not any(name == "utf-8" for _, name, _ in tried):
        # Mostly UTF-8 with a few broken bytes: keep the good text, mark the bad bytes.
        text = data.decode("utf-8", errors="replace")
        tried.append((quality(text), "utf-8", text))
    # Stable order keeps the declared charset on ties.
    _score, name, text = max(tried, key=lambda t: t[0])
    return legacy.fix(nfc(text), hint), name
