"""Decoding bytes of Vietnamese pages: declared charset first, detection when it is missing or wrong."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from tracuu.index.vntext import nfc

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
    return len(_VIETNAMESE.findall(text)) - 5 * len(_MOJIBAKE.findall(text)) - 3 * text.count("\ufffd")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any charset: many control bytes near the start."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 50)


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
    if not any(name == "utf-8" for _, name, _ in tried):
        # Mostly UTF-8 with a few broken bytes: keep the good text, mark the bad bytes.
        text = data.decode("utf-8", errors="replace")
        tried.append((_quality(nfc(text)), "utf-8", text))
    # Stable order keeps the declared charset on ties.
    _score, name, text = max(tried, key=lambda t: t[0])
    return nfc(text), name
