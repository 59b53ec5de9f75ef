"""The registry of issuing bodies: names, abbreviations and codes as staff and documents write them."""

import pytest

from tracuu.index.issuers import bodies, by_code, find_issuers, lookup


@pytest.mark.parametrize("text, name", [
    ("btc", "Bộ Tài chính"), ("Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo"), ("bo gd dt", "Bộ Giáo dục và Đào tạo"),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"), ("bldtbxh", "Bộ Lao động - Thương binh và Xã hội"),
    ("Bộ LĐ-TB&XH", "Bộ Lao động - Thương binh và Xã hội"), ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"), ("bo y te", "Bộ Y tế"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
    ("NGÂN HÀNG NHÀ NƯỚC\nVIỆT NAM", "Ngân hàng Nhà nước Việt Nam"), ("nhnn", "Ngân hàng Nhà nước Việt Nam"),
    ("Bộ Văn hoá, Thể thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch"), ("TTg", "Thủ tướng Chính phủ"),
    ("UBND tỉnh", "Ủy ban nhân dân"), ("TU", "Tỉnh ủy"), ("vksndtc", "Viện kiểm sát nhân dân tối cao"),
])
def test_names_and_abbreviations(text: str, name: str) -> None:
    assert lookup(text).name == name


def test_short_forms_that_are_words_count_only_as_typed() -> None:
    assert lookup("tu") is None and lookup("từ") is None
    assert lookup("Bộ") is None and lookup("") is None


def test_the_2025_successors() -> None:
    assert lookup("Bộ Kế hoạch và Đầu tư").became == "Bộ Tài chính"
    assert lookup("BLĐTBXH").became == "Bộ Nội vụ"
    assert lookup("Bộ Tài chính").became is None
    assert all(lookup(b.became) is not None for b in bodies() if b.became)


def test_codes_and_levels() -> None:
    assert by_code("BTC").name == "Bộ Tài chính" and by_code("QH").name == "Quốc hội"
    assert lookup("Bộ Y tế").central and not lookup("UBND").central


def test_bodies_found_in_a_query() -> None:
    found = find_issuers("thong tu btc ve thue 2024")
    assert [(f.body.name, f.start, f.end) for f in found] == [("Bộ Tài chính", 9, 12)]
    assert [f.body.name for f in find_issuers("TT 01/2025 BLDTBXH")] == ["Bộ Lao động - Thương binh và Xã hội"]
    assert [f.body.name for f in find_issuers("quyết định của bộ y tế về thuốc")] == ["Bộ Y tế"]
    assert find_issuers("nghỉ hưu trước tuổi") == []


def test_party_central_organs_and_their_2025_successors() -> None:
    assert lookup("BAN TUYÊN GIÁO\nTRUNG ƯƠNG").became == "Ban Tuyên giáo và Dân vận Trung ương"
    assert lookup("Văn phòng Trung ương Đảng").central
    assert by_code("VPTW").name == "Văn phòng Trung ương Đảng"
