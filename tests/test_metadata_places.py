"""Provinces and districts from the vietnam-provinces gazetteer, and the locality rules."""

from tracuu.index.gazetteer import mentions, province, units
from tracuu.index.metadata import parse
from tracuu.index.textlines import Text


def named(text: str) -> list[tuple[str, str | None]]:
    doc = Text(text)
    return [(doc.raw[m.start:m.end], m.qualifier) for m in mentions(doc)]


def test_the_gazetteer_holds_63_provinces_and_their_districts() -> None:
    everything = [u for group in units().values() for u in group]
    assert len([u for u in everything if u.level == "province"]) == 63
    assert len([u for u in everything if u.level == "district"]) >= 690
    assert province("Hà Nội").central_city and not province("Hà Tĩnh").central_city
    assert province("HA NOI").name == "Hà Nội"


def test_names_match_in_capitals_and_without_accents() -> None:
    assert named("QUẬN ỦY BA ĐÌNH") == [("BA ĐÌNH", "quận")]
    assert named("QUAN UY BA DINH") == [("BA DINH", "quận")]
    assert named("UBND thành phố Hà Nội") == [("Hà Nội", "thành phố")]


def test_a_name_is_matched_only_as_written() -> None:
    assert named("đồng chí Vương Đình Huệ, Chủ tịch") == []  # Huệ is not the city of Huế
    assert named("các phường, thị xã, hà nội") == []  # not written as a name
    assert named("tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh, Chủ tịch Hồ Chí Minh") == []  # the person
    assert named("BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH HỒ CHÍ MINH") == [("HỒ CHÍ MINH", None)]
    assert named("thành phố Hồ Chí Minh, TP.HCM") == [("Hồ Chí Minh", "thành phố"), ("TP.HCM", "thành phố")]


def test_a_district_named_in_several_provinces_keeps_its_candidates() -> None:
    found = mentions(Text("các quận, huyện: Nam Từ Liêm, Hoàng Mai"))
    hoang_mai = found[-1]
    assert {u.province for u in hoang_mai.candidates} >= {"Hà Nội", "Nghệ An"}


def test_thanh_pho_inside_a_ha_noi_document_means_ha_noi() -> None:
    meta = parse("THÔNG BÁO\nKết luận của Thường trực Thành ủy\n\nNgày 08/02/2021, Thường trực Thành ủy họp cùng "
                 "Bộ Tư lệnh Thủ đô và các quận Cầu Giấy, Đống Đa.\n\nVăn phòng Thành ủy thông báo để thực hiện./.")
    assert (meta.province, meta.district) == ("Hà Nội", None)
    assert meta.issuer == "Thường trực Thành ủy Hà Nội"  # the body the heading names
    assert meta.places == ["Cầu Giấy", "Đống Đa"]


def test_a_tinh_uy_belongs_to_a_province_not_to_a_central_city() -> None:
    text = ("KẾT LUẬN\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\n\nNgày 16/8/2021, Ban Thường vụ Tỉnh ủy họp. Hỗ trợ công dân Hà Tĩnh "
            "tại thành phố Hồ Chí Minh, thành phố Hồ Chí Minh và thị xã Kỳ Anh.")
    meta = parse(text)
    assert (meta.province, meta.district, meta.issuer) == ("Hà Tĩnh", None, "Ban Thường vụ Tỉnh ủy Hà Tĩnh")
    assert meta.places == ["Hồ Chí Minh", "Kỳ Anh"]


def test_the_issuers_locality_wins_over_the_places_it_writes_about() -> None:
    text = ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI\nQUẬN ỦY BA ĐÌNH\n*\nSố 12-CV/QU\nBa Đình, ngày 1 tháng 9 năm 2021\n\n"
            "Các quận Hoàn Kiếm, Đống Đa, Hai Bà Trưng, huyện Gia Lâm và quận Đống Đa phối hợp.")
    meta = parse(text)
    assert (meta.province, meta.district) == ("Hà Nội", "Ba Đình")
    assert meta.places == ["Hoàn Kiếm", "Đống Đa", "Hai Bà Trưng", "Gia Lâm"]


def test_the_signing_place_counts_for_a_district_issuer_without_a_name() -> None:
    meta = parse("QUẬN ỦY\nSố 5-TB/QU\nHà Đông, ngày 9 tháng 2 năm 2021\nTHÔNG BÁO\nNội dung.")
    assert (meta.province, meta.district, meta.issuer) == ("Hà Nội", "Hà Đông", "Quận ủy Hà Đông")


def test_a_city_under_a_province_is_a_district() -> None:
    meta = parse("ĐẢNG BỘ TỈNH NGHỆ AN\nTHÀNH ỦY VINH\n*\nSố 210-KH/TU\nThành phố Vinh, ngày 10 tháng 01 năm 2022\n"
                 "KẾ HOẠCH\ntriển khai nhiệm vụ năm 2022")
    assert (meta.province, meta.district, meta.issuer, meta.issuer_level) == \
        ("Nghệ An", "Vinh", "Thành ủy Vinh", "huyện")


def test_a_ward_named_like_a_province_stays_a_ward() -> None:
    meta = parse("ĐẢNG BỘ QUẬN BA ĐÌNH\nĐẢNG ỦY PHƯỜNG ĐIỆN BIÊN\n*\nSố 12-TB/ĐU\nĐiện Biên, ngày 9-2-2021\n"
                 "THÔNG BÁO\nNội dung.")
    assert (meta.province, meta.district, meta.issuer, meta.issuer_level) == \
        ("Hà Nội", "Ba Đình", "Đảng ủy phường Điện Biên", "xã")


def test_a_central_body_has_no_province() -> None:
    meta = parse("BỘ Y TẾ\n-------\nSố: 5599/BYT-MT\nV/v hướng dẫn cách ly y tế\nHà Nội, ngày 14 tháng 7 năm 2021\n\n"
                 "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.")
    assert (meta.issuer, meta.issuer_level, meta.province, meta.district) == ("Bộ Y tế", "trung ương", None, None)
