"""Signature blocks (signer, title) and recipients."""

import pytest

from tracuu.index.signature import recipients, signature
from tracuu.index.textlines import Text


def signed(text: str) -> tuple:
    found = signature(Text("Nội dung của văn bản./.\n\n" + text))
    return found.signer, found.title


@pytest.mark.parametrize("block, signer, title", [
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\nTrần Thế Dũng", "Trần Thế Dũng", "Phó Bí thư"),
    ("**T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC**\n\n\n\n**Nguyễn Công Thành**", "Nguyễn Công Thành",
     "Phó Bí thư Thường trực"),
    ("T/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\nĐã ký: Trần Anh Tuấn", "Trần Anh Tuấn", "Chánh Văn phòng"),
    ("KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\nPhạm Thị Thu Huyền", "Phạm Thị Thu Huyền", "Phó Chánh Văn phòng"),
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nChử Xuân Dũng", "Chử Xuân Dũng", "Phó Chủ tịch"),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nVõ Trọng Hải", "Võ Trọng Hải", "Chủ tịch"),
    ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n(đã ký và đóng dấu)\nNguyễn Văn Thắng", "Nguyễn Văn Thắng", "Chánh Văn phòng"),
    ("T/M ĐẢNG ỦY\nBÍ THƯ\nĐã ký\nNGUYỄN VĂN AN", "Nguyễn Văn An", "Bí thư"),
    ("KT THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nNguyễn Tấn Dũng", "Nguyễn Tấn Dũng", "Phó Thủ tướng"),
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Hữu Vũ", "Nguyễn Hữu Vũ", "Phó Chủ nhiệm"),
    ("- Lưu: VT, KGVX. KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\nPhạm Thị Thu Huyền", "Phạm Thị Thu Huyền",
     "Phó Chánh Văn phòng"),
])
def test_signature_blocks(block: str, signer: str, title: str) -> None:
    assert signed(block) == (signer, title)


def test_a_copy_is_signed_by_its_last_block() -> None:
    text = ("T/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\nĐã ký: Trần Anh Tuấn\n\nQUẬN ỦY HÀ ĐÔNG\n*\nSố 07 - BS/QU\n\n"
            "Nơi nhận:\n"
            "- Lưu VPQU.\n\nSAO LỤC\n\nT/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\n\nNguyễn Sĩ Hoạt")
    assert signed(text) == ("Nguyễn Sĩ Hoạt", "Chánh Văn phòng")


@pytest.mark.parametrize("text", ["Phóng viên\nMinh Anh", "Nguồn: Trung tâm Tin tức\nHà Nội Mới",
                                  "Nơi nhận:\n- Như trên;\n- Lưu VT.", "BAN THƯỜNG VỤ QUẬN ỦY"])
def test_no_signature_without_a_signature_block(text: str) -> None:
    assert signed(text) == (None, None)


def test_recipients_from_kinh_gui_and_noi_nhan() -> None:
    text = ("*Kính gửi :* - Hội đồng nhân dân quận,\n- Ủy ban nhân dân quận,\n- Đảng ủy 14 phường.\n\nNội dung.\n\n"
            "Nơi nhận:\n\n- Thường trực Thành ủy, (để báo cáo)\n- Chủ tịch UBND TP (để b/c);\n- Như kính gửi,\n"
            "- Như trên;\n- Lưu: VT, KGVX.\n\nT/M BAN THƯỜNG VỤ")
    assert recipients(Text(text)) == ["Hội đồng nhân dân quận", "Ủy ban nhân dân quận", "Đảng ủy 14 phường",
                                      "Thường trực Thành ủy", "Chủ tịch UBND TP"]


def test_a_one_line_greeting_is_one_recipient() -> None:
    assert recipients(Text("Kính gửi: Ủy ban nhân dân các quận, huyện, thị xã.\n\nThực hiện ...")) == \
        ["Ủy ban nhân dân các quận, huyện, thị xã"]
