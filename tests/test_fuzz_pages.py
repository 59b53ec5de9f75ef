"""Fuzzing the whole page path (decode -> clean -> parse -> archive) with mutated real pages.

Each case takes a real page of the test data (the office and news pages of the crawl site, the
news pages built from sample 001, the smaller pages of the extraction benchmark) and mutates it as
the web does: truncated, tags dropped or duplicated, related-list headings repeated and nested,
attributes stripped, random bytes, another encoding, deep nesting.  Every page must end archived
or refused with a reason of our own (``DocumentError``); an unexpected exception, even one the
per-file boundary would catch, is a bug the fuzzer found.  ``TRACUU_FUZZ_CASES`` sets the number of
cases (default 2000).
"""

from __future__ import annotations

import gzip
import itertools
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracuu.crawler.ingest import ingest_files
from tracuu.index.archive import Archive

DATA = Path(__file__).resolve().parent / "data"
CASES = int(os.environ.get("TRACUU_FUZZ_CASES", "2000"))
HEADINGS = ("Đọc thêm", "Xem thêm", "Tin liên quan", "Tin khác", "Bài liên quan")


def _seed_pages() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted((DATA / "site").rglob("*.html")) if p.stat().st_size < 60_000]
    pages += [p.read_bytes() for p in sorted((DATA / "pages").glob("*.html"))]
    extraction = (gzip.decompress(p.read_bytes()) for p in sorted((DATA / "extraction" / "html").glob("*.gz")))
    return pages + [page for page in extraction if len(page) < 40_000]


SEEDS = _seed_pages()
_numbers = itertools.count()
_TAG = re.compile(rb"<[^<>]{1,120}>")


def _cut(page: bytes, at: float) -> bytes:
    return page[: int(len(page) * at)]


def _drop_tag(page: bytes, at: float) -> bytes:
    tags = list(_TAG.finditer(page))
    if not tags:
        return page
    tag = tags[int(at * (len(tags) - 1))]
    return page[: tag.start()] + page[tag.end() :]


def _duplicate(page: bytes, at: float, length: int, to: float) -> bytes:
    start = int(at * len(page))
    piece, where = page[start : start + length], int(to * len(page))
    return page[:where] + piece + page[where:]


def _related(page: bytes, at: float, heading: int, shape: int, times: int) -> bytes:
    title = HEADINGS[heading % len(HEADINGS)]
    other = HEADINGS[(heading + 1) % len(HEADINGS)]
    block = (f"<h3>{title}</h3><ul><li><a href='/a'>{title}: bài khác</a></li></ul>",
             f"<div><p>{title}</p><div><span>{other}</span><p>{title}</p></div></div>",
             f"<li>{title}<ul><li>{other}<ul><li>{title}</li></ul></li></ul></li>",
             f"<p>{title}</p>", title)[shape % 5]
    where = int(at * len(page))
    return page[:where] + (block * times).encode() + page[where:]


def _strip_attributes(page: bytes) -> bytes:
    return re.sub(rb"<(\w+)\s[^<>]*>", rb"<\1>", page)


def _noise(page: bytes, at: float, noise: bytes) -> bytes:
    where = int(at * len(page))
    return page[:where] + noise + page[where + len(noise) :]


def _nest(page: bytes, at: float, depth: int) -> bytes:
    where = int(at * len(page))
    return page[:where] + b"<div><span>" * depth + page[where:]


def _encode(page: bytes, codec: str) -> bytes:
    return page.decode("utf-8", "replace").encode(codec, "replace")


fraction = st.floats(0.0, 1.0)
MUTATIONS = st.one_of(
    st.tuples(st.just(_cut), fraction),
    st.tuples(st.just(_drop_tag), fraction),
    st.tuples(st.just(_duplicate), fraction, st.integers(1, 3000), fraction),
    st.tuples(st.just(_related), fraction, st.integers(0, 4), st.integers(0, 4), st.integers(1, 3)),
    st.tuples(st.just(_strip_attributes)),
    st.tuples(st.just(_noise), fraction, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just(_nest), fraction, st.integers(1, 450)),
    st.tuples(st.just(_encode), st.sampled_from(["cp1258", "utf-16", "latin-1", "windows-1252"])),
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory):
    with Archive(tmp_path_factory.mktemp("fuzz") / "archive.sqlite") as archive:
        yield archive
        assert archive.integrity_ok()


@pytest.mark.slow
@settings(max_examples=CASES, deadline=None, derandomize=False, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(range(len(SEEDS))), mutations=st.lists(MUTATIONS, min_size=1, max_size=4),
       suffix=st.sampled_from([".html", ".htm", ".txt"]))
def test_every_mutated_page_is_archived_or_refused_with_a_reason(archive: Archive, tmp_path_factory, seed: int,
                                                                 mutations: list[tuple], suffix: str) -> None:
    page = SEEDS[seed]
    for mutate, *args in mutations:
        page = mutate(page, *args)
    path = tmp_path_factory.getbasetemp() / f"fuzz-page-{next(_numbers)}{suffix}"
    path.write_bytes(page)
    report = ingest_files(archive, [path])
    assert report.total == 1
    for reason in report.failed.values():
        assert reason and not reason.startswith("internal error"), reason
    if not report.failed:
        doc = archive.by_source(str(path))
        assert doc is not None and doc.text.strip() and doc.raw == page
    path.unlink()
