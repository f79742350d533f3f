"""Series whose numerators add up, protected as one table so that no subtraction gives a hidden
cell back.

The questionnaire's values are defined so that some numerators are sums of others
(:mod:`destat.project.derive`): e-commerce sales are web sales plus EDI-type sales (their
shares make up 100 %, a validation rule), and web sales are B2C plus B2B web sales (B2B is web
minus B2C). Over the same denominator, the published ratios inherit these sums: EC1 = EC2 + EC3
in every cell, and EC4 + EC5 = 100 % of web sales. A hidden EC3 cell would be EC1 - EC2, a
hidden EC4 cell 100 % - EC5. Such series are protected together, as linked tables with one more
dimension, the series, whose hierarchy is the sum (tau-ARGUS's linked tables, Hundepool et al.
2012, chapter 4). When the parts add up to the denominator itself, the denominator is in the
table as a series everybody knows (its cells are fixed in the attacker's programme).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from destat.project.plan import Figure

# Numerator variable -> the variables it is the sum of, by the questionnaire's definitions.
SUMS = {
    "ecommerce_sales_value": ("web_sales_value", "edi_sales_value"),
    "web_sales_value": ("web_sales_b2c_value", "web_sales_b2b_value"),
}
KNOWN_PREFIX = "__known_"


@dataclass(frozen=True)
class SeriesGroup:
    """Published series protected as one table; the first one's ``[disclosure]`` settings
    apply to all. ``known`` is a denominator everybody knows, the sum of the members."""

    members: tuple[Figure, ...]
    children: tuple[tuple[str, tuple[str, ...]], ...] = ()
    known: Figure | None = None

    @property
    def total(self) -> str:
        """The code at the top of the series hierarchy."""
        return self.children[0][0] if self.children else self.members[0].code

    @property
    def series(self) -> tuple[Figure, ...]:
        """Every series in the table: the members, and the known denominator if any."""
        return self.members + ((self.known,) if self.known is not None else ())


def group_series(figures: Sequence[Figure]) -> list[SeriesGroup]:
    """The figures in groups: the series linked by the sums of :data:`SUMS` in one group (the
    whole being a published series, else the denominator as a known series), others alone."""
    sums = [found for whole, parts in SUMS.items() for found in _sums(figures, whole, parts)]
    groups: list[SeriesGroup] = []
    grouped: set[str] = set()
    for top, _ in sums:
        if top.code in grouped:
            continue
        children = _descendants(top.code, sums)
        members = [f for f in figures if f.code in {code for _, kids in children for code in kids}]
        known = None if top in figures else top
        group = SeriesGroup(tuple(([] if known else [top]) + members), tuple(children), known)
        codes = {f.code for f in group.members}
        if grouped.isdisjoint(codes):
            groups.append(group)
            grouped |= codes
    alone = [SeriesGroup((f,)) for f in figures if f.code not in grouped]
    return alone + groups


def _sums(
    figures: Sequence[Figure], whole: str, parts: tuple[str, ...]
) -> list[tuple[Figure, tuple[Figure, ...]]]:
    """Each set of published ``parts`` over one denominator, under the published series of
    ``whole`` (else, when ``whole`` is that denominator, a known series of it)."""
    found = []
    denominators = {f.denominator for f in figures if f.column in parts and f.denominator}
    for denominator in sorted(d for d in denominators if d is not None):
        over = {f.column: f for f in figures if f.denominator == denominator}
        if not set(parts) <= set(over):
            continue
        tops = [f for f in figures if f.column == whole]
        if tops:
            found.append((tops[0], tuple(over[p] for p in parts)))
        elif whole == denominator:
            known = Figure(f"{KNOWN_PREFIX}{whole}", over[parts[0]].unit, whole, denominator)
            found.append((known, tuple(over[p] for p in parts)))
    return found


def _descendants(
    code: str, sums: Sequence[tuple[Figure, tuple[Figure, ...]]]
) -> list[tuple[str, tuple[str, ...]]]:
    """The hierarchy under ``code``: its parts, their parts, and so on."""
    tree = []
    for top, parts in sums:
        if top.code == code:
            tree.append((code, tuple(p.code for p in parts)))
            for part in parts:
                tree += _descendants(part.code, sums)
    return tree
