"""Which province and district a document belongs to, and which other places it names.

The issuer's own locality wins (``Quận ủy Ba Đình`` is Ba Đình, Hà Nội).  When the issuer leaves it
implicit (``Tỉnh ủy``, ``UBND Thành phố``), the places the text names vote, kept to the kind of unit
the issuer governs: a Tỉnh ủy's province is a tỉnh, a Thành ủy's a centrally governed city, which
is how "Thành phố" inside a Hà Nội document comes to mean Hà Nội.  Every other place goes to
``places``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tracuu.index.gazetteer import Mention, Unit, capital_hint, mentions, province
from tracuu.index.textlines import Text


@dataclass
class Hints:
    """What the issuer and the signing line say about the locality."""

    place: Mention | None = None  # the place written in the issuer's name
    governs: str | None = None  # the kind of unit the issuer governs ("tỉnh", "quận", "xã", ...)
    parents: list[Mention] = field(default_factory=list)  # places in the header above the issuer
    signed_at: str | None = None  # the signing line's place
    central: bool = False  # a central body: no province of its own


@dataclass
class Locality:
    """The document's province and district (names), and the other places it names."""

    province: str | None = None
    district: str | None = None
    places: list[str] = field(default_factory=list)
    province_unit: Unit | None = None
    district_unit: Unit | None = None


_DISTRICT_KINDS = ("quận", "huyện", "thị xã")


def resolve(doc: Text, hints: Hints) -> Locality:
    """The locality of ``doc`` from the issuer's hints and the places the text names.

    A central body (Chính phủ, a ministry) has the whole country for locality: the places its text
    names are ``places`` only.
    """
    found = mentions(doc)
    if hints.central:
        return Locality(places=_others(found, None, None))
    signed = _signed(doc, hints.signed_at)
    prov = _province(found, hints, signed, capital_hint(doc))
    district = _district(found, hints, signed, prov)
    if district is not None and prov is None:
        prov = province(district.province)
    places = _others(found, prov, district)
    return Locality(prov.name if prov else None, district.name if district else None, places, prov, district)


def _signed(doc: Text, place: str | None) -> Mention | None:
    if not place:
        return None
    found = mentions(Text(place))
    return found[-1] if found else None


def _own(m: Mention | None, hints: Hints) -> list[Unit]:
    """The units an issuer's place can be, given the kind the issuer governs."""
    if m is None:
        return []
    governs = hints.governs
    if governs in ("tỉnh",):
        return [u for u in m.provinces() if not u.central_city] or m.provinces()
    if governs == "thành phố":
        cities = [u for u in m.candidates if u.central_city or (u.level == "district" and u.kind == "thành phố")]
        return cities or m.provinces() or m.districts()
    if governs in _DISTRICT_KINDS:
        return [u for u in m.districts() if u.kind == governs] or m.districts()
    return m.provinces() or m.districts()


def _province(found: list[Mention], hints: Hints, signed: Mention | None, capital: int) -> Unit | None:
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}

    def vote(units: list[Unit], weight: float, at: int) -> None:
        names = {u.province for u in units}
        for name in names:
            votes[name] += weight / len(names)
            first.setdefault(name, at)

    own = _own(hints.place, hints)
    if own:
        vote(own, 100, -2)
    for m in hints.parents:
        vote(m.provinces() or m.districts(), 20, -1)
    if signed is not None:
        vote(signed.provinces() or signed.districts(), 5, -1)
    for m in found:
        if m.provinces():
            vote(m.provinces(), 1, m.start)
        elif m.districts():
            vote(m.districts(), 0.5, m.start)
    if capital:
        vote([u for u in (province("Hà Nội"),) if u], min(capital, 2), 10**9)
    allowed = _allowed_provinces(hints)
    ranked = sorted((n for n in votes if allowed(n)), key=lambda n: (-votes[n], first[n]))
    ranked = ranked or sorted(votes, key=lambda n: (-votes[n], first[n]))
    return province(ranked[0]) if ranked else None


def _allowed_provinces(hints: Hints):
    """Provinces compatible with the issuer: a Tỉnh ủy's is a tỉnh, a Thành ủy's a central city."""
    def allowed(name: str) -> bool:
        unit = province(name)
        if unit is None:
            return False
        if hints.place is not None or hints.governs not in ("tỉnh", "thành phố"):
            return True
        return unit.central_city == (hints.governs == "thành phố")
    return allowed


def _district(found: list[Mention], hints: Hints, signed: Mention | None, prov: Unit | None) -> Unit | None:
    own = [u for u in _own(hints.place, hints) if u.level == "district"]
    if hints.place is not None and hints.governs not in ("tỉnh", "xã", "phường", "thị trấn") and own:
        return _in(own, prov)
    if hints.governs in ("tỉnh",) or (hints.governs == "thành phố" and prov is not None and prov.central_city):
        return None
    for m in reversed(hints.parents):
        units = [u for u in m.districts() if not m.provinces()]
        if units:
            return _in(units, prov)
    if signed is not None and not signed.provinces() and signed.districts():
        return _in(signed.districts(), prov)
    if hints.governs in _DISTRICT_KINDS:
        kinds = Counter(u.name for m in found for u in m.districts()
                        if u.kind == hints.governs and (prov is None or u.province == prov.name))
        if kinds:
            name = kinds.most_common(1)[0][0]
            return next(u for m in found for u in m.districts() if u.name == name)
    return None


def _in(units: list[Unit], prov: Unit | None) -> Unit | None:
    if prov is not None:
        inside = [u for u in units if u.province == prov.name]
        if inside:
            return inside[0]
    return units[0] if units else None


def _others(found: list[Mention], prov: Unit | None, district: Unit | None) -> list[str]:
    """Names of the other places, in order of first mention; districts only where unambiguous."""
    out: list[str] = []
    for m in found:
        units = m.provinces() or m.districts()
        if prov is not None and not m.provinces():
            units = [u for u in units if u.province == prov.name] or (units if m.qualifier else [])
        if not units:
            continue
        name = units[0].name
        if prov is not None and units[0].level == "province" and name == prov.name:
            continue
        if district is not None and units[0].level == "district" and name == district.name:
            continue
        if name not in out:
            out.append(name)
    return out
