"""Chinese names in facts files and tables: each resolved to the id formulas use.

An indicator file declares each fact it reads once, with its Chinese name
(``facts:``); an indicator has its own ``name``. A facts file may then write
``在职人数: 81`` for ``staff_in_post: 81``, and ``reasons:``, ``targets:``,
``not_applicable:`` and ``deductions:`` may name an indicator by its Chinese
name; a batch table's header may use either, and ``单位``/``年度`` for
``unit``/``year``. Giving one fact under both names is an error, and so is a
Chinese name that is no fact's or indicator's (with the closest names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from scoring.core.errors import (
    InputError,
    ListOf,
    Location,
    ScoringError,
    did_you_mean,
    raise_if_any,
)
from scoring.core.messages import msg
from scoring.core.model import Fact, Facts, Indicator, fact_infos
from scoring.core.record import evolve

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

# A batch table's head columns, by their Chinese names.
HEAD_NAMES = {"单位": "unit", "单位名称": "unit", "年度": "year", "年份": "year"}


def is_id(name: str) -> bool:
    """Whether ``name`` is written as an id (ASCII), not as a Chinese name."""
    return name.isascii()


def fact_ids(indicators: Iterable[Indicator]) -> dict[str, str]:
    """Chinese name -> fact id, for every fact the indicators read."""
    return {info.name: fact for fact, info in fact_infos(indicators).items() if info.name != fact}


def indicator_ids(indicators: Iterable[Indicator]) -> dict[str, str]:
    """Chinese name -> indicator id."""
    return {ind.name: ind.id for ind in indicators}


def resolve_facts(facts: Facts, indicators: Iterable[Indicator]) -> Facts:
    """``facts`` with every Chinese name replaced by its id.

    Raises:
        ScoringError: for a name that is no fact's or indicator's, or a fact
            given under both its names.
    """
    indicators = list(indicators)
    by_fact = fact_ids(indicators)
    by_indicator = indicator_ids(indicators)
    problems: list[ScoringError] = []
    ids_of: dict[str, list[str]] = {}
    for ind in indicators:
        ids_of.setdefault(ind.name, []).append(ind.id)
    # A name two indicators have (two rows of a sheet called alike) names neither.
    alike = {name: ids for name, ids in ids_of.items() if len(ids) > 1}
    fact_map = _resolve(facts.facts, by_fact, "fact", _fact_location, problems)
    renamed = {
        key: evolve(fact, name=key) if fact.name != key else fact for key, fact in fact_map.items()
    }

    def by_name(items: Mapping[str, T], locate: Callable[[T], Location | None]) -> dict[str, T]:
        return _resolve(items, by_indicator, "indicator", locate, problems, alike=alike)

    changed = evolve(
        facts,
        facts=renamed,
        targets=by_name(facts.targets, _location_of),
        not_applicable=by_name(facts.not_applicable, _location_of),
        deductions=by_name(facts.deductions, _location_of),
        reasons=by_name(facts.reasons, lambda _: facts.location),
        self_scores=by_name(facts.self_scores, lambda _: facts.location),
    )
    raise_if_any(problems)
    return changed


def resolve_column(name: str, by_fact: Mapping[str, str]) -> str | None:
    """The fact id a table column names (``unit``/``year`` for the head), or None."""
    if is_id(name):
        return name
    return HEAD_NAMES.get(name) or by_fact.get(name)


def _fact_location(fact: Fact) -> Location | None:
    return fact.location


def _no_location(_: str) -> Location | None:
    return None


def _location_of(value: object) -> Location | None:
    location = getattr(value, "location", None)
    return location if isinstance(location, Location) else None


def _resolve(
    items: Mapping[str, T],
    names: Mapping[str, str],
    what: str,
    locate: Callable[[T], Location | None],
    problems: list[ScoringError],
    *,
    alike: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, T]:
    resolved: dict[str, T] = {}
    given_as: dict[str, str] = {}
    for key, item in items.items():
        target = key if is_id(key) else names.get(key)
        location = locate(item)
        ids = alike.get(key, []) if alike is not None and not is_id(key) else []
        if ids:
            problems.append(
                InputError(
                    msg(
                        "{count} indicators are called {key!r} ({ids}): which one is meant"
                        " is not known",
                        count=len(ids),
                        key=key,
                        ids=ListOf(tuple(ids)),
                    ),
                    location=location,
                    hint=msg("name the indicator by its id, such as {id}", id=ids[0]),
                )
            )
            continue
        if target is None:
            problems.append(
                InputError(
                    msg("no {what} is called {key!r} here", what=msg(what), key=key),
                    location=location,
                    hint=did_you_mean(key, sorted(names))
                    or msg(
                        "write the {what}'s id, or its Chinese name as its indicator file gives it",
                        what=msg(what),
                    ),
                )
            )
            continue
        if target in resolved:
            problems.append(
                InputError(
                    msg(
                        "{what} {target!r} is given twice: as {first!r} and as {second!r}",
                        what=msg(what),
                        target=target,
                        first=given_as[target],
                        second=key,
                    ),
                    location=location,
                    hint=msg("keep one of them"),
                )
            )
            continue
        resolved[target] = item
        given_as[target] = key
    return resolved


__all__ = ["HEAD_NAMES", "fact_ids", "indicator_ids", "is_id", "resolve_column", "resolve_facts"]
