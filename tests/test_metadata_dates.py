"""Vietnamese dates by our own rules: written out, numeric, signing lines, page dates."""

import pytest

from tracuu.index.dates import dateline, find_dates, parse_date, published_date, signing_lines
from tracuu.index.textlines import Text


@pytest.mark.parametrize("text, iso", [
    ("ngày 21 tháng 09 năm 2025", "2025-09-21"),
    ("Ngày 9 tháng 2 năm 2021", "2021-02-09"),
    ("NGÀY 13 THÁNG 11 NĂM 2021", "2021-11-13"),
    ("ngay 13 thang 11 nam 2021", "2021-11-13"),  # a header typed without accents
    ("ngày  13  tháng  11\nnăm 2021", "2021-11-13"),  # OCR spacing, a line break inside
    ("ngày 13 tháng 11, năm 2021", "2021-11-13"),
    ("09/02/2021", "2021-02-09"),  # day first, always
    ("9/2/2021", "2021-02-09"),
    ("09-02-2021", "2021-02-09"),
    ("09.02.2021", "2021-02-09"),
    ("09 / 02 / 2021", "2021-02-09"),
    ("2021-08-11T20:04:00+07:00", "2021-08-11"),
])
def test_one_date_in_any_written_form(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["ngày 31 tháng 02 năm 2021", "32/01/2021", "29/02/2021", "10/13/2021",
                                  "Công văn số 2458-CV/ĐUK, ngày 29/77/2020", "11/8", "tháng 11/2021"])
def test_impossible_or_partial_dates_are_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_mixed_separators_are_not_one_date() -> None:
    assert find_dates("09/02-2021") == []


def test_dates_in_order_without_overlap() -> None:
    found = find_dates("Ngày 16/8/2021 họp; Hà Nội, ngày 20 tháng 8 năm 2021; từ 1.9.2021")
    assert [d.iso for d in found] == ["2021-08-16", "2021-08-20", "2021-09-01"]


@pytest.mark.parametrize("text, place, iso", [
    ("Ba Đình, ngày 13 tháng 11 năm 2021", "Ba Đình", "2021-11-13"),
    ("*Ba Đình, ngày 13 tháng 11 năm 2021*", "Ba Đình", "2021-11-13"),
    ("Hà Nội, ngày 09/02/2021", "Hà Nội", "2021-02-09"),
    ("Hà Nội,ngày 9-2-2021", "Hà Nội", "2021-02-09"),
    ("TP. Hồ Chí Minh, ngày 5 tháng 7 năm 2021", "TP. Hồ Chí Minh", "2021-07-05"),
    ("Thành phố Vinh, ngày 10 tháng 01 năm 2022", "Thành phố Vinh", "2022-01-10"),
    ("HÀ TĨNH, NGÀY 16 THÁNG 8 NĂM 2021", "HÀ TĨNH", "2021-08-16"),
    ("Bà Rịa - Vũng Tàu, ngày 26 tháng 05 năm 2021", "Bà Rịa - Vũng Tàu", "2021-05-26"),
    ("Số: 15/CT-UBND Hà Tĩnh, ngày 05 tháng 8 năm 2021", "Hà Tĩnh", "2021-08-05"),
    ("QUẬN ỦY BA ĐÌNH * Số 529-CV/QU Ba Đình, ngày 13 tháng 11 năm 2021", "Ba Đình", "2021-11-13"),
])
def test_signing_lines(text: str, place: str, iso: str) -> None:
    found = signing_lines(Text(text))
    assert [(s.place, s.date) for s in found] == [(place, iso)]


@pytest.mark.parametrize("text", [
    "Thực hiện Chỉ thị số 22/CT-UBND, ngày 20/9/2021 của Chủ tịch UBND Thành phố",
    "kiểm tra tại Hà Nội, ngày 5/8/2021 đoàn công tác đã làm việc",
    "Hà Nội, ngày      tháng     năm 2021",
])
def test_a_date_inside_a_sentence_is_not_a_signing_line(text: str) -> None:
    assert signing_lines(Text(text)) == []


def test_published_date_from_page_metadata() -> None:
    assert published_date({"article:published_time": "2021-08-11T20:04:00+07:00"}) == "2021-08-11"
    assert published_date({"pubdate": "11/08/2021 20:04"}) == "2021-08-11"
    assert published_date({"og:title": "x"}) is None
    assert published_date(None) is None


@pytest.mark.parametrize("line", ["Tin tức 11/08/2021 20:04", "Thứ Tư, 11/08/2021|15:01", "01:00 11/08/2021 GMT+7",
                                  "Thứ tư, ngày 11/08/2021", "Cập nhật: 11/08/2021"])
def test_a_news_dateline(line: str) -> None:
    assert dateline(Text(f"Tiêu đề bài báo\n{line}\nNội dung.")) == "2021-08-11"


def test_a_date_without_time_or_weekday_is_not_a_dateline() -> None:
    assert dateline(Text("Tiêu đề\nNgày 11/08/2021, Thành ủy họp.")) is None
