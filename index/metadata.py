"""Directive metadata read off the cleaned text (and, for web pages, the page's title and meta).

One entry point, ``parse``; each field has its own small module of rules:
``doctypes`` (type), ``numbers`` (own number, citations), ``dates`` (signing line, page dates),
``bodies``/``issuers`` (issuer and level), ``gazetteer``/``locality`` (province, district, places),
``signature`` (signer, title, recipients).
"""

from __future__ import annotations

import re

from tracuu.index import consolidated, issuers
from tracuu.index.analyzer import normalize_docno
from tracuu.index.dates import dateline, find_dates, passed_date, published_date, signing_lines
from tracuu.index.doctypes import NEWS, TYPE_PATTERN, heading_type, type_of_name, type_of_number
from tracuu.index.document import Metadata
from tracuu.index.infotable import InfoTable, info_table
from tracuu.index.locality import resolve
from tracuu.index.numbers import NumberMatch, citations, number_from_title, numbers_in, own_numbers
from tracuu.index.registry import lookup
from tracuu.index.signature import Signature, recipients, signature, signature_in, signature_line
from tracuu.index.textlines import Line, Text

# A site's "read more" list after an article is not part of it (crawler.clean drops most; this is
# the parser's own guard for text that reaches it another way).
_RELATED = re.compile(r"^(?:doc them|tin lien quan|xem them|tin khac|bai lien quan|cac tin khac|tin cung chuyen muc)"
                      r"\s*:?$")
_NEWS_LEAD = re.compile(r"^(?:\(?[A-ZĐ][A-Za-zĐ.]{1,14}\)?\s*[-–—]\s+\S|Tin tức\b)")
_HEAD_LINES = 20
# Lines that open the body, not the subject: a date, a numbered or Roman-numbered section, a greeting.
_NOT_SUBJECT = re.compile(r"^(?:ngay\s*\d|\d+\s*[.)/]|[ivxlc]+\s*[.)]\s|kinh gui|noi nhan|can cu\s)")


def parse(text: str, title: str | None = None, page_meta: dict[str, str] | None = None) -> Metadata:
    """Metadata of one document from its cleaned text (and, for web pages, the page's title and meta)."""
    doc = Text(_without_related(text))
    page_meta = {k.lower(): v for k, v in (page_meta or {}).items()}
    numbers = numbers_in(doc)
    heading = _heading(doc)
    kind = heading_type(heading[0]) if heading else None
    owns = own_numbers(doc, numbers) or _first_line_number(doc, kind)
    vbhn = consolidated.authentication(doc)
    unauthenticated = vbhn is None and consolidated.announced(doc)
    if vbhn is not None:
        # A consolidated text: type, number, date and signer are those of its authentication block.
        kind = consolidated.KIND
        owns = sorted(owns, key=lambda n: not consolidated.is_vbhn_number(n.number))
    elif unauthenticated:
        # Its block is not in the text (a gazette issue continued in the next): the numbers and dates
        # at hand are the consolidated documents', none of them this text's.
        kind, owns = consolidated.KIND, [n for n in owns if consolidated.is_vbhn_number(n.number)]
    sig = signature_in(doc, vbhn.line.index, vbhn.last) if vbhn else Signature()
    sig = sig if sig.signer else signature(doc)
    published = published_date(page_meta)
    news = _is_news(doc, owns, kind, sig.signer, page_meta, published or dateline(doc))
    # A headline naming a document ("Chỉ thị 03/CT-UBND về ...") is a directive page's own number,
    # not a news report's.
    own = owns[0] if owns else (number_from_title(title) if kind is None and not news else None)
    signings = signing_lines(doc)
    if vbhn is not None:
        after = [s for s in signings if s.start >= vbhn.line.start]
        signings = after[:1] + [s for s in signings if s not in after[:1]]

    meta = Metadata(title=title or _title(doc, heading, kind))
    meta.published = published or (dateline(doc) if news else None)
    if news:
        meta.doc_type, meta.date = NEWS, meta.published or _opening_date(doc, heading, numbers)
    else:
        meta.number, meta.number_raw = (own.number, own.raw) if own else (None, None)
        meta.doc_type = kind or _type_otherwise(doc, own, title)
        # An assembly's law or resolution is dated by the day it was passed, not by a signing line.
        meta.date = passed_date(doc) or (signings[0].date if signings else
                                         None if unauthenticated else _opening_date(doc, heading, numbers))
        meta.signer, meta.signer_title = sig.signer, sig.title if sig.signer else None
        meta.recipients = recipients(doc)
    _fill_issuer(meta, doc, own, heading, news, signings[0].place if signings else None, unauthenticated)
    if not news:
        _fill_from_table(meta, info_table(doc), dated=bool(signings or passed_date(doc)))
    meta.cites = citations(doc, numbers, [n.number for n in owns] + ([meta.number] if meta.number else []))
    return meta


def _fill_from_table(meta: Metadata, table: InfoTable, dated: bool) -> None:
    """What a web rendition's information table says, for the fields the text itself did not give."""
    if table.number and not meta.number:
        meta.number = meta.number_raw = normalize_docno(table.number)
    meta.doc_type = meta.doc_type or table.doc_type or (type_of_number(meta.number) if meta.number else None)
    if table.date and not dated:
        meta.date = table.date
    if table.issuer and not meta.issuer:
        body = lookup(table.issuer)
        meta.issuer = body.name if body else table.issuer
        meta.issuer_level = body.level if body and body.central else meta.issuer_level
    if table.signer and not meta.signer:
        meta.signer = table.signer


def _without_related(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i > len(lines) // 3 and len(line) < 40 and _RELATED.match(Text(line.strip(" *#")).folded):
            return "\n".join(lines[:i])
    return text


_CHAPTER = re.compile(r"^chuong\s+(?:[ivxlc]+|\d+)\s*[.:]?\s*$")


def _heading(doc: Text) -> list[Line]:
    """The type heading near the top (``THÔNG BÁO``) and the subject lines that follow it.

    A chapter's name (``Chương I / QUY ĐỊNH CHUNG``) is not a type heading, whatever word it starts with.
    """
    for line in doc.lines[:_HEAD_LINES]:
        if len(line.text) > 300:
            break
        if line.index and _CHAPTER.match(doc.lines[line.index - 1].folded):
            continue
        if heading_type(line):
            block = [line]
            for follow in doc.lines[line.index + 1 : line.index + 5]:
                if _NOT_SUBJECT.match(follow.folded) or signature_line(follow):
                    break
                if follow.is_caps or (len(follow.text) < 160 and not follow.text.endswith((".", ":", ";"))):
                    block.append(follow)
                else:
                    break
            return block
    return []


def _is_news(doc: Text, owns: list[NumberMatch], kind: str | None, signer: str | None, page_meta: dict[str, str],
             published: str | None) -> bool:
    """A page reporting on documents: no number, heading or signature of its own, and a news page's marks."""
    if owns or kind or signer:
        return False
    if page_meta.get("og:type", "").lower() == "article" or published:
        return True
    return any(_NEWS_LEAD.match(line.text) for line in doc.lines[:10])


_THIS_TYPE = re.compile(r"dieu 1[.:][^\n]*\n(?:[^\n]*\n){0,3}?[^\n]*?(?<![a-z])(nghi dinh|thong tu|quyet dinh|nghi quyet|"
                        r"luat|chi thi) nay (?:quy dinh|huong dan|ap dung)")
_FIRST_LINE = re.compile(rf"^(?:{TYPE_PATTERN})\s+(?:so\s*[:.]?\s*)?$")


def _first_line_number(doc: Text, kind: str | None) -> list[NumberMatch]:
    """A text without header whose first line is only its type and number (``Nghị định 213/2026/NĐ-CP``),
    as web renditions print the title: that number is its own."""
    if kind is not None or not doc.lines:
        return []
    first = doc.lines[0]
    numbers = [n for n in numbers_in(Text(first.text))]
    if len(numbers) != 1 or first.text[numbers[0].end :].strip(" .:") != "":
        return []
    if not _FIRST_LINE.match(first.folded[: numbers[0].start]):
        return []
    n = numbers[0]
    return [NumberMatch(n.number, n.raw, first.start + n.start, first.start + n.end)]


def _type_otherwise(doc: Text, own: NumberMatch | None, title: str | None) -> str | None:
    """Without a heading: the number's code, a page title's type, or ``Kính gửi`` (a letter)."""
    if own is not None:
        kind = type_of_number(own.number)
        if kind:
            return kind
    if title:
        m = re.match(r"^\s*(\S+\s+\S+)", title)
        if m and type_of_name(m.group(1)):
            return type_of_name(m.group(1))
    if any(re.match(r"^kinh gui", line.folded) for line in doc.lines[:30]):
        return "Công văn"
    # No heading, number or title, but its first article says what it is: "1. Nghị định này quy định ...".
    m = _THIS_TYPE.search(doc.folded[:3000])
    if m:
        return type_of_name(m.group(1))
    return None


def _opening_date(doc: Text, heading: list[Line], numbers: list[NumberMatch]) -> str | None:
    """The meeting or issue date of the opening: the first date there that is not a cited document's."""
    start = heading[0].start if heading else 0
    end = start + 1500
    for found in find_dates(doc.raw, doc.folded):
        if found.start < start or found.start > end:
            continue
        line = doc.line_at(found.start)
        if line is not None and line.folded.startswith("can cu"):
            continue  # "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015": the law's date
        if any(0 <= found.start - n.end <= 25 for n in numbers):
            continue  # "Chỉ thị số 22/CT-UBND, ngày 20/9/2021": the cited document's date
        if re.search(r"(?<![a-z])(?:tu|den)\s*(?:ngay\s*)?$", doc.folded[max(0, found.start - 10) : found.start]):
            continue  # "từ ngày 15/9/2021 đến ngày 30/9/2021": a period, not the document's date
        return found.iso
    return None


def _fill_issuer(meta: Metadata, doc: Text, own: NumberMatch | None, heading: list[Line], news: bool,
                 signed_at: str | None, unauthenticated: bool = False) -> None:
    """Issuer, level, province, district and places, which depend on one another.

    A consolidated text without its authentication block has no issuer the text can tell: the bodies
    its sentences name issued the documents it consolidates.
    """
    if unauthenticated:
        found = None
        header = []
    elif news:
        found = issuers.from_sentences(doc, news=True)
        header: list[Line] = []
    else:
        own_line = doc.line_at(own.start) if own else None
        vbhn = consolidated.authentication(doc)
        if vbhn is not None:
            own_line = vbhn.line  # the body authenticating it stands above "XÁC THỰC ..."
        header = issuers.header_lines(doc, own_line) if own_line else []
        header = header or issuers.header_lines(doc, None)
        found = (_glued_issuer(doc, own) or issuers.from_registry(header) or issuers.from_header(doc, header)
                 or issuers.from_heading(doc, heading)
                 or issuers.from_sentences(doc, news=False) or issuers.from_signature(doc)
                 or issuers.from_number(own.number if own else None))
    found = found or issuers.Issuer(None)
    where = resolve(doc, found.hints(signed_at, issuers.header_places(doc, header)))
    meta.province, meta.district, meta.places = where.province, where.district, where.places
    meta.issuer = issuers.display(found, where)
    meta.issuer_level = issuers.level(found, where) if meta.issuer else None


_GLUED_BODY = re.compile(r"^[\s|*]*([A-ZĐÀ-Ỹ][^a-z|]*?[A-ZĐÀ-Ỹ])Số\s*[:.]")


def _glued_issuer(doc: Text, own: NumberMatch | None) -> issuers.Issuer | None:
    """A header flattened into one table cell, ``CHÍNH PHỦSố: 75/2026/NĐ-CP``: the body of the registry
    glued before ``Số``."""
    line = doc.line_at(own.start) if own else None
    m = _GLUED_BODY.match(line.text) if line is not None else None
    body = lookup(m.group(1)) if m else None
    return issuers.Issuer(None, name=body.name) if body is not None and body.central else None


def _title(doc: Text, heading: list[Line], kind: str | None) -> str | None:
    """A title for a document without one: its heading, else its subject (``V/v ...``), else its first line."""
    if heading:
        if all(line.is_caps for line in heading) or len(heading) == 1:
            return " ".join(line.text for line in heading)
        subject = " ".join(line.text for line in heading[1:])
        return f"{kind} {subject[:1].lower() + subject[1:]}" if kind and heading[0].folded.strip() == \
            Text(kind).folded else " ".join(line.text for line in heading)
    subject = _subject(doc)
    if subject:
        return subject
    first = next((line for line in doc.lines if len(line.text) > 20), None)
    if first is None or _ARTICLE.match(first.folded):
        return _scope(doc) or (first.text if first else None)
    return first.text


_ARTICLE = re.compile(r"^(?:dieu\s+\d+|chuong\s+[ivxlc\d]+)(?![a-z])")


_SCOPE = re.compile(r"^(?:\d+\.\s*)?(?:nghi dinh|thong tu|quyet dinh|nghi quyet|luat|chi thi) nay (?:quy dinh|huong dan)")


def _scope(doc: Text) -> str | None:
    """A legal text printed without heading or title says its subject in its first article: ``Thông tư này hướng
    dẫn nội dung, cách ghi thành phần dinh dưỡng ...`` (its first sentence, as the title)."""
    for line in doc.lines[:40]:
        if _SCOPE.match(line.folded):
            text = re.sub(r"^\d+\.\s*", "", line.text)
            return text.split(". ")[0].split(":")[0][:200].rstrip(" .;")
    return None


def _subject(doc: Text) -> str | None:
    """A letter's subject: ``V/v ...``, or the short lines between its date and ``Kính gửi``."""
    for line in doc.lines[:20]:
        m = re.search(r"(?:^|(?<=\s))v/v\s*[:.]?\s*", line.folded)
        if m:
            subject = line.text[m.end() :].strip()
            return subject[:1].upper() + subject[1:] or None
    greet = next((line.index for line in doc.lines[:25] if line.folded.startswith("kinh gui")), None)
    if greet is None:
        return None
    dated = [line.index for line in doc.lines[:greet] if re.search(r"ngay\s*\d", line.folded)]
    if not dated:
        return None
    parts = [line.text for line in doc.lines[dated[-1] + 1 : greet] if len(line.text) < 200]
    return " ".join(parts) or None
