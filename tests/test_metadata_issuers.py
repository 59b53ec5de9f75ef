"""Issuers as documents name them, normalised, with their level."""

import pytest

from tracuu.index.metadata import parse


def issuer(text: str) -> tuple:
    meta = parse(text)
    return meta.issuer, meta.issuer_level


@pytest.mark.parametrize("header, name, level", [
    ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI\nQUẬN ỦY BA ĐÌNH\n*\nSố 529-CV/QU", "Quận ủy Ba Đình", "huyện"),
    ("THÀNH ỦY HÀ NỘI\n*\nSố 452-TB/TU", "Thành ủy Hà Nội", "tỉnh"),
    ("TỈNH ỦY HÀ TĨNH\n*\nSố 30-KL/TU", "Tỉnh ủy Hà Tĩnh", "tỉnh"),
    ("Tỉnh ủy Hà Tĩnh\nSố 30-KL/TU", "Tỉnh ủy Hà Tĩnh", "tỉnh"),
    ("TINH UY HA TINH\nSo: 30-KL/TU", "Tỉnh ủy Hà Tĩnh", "tỉnh"),  # no accents
    ("HUYỆN ỦY GIA LÂM\n*\nSố 221-CV/HU", "Huyện ủy Gia Lâm", "huyện"),
    ("THỊ ỦY SƠN TÂY\n*\nSố 2-CT/TU", "Thị ủy Sơn Tây", "huyện"),
    (("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "---------------\nSố: 3541/UBND-KGVX"), "UBND thành phố Hà Nội", "tỉnh"),
    (("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "Số: 15/CT-UBND Hà Tĩnh, ngày 05 tháng 8 năm 2021"), "UBND tỉnh Hà Tĩnh", "tỉnh"),
    ("UBND QUẬN HOÀN KIẾM\nSố: 12/KH-UBND", "UBND quận Hoàn Kiếm", "huyện"),
    ("UBND QUẬN BA ĐÌNH\nUBND PHƯỜNG GIẢNG VÕ\nSố: 3/KH-UBND", "UBND phường Giảng Võ", "xã"),
    ("UBND THÀNH PHỐ HÀ NỘI\nVĂN PHÒNG\nSố: 11/TB-VP", "Văn phòng UBND thành phố Hà Nội", "tỉnh"),
    ("VĂN PHÒNG UBND THÀNH PHỐ HÀ NỘI\nSố: 11/TB-VP", "Văn phòng UBND thành phố Hà Nội", "tỉnh"),
    ("UBND THÀNH PHỐ HÀ NỘI\nSỞ Y TẾ\nSố: 123/SYT-NVY", "Sở Y tế thành phố Hà Nội", "tỉnh"),
    ("TỈNH ỦY NGHỆ AN\nĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\n*\nSố 45-HD/ĐUK", "Đảng ủy khối các cơ quan tỉnh Nghệ An",
     "tỉnh"),
    ("BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19\nTHÀNH PHỐ HÀ NỘI\nSố: 12/CV-BCĐ",
     "Ban Chỉ đạo phòng, chống dịch COVID-19 thành phố Hà Nội", "tỉnh"),
    ("TỈNH ỦY HÀ TĨNH\nBAN TUYÊN GIÁO\n*\nSố 12-HD/BTGTU", "Ban Tuyên giáo Tỉnh ủy Hà Tĩnh", "tỉnh"),
    ("HĐND TỈNH HÀ TĨNH\nTHƯỜNG TRỰC\nSố: 5/TB-HĐND", "Thường trực HĐND tỉnh Hà Tĩnh", "tỉnh"),
    ("SỞ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/SYT-NV", "Sở Y tế", "tỉnh"),
    ("BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH TRÀ VINH\nSố: 199/CV-BCĐ", "Ban Chỉ đạo phòng, chống dịch Trà Vinh", "tỉnh"),
    ("BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 97-QĐ/TW", "Ban Chấp hành Trung ương", "trung ương"),
    ("CHÍNH PHỦ\n********\nSố: 796/CP-CN", "Chính phủ", "trung ương"),
    ("THỦ TƯỚNG CHÍNH PHỦ\n--------\nSố: 1305/CĐ-TTg", "Thủ tướng Chính phủ", "trung ương"),
    ("VĂN PHÒNG CHÍNH PHỦ\n-------\nSố: 3937/VPCP-KTN", "Văn phòng Chính phủ", "trung ương"),
])
def test_issuer_from_the_header(header: str, name: str, level: str) -> None:
    found = issuer(header + "\nHà Nội, ngày 1 tháng 9 năm 2021\n\nNội dung của văn bản.")
    assert (found[0].lower(), found[1]) == (name.lower(), level)


def test_issuer_from_the_heading() -> None:
    assert issuer("KẾT LUẬN\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nVỀ CÔNG TÁC PHÒNG, CHỐNG DỊCH\n\nNgày 16/8/2021, Ban Thường "
                  "vụ Tỉnh ủy họp. Công dân Hà Tĩnh ...") == ("Ban Thường vụ Tỉnh ủy Hà Tĩnh", "tỉnh")


def test_issuer_from_the_sentence_that_issues_it() -> None:
    text = ("THÔNG BÁO\nKẾT LUẬN CHỈ ĐẠO CỦA ĐỒNG CHÍ PHÓ CHỦ TỊCH UBND THÀNH PHỐ\n14 giờ 30 phút, ngày 02/10/2021, "
            "tại "
            "thành phố Hà Nội ...\nVăn phòng UBND Thành phố thông báo kết luận chỉ đạo để các đơn vị biết./.")
    assert issuer(text) == ("Văn phòng UBND thành phố Hà Nội", "tỉnh")


def test_a_news_report_names_the_issuer_of_what_it_reports() -> None:
    text = ("Hà Nội kích hoạt các khu cách ly\nTin tức 11/08/2021 20:04\nTTTĐ - Văn phòng Thành ủy Hà Nội vừa ban "
            "hành Thông báo số 452-TB/TU. Thường trực Thành ủy chỉ đạo các cấp.")
    assert issuer(text) == ("Văn phòng Thành ủy Hà Nội", "tỉnh")


def test_a_news_report_without_an_issuing_sentence_has_no_issuer() -> None:
    text = "Hà Nội kích hoạt các khu cách ly\nTin tức 11/08/2021 20:04\nTTTĐ - Chiều 11/8, Hà Nội ghi nhận 12 ca mắc."
    assert issuer(text) == (None, None)


def test_issuer_from_the_numbers_suffix_when_nothing_else_names_it() -> None:
    text = "Số 07-BS/QU\nHà Đông, ngày 09 tháng 02 năm 2021\n\nSAO LỤC\nNội dung."
    assert issuer(text) == ("Quận ủy Hà Đông", "huyện")
    assert issuer("Số: 22/CT-UBND\nHà Nội, ngày 20 tháng 9 năm 2021\nNội dung.") == ("UBND thành phố Hà Nội", "tỉnh")


def test_the_copys_header_names_the_copying_body() -> None:
    text = ("THÔNG BÁO\nKết luận của Thường trực Thành ủy\n\nNgày 08/02/2021, Thường trực Thành ủy họp.\n\n"
            "T/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\nĐã ký: Trần Anh Tuấn\n\nQUẬN ỦY HÀ ĐÔNG\n\n*\n\nSố 07 - BS/QU\n\n"
            "SAO LỤC\n\nHà Đông, ngày 09 tháng 02 năm 2021\n\nT/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\n\nNguyễn Sĩ Hoạt")
    meta = parse(text)
    assert (meta.issuer, meta.number, meta.date, meta.signer) == \
        ("Quận ủy Hà Đông", "07-BS/QU", "2021-02-09", "Nguyễn Sĩ Hoạt")


def test_the_closing_notice_outranks_a_request_in_the_body() -> None:
    text = ("THÔNG BÁO\nKết luận tại buổi làm việc\n\nBan Thường vụ Quận ủy kết luận: UBND quận yêu cầu các phường "
            "rà soát. Thường trực Quận ủy yêu cầu tăng cường kiểm tra.\n\nVăn phòng Quận ủy thông báo để các đơn vị "
            "thực hiện./.\n\nQuận ủy Ba Đình")
    assert parse(text).issuer.startswith("Văn phòng Quận ủy")
    opening = "THÔNG BÁO\nKết luận\n\nBan Thường vụ Tỉnh ủy kết luận: UBND tỉnh yêu cầu các huyện. Công dân Hà Tĩnh."
    assert parse(opening).issuer == "Ban Thường vụ Tỉnh ủy Hà Tĩnh"


def test_a_name_outside_the_grammar_keeps_its_place_and_its_capitals() -> None:
    meta = parse("BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH TRÀ VINH\nSố: 199/CV-BCĐ\nTrà Vinh, ngày 18 tháng 06 năm 2021\n\n"
                 "Kính gửi: các sở, ban, ngành.\n\nHỗ trợ người dân về từ Hà Nội.")
    assert (meta.issuer, meta.province, meta.district) == ("Ban Chỉ đạo phòng, chống dịch Trà Vinh", "Trà Vinh", None)
