import unicodedata

import pytest

from tracuu.index.vntext import fold_token, normalize, unify_tones


@pytest.mark.parametrize("a,b", [("hòa", "hoà"), ("thủy", "thuỷ"), ("Ủy ban", "Uỷ ban"), ("khỏe", "khoẻ"),
                                 ("HÒA BÌNH", "HOÀ BÌNH")])
def test_old_and_new_tone_placement_meet(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize("word", ["hoàn", "thuyết", "quý", "quỳnh", "người", "khuỷu"])
def test_syllables_outside_open_oa_oe_uy_are_untouched(word: str) -> None:
    assert unify_tones(word) == word
    assert unify_tones(word, "first") == word


def test_nfd_input_is_composed_first() -> None:
    assert normalize(unicodedata.normalize("NFD", "Thành ủy Hà Nội")) == "thành uỷ hà nội"


def test_length_is_preserved_so_offsets_stay_valid() -> None:
    text = "Ủy ban hòa giải, thủy lợi, khỏe mạnh"
    assert len(unify_tones(text)) == len(text)


@pytest.mark.parametrize("a,b", [("bác sĩ", "bác sỹ"), ("kĩ", "kỹ"), ("lí", "lý"), ("đường", "duong")])
def test_folding_merges_i_y_and_d(a: str, b: str) -> None:
    assert [fold_token(normalize(w)) for w in a.split()] == [fold_token(normalize(w)) for w in b.split()]


def test_folding_keeps_ay_distinct_from_ai() -> None:
    assert fold_token("tay") != fold_token("tai")
