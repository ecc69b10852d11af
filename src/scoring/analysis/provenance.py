"""Which sheet cells each row's numbers were read from, for the output to cite.

A fact or year target read from a self-evaluation sheet carries a provenance
``sheet: 自评表!F12`` (with a note when the cell was read with an
assumption, such as a bare target taken as ≥). The output shows these in
place of a quote, so that a reviewer can find every number on the sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scoring.core.model import Facts, Indicator, ProvenanceKind
from scoring.core.record import Record, set_field

TARGET = "target"


class Cited(Record):
    """One number behind a row and the cell it was read from.

    ``what`` is a fact's name, ``""`` for the row's own value (a fact named
    like the indicator), or :data:`TARGET` for the year's target.
    """

    what: str
    cell: str
    __slots__ = ("cell", "what")

    def __init__(
        self,
        what: str,
        cell: str,
    ) -> None:
        set_field(self, "what", what)
        set_field(self, "cell", cell)


def sheet_cells(indicators: Iterable[Indicator], facts: Facts) -> Mapping[str, tuple[Cited, ...]]:
    """By indicator id, the sheet cells its value and target were read from (rows with any)."""
    by_id = {ind.id: ind for ind in indicators}
    cited: dict[str, tuple[Cited, ...]] = {}
    for ind in by_id.values():
        found = [
            Cited("" if name == ind.id else name, fact.provenance.text)
            for name in sorted(_facts_behind(ind, by_id, set()))
            if (fact := facts.facts.get(name)) is not None
            and fact.provenance is not None
            and fact.provenance.kind is ProvenanceKind.SHEET
        ]
        setting = facts.targets.get(ind.id)
        if (
            setting is not None
            and setting.provenance is not None
            and setting.provenance.kind is ProvenanceKind.SHEET
        ):
            found.append(Cited(TARGET, setting.provenance.text))
        if found:
            cited[ind.id] = tuple(found)
    return cited


def _facts_behind(ind: Indicator, by_id: Mapping[str, Indicator], seen: set[str]) -> set[str]:
    """The facts a row reads: its own (named like it), or its formula's, through other rows."""
    if ind.id in seen:
        return set()
    seen.add(ind.id)
    if ind.formula is None:
        return {ind.id}
    names: set[str] = set()
    for name in ind.formula.names:
        other = by_id.get(name)
        names |= {name} if other is None else _facts_behind(other, by_id, seen)
    return names
