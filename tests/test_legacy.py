"""TCVN3 and VNI text to Unicode: the full tables, real documents written in them, mixed documents,
and no change at all to the real Unicode texts of the project."""

from __future__ import annotations

import csv
import gzip
import json
import unicodedata
from itertools import product
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracuu.cli import main
from tracuu.crawler import legacy
from tracuu.crawler.charset import decode
from tracuu.crawler.ocr_eval import cer
from tracuu.crawler.syllables import is_syllable

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LEGACY = DATA / "legacy"
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # none, sắc, huyền, hỏi, ngã, nặng
LETTERS = [unicodedata.normalize("NFC", v + t) for v, t in product(VOWELS, TONES)] + ["đ"]
TO_TCVN3 = {u: t for t, u in legacy._TCVN3_MAP.items()}
TO_VNI = {u: v for v, u in legacy._VNI_MAP.items()}


def to_tcvn3(text: str) -> str:
    return "".join(TO_TCVN3.get(c) or TO_TCVN3.get(c.lower(), c) for c in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> str:
    return "".join(TO_VNI.get(c, c) for c in unicodedata.normalize("NFC", text))


def plain(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def test_the_tables_hold_every_tone_on_every_vowel_and_d_in_both_cases() -> None:
    letters = {c for letter in LETTERS for c in (letter, letter.upper()) if not c.isascii()}
    assert len(letters) == 134 and set(legacy._VNI_MAP.values()) == letters
    assert len(legacy._VNI_MAP) == 134  # one sequence a letter, none shared
    # TCVN3 has every small letter and the capitals without a tone; capitals with one are set in the
    # capitals-only fonts over the small letters' codes.
    small = {c for c in letters if c.islower()}
    capitals = {"Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"}
    assert set(legacy._TCVN3_MAP.values()) == small | capitals and len(legacy._TCVN3_MAP) == 74
    assert all(len(code) == 1 and 0xA1 <= ord(code) <= 0xFE for code in legacy._TCVN3_MAP)


@pytest.mark.parametrize("letter", LETTERS)
def test_each_letter_converts_back_small_and_capital(letter: str) -> None:
    for case in (letter, letter.upper()):
        if not case.isascii():
            assert legacy.from_vni(to_vni(case)) == case
    if not letter.isascii():
        assert legacy.from_tcvn3(TO_TCVN3[letter]) == letter
    # In a word, as it is met in text: the letter in a syllable of its own.
    syllable = "đ" + letter if letter != "đ" else "đa"
    word = unicodedata.normalize("NFC", syllable + ("n" if not letter.startswith(("ă", "â")) else "m"))
    if is_syllable(word):
        assert legacy.fix(f"Vaên baûn {to_vni(word)} cuûa Sôû") == f"Văn bản {word} của Sở"
        assert legacy.fix(f"V¨n b¶n {to_tcvn3(word)} cña Së") == f"Văn bản {word} của Sở"


def test_a_tcvn3_heading_in_a_capitals_font_comes_back_in_capitals() -> None:
    assert legacy.fix("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM\n§éc lËp - Tù do - H¹nh phóc") == \
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert legacy.fix("Tõ ngµy 12/3/2001, Së Y tÕ") == "Từ ngày 12/3/2001, Sở Y tế"


def test_pdf_glyph_names_for_tcvn3_codes_are_read_as_letters() -> None:
    assert legacy.fix("nhµ n\u2212íc vµ Thñ t\u2212íng") == "nhà nước và Thủ tướng"


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "samples").glob("*.txt")))
def test_real_documents_written_in_tcvn3_and_vni_read_as_written(name: str) -> None:
    text = plain(ROOT / "samples" / name)
    assert legacy.fix(to_vni(text)) == text
    # TCVN3 cannot write a capital with a tone outside a capitals-only run: "Ủy" comes back "ủy".
    assert legacy.fix(to_tcvn3(text)).casefold() == text.casefold()


def test_legal_texts_written_in_the_old_encodings_read_back_word_for_word() -> None:
    words = errors = 0
    for path in sorted((DATA / "legal").glob("*.txt"))[::20]:
        text = plain(path)
        for encoded, same in ((to_vni(text), str.__eq__), (to_tcvn3(text), lambda a, b: a.casefold() == b.casefold())):
            for a, b in zip(text.split(), legacy.fix(encoded).split()):
                words += 1
                errors += not same(a, b)
    # What is left are signs in the Unicode originals that TCVN3 uses as letters (× is its ì).
    assert words > 200_000 and errors / words < 0.001


def test_a_document_mixing_encodings_is_converted_run_by_run() -> None:
    unicode = "Thông báo kết luận của Thường trực Thành ủy về công tác phòng, chống dịch"
    tcvn3_part = "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tập trung thực hiện nghiêm túc"
    vni_part = "Ủy ban nhân dân quận chủ động xây dựng kế hoạch phòng chống dịch bệnh"
    text = "\n".join([unicode, to_tcvn3(tcvn3_part), to_vni(vni_part),
                      f"{unicode}: {to_tcvn3(tcvn3_part)}"])
    assert legacy.fix(text).split("\n") == [unicode, tcvn3_part.replace("Ủy", "ủy"), vni_part,
                                            f"{unicode}: {tcvn3_part}"]


def test_unicode_vietnamese_is_never_touched() -> None:
    texts = [plain(p) for p in sorted((DATA / "legal").glob("*.txt")) + sorted((ROOT / "samples").glob("*.txt"))]
    texts += [gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
              for p in sorted((DATA / "extraction" / "html").glob("*.gz"))]
    changed = [t[:80] for t in texts if legacy.fix(t) != t]
    assert len(texts) > 500 and changed == []
    # Signs the old encodings use as letters, in their Unicode sense:
    for sign in ("Kích thước 500 µm, 5 × 3 m, (2 ÷ 3) kW, Ø34", "© 2021 «Thông báo» · §3", "NÐ-CP số 12"):
        assert legacy.fix(sign) == sign


def test_font_names_tell_the_encoding() -> None:
    assert legacy.font_encoding("ABCDEF+.VnTime") == legacy.TCVN3
    assert legacy.font_encoding(".VnArialH") == legacy.TCVN3
    assert legacy.font_encoding("VNI-Times") == legacy.VNI
    assert legacy.font_encoding("Times New Roman") is None


def test_eight_bit_files_and_pages_are_decoded_from_their_legacy_encoding() -> None:
    text, name = decode((LEGACY / "thong-bao-ket-luan-tcvn3.txt").read_bytes())
    assert name == "windows-1252" and "đồng chí Chử Xuân Dũng, Phó Chủ tịch UBND Thành phố" in text
    page, _ = decode((LEGACY / "cong-van-529-vni.html").read_bytes())
    assert "Quận ủy yêu cầu Ban Chỉ đạo" in page and "Cổng thông tin" not in page  # references stay references
    utf8 = "Thông báo kết luận".encode()
    assert decode(utf8) == ("Thông báo kết luận", "utf-8")


GOLD = {  # file: (source text, words to search for)
    "thong-bao-ket-luan-tcvn3.txt": ("samples/003_6ee51536ae1f3bbc.txt", "Chử Xuân Dũng giao ban trực tuyến"),
    "cong-van-529-vni.html": ("samples/002_10127e1254a347ad.txt", "trạm y tế lưu động trường học"),
    "ket-luan-tinh-uy-tcvn3.doc": (None, "Trần Thế Dũng khu cách ly tập trung"),
    "ket-luan-ha-tinh-tcvn3.pdf": ("samples/004_00129d20bd42945e.txt", "Ban Thường vụ Tỉnh ủy họp nghe báo cáo"),
    "thong-bao-tron-ma.docx": ("samples/000_095b186705ea344f.txt", "Vương Đình Huệ Ủy viên Bộ Chính trị"),
}


def test_every_legacy_document_is_found_by_its_unicode_words(tmp_path: Path) -> None:
    rows = list(csv.DictReader((LEGACY / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert {r["file"] for r in rows} == set(GOLD)
    home, runner = tmp_path / "home", CliRunner()
    for args in (["ingest", str(LEGACY)], ["index"]):
        assert runner.invoke(main, ["--home", str(home), *args]).exit_code == 0
    for name, (source, query) in GOLD.items():
        result = json.loads(runner.invoke(main, ["--home", str(home), "search", "--json", query]).output)
        top = result["results"][0]
        assert top["source"].endswith(name) and "<mark>" in top["snippet"], (name, top["source"])
        shown = json.loads(runner.invoke(main, ["--home", str(home), "show", "--json", top["id"]]).output)
        assert legacy.TELLTALES.isdisjoint(shown["text"].replace("«", "").replace("»", "")), name
        if source:
            words = " ".join(shown["text"].split())
            original = " ".join(legacy.fix(plain(ROOT / source)).replace("**", "").replace("*", "").split())
            assert cer(original[: len(words)].casefold(), words.casefold()) < 0.02, name
