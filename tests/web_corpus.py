"""A home for the web tests: the shipped samples with their metadata written out, plus three made-up documents.

The metadata of the five samples is what a careful reader takes from each text (see samples/MANIFEST.tsv),
written here so facet and citation tests do not depend on how much the metadata parser extracts. The
three extra documents are made for these tests: one cites archived samples (and one number we do not
hold), one is its copy found at another address, one carries markup and a hostile link that must be shown
as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tracuu.index.archive import Archive
from tracuu.index.document import Citation, Document, Metadata
from tracuu.index.indexer import update_index
from tracuu.index.store import IndexStore
from tracuu.web import create_app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

SAMPLE_META = {
    "000_095b186705ea344f.txt": Metadata(
        title="Thông báo kết luận của Thường trực Thành ủy về công tác phòng, chống dịch bệnh Covid-19",
        doc_type="Thông báo", number="07-BS/QU", date="2021-02-09", issuer="Quận ủy Hà Đông",
        province="Hà Nội", district="Hà Đông", signer="Nguyễn Sĩ Hoạt",
        cites=[Citation("125-TB/TU", "Thông báo", "2021-02-02")]),
    "001_2f250f62ae5a35ae.txt": Metadata(
        title="Hà Nội yêu cầu kích hoạt 100% các khu cách ly tập trung của các quận, huyện, thị xã",
        date="2021-08-11", province="Hà Nội", cites=[Citation("452-TB/TU", "Thông báo")]),
    "002_10127e1254a347ad.txt": Metadata(
        title="Tăng cường công tác phòng chống dịch CoVid-19 trong tình hình mới", doc_type="Công văn",
        number="529-CV/QU", date="2021-11-13", issuer="Quận ủy Ba Đình", province="Hà Nội", district="Ba Đình",
        recipients=["Hội đồng nhân dân quận", "Ủy ban nhân dân quận", "Đảng ủy 14 phường"],
        cites=[Citation("563-TB/TU", "Thông báo", "2021-11-09")]),
    "003_6ee51536ae1f3bbc.txt": Metadata(
        title="Kết luận chỉ đạo của đồng chí Chử Xuân Dũng tại hội nghị giao ban trực tuyến ngày 02/10/2021",
        doc_type="Thông báo", date="2021-10-02", issuer="Văn phòng UBND Thành phố", province="Hà Nội"),
    "004_00129d20bd42945e.txt": Metadata(
        title="Kết luận của Ban Thường vụ Tỉnh ủy về một số nhiệm vụ trọng tâm, cấp bách phòng, chống dịch Covid-19",
        doc_type="Kết luận", date="2021-08-16", issuer="Tỉnh ủy Hà Tĩnh", province="Hà Tĩnh"),
}

CITING = Document(
    source="web-test://cong-van-14-cv-vp",
    url="https://example.org/van-ban/14-cv-vp",
    text=("Thực hiện Thông báo số 07-BS/QU ngày 09/02/2021 và Công văn số 529-CV/QU của Quận ủy Ba Đình, "
          "Văn phòng đề nghị các đơn vị tiếp tục công tác phòng, chống dịch Covid-19.\n\n"
          "1. Rà soát các khu cách ly tập trung, bảo đảm điều kiện tiếp nhận.\n"
          "2. Báo cáo kết quả theo Thông báo số 99-TB/TU trước ngày 28/02/2021."),
    meta=Metadata(title="Về việc triển khai các khu cách ly tập trung", doc_type="Công văn", number="14-CV/VP",
                  date="2021-02-20", issuer="Văn phòng Quận ủy Hà Đông", province="Hà Nội", district="Hà Đông",
                  signer="Trần Văn Thử", recipients=["Các chi bộ trực thuộc"],
                  cites=[Citation("07-BS/QU"), Citation("529-CV/QU"), Citation("99-TB/TU")]),
    fetched_at="2021-02-21T08:00:00+00:00",
    # As the crawler's duplicate grouping leaves it: the group's other members and every URL of the group.
    extra={"duplicates": ["f00dfeedf00dfeed"], "sources": [
        "https://example.org/van-ban/14-cv-vp", "https://example.net/mirror/14-cv-vp", "javascript:alert(2)"]},
)
COPY = Document(
    source="web-test://ban-sao-14-cv-vp", url="https://example.com/sao-y/14-cv-vp", text=CITING.text,
    meta=CITING.meta, id="f00dfeedf00dfeed", extra={"duplicate_of": CITING.id},
)

HOSTILE = Document(
    source="web-test://hostile",
    url="javascript:alert(1)",
    text='Đoạn có thẻ <script>alert("x")</script> và <img src=x onerror=alert(1)> giữa công tác phòng dịch.\n'
         "Dòng thứ hai & ký tự <b>đậm</b>.",
    meta=Metadata(title='<script>alert("t")</script> Thông báo thử', doc_type="Thông báo",
                  issuer="Sở <i>Y tế</i> & Môi trường", province="Hà Nam", date="2021-03-01"),
)


def build_web_home(home: Path) -> dict[str, str]:
    """Archive and index the documents above in ``home``; return ``{name: id}`` (file name, 'citing', 'copy', 'hostile')."""
    ids = {}
    with Archive(home / "archive.sqlite") as archive:
        for name, meta in SAMPLE_META.items():
            path = (SAMPLES / name).resolve()
            doc = Document(source=str(path), text=path.read_text(encoding="utf-8"), meta=meta)
            archive.put(doc)
            ids[name] = doc.id
        for name, doc in (("citing", CITING), ("copy", COPY), ("hostile", HOSTILE)):
            archive.put(doc)
            ids[name] = doc.id
        update_index(archive, IndexStore(home))
    return ids


@pytest.fixture(scope="session")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The home above, built once per test session: ``(home, ids)``."""
    home = tmp_path_factory.mktemp("web-home")
    return home, build_web_home(home)


@pytest.fixture(scope="session")
def ids(web_home) -> dict[str, str]:
    return web_home[1]


@pytest.fixture(scope="session")
def client(web_home) -> FlaskClient:
    """The real app over the web home, through Flask's test client."""
    return create_app({"TRACUU_HOME": str(web_home[0]), "TESTING": True}).test_client()


def page(response) -> BeautifulSoup:
    """A response's HTML, parsed."""
    return BeautifulSoup(response.get_data(as_text=True), "lxml")
