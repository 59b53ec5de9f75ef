"""From a parsed query to the Whoosh query that ranks documents (BM25F over weighted fields).

Every query position becomes one *unit* a document must match (strict mode); what can match it:

    syllable        folded title/body (+ issuer); with diacritics typed, the exact form scores on top
    abbreviation    ``ubnd`` also matches the phrase ``ủy ban nhân dân``, and a spelled-out run the abbreviation
    doc number      the document's own ``number`` (weighted most), ``cites``, or the number in the text;
                    ``452/TB-TU`` finds ``452-TB/TU`` (separators are not what people remember)
    bare number     after a type word (``chỉ thị 16``, ``công văn 529``): also a number that starts with it
    date, month     the term in the text, or the document's own date falling on that day or in that month

Syllables inside a written date (``tháng 11 năm 2021``) are optional: the month unit stands for them.
Bonuses never decide membership, only order: compound words as segmented, adjacent query terms
adjacent in the document (proximity), the whole clause as a phrase (exact form on top).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from whoosh import query as Q

from tracuu.index.analyzer import DOCNO_RE, Token, analyze
from tracuu.index.own_numbers import bare_number
from tracuu.index.vntext import fold_token, has_diacritics, nfc
from tracuu.search.abbreviations import expansion, spelled_out
from tracuu.search.lookups import TYPES, TypedIssuer, TypedNumber, typed_issuers, typed_numbers
from tracuu.search.phrases import find_runs
from tracuu.search.proximity import Adjacent
from tracuu.search.query import Clause, ParsedQuery
from tracuu.search.synonyms import FILLERS, synonyms

# Field weights (BM25F): a match in the title, the number or the issuer says more than one in the body.
W_TITLE, W_BODY, W_ISSUER = 3.0, 1.0, 2.0
W_TITLE_PHRASE = 1.0
# A match with the diacritics as typed adds W_EXACT of the folded score: exact ranks above folded,
# while a query typed without accents still finds and orders the same documents.
W_EXACT = 0.5
W_PAIR, W_PHRASE = 1.5, 2.0  # adjacent pair, whole clause (on syllables, so segmentation never matters)
W_NUMBER, W_CITES, W_NUMBER_PREFIX = 30.0, 6.0, 10.0
W_DATE = 10.0  # the document's own date is the day or month asked for (constant score)
# A typed number (``nd 137/2026``) that is the document's own (``own`` keys): above any words; its
# parts only (no codes, another type) a little less. An issuer typed (``btc``) whose code the
# document's own number carries. A year typed: the document dated in it; the year in the text only orders.
W_OWN, W_ISSUER_CODE, W_YEAR_TEXT, W_YEAR_DATE = 100.0, 10.0, 1.0, 20.0
W_ISSUER_TEXT = 2.0
W_TYPE = 4.0  # a type word typed without a number (``nghị định an toàn thực phẩm``): documents of that type
W_COVER = 10.0  # loose mode: each matched unit, so documents matching more of the query come first
MAX_PAIRS = 16
YEARS = range(1990, 2036)  # the years a month typed without one may mean

#: Folded type words after which a bare number is probably a document number (``chỉ thị 16``).
TYPE_WORDS = {("chi", "thi"), ("cong", "van"), ("thong", "bao"), ("quyet", "dinh"), ("nghi", "quyet"),
              ("ke", "hoach"), ("ket", "luan"), ("cong", "dien"), ("nghi", "dinh"), ("thong", "tu"),
              ("huong", "dan"), ("to", "trinh"), ("bao", "cao"), ("so",)}


class _Or(Q.Or):
    """``Or`` that always merges its parts as a tree of unions: Whoosh's other choice for small indexes
    pre-reads 2,048 scores per part into an array, which costs more than it saves on the short lists here."""

    matcher_type = Q.Or.DEFAULT_MATCHER


@dataclass
class QueryTerms:
    """The terms a query looks for, kept for highlighting."""

    exact: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)
    #: folded document numbers typed, and prefixes (ending in ``/`` or ``-``) of those typed in part:
    #: a snippet shows the line holding one (``search.snippets``)
    numbers: set[str] = field(default_factory=set)


@dataclass
class Plan:
    """One clause: units every match needs, bonuses that only order, and the phrase a quoted clause needs."""

    units: list[Q.Query]
    bonus: list[Q.Query]
    phrase: Q.Query | None = None


def docno_variants(number: str) -> list[str]:
    """``452-tb/tu`` with every choice of ``-`` or ``/`` at each separator (at most 16 forms)."""
    cuts = [i for i, c in enumerate(number) if c in "-/"]
    if not cuts or len(cuts) > 4:
        return [number]
    out = []
    for seps in itertools.product("-/", repeat=len(cuts)):
        chars = list(number)
        for i, sep in zip(cuts, seps):
            chars[i] = sep
        out.append("".join(chars))
    return sorted(set(out), key=lambda v: v != number)


def _month_range(month: str) -> tuple[datetime, datetime]:
    start = datetime.strptime(month, "%Y-%m")
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, following - timedelta(microseconds=1)


def _date_unit(tokens: dict[str, Token]) -> Q.Query:
    """A day (or a month): mentioned in the text or title, or the document's own date."""
    if "date" in tokens:
        term = tokens["date"].text
        day = datetime.strptime(term, "%Y-%m-%d")
        own = Q.DateRange("date", day, day + timedelta(days=1) - timedelta(microseconds=1), boost=W_DATE)
    else:
        term = tokens["month"].text
        own = Q.DateRange("date", *_month_range(term), boost=W_DATE)
    return _Or([Q.Term("body_f", term, boost=W_BODY), Q.Term("title_f", term, boost=W_TITLE), own])


def _next_is_date(by_pos: dict[int, dict[str, Token]], pos: int) -> bool:
    following = by_pos.get(pos + 1, {})
    return "date" in following or "month" in following


def _next_is_month_number(by_pos: dict[int, dict[str, Token]], pos: int) -> bool:
    following = by_pos.get(pos + 1, {}).get("syl")
    return following is not None and following.text.isdigit() and 1 <= int(following.text) <= 12


def _any_year_unit(month: int) -> Q.Query:
    """``tháng 8`` with no year: August of any year mentioned in the text (absent terms cost nothing)."""
    return _Or([Q.Term("body_f", f"{year}-{month:02d}", boost=W_BODY) for year in YEARS])


def _year_unit(year: str, own: bool = False) -> Q.Query:
    """A year: the document's own date (or own number's year) in it first; the year in the text only orders.

    Any mention counts once, as a constant: summing the BM25 of every date of the year a long text
    holds would put the longest documents first whatever was asked.
    """
    start = datetime(int(year), 1, 1)
    mention = _Or([Q.Term("body_f", year), Q.Term("title_f", year), Q.Prefix("body_f", year + "-")])
    dated = Q.DateRange("date", start, start.replace(year=start.year + 1) - timedelta(microseconds=1))
    if own:  # or, undated, its own number of that year
        dated = _Or([dated, Q.Term("own", f"y:{year}")])
    return _Or([Q.ConstantScoreQuery(mention, W_YEAR_TEXT), Q.ConstantScoreQuery(dated, W_YEAR_DATE)])


def _lookup_unit(found: TypedNumber, docnos: list[str]) -> Q.Query:
    """A typed number: the document whose own number it is, far first; then the documents that cite it."""
    base = found.base
    keys = [base] + [f"{base}/{c}" for c in found.codes]
    whole = Q.And([Q.Term("own", k) for k in keys]) if len(keys) > 1 else Q.Term("own", base)
    options: list[Q.Query] = [Q.ConstantScoreQuery(whole, W_OWN)]
    if found.codes:
        options.append(Q.ConstantScoreQuery(Q.Term("own", base), W_OWN / 4))
    if found.kind:
        options.append(Q.ConstantScoreQuery(Q.Term("own", f"{base}/{found.kind}"), W_OWN / 4))
    n = bare_number(found.number)
    for form in {found.number, n, n.zfill(2)}:
        cuts = [f"{form}/{found.year}/"] if found.year else [f"{form}/", f"{form}-"]
        for cut in cuts:
            options += [Q.Prefix("body_f", cut, boost=W_BODY * 2), Q.Prefix("cites", cut, boost=W_CITES / 2)]
        if "." in form:  # a dotted number is read as syllables in the text
            options.append(Q.Term("body_f", form, boost=W_BODY * 2))
    options += [_docno_unit(d) for d in docnos]
    return _Or(options)


def _number_keys(found: TypedNumber) -> set[str]:
    """What a typed number matches in a text, as ``_lookup_unit`` looks for it: number prefixes, dotted numbers."""
    n = bare_number(found.number)
    keys: set[str] = set()
    for form in {found.number, n, n.zfill(2)}:
        keys.update([f"{form}/{found.year}/"] if found.year else [f"{form}/", f"{form}-"])
        if "." in form:
            keys.add(form)
    return keys


def _docno_unit(number: str) -> Q.Query:
    """A document number, whatever separators were typed: its own number first, then citations and text."""
    options: list[Q.Query] = []
    for i, variant in enumerate(docno_variants(number)):
        scale = 1.0 if i == 0 else 0.8  # the form typed wins a tie
        folded = fold_token(variant)
        options += [Q.Term("number", variant, boost=W_NUMBER * scale), Q.Term("cites", variant, boost=W_CITES * scale),
                    Q.Term("body_f", folded, boost=W_BODY * scale), Q.Term("title_f", folded, boost=W_TITLE * scale)]
    return _Or(options)


def _syllable_unit(text: str, accented: bool, issuer: bool, after_type_word: bool) -> Q.Query:
    """One syllable in title, body or issuer; exact form on top; abbreviations and number prefixes too."""
    f = fold_token(text)
    options: list[Q.Query] = [Q.Term("title_f", f, boost=W_TITLE), Q.Term("body_f", f, boost=W_BODY)]
    if accented:
        options.append(Q.Term("body", text, boost=W_BODY * W_EXACT))
    if issuer:
        options.append(Q.Term("issuer_f", f, boost=W_ISSUER))
    spelled = expansion(f)
    if spelled:
        options += [Q.Phrase("body_f", list(spelled), boost=W_BODY), Q.Phrase("title_f", list(spelled), boost=W_TITLE)]
    if after_type_word and f.isdigit() and len(f) <= 5:
        for n in {f, f.zfill(2)}:
            for sep in "-/":
                options += [Q.Prefix("number", n + sep, boost=W_NUMBER_PREFIX),
                            Q.Prefix("body_f", n + sep, boost=W_BODY * 2)]
    return _Or(options)


def _representatives(by_pos: dict[int, dict[str, Token]]) -> dict[int, str]:
    """One folded term per position, as the folded fields hold it, for phrases and proximity."""
    reps = {}
    for pos, kinds in by_pos.items():
        token = kinds.get("syl") or kinds.get("docno") or kinds.get("date") or kinds.get("month")
        if token is not None:
            reps[pos] = fold_token(token.text)
    return reps


def _runs(positions: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for pos in positions:
        if runs and pos == runs[-1][-1] + 1:
            runs[-1].append(pos)
        else:
            runs.append([pos])
    return runs


_SPOKEN_DATE = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam)?\s+((?:19|20)\d\d)\b")
_SPOKEN_MONTH = re.compile(r"\bthang\s+(\d{1,2})(?:\s+nam)?\s+((?:19|20)\d\d)\b")
_DATE_WORDS = {"ngay", "thang", "nam"}  # "ngày 13/11/2021", "tháng 11/2021": the date unit stands for them
_YEAR = re.compile(r"(?:19|20)\d\d")


def _spoken_dates(text: str, tokens: list[Token]) -> list[Token]:
    """Written dates typed without accents (``thang 8 nam 2021``), which the analyzer only reads with them."""
    folded = "".join(fold_token(ch) for ch in nfc(text).lower())  # one character for one: offsets still hold
    starts = {t.start: t.pos for t in tokens if t.kind == "syl"}
    out = []
    for m in _SPOKEN_DATE.finditer(folded):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12 and m.start() in starts:
            out.append(Token(f"{m.group(3)}-{month:02d}-{day:02d}", starts[m.start()], m.start(), m.end(), "date"))
    for m in _SPOKEN_MONTH.finditer(folded):
        month = int(m.group(1))
        if 1 <= month <= 12 and m.start() in starts and not any(t.start <= m.start() < t.end for t in out):
            out.append(Token(f"{m.group(2)}-{month:02d}", starts[m.start()], m.start(), m.end(), "month"))
    return out


def _numbers_upper(text: str) -> str:
    """``452-tb/tu`` typed in lower case read as the number ``452-TB/TU`` (the analyzer wants capitals)."""
    return DOCNO_RE.sub(lambda m: m.group(0).upper() if "/" in m.group(0) else m.group(0), text)


def plan_clause(clause: Clause, terms: QueryTerms, issuer: bool = False, own: bool = False) -> Plan | None:
    """The units and bonuses of one clause; None when it holds nothing searchable.

    ``own`` says the index has the ``own`` field: typed numbers, issuers and years then use it.
    """
    text = _numbers_upper(clause.text)
    tokens = analyze(text)
    if not tokens:
        return None
    tokens += _spoken_dates(text, tokens)
    accented = has_diacritics(text)
    by_pos: dict[int, dict[str, Token]] = {}
    bonus: list[Q.Query] = []
    for t in tokens:
        by_pos.setdefault(t.pos, {}).setdefault(t.kind, t)
        terms.exact.add(t.text)
        terms.folded.add(fold_token(t.text))
    dates = [(t.start, t.end) for t in tokens if t.kind in ("date", "month")]
    units: dict[int, Q.Query] = {}
    numbers = typed_numbers(text) if own else []
    in_number = _number_positions(numbers, tokens)
    for found, positions in zip(numbers, in_number):
        if positions:
            docnos = [by_pos[p]["docno"].text for p in positions if "docno" in by_pos[p]]
            units[min(positions)] = _lookup_unit(found, docnos)
            terms.numbers.update(_number_keys(found))
    for t in tokens:
        if t.kind == "docno":
            terms.numbers.update(fold_token(v) for v in docno_variants(t.text))
    taken = {p for positions in in_number for p in positions}
    previous: list[str] = []
    for pos in sorted(by_pos):
        kinds = by_pos[pos]
        syl = kinds.get("syl")
        folded = fold_token(syl.text) if syl is not None else ""
        if pos in taken:
            pass  # a typed number's part: its lookup unit stands for it
        elif "date" in kinds or "month" in kinds:
            units[pos] = _date_unit(kinds)
        elif "docno" in kinds:
            units[pos] = _docno_unit(kinds["docno"].text)
        elif syl is None or any(a <= syl.start and syl.end <= b for a, b in dates):
            pass  # inside a written date: the date unit stands for it
        elif folded in _DATE_WORDS and _next_is_date(by_pos, pos):
            pass
        elif folded == "thang" and _next_is_month_number(by_pos, pos):
            pass  # "tháng 8": the number carries it, the pair "tháng 8" only orders
        elif previous[-1:] == ["thang"] and _next_is_month_number(by_pos, pos - 1):
            units[pos] = _Or([_syllable_unit(syl.text, accented, issuer, False), _any_year_unit(int(folded))])
        elif _YEAR.fullmatch(folded):
            units[pos] = _year_unit(folded, own)
        else:
            after_type = tuple(previous[-2:]) in TYPE_WORDS or tuple(previous[-1:]) in TYPE_WORDS
            units[pos] = _syllable_unit(syl.text, accented, issuer, after_type)
        previous.append(folded)
    merged = _merge_words(text, units, by_pos, taken, issuer, own)
    _merge_spelled_out(units, by_pos, taken | merged)
    if not units:
        return None
    reps = _representatives(by_pos)
    bonus += _proximity(reps, issuer)
    phrase = None
    if clause.phrase and len(reps) > 1:
        words = [reps[p] for p in sorted(reps)]
        phrase = _Or([Q.Phrase("body_f", words), Q.Phrase("title_f", words)])
    return Plan(units=[units[p] for p in sorted(units)], bonus=bonus, phrase=phrase)


def _number_positions(numbers: list[TypedNumber], tokens: list[Token]) -> list[set[int]]:
    """The query positions inside each typed number's characters."""
    return [{t.pos for t in tokens if found.start <= t.start and t.end <= found.end} for found in numbers]


def _word_runs(units: dict[int, Q.Query], by_pos: dict[int, dict[str, Token]], skip: set[int]) -> list[list[int]]:
    return _runs([p for p in sorted(units) if p not in skip and set(by_pos[p]) <= {"syl", "word"}])


def _merge_words(text: str, units: dict[int, Q.Query], by_pos: dict[int, dict[str, Token]], skip: set[int],
                 issuer: bool, own: bool) -> set[int]:
    """Question words dropped; an issuer typed, and a phrase of the synonym list, each made one unit.

    An issuer (``btc``, ``bộ y tế``: a body of the registry, ``index.registry``) is its words, or its
    name in the text, or (``own``) its code in the document's own number; a synonym's run is its
    words or any other phrase of its group.  Returns the positions merged.
    """
    merged: set[int] = set()
    for run in _word_runs(units, by_pos, skip):
        syllables = [fold_token(by_pos[p]["syl"].text) for p in run]
        for start, end, _ in find_runs(syllables, dict.fromkeys(FILLERS, True)):
            for p in run[start:end]:
                units.pop(p, None)
                merged.add(p)
    for run in _word_runs(units, by_pos, skip | merged):
        typed = [text[by_pos[p]["syl"].start : by_pos[p]["syl"].end] for p in run]
        for start, end, body in typed_issuers(typed):
            span = run[start:end]
            units[span[0]] = _Or(_issuer_options(_whole([units.pop(p) for p in span]), body, issuer, own))
            merged |= set(span)
    for run in _word_runs(units, by_pos, skip | merged):
        syllables = [fold_token(by_pos[p]["syl"].text) for p in run]
        table: dict = {k: ("synonym", v) for k, v in synonyms().items()}
        if own:
            table.update({k: ("type", v) for k, v in TYPES.items() if k not in table})
        for start, end, (kind, value) in find_runs(syllables, table):
            span = run[start:end]
            whole = _whole([units.pop(p) for p in span])
            options = [whole]
            if kind == "type":
                options.append(Q.ConstantScoreQuery(Q.Term("own", f"c:{value}"), W_TYPE))
            else:
                options += [_phrase_option(f, words) for words in value for f in ("body_f", "title_f")]
            units[span[0]] = _Or(options)
            merged |= set(span)
    return merged


def _whole(parts: list[Q.Query]) -> Q.Query:
    return Q.And(parts) if len(parts) > 1 else parts[0]


def _phrase_option(fieldname: str, words: tuple[str, ...]) -> Q.Query:
    boost = W_TITLE if fieldname == "title_f" else W_BODY
    if len(words) == 1:
        return Q.Term(fieldname, words[0], boost=boost)
    return Q.Phrase(fieldname, list(words), boost=boost)


def _issuer_options(whole: Q.Query, body: TypedIssuer, issuer: bool, own: bool) -> list[Q.Query]:
    """An issuer typed: named in the text (a constant: a long text naming a ministry often is not its
    document), the issuer field, or (``own``) its code in the document's own number."""
    named = _Or([whole, _phrase_option("body_f", body.name), _phrase_option("title_f", body.name)])
    options: list[Q.Query] = [Q.ConstantScoreQuery(named, W_ISSUER_TEXT)]
    if issuer:
        options.append(Q.Phrase("issuer_f", list(body.name), boost=W_ISSUER) if len(body.name) > 1
                       else Q.Term("issuer_f", body.name[0], boost=W_ISSUER))
    if own and body.codes:
        codes = [Q.Term("own", f"c:{code}") for code in body.codes]
        options.append(Q.ConstantScoreQuery(_Or(codes) if len(codes) > 1 else codes[0], W_ISSUER_CODE))
    return options


def _merge_spelled_out(units: dict[int, Q.Query], by_pos: dict[int, dict[str, Token]], skip: set[int]) -> None:
    """A run spelling an abbreviation out (``ủy ban nhân dân``) is one unit: the run, or ``ubnd``."""
    for run in _word_runs(units, by_pos, skip):
        syllables = [fold_token(by_pos[p]["syl"].text) for p in run]
        for start, end, abbr in spelled_out(syllables):
            span = run[start:end]
            whole = Q.And([units.pop(p) for p in span])
            units[span[0]] = _Or([whole, Q.Term("body_f", abbr, boost=W_BODY * len(span)),
                                   Q.Term("title_f", abbr, boost=W_TITLE * len(span))])


def _proximity(reps: dict[int, str], issuer: bool) -> list:
    """Adjacent pairs and whole runs as phrases: documents holding the query's words together come first.

    Pairs are phrases on syllables, never the segmenter's words, so a query typed without accents
    (which segments differently) is ordered like the same query with them.  ``Adjacent`` checks
    positions only on the documents the units matched (see ``search.proximity``).
    """
    out: list[Q.Query] = []
    for run in _runs(sorted(reps)):
        if len(run) < 2:
            continue
        words = [reps[p] for p in run]
        out += [Adjacent("body_f", list(pair), boost=W_PAIR) for pair in list(itertools.pairwise(words))[:MAX_PAIRS]]
        out += [Adjacent("body_f", words, boost=W_PHRASE), Adjacent("title_f", words, boost=W_PHRASE * W_TITLE_PHRASE)]
        if issuer:
            out.append(Adjacent("issuer_f", words, boost=W_PHRASE * W_ISSUER))
    return out


def _strict(plan: Plan) -> Q.Query:
    needed = plan.units + ([plan.phrase] if plan.phrase is not None else [])
    core = Q.And(needed) if len(needed) > 1 else needed[0]
    return Q.AndMaybe(core, _Or(plan.bonus)) if plan.bonus else core


def _loose(plans: list[Plan]) -> Q.Query:
    units = [u for p in plans for u in p.units + ([p.phrase] if p.phrase is not None else [])]
    covered = _Or([_Or([u, Q.ConstantScoreQuery(u, W_COVER)]) for u in units])
    bonus = [b for p in plans for b in p.bonus]
    return Q.AndMaybe(covered, _Or(bonus)) if bonus else covered


def build_query(parsed: ParsedQuery, terms: QueryTerms, loose: bool = False, issuer: bool = False,
                own: bool = False) -> Q.Query | None:
    """The Whoosh query of ``parsed``: every unit required, or (``loose``) any unit, more units first.

    ``terms`` collects what to highlight; ``issuer`` and ``own`` say the index has those fields.
    """
    alternatives = []
    for group in parsed.groups:
        positive, negative = [], []
        for clause in group:
            plan = plan_clause(clause, QueryTerms() if clause.negate else terms, issuer, own)
            if plan is not None:
                (negative if clause.negate else positive).append(plan)
        if not positive:
            continue
        if loose:
            core = _loose(positive)
        else:
            parts = [_strict(p) for p in positive]
            core = Q.And(parts) if len(parts) > 1 else parts[0]
        if negative:
            core = Q.AndNot(core, _Or([_strict(p) for p in negative]))
        alternatives.append(core)
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else _Or(alternatives)
