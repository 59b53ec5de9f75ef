"""The forms of real legal texts, one rule each: lines as the gazette, the web renditions and OCR print them."""

from tracuu.crawler.clean import clean_text
from tracuu.index.analyzer import DOCNO_RE
from tracuu.index.metadata import parse

HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


def test_an_issuer_over_two_lines_and_a_deputy_signing() -> None:
    text = ("CÔNG BÁO/Số 611 + 612/Ngày 14-5-2024\n45\nBỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\n" + HEADER +
            "Số: 03/2024/TT-BLĐTBXH\nHà Nội, ngày 18 tháng 4 năm 2024\nTHÔNG TƯ\nHướng dẫn một số nội dung\n"
            "Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12 tháng 9 năm 2022 của Chính phủ;\n"
            "Điều 1. Phạm vi\nNội dung.\nNơi nhận:\n- Như trên;\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Văn Thanh\n")
    meta = parse(text)
    assert (meta.doc_type, meta.number, meta.date) == ("Thông tư", "03/2024/TT-BLĐTBXH", "2024-04-18")
    assert meta.issuer == "Bộ Lao động - Thương binh và Xã hội" and meta.issuer_level == "trung ương"
    assert meta.signer == "Lê Văn Thanh" and "62/2022/NĐ-CP" in [c.number for c in meta.cites]


def test_a_law_numbered_on_its_type_line_dated_by_its_passing_and_signed_by_the_chair() -> None:
    text = ("QUỐC HỘI\nLuật số: 50/2024/QH15\n" + HEADER + "LUẬT CÔNG ĐOÀN\n"
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\nQuốc hội ban hành Luật Công đoàn.\n"
            "Điều 1. Công đoàn Việt Nam\nNội dung.\nLuật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam "
            "khóa XV,\nkỳ họp thứ 8 thông qua ngày 27 tháng 11 năm  2024.\nCHỦ TỊCH QUỐC HỘI\nTrần Thanh Mẫn\n")
    meta = parse(text)
    assert (meta.doc_type, meta.number, meta.date, meta.issuer, meta.signer) == \
        ("Luật", "50/2024/QH15", "2024-11-27", "Quốc hội", "Trần Thanh Mẫn")


def test_the_standing_committee_and_a_rank_before_the_name() -> None:
    meta = parse("ỦY BAN THƯỜNG VỤ QUỐC HỘI\nNghị quyết số: 24/2022/UBTVQH15\n" + HEADER + "NGHỊ QUYẾT\nVề việc\n"
                 "Điều 1. Nội dung.\nTM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHỦ TỊCH\nVương Đình Huệ\n")
    assert (meta.issuer, meta.number, meta.signer) == ("Ủy ban Thường vụ Quốc hội", "24/2022/UBTVQH15", "Vương Đình Huệ")
    police = parse("BỘ CÔNG AN\nSố: 86/2025/TT-BCA\nHà Nội, ngày 15 tháng 9 năm 2025\nTHÔNG TƯ\nQuy định\n"
                   "Điều 1. Nội dung.\nBỘ TRƯỞNG\nĐại tướng Lương Tam Quang\n")
    assert (police.issuer, police.signer) == ("Bộ Công an", "Lương Tam Quang")


def test_the_signature_before_long_annexes_and_a_stamp_beside_the_title() -> None:
    annex = "".join(f"{i}. Dòng phụ lục thứ {i} của biểu mẫu.\n" for i in range(80))
    meta = parse("CHÍNH PHỦ\nSố: 16/2026/NQ-CP\nHà Nội, ngày 07 tháng 4 năm 2026\nNGHỊ QUYẾT\nVề cơ chế\n"
                 "Điều 1. Nội dung.\nTM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNGy]\n[daky]\nNguyễn Hòa Bình\n"
                 "CÔNG BÁO/Số 240/Ngày 22-04-2026\nPhụ lục I\nTHỦ TRƯỞNG ĐƠN VỊ\n" + annex)
    assert (meta.signer, meta.signer_title, meta.date) == ("Nguyễn Hòa Bình", "Phó Thủ tướng", "2026-04-07")


def test_a_consolidated_text_is_its_authentication_block() -> None:
    text = (HEADER + "NGHỊ ĐỊNH\nQuy định chi tiết\nNghị định số 181/2025/NĐ-CP ngày 01 tháng 7 năm 2025 của Chính phủ,"
            " được sửa đổi, bổ sung bởi:\nCăn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
            "Điều 1. Nội dung.\nBỘ TÀI CHÍNH\nXÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 03/VBHN-BTC\n"
            "Hà Nội, ngày 12 tháng 02 năm 2026\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nCao Anh Tuấn\n")
    meta = parse(text)
    assert (meta.doc_type, meta.number, meta.date, meta.issuer, meta.signer) == \
        ("Văn bản hợp nhất", "03/VBHN-BTC", "2026-02-12", "Bộ Tài chính", "Cao Anh Tuấn")


def test_numbers_of_the_new_and_joint_forms_and_the_title_is_not_the_own_number() -> None:
    found = [m.group(0) for m in DOCNO_RE.finditer("Số: 66.16/2026/NQ-CP và 01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH")]
    assert found == ["66.16/2026/NQ-CP", "01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH"]
    meta = parse("CHÍNH PHỦ\nSố: 134/2026/NĐ-CP\nHà Nội, ngày 06 tháng 4 năm 2026\nNGHỊ ĐỊNH\n"
                 "Sửa đổi, bổ sung một số điều của Nghị định số 17/2023/NĐ-CP\nngày 26 tháng 4 năm 2023\n"
                 "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15\n- Luật Sở hữu trí tuệ số 50/2005/QH11;\n"
                 "Điều 1. Nội dung.\nTM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nMai Văn Chính\n")
    assert meta.number == "134/2026/NĐ-CP"
    assert {"17/2023/NĐ-CP", "63/2025/QH15", "50/2005/QH11"} <= {c.number for c in meta.cites}


def test_a_web_rendition_s_information_table() -> None:
    meta = parse("Nghị định 185/2026/NĐ-CP\nTHÔNG TIN VĂN BẢN\n| Thuộc tính | Nội dung |\n|---|---|\n"
                 "| Số hiệu | 185/2026/NĐ-CP |\n| Loại văn bản | Nghị định |\n| Cơ quan ban hành | Chính phủ |\n"
                 "| Người ký | Phạm Thị Thanh Trà (Phó Thủ tướng Chính phủ, ký thay Thủ tướng) |\n"
                 "| Ngày ban hành | 26/05/2026 |\nĐiều 1. Phạm vi\nNội dung.\n")
    assert (meta.doc_type, meta.number, meta.date, meta.issuer, meta.signer) == \
        ("Nghị định", "185/2026/NĐ-CP", "2026-05-26", "Chính phủ", "Phạm Thị Thanh Trà")


def test_a_sentence_going_on_with_tin_lien_quan_is_not_a_related_list() -> None:
    body = "".join(f"Dòng {i} của điều lệ.\n" for i in range(30))
    text = body + "được cung cấp thông\ntin liên quan đến nhiệm vụ được giao.\n" + body + "KT. BỘ TRƯỞNG\n"
    assert clean_text(text).rstrip().endswith("KT. BỘ TRƯỞNG")
    assert "Tin liên quan" not in clean_text(body + body + "Tin liên quan\nBài khác\n")


def test_the_president_signs_under_the_state_s_name_and_a_deputy_chief_justice() -> None:
    meta = parse("CHỦ TỊCH NƯỚC\n" + HEADER + "Số: 12/2025/QĐ-CTN\nHà Nội, ngày 10 tháng 3 năm 2025\nQUYẾT ĐỊNH\n"
                 "Về việc\nĐiều 1. Nội dung.\nCHỦ TỊCH NƯỚC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLương Cường\n")
    assert (meta.issuer, meta.signer) == ("Chủ tịch nước", "Lương Cường")
    court = parse("TÒA ÁN NHÂN DÂN\nTỐI CAO\nSố: 05/2025/TT-TANDTC\nHà Nội, ngày 02 tháng 6 năm 2025\nTHÔNG TƯ\n"
                  "Quy định\nĐiều 1. Nội dung.\nKT. CHÁNH ÁN\nPHÓ CHÁNH ÁN\nNguyễn Văn Tiến\n")
    assert (court.issuer, court.signer, court.issuer_level) == ("Tòa án nhân dân tối cao", "Nguyễn Văn Tiến", "trung ương")


def test_a_web_rendition_opening_with_its_type_and_number_and_its_chapters() -> None:
    text = ("Nghị định 213/2026/NĐ-CP\n" + HEADER + "Hà Nội, ngày 18 tháng 6 năm 2026\nChương I\nQUY ĐỊNH CHUNG\n"
            "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định chi tiết Nghị định số 120/2017/NĐ-CP.\n"
            "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG Phạm Gia Túc\n")
    meta = parse(text)
    assert (meta.doc_type, meta.number, meta.date, meta.issuer) == ("Nghị định", "213/2026/NĐ-CP", "2026-06-18", "Chính phủ")
    assert (meta.signer, meta.signer_title) == ("Phạm Gia Túc", "Phó Thủ tướng")
    cited = parse("Nghị định 213/2026/NĐ-CP quy định chi tiết Nghị định số 120/2017/NĐ-CP\nĐiều 1. Nội dung.\n")
    assert cited.number != "120/2017/NĐ-CP"  # only a line of type and number alone is the own number


def test_a_header_run_into_one_cell_and_an_ocr_space_before_the_slash() -> None:
    glued = parse("NỘI DUNG\n| CHÍNH PHỦSố: 75/2026/NĐ-CP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập – Tự do – Hạnh phúc"
                  "Hà Nội, ngày 16 tháng 3 năm 2026 |\nNGHỊ ĐỊNH\nQuy định chế độ tự chủ\nĐiều 1. Nội dung.\n")
    assert (glued.number, glued.issuer, glued.date) == ("75/2026/NĐ-CP", "Chính phủ", "2026-03-16")
    spaced = parse("Thời gian ký: 19.06.2026 16:27:49 +07:00.\nCHÍNH PHỦ " + HEADER.replace("\n", " ", 1) +
                   "Số: 215 /2026/NĐ-CP Hà Nội, ngày 18 tháng 6 năm 2026\n— NGHỊ ĐỊNH\nVề an ninh hàng không\n"
                   "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Nội dung.\n")
    assert (spaced.doc_type, spaced.number, spaced.date) == ("Nghị định", "215/2026/NĐ-CP", "2026-06-18")


def test_a_form_s_empty_signature_block_is_not_the_signer() -> None:
    text = ("CHÍNH PHỦ\nSố: 128/2026/NĐ-CP\n" + HEADER + "Hà Nội, ngày 06 tháng 4 năm 2026\nNGHỊ ĐỊNH\nSửa đổi\n"
            "Điều 1. Nội dung.\nTM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nHồ Đức Phớc\nMẫu số 01\n"
            "Kết quả thẩm định.\nNơi nhận:\nTHỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ\nTHẨM ĐỊNH PHƯƠNG ÁN GIÁ\n(Ký tên, đóng dấu nếu có)\n")
    assert parse(text).signer == "Hồ Đức Phớc"


def test_a_consolidated_text_without_its_authentication_and_a_law_s_date_in_the_preamble() -> None:
    text = ("CÔNG BÁO/Số 1221 + 1222/Ngày 06-11-2024\n63\n" + HEADER + "NGHỊ ĐỊNH\nQuy định chi tiết Pháp lệnh\n"
            "Nghị định số 131/2021/NĐ-CP ngày 30 tháng 12 năm 2021 của Chính phủ quy định chi tiết, có hiệu lực\n"
            "kể từ ngày 15 tháng 02 năm 2022, được sửa đổi, bổ sung bởi:\n"
            "Nghị định số 104/2022/NĐ-CP ngày 21 tháng 12 năm 2022 của Chính phủ.\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\nChính phủ ban hành Nghị định.\n"
            "Điều 1. Nội dung.\n(Xem tiếp Công báo số 1223 + 1224)\n")
    meta = parse(text)
    assert (meta.doc_type, meta.number, meta.date, meta.issuer) == ("Văn bản hợp nhất", None, None, None)
    letter = parse("BỘ TÀI CHÍNH\n" + HEADER + "THÔNG TƯ\nQuy định\nCăn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;\n"
                   "Điều 1. Nội dung.\n")
    assert letter.date is None  # the law's date, not this text's


def test_without_heading_or_number_the_first_article_says_the_type() -> None:
    text = ("CHÍNH PHỦ\n" + HEADER + "Hà Nội, ngày 27 tháng 6 năm 2026\nĐiều 1. Phạm vi điều chỉnh\n"
            "1. Nghị định này quy định việc gia hạn thời hạn nộp thuế.\n")
    assert parse(text).doc_type == "Nghị định"
    assert parse("CHÍNH PHỦ\nĐiều 1. Phạm vi\nVăn bản này áp dụng cho mọi người.\n").doc_type != "Nghị định"


def test_without_heading_the_first_article_s_scope_is_the_title() -> None:
    meta = parse("Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n1. Thông tư này hướng dẫn nội dung, cách ghi "
                 "thành phần dinh dưỡng trên nhãn. Nội dung khác.\n2. Không áp dụng.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nĐỗ Xuân Tuyên\n")
    assert meta.title == "Thông tư này hướng dẫn nội dung, cách ghi thành phần dinh dưỡng trên nhãn"
    assert (meta.doc_type, meta.signer) == ("Thông tư", "Đỗ Xuân Tuyên")
