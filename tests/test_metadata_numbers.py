"""Document numbers: the document's own, and every other one it names (citations)."""

import pytest

from tracuu.index.analyzer import normalize_docno
from tracuu.index.doctypes import type_of_number
from tracuu.index.numbers import citations, number_from_title, numbers_in, own_numbers
from tracuu.index.textlines import Text


def numbers(text: str) -> list[str]:
    return [n.number for n in numbers_in(Text(text))]


def own(text: str) -> list[str]:
    doc = Text(text)
    return [n.number for n in own_numbers(doc, numbers_in(doc))]


def cites(text: str, mine: tuple[str, ...] = ()) -> list[tuple]:
    doc = Text(text)
    return [(c.number, c.doc_type, c.date) for c in citations(doc, numbers_in(doc), list(mine))]


@pytest.mark.parametrize("raw, number", [
    ("452-TB/TU", "452-TB/TU"),
    ("07 - BS/QU", "07-BS/QU"),
    ("07  -  BS/QU", "07-BS/QU"),
    ("03/CT-UBND", "03/CT-UBND"),
    ("03 /CT-UBND", "03/CT-UBND"),
    ("8149/Đ-VP-CP", "8149/Đ-VP-CP"),
    ("23/2021/QĐ-TTg", "23/2021/QĐ-TTg"),
    ("23/2021/QÐ-TTg", "23/2021/QĐ-TTg"),  # the eth of legacy fonts is Đ
    ("12/TTr-UBND", "12/TTr-UBND"),
    ("59/2020/QH14", "59/2020/QH14"),
    ("30 – KL/TU", "30-KL/TU"),
    ("529-\nCV/QU", "529-CV/QU"),  # split over lines
])
def test_numbers_are_normalised(raw: str, number: str) -> None:
    assert numbers(f"theo văn bản số {raw} của") == [number]
    assert normalize_docno(raw) == number


@pytest.mark.parametrize("text", ["giai đoạn 2021 - 2022", "trực 24/24h và 7/7 ngày", "250.000 đồng/người/ngày",
                                  "COVID-19", "PC-COVID", "Khu/Cụm công nghiệp", "khu Pháp Vân - Tứ Hiệp",
                                  "tổ 1 - Ba/Đình", "F0/F1"])
def test_what_is_not_a_number(text: str) -> None:
    assert numbers(text) == []


@pytest.mark.parametrize("text, number", [
    ("QUẬN ỦY BA ĐÌNH\n*\nSố 529-CV/QU\nBa Đình, ngày 13 tháng 11 năm 2021", "529-CV/QU"),
    ("THÀNH ỦY HÀ NỘI\nSố: 452-TB/TU", "452-TB/TU"),
    ("THÀNH ỦY HÀ NỘI\nSố:452-TB/TU", "452-TB/TU"),
    ("THÀNH ỦY HÀ NỘI\nSỐ : 452 - TB/TU", "452-TB/TU"),
    ("THANH UY HA NOI\nSo: 452-TB/TU", "452-TB/TU"),
    ("THÀNH ỦY HÀ NỘI\nSố:\n452-TB/TU", "452-TB/TU"),
    ("THÀNH ỦY HÀ NỘI\nSố: 452-\nTB/TU", "452-TB/TU"),
    ("Độc lập - Tự do - Hạnh phúc\nSố: 22/CT-UBND Hà Nội, ngày 20 tháng 9 năm 2021", "22/CT-UBND"),
    ("QUẬN ỦY BA ĐÌNH * Số 529-CV/QU Ba Đình, ngày 13 tháng 11 năm 2021", "529-CV/QU"),
    ("QUẬN ỦY BA ĐÌNH\n529-CV/QU\nBa Đình, ngày 13 tháng 11 năm 2021", "529-CV/QU"),
])
def test_own_number(text: str, number: str) -> None:
    assert own(text)[:1] == [number]


@pytest.mark.parametrize("text", [
    "Thực hiện Thông báo số 563-TB/TU ngày 09/11/2021 của Thành ủy",
    "Căn cứ Chỉ thị\nSố 15/CT-TTg của Thủ tướng Chính phủ về ...",
    "Sau đó, số 470-TB/QU của Quận ủy yêu cầu các đơn vị triển khai ngay các biện pháp cấp bách, kiên quyết xử lý",
])
def test_a_number_named_in_a_sentence_is_not_the_documents(text: str) -> None:
    assert own(text) == []


def test_a_copy_carries_two_numbers_of_its_own() -> None:
    text = "THÀNH ỦY HÀ NỘI\nSố 125-TB/TU\nTHÔNG BÁO\n...\nQUẬN ỦY HÀ ĐÔNG\n*\nSố 07 - BS/QU\nSAO LỤC"
    assert own(text) == ["125-TB/TU", "07-BS/QU"]


def test_number_from_a_page_title() -> None:
    assert number_from_title("Quyết định số 123/QĐ-UBND về việc phê duyệt").number == "123/QĐ-UBND"
    assert number_from_title("Chỉ thị 03/CT-UBND về thực hiện quyết liệt").number == "03/CT-UBND"
    assert number_from_title("Hà Nội thực hiện Chỉ thị 03/CT-UBND") is None
    assert number_from_title(None) is None


def test_citations_carry_type_and_date_when_given() -> None:
    text = ("Thực hiện Thông báo kết luận số 125-TB/TU ngày 02/02/2021 của Thường trực Thành ủy và Chỉ thị "
            "03/CT-UBND ngày 3/2/2021; Nghị quyết số 128/NQ-CP của Chính phủ, Công điện số 8149/Đ-VP-CP ngày "
            "07/11/2021, Chỉ thị số 22/CT-UBND, ngày 20/9/2021, Công điện khẩn số 07 - CĐ/TU.")
    assert cites(text) == [("125-TB/TU", "Thông báo", "2021-02-02"), ("03/CT-UBND", "Chỉ thị", "2021-02-03"),
                           ("128/NQ-CP", "Nghị quyết", None), ("8149/Đ-VP-CP", "Công điện", "2021-11-07"),
                           ("22/CT-UBND", "Chỉ thị", "2021-09-20"), ("07-CĐ/TU", "Công điện", None)]


def test_a_list_of_numbers_shares_its_type() -> None:
    text = "Chỉ thị số 06-CT/QU, Thông báo số 466-TB/QU, số 470-TB/QU của Quận ủy; Chỉ thị 15/CT-TTg và 16/CT-TTg"
    assert cites(text) == [("06-CT/QU", "Chỉ thị", None), ("466-TB/QU", "Thông báo", None),
                           ("470-TB/QU", "Thông báo", None), ("15/CT-TTg", "Chỉ thị", None),
                           ("16/CT-TTg", "Chỉ thị", None)]


def test_a_number_named_twice_is_cited_once_with_what_either_mention_says() -> None:
    text = "theo Chỉ thị 16/CT-TTg; ... thực hiện giãn cách theo Chỉ thị 16/CT-TTg ngày 31/3/2020."
    assert cites(text) == [("16/CT-TTg", "Chỉ thị", "2020-03-31")]


def test_the_documents_own_numbers_are_never_citations() -> None:
    text = "Số 529-CV/QU\n... Công văn số 528-CV/QU ngày 11/11/2021 và Công văn 529-CV/QU"
    assert cites(text, ("529-CV/QU",)) == [("528-CV/QU", "Công văn", "2021-11-11")]


def test_a_number_glued_to_so() -> None:
    assert cites("tại Thông báo số53/TB-VPCP ngày 02/3/2010 của Văn phòng Chính phủ") == \
        [("53/TB-VPCP", "Thông báo", "2010-03-02")]


@pytest.mark.parametrize("number, kind", [
    ("452-TB/TU", "Thông báo"), ("30-KL/TU", "Kết luận"), ("03/CT-UBND", "Chỉ thị"), ("529-CV/QU", "Công văn"),
    ("23/2021/QĐ-TTg", "Quyết định"), ("128/NQ-CP", "Nghị quyết"), ("12/TTr-UBND", "Tờ trình"),
    ("07-BS/QU", "Sao lục"), ("3541/UBND-KGVX", "Công văn"), ("8149/Đ-VP-CP", None),
])
def test_type_of_a_number(number: str, kind: str | None) -> None:
    assert type_of_number(number) == kind
