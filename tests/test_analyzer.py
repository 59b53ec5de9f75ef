import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tracuu.index.analyzer import analyze, fold_groups, to_groups
from tracuu.index.vntext import nfc, normalize


def terms(text: str) -> set[str]:
    return {t.text for t in analyze(text)}


def test_words_and_syllables_both_indexed() -> None:
    found = terms("Thường trực Thành ủy chỉ đạo công tác phòng chống dịch")
    assert {"thường", "trực", "thành", "uỷ", "chỉ", "đạo"} <= found
    assert "thành_uỷ" in found or "thường_trực" in found


def test_document_numbers_are_single_tokens() -> None:
    text = "Thông báo số 452-TB/TU, Công văn 07 - BS/QU, 03/CT-UBND, 8149/Đ-VP-CP và 23/2021/QĐ-TTg"
    found = terms(text)
    assert {"452-tb/tu", "07-bs/qu", "03/ct-ubnd", "8149/đ-vp-cp", "23/2021/qđ-ttg"} <= found
    assert "tb" not in found and "ubnd" not in found


def test_dates_are_exact_tokens_in_any_written_form() -> None:
    assert "2021-11-09" in terms("ngày 09/11/2021")
    assert "2021-11-09" in terms("ngày 9.11.2021")
    assert "2021-11-13" in terms("Ba Đình, ngày 13 tháng 11 năm 2021")
    assert "2021-11" in terms("tháng 11/2021")


def test_all_caps_heading_and_abbreviations() -> None:
    found = terms("THÔNG BÁO KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY; UBND, HĐND")
    assert {"thông", "báo", "kết", "luận", "uỷ", "ubnd", "hđnd"} <= found


def test_text_without_diacritics_meets_text_with_them_in_folded_form() -> None:
    a = {t for g in fold_groups(to_groups(analyze("phòng, chống dịch cách ly"))) for t in g}
    b = {t for g in fold_groups(to_groups(analyze("phong chong dich cach ly"))) for t in g}
    assert {"phong", "chong", "dich", "cach", "li"} <= a & b


def test_nfd_text_gives_the_same_terms() -> None:
    text = "Quận ủy Ba Đình thực hiện nghiêm"
    assert terms(unicodedata.normalize("NFD", text)) == terms(text)


def test_positions_increase_by_syllable() -> None:
    tokens = [t for t in analyze("cách ly tập trung") if t.kind == "syl"]
    assert [t.pos for t in tokens] == [0, 1, 2, 3]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐ0123456789 ,.-/:\n"
                                             "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")),
               max_size=120))
def test_every_token_offset_points_at_text_that_normalises_to_it(text: str) -> None:
    source = nfc(text)
    for token in analyze(text):
        piece = source[token.start : token.end]
        if token.kind == "syl":
            expected = normalize(piece)
            assert token.text == expected or (piece.isdigit() and token.text == (piece.lstrip("0") or "0"))
        elif token.kind == "word":
            assert token.text.replace("_", "") == normalize(piece).replace(" ", "").replace("\n", "")
        else:
            assert any(ch.isdigit() for ch in piece)
