"""The API's result cache: the same answer for the same request, a fresh one once the index changes."""

from pathlib import Path

from tracuu.index.archive import Archive
from tracuu.index.document import Document, Metadata
from tracuu.index.indexer import update_index
from tracuu.index.store import IndexStore
from tracuu.search.cache import ResultCache
from tracuu.search.whoosh_backend import WhooshBackend
from tracuu.search.request import SearchRequest


def test_a_kept_result_lasts_until_the_index_changes(sample_copy: Path) -> None:
    engine, cache = WhooshBackend(sample_copy), ResultCache(size=2)
    req = SearchRequest.from_params({"q": ["Qwertzu cách ly"]})
    first = cache.run(engine, req)
    again = cache.run(engine, req)
    assert {k: v for k, v in again.items() if k != "took_ms"} == {k: v for k, v in first.items() if k != "took_ms"}
    assert first["exact_total"] == 0
    with Archive(sample_copy / "archive.sqlite") as archive:
        archive.put(Document(source="cache-test://new", text="Trạm Qwertzu tiếp nhận người cách ly.",
                             meta=Metadata(title="Trạm Qwertzu")))
        update_index(archive, IndexStore(sample_copy))
    assert cache.run(engine, req)["exact_total"] == 1
    for q in ("a", "b", "c"):  # the oldest requests make room for new ones
        cache.run(engine, SearchRequest.from_params({"q": [q]}))
    assert len(cache._items) == 2


def test_a_cache_of_size_zero_keeps_nothing(sample_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRACUU_RESULT_CACHE", "0")
    engine, cache = WhooshBackend(sample_copy), ResultCache()
    req = SearchRequest.from_params({"q": ["cách ly"]})
    assert cache.run(engine, req)["total"] == cache.run(engine, req)["total"] >= 1
    assert cache.size == 0 and not cache._items
