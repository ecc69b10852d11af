"""What English output will show in Chinese: the units, words and names without a twin.

A file gives the English of what it says in Chinese beside it (``unit_en``,
``target_en``, a level's ``name_en``); where it gives none, ``--lang en`` keeps
the Chinese as written, since nothing is translated by guessing. These notes
name each such field at its indicator, so that a file meant for English
readers can be completed; they are no problem of the file (``scoring --lang en
validate`` prints them, after its problems).
"""

from __future__ import annotations

from collections.abc import Iterable

from scoring.core.errors import InputNote, Location
from scoring.core.messages import msg
from scoring.core.model import Facts, Indicator
from scoring.core.rules import Levels, Qualitative, named_in_english
from scoring.core.values import Target


def _chinese_unit(unit: str, unit_en: str | None) -> bool:
    return unit not in ("", "%") and unit_en is None


def _chinese_words(target: Target, ind: Indicator) -> bool:
    """A target in words or a deadline whose English is its Chinese."""
    return bool(target.text) and named_in_english(target, ind.rule).label.en == str(target)


def english_notes(indicators: Iterable[Indicator], facts: Facts | None = None) -> list[InputNote]:
    """A note for each unit, target in words, level and band that English output shows in
    Chinese, at its indicator (or fact, or the facts file's target); each indicator once."""
    notes: list[InputNote] = []
    seen: set[str] = set()
    for ind in indicators:
        if ind.id in seen:
            continue
        seen.add(ind.id)
        notes.extend(_indicator_notes(ind))
        setting = facts.targets.get(ind.id) if facts is not None else None
        if setting is not None and _chinese_words(setting.target, ind):
            notes.append(
                InputNote(
                    msg(
                        "with --lang en, the target {target!r} set for {id!r} shows in Chinese:"
                        " it has no 'target_en'",
                        target=str(setting.target),
                        id=ind.id,
                    ),
                    location=setting.location or (facts.location if facts else None),
                    hint=msg("add 'target_en:' beside 'target:', the target in English"),
                )
            )
    return notes


def _indicator_notes(ind: Indicator) -> list[InputNote]:
    where: Location | None = ind.location
    notes = []
    if _chinese_unit(ind.unit, ind.unit_en):
        notes.append(
            InputNote(
                msg(
                    "with --lang en, the unit {unit!r} of {id!r} shows in Chinese:"
                    " it has no 'unit_en'",
                    unit=ind.unit,
                    id=ind.id,
                ),
                location=where,
                hint=msg("add 'unit_en:' beside 'unit:', the unit in English"),
            )
        )
    if _chinese_words(ind.target, ind):
        notes.append(
            InputNote(
                msg(
                    "with --lang en, the target {target!r} of {id!r} shows in Chinese:"
                    " it has no 'target_en'",
                    target=str(ind.target),
                    id=ind.id,
                ),
                location=where,
                hint=msg("add 'target_en:' beside 'target:', the target in English"),
            )
        )
    rule = ind.rule
    named = (
        [lv.name for lv in rule.levels if not lv.name_en]
        if isinstance(rule, Levels)
        else [b.name for b in rule.bands if not b.name_en]
        if isinstance(rule, Qualitative)
        else []
    )
    if named:
        notes.append(
            InputNote(
                msg(
                    "with --lang en, the outcomes {names} of {id!r} show in Chinese:"
                    " they have no 'name_en'",
                    names="、".join(named),
                    id=ind.id,
                ),
                location=where,
                hint=msg("add 'name_en:' to each level or band of the rule, its name in English"),
            )
        )
    for fact, info in ind.facts.items():
        if _chinese_unit(info.unit, info.unit_en):
            notes.append(
                InputNote(
                    msg(
                        "with --lang en, the unit {unit!r} of fact {fact!r} shows in Chinese:"
                        " it has no 'unit_en'",
                        unit=info.unit,
                        fact=fact,
                    ),
                    location=info.location or where,
                    hint=msg("add 'unit_en:' beside 'unit:', the unit in English"),
                )
            )
    return notes


__all__ = ["english_notes"]
