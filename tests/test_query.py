"""The search box's language: words, phrases, OR, -word and field filters, escaped by default."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tracuu.search.abbreviations import expansion, spelled_out
from tracuu.search.query import parse_query
from tracuu.search.ranking import QueryTerms, build_query, docno_variants, plan_clause


def test_plain_words_are_one_clause() -> None:
    parsed = parse_query("phòng chống dịch")
    assert [(c.text, c.phrase, c.negate) for c in parsed.clauses] == [("phòng chống dịch", False, False)]
    assert parsed.filters == {}


def test_phrase_or_and_exclusion() -> None:
    parsed = parse_query('"cách ly tập trung" Hà Nội OR Hà Tĩnh -"tại nhà" -F1')
    first, second = parsed.groups
    assert [(c.text, c.phrase) for c in first] == [("cách ly tập trung", True), ("Hà Nội", False)]
    assert [(c.text, c.phrase, c.negate) for c in second] == [
        ("Hà Tĩnh", False, False), ("tại nhà", True, True), ("F1", False, True)]


def test_field_filters_typed_in_the_box() -> None:
    parsed = parse_query('so:452-TB/TU loai:"chỉ thị" tinh:"Hà Tĩnh" coquan:"Thành ủy" tu:2021-08-01 '
                         'den:2021-08-31 huyện:"Ba Đình" cách ly')
    assert parsed.filters == {
        "number": ["452-TB/TU"], "doc_type": ["chỉ thị"], "province": ["Hà Tĩnh"], "issuer": ["Thành ủy"],
        "from": ["2021-08-01"], "to": ["2021-08-31"], "district": ["Ba Đình"],
    }
    assert [c.text for c in parsed.clauses] == ["cách ly"]


def test_odd_input_is_plain_text() -> None:
    for text in ['"cách ly', "AND", "OR", "*", ":", "so:", "-", "--x", "a:b", "-5 ca"]:
        parsed = parse_query(text)
        assert not parsed.is_empty() or parsed.filters, text
    assert [c.text for c in parse_query("-5 ca").clauses] == ["-5 ca"]  # a negative number, not an exclusion
    assert [c.text for c in parse_query("a:b").clauses] == ["a:b"]  # an unknown field is text


def test_docno_variants_cover_every_separator() -> None:
    forms = docno_variants("452-tb/tu")
    assert forms[0] == "452-tb/tu" and set(forms) == {"452-tb/tu", "452/tb/tu", "452-tb-tu", "452/tb-tu"}
    assert docno_variants("1-2-3-4-5-6") == ["1-2-3-4-5-6"]  # too many separators: as typed


def test_abbreviations_both_ways() -> None:
    assert expansion("ubnd") == ("uy", "ban", "nhan", "dan")
    assert spelled_out(["uy", "ban", "mat", "tran", "to", "quoc", "tinh"]) == [(0, 6, "ubmttq")]
    assert spelled_out(["so", "y", "te", "thanh", "pho"]) == [(3, 5, "tp")]


def test_written_dates_stand_for_their_words() -> None:
    # "tháng 8 năm 2021" typed without accents is still a month: one unit, not four required words
    # (and "tinh uy", "Quận ủy", bodies of the registry, one unit each)
    plan = plan_clause(parse_query("tinh uy ha tinh thang 8 nam 2021").clauses[0], QueryTerms(), issuer=True)
    assert len(plan.units) == 4 and "2021-08" in str(plan.units[-1])
    plan = plan_clause(parse_query("Quận ủy Ba Đình tháng 11/2021").clauses[0], QueryTerms(), issuer=True)
    assert len(plan.units) == 4 and "2021-11" in str(plan.units[-1])


def test_terms_for_highlighting_keep_both_forms() -> None:
    terms = QueryTerms()
    build_query(parse_query("Thành ủy -Hà"), terms)
    assert {"thành", "uỷ"} <= terms.exact and {"thanh", "uy"} <= terms.folded
    assert "hà" not in terms.exact  # an excluded word is not highlighted


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_query_never_raises(text: str) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed.filters, dict)
    for clause in parsed.clauses:
        assert isinstance(clause.text, str)


_PIECES = st.sampled_from(['"', "-", "OR", "AND", ":", "so:", "tu:", "den:2021", "loai:", "452-TB/TU", "tháng",
                           "11/2021", "ngày", "13", "Hà", "Nội", "cách", "ly", "UBND", "chỉ thị", "16", "*", "(", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map(" ".join))
def test_build_query_never_raises(text: str) -> None:
    build_query(parse_query(text), QueryTerms())
    build_query(parse_query(text), QueryTerms(), loose=True, issuer=True)
