"""Whole documents through the parser: plain text as received and HTML pages through the crawler's reader."""

from tracuu.crawler.files import document_from_bytes
from tracuu.index.metadata import parse

PLAN = """ỦY BAN NHÂN DÂN
QUẬN HOÀN KIẾM
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 245/KH-UBND
Hoàn Kiếm, ngày 21 tháng 09 năm 2021

KẾ HOẠCH
Triển khai các biện pháp phòng, chống dịch COVID-19 trên địa bàn quận
I. MỤC ĐÍCH, YÊU CẦU
1. Thực hiện nghiêm Chỉ thị số 22/CT-UBND ngày 20/9/2021 của Chủ tịch UBND Thành phố.
II. NỘI DUNG
1. Các phường Hàng Bạc, Hàng Đào rà soát người về từ các tỉnh, thành phố.
III. TỔ CHỨC THỰC HIỆN
Giao Văn phòng HĐND - UBND quận theo dõi, tổng hợp, báo cáo UBND Thành phố.

Nơi nhận:
- UBND Thành phố (để báo cáo);
- Thường trực Quận ủy;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Anh Quân
"""

NEWS = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Hà Nội kích hoạt các khu cách ly - Tin tức</title>
<meta property="og:type" content="article">
<meta property="og:title" content="Hà Nội yêu cầu kích hoạt 100% các khu cách ly tập trung">
<meta property="article:published_time" content="2021-08-11T20:04:00+07:00">
</head><body><article>
<h1>Hà Nội yêu cầu kích hoạt 100% các khu cách ly tập trung</h1>
<p>TTTĐ - Văn phòng Thành ủy Hà Nội vừa ban hành Thông báo số 452-TB/TU về “Kết luận của Thường trực Thành ủy về
tiếp tục tăng cường các biện pháp phòng, chống dịch Covid-19 trên địa bàn thành phố”.</p>
<p>Kết luận được đưa ra tại cuộc họp Thường trực Thành ủy Hà Nội ngày 9/8/2021. Đối với 4 quận: Ba Đình, Hoàn Kiếm,
Hai Bà Trưng, Đống Đa, giao Bộ Tư lệnh Thủ đô hỗ trợ trung tâm cách ly tập trung đưa F1 của 4 đơn vị đi cách ly.</p>
<p>Minh Anh</p>
</article></body></html>"""

PORTAL = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Công văn số 529-CV/QU của Quận ủy Ba Đình</title>
<meta property="article:published_time" content="2021-11-15T09:00:00+07:00">
</head><body><article>
<table><tr><td>ĐẢNG BỘ THÀNH PHỐ HÀ NỘI<br>QUẬN ỦY BA ĐÌNH<br>*<br>Số 529-CV/QU<br>
<i>V/v tăng cường công tác phòng chống dịch CoVid-19 trong tình hình mới</i></td>
<td>ĐẢNG CỘNG SẢN VIỆT NAM<br><i>Ba Đình, ngày 13 tháng 11 năm 2021</i></td></tr></table>
<p>Kính gửi: Đảng ủy 14 phường.</p>
<p>Thực hiện Thông báo số 563-TB/TU ngày 09/11/2021 của Thành ủy về công tác phòng chống dịch CoVid-19 trên địa bàn
Thành phố, Ban Thường vụ Quận ủy yêu cầu các đơn vị tập trung thực hiện các nhiệm vụ trọng tâm sau đây.</p>
<table><tr><td>Nơi nhận:<br>- Thường trực Thành ủy, (để báo cáo)<br>- Lưu Văn phòng Quận ủy.</td>
<td>T/M BAN THƯỜNG VỤ<br>PHÓ BÍ THƯ THƯỜNG TRỰC<br><br><b>Nguyễn Công Thành</b></td></tr></table>
</article></body></html>"""


def test_a_plan_with_roman_numbered_sections() -> None:
    meta = parse(PLAN)
    assert (meta.doc_type, meta.number, meta.date) == ("Kế hoạch", "245/KH-UBND", "2021-09-21")
    assert (meta.issuer, meta.issuer_level, meta.province, meta.district) == \
        ("UBND quận Hoàn Kiếm", "huyện", "Hà Nội", "Hoàn Kiếm")
    assert (meta.signer, meta.signer_title) == ("Nguyễn Anh Quân", "Phó Chủ tịch")
    assert meta.title == "Kế hoạch triển khai các biện pháp phòng, chống dịch COVID-19 trên địa bàn quận"
    assert meta.recipients == ["UBND Thành phố", "Thường trực Quận ủy"]
    assert [(c.number, c.doc_type, c.date) for c in meta.cites] == [("22/CT-UBND", "Chỉ thị", "2021-09-20")]


def test_a_news_page_reports_a_document() -> None:
    doc = document_from_bytes(NEWS.encode(), "https://example.vn/tin/1", "text/html")
    meta = doc.meta
    assert (meta.doc_type, meta.number, meta.date, meta.published) == ("Tin tức", None, "2021-08-11", "2021-08-11")
    assert (meta.signer, meta.recipients) == (None, [])  # a byline is not a signature
    assert (meta.province, meta.district) == ("Hà Nội", None)
    assert [c.number for c in meta.cites] == ["452-TB/TU"]
    assert meta.places == ["Ba Đình", "Hoàn Kiếm", "Hai Bà Trưng", "Đống Đa"]


def test_a_news_text_without_page_metadata() -> None:
    meta = parse("Quận Ba Đình siết chặt phòng dịch\n\nThứ Bảy, 13/11/2021, 08:15 (GMT+7)\n(HNM) - Quận ủy Ba Đình "
                 "vừa ban hành Công văn số 529-CV/QU về tăng cường công tác phòng, chống dịch.\nMinh Anh")
    assert (meta.doc_type, meta.date, meta.issuer, meta.district) == \
        ("Tin tức", "2021-11-13", "Quận ủy Ba Đình", "Ba Đình")
    assert [(c.number, c.doc_type) for c in meta.cites] == [("529-CV/QU", "Công văn")]


def test_a_directive_published_on_a_portal_page() -> None:
    doc = document_from_bytes(PORTAL.encode(), "https://example.vn/vb/529", "text/html")
    meta = doc.meta
    assert (meta.doc_type, meta.number, meta.date, meta.published) == \
        ("Công văn", "529-CV/QU", "2021-11-13", "2021-11-15")
    assert (meta.issuer, meta.province, meta.district) == ("Quận ủy Ba Đình", "Hà Nội", "Ba Đình")
    assert (meta.signer, meta.signer_title) == ("Nguyễn Công Thành", "Phó Bí thư Thường trực")
    assert meta.recipients == ["Đảng ủy 14 phường", "Thường trực Thành ủy"]
    assert [c.number for c in meta.cites] == ["563-TB/TU"]


def test_what_a_document_does_not_carry_comes_out_null() -> None:
    meta = parse("KẾT LUẬN\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\n\nNgày 16/8/2021, Ban Thường vụ Tỉnh ủy họp. Công dân Hà Tĩnh.")
    assert (meta.number, meta.number_raw, meta.district, meta.signer, meta.signer_title, meta.published) == \
        (None, None, None, None, None, None)
    assert (meta.recipients, meta.cites) == ([], [])
    assert (meta.doc_type, meta.date, meta.province) == ("Kết luận", "2021-08-16", "Hà Tĩnh")


def test_the_opening_date_is_not_a_cited_documents_or_a_period() -> None:
    meta = parse("THÔNG BÁO\nKết luận chỉ đạo\n\nThực hiện Chỉ thị số 22/CT-UBND, ngày 20/9/2021 của Chủ tịch UBND "
                 "Thành "
                 "phố; rà soát từ ngày 15/9/2021 đến ngày 30/9/2021; 14 giờ 30 phút, ngày 02/10/2021, đồng chí Phó Chủ "
                 "tịch chủ trì hội nghị.")
    assert meta.date == "2021-10-02"


def test_type_from_the_number_or_the_greeting_without_a_heading() -> None:
    assert parse("QUẬN ỦY BA ĐÌNH\nSố 529-CV/QU\nBa Đình, ngày 13 tháng 11 năm 2021\nNội dung.").doc_type == "Công văn"
    assert parse("SỞ Y TẾ\nSố: 12/SYT-NV\nHà Nội, ngày 1/9/2021\nKính gửi: Các bệnh viện.").doc_type == "Công văn"
    assert parse("Số 07 - BS/QU\nHà Đông, ngày 09 tháng 02 năm 2021\nNội dung.").doc_type == "Sao lục"
    assert parse("Một đoạn văn không phải văn bản chỉ đạo, không số, không ngày.").doc_type is None


def test_headings_in_any_case_and_without_accents() -> None:
    assert parse("CHỈ THỊ\nVề tăng cường phòng dịch\nNội dung.").doc_type == "Chỉ thị"
    assert parse("CONG DIEN KHAN\nVe phong chong dich\nNoi dung.").doc_type == "Công điện"
    assert parse("Thông báo\nKết luận của Thường trực\nNội dung.").doc_type == "Thông báo"
    assert parse("THÔNG BÁO KẾT LUẬN CỦA THƯỜNG TRỰC THÀNH ỦY\nNội dung.").doc_type == "Thông báo"
    assert parse("Quyết định số 12/QĐ-UBND ngày 1/9/2021 đã được ban hành và có hiệu lực.").doc_type is None
