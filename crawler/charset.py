"""Decoding bytes of Vietnamese pages: declared charset first, detection when it is missing or wrong."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from index.vntext import nfc

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_MOJIBAKE = re.compile("Ã.|Ä.|Æ.|áº|á»|Ä'")


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
    return len(_VIETNAMESE.findall(text)) - 5 * len(_MOJIBAKE.findall(text)) - 10 * text.count("\ufffd")


def decode(data: bytes, header: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to NFC text; return ``(text, encoding used)``.

    A BOM wins; then the declared charset if the bytes decode under it and read as Vietnamese at
    least as well as the alternatives; then detection.  windows-1258 writes tones as combining
    marks, which NFC folds back into the precomposed letters everyone else uses.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return nfc(data.decode(name, errors="replace")), name
    tried: list[tuple[float, str, str]] = []
    names = [declared_charset(data, header), "utf-8", "windows-1258"]
    for name in dict.fromkeys(n for n in names if n):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        tried.append((_quality(nfc(text)), name, text))
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding not in {n for _, n, _ in tried}:
        try:
            text = data.decode(best.encoding)
            tried.append((_quality(nfc(text)) - 1, best.encoding, text))
        except (UnicodeDecodeError, LookupError):
            pass
    if not tried:
        return nfc(data.decode("utf-8", errors="replace")), "utf-8"
    # Stable order keeps the declared charset on ties.
    score, name, text = max(tried, key=lambda t: t[0])
    return nfc(text), name
