"""Reading monitoring profiles: a weights profile's ``monitoring:`` section, or a file of its own.

A monitoring profile (``weights/monitoring/default.yaml``) is ``id``,
``name`` and a ``monitoring:`` section; a weights profile may carry the same
section, or name a monitoring profile there (``monitoring: default``).
A section may ``extends:`` another profile: the keys it gives replace the
base's, the rest are the base's, and the sources and assumptions of both are
kept. A weights profile without a section is monitored with the shipped
``default``.

Every problem found is collected and raised together, each with its file,
line and column.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import attrs

from scoring.analysis.monitoring import (
    ROLLUPS,
    LateUnspent,
    MonitoringProfile,
    ScheduleStep,
    Status,
    StatusBand,
    band_problems,
)
from scoring.core.errors import InputError, Location, ScoringError, did_you_mean, raise_if_any
from scoring.core.messages import msg
from scoring.core.record import evolve
from scoring.core.rules import parse_interval
from scoring.core.rules._numeric import interval_order
from scoring.files import located_yaml as _yaml
from scoring.files import resources
from scoring.files.documents import (
    _ID,
    FACT_NAME,
    LATE_UNSPENT_KEYS,
    MONITORING_FILE_KEYS,
    MONITORING_KEYS,
    SCHEDULE_STEP_KEYS,
    SPENDING_KEYS,
    STATUS_BAND_KEYS,
    Doc,
    Fields,
    kind_hint,
    read_unit_en,
    read_yaml,
)

DEFAULT = "default"
STATUSES = tuple(s.value for s in Status)
# Bases followed through ``extends:`` before it is taken for a loop.
MAX_BASES = 8


@attrs.frozen
class _Section:
    """What one section gives: profile fields by name, and where it said so."""

    parts: dict[str, Any]
    locations: dict[str, Location]
    sources: tuple[str, ...]
    assumptions: tuple[str, ...]
    bases: tuple[str, ...]


def load_monitoring(path: str | Path) -> MonitoringProfile:
    """Read a monitoring profile of its own (``id``, ``name`` and ``monitoring:``).

    Raises:
        ScoringError: listing every problem in the file (and in the files it extends).
    """
    return _profile_file(Path(path), ())


def monitoring_for(weights_file: str | Path, weights_id: str) -> MonitoringProfile:
    """The monitoring profile of a weights profile: its section, the one it names, or the default.

    Raises:
        ScoringError: listing every problem in the section and the files it extends.
    """
    path = Path(weights_file)
    root, _ = read_yaml(path)
    node = root.value.get("monitoring") if isinstance(root.value, dict) else None
    if node is None:
        return _profile_file(find_monitoring(DEFAULT), ())
    if isinstance(node.value, str):
        return _profile_file(find_monitoring(node.value, path.parent, node.location), ())
    doc = Doc(str(path))
    section = _section(doc, node, path.parent, (str(path.resolve()),))
    raise_if_any(doc.problems)
    return _build(section, node.location, f"{weights_id}.monitoring", None, None)


def find_monitoring(ref: str, base: Path | None = None, where: Location | None = None) -> Path:
    """The file a monitoring profile reference names: a path (relative to ``base``) or a name.

    Raises:
        InputError: when there is no such file.
    """
    found = resources.find("monitoring", ref, base)
    if found is None:
        raise InputError(
            msg("no monitoring profile {ref!r}", ref=ref),
            location=where,
            hint=msg(
                "give a path to a .yaml file, or a shipped name such as {name!r}", name=DEFAULT
            ),
        )
    return Path(found)


def _profile_file(path: Path, seen: tuple[str, ...]) -> MonitoringProfile:
    root, _ = read_yaml(path)
    doc = Doc(str(path))
    top, section = _file_section(doc, root, path, seen)
    ident, name, name_en = top.text("id"), top.text("name"), top.english("name_en", "name")
    raise_if_any(doc.problems)
    assert ident is not None
    assert section is not None
    return _build(section, root.location, ident, name, name_en)


def _file_section(
    doc: Doc, root: _yaml.Node, path: Path, seen: tuple[str, ...]
) -> tuple[Fields, _Section | None]:
    """A monitoring profile file's top mapping and its ``monitoring:`` section."""
    key = str(path.resolve())
    if key in seen or len(seen) >= MAX_BASES:
        raise InputError(
            msg("'extends' goes round in a loop, or too deep"),
            location=root.location,
            hint=msg("a monitoring profile may extend another, which must not extend it back"),
        )
    if isinstance(root.value, dict) and "categories" in root.value:
        raise InputError(
            msg("this is a weights profile, not a monitoring profile"),
            location=root.location,
            hint=msg(
                "name a monitoring profile such as {name!r}; a weights profile's own"
                " 'monitoring:' section is used with it",
                name=DEFAULT,
            ),
        )
    top = doc.top(root, msg("a monitoring profile"), *MONITORING_FILE_KEYS)
    node = top.get("monitoring")
    if node is None:
        return top, None
    return top, _section(doc, node, path.parent, (*seen, key))


def _section(doc: Doc, node: _yaml.Node, folder: Path, seen: tuple[str, ...]) -> _Section:
    fields = doc.fields(node, msg("the 'monitoring' section"), *MONITORING_KEYS)
    if fields is None:
        return _Section({}, {}, (), (), ())
    parts: dict[str, Any] = {}
    locations: dict[str, Location] = {
        key: loc for key, loc in node.key_locations.items() if key in MONITORING_KEYS.all
    }
    if fields.has("bands"):
        parts["bands"] = _bands(doc, fields)
    if fields.has("schedule"):
        parts["schedule"] = _schedule(doc, fields)
    if fields.has("rollup"):
        how = fields.text("rollup")
        if how is not None and how not in ROLLUPS:
            doc.add(
                fields.where("rollup"),
                msg(
                    "'rollup' must be one of {options}, not {given!r}",
                    options=", ".join(ROLLUPS),
                    given=how,
                ),
                msg("worst: the worst row's status; median: the middle row's"),
            )
        elif how is not None:
            parts["rollup"] = how
    if fields.has("mismatch"):
        mismatch = fields.number("mismatch", positive=True)
        if mismatch is not None and mismatch > 100:
            doc.add(
                fields.where("mismatch"),
                msg(
                    "'mismatch' is in percentage points, above 0 and at most 100, not {given}",
                    given=mismatch,
                ),
            )
        elif mismatch is not None:
            parts["mismatch"] = mismatch
    if fields.has("late_unspent"):
        parts["late_unspent"] = _late_unspent(doc, fields)
    if fields.has("spending"):
        parts.update(_spending(doc, fields))
    if fields.has("cumulative"):
        parts["cumulative"] = _ids(doc, fields, locations)
    if fields.has("exclude"):
        parts["exclude"] = _exclude(doc, fields, locations)
    if fields.has("plausible"):
        bound = fields.number("plausible", positive=True)
        if bound is not None and bound <= 100:
            doc.add(
                fields.where("plausible"),
                msg(
                    "'plausible' is a percent of where a row should be, above 100, not {given}",
                    given=bound,
                ),
                msg("300 warns of a figure at more than three times its schedule"),
            )
        elif bound is not None:
            parts["plausible"] = bound
    source, assumed = fields.text("source"), fields.text("assumed")
    own = _Section(
        parts,
        locations,
        (source.strip(),) if source else (),
        (assumed.strip(),) if assumed else (),
        (),
    )
    base_ref = fields.text("extends")
    if base_ref is None:
        return own
    base_path = find_monitoring(base_ref, folder, fields.where("extends"))
    root, _ = read_yaml(base_path)
    base_doc = Doc(str(base_path))
    top, base = _file_section(base_doc, root, base_path, seen)
    base_id = top.text("id") or base_ref
    doc.problems.extend(base_doc.problems)
    if base is None:
        return evolve(own, bases=(base_id,))
    return _Section(
        {**base.parts, **own.parts},
        {**base.locations, **own.locations},
        (*base.sources, *own.sources),
        (*base.assumptions, *own.assumptions),
        (base_id, *base.bases),
    )


def _build(
    section: _Section,
    where: Location,
    ident: str,
    name: str | None,
    name_en: str | None,
) -> MonitoringProfile:
    parts = section.parts
    problems: list[ScoringError] = []
    for key, meaning in (
        ("bands", msg("the status bands")),
        ("spent_fact", msg("the spending facts")),
    ):
        if key not in parts:
            shown = "bands" if key == "bands" else "spending"
            problems.append(
                InputError(
                    msg(
                        "the monitoring profile gives no {key!r} ({meaning})",
                        key=shown,
                        meaning=meaning,
                    ),
                    location=where,
                    hint=msg(
                        "add '{key}:', or 'extends: {name}' to take the shipped defaults",
                        key=shown,
                        name=DEFAULT,
                    ),
                )
            )
    raise_if_any(problems)
    return MonitoringProfile(
        id=ident,
        name=name,
        name_en=name_en,
        sources=section.sources,
        assumptions=section.assumptions,
        bases=section.bases,
        locations=section.locations,
        **parts,
    )


def _bands(doc: Doc, fields: Fields) -> tuple[StatusBand, ...]:
    bands = []
    for item in fields.items("bands"):
        band = doc.fields(item, msg("a status band"), *STATUS_BAND_KEYS)
        if band is None:
            continue
        status, raw = band.text("status"), band.text("range")
        if status is not None and status not in STATUSES:
            doc.add(
                band.where("status"),
                msg(
                    "status {given!r} must be one of {options}",
                    given=status,
                    options=", ".join(STATUSES),
                ),
                did_you_mean(status, STATUSES)
                or msg("the four colours, from the least progress up"),
            )
            continue
        if status is None or raw is None:
            continue
        try:
            interval = parse_interval(raw)
        except (ValueError, ArithmeticError) as exc:
            doc.add(
                band.where("range"),
                msg("bad range {given!r}: {reason}", given=raw, reason=exc),
                msg(
                    "write [a, b) with [ or ] for an edge that is included (含), ( or ) for one"
                    " that is not, and -inf or +inf for an open end"
                ),
            )
            continue
        bands.append(StatusBand(Status(status), interval, item.location))
    ordered = tuple(sorted(bands, key=lambda b: interval_order(b.interval)))
    if len(bands) == len(fields.items("bands")):
        for problem in band_problems(ordered):
            doc.add(
                fields.where("bands"),
                msg("status bands: {problem}", problem=problem),
                msg(
                    "bands are ratios in percent of where a row should be by now, e.g."
                    " red (-inf, 80), yellow [80, 100), green [100, 130), blue [130, +inf)"
                ),
            )
    return ordered


def _schedule(doc: Doc, fields: Fields) -> tuple[ScheduleStep, ...]:
    steps = []
    for item in fields.items("schedule"):
        step = doc.fields(item, msg("a schedule step"), *SCHEDULE_STEP_KEYS)
        if step is None:
            continue
        month = step.integer("month", 1, 12)
        minimum = step.number("min", positive=True)
        if minimum is not None and minimum > 100:
            doc.add(
                step.where("min"),
                msg("'min' is a percent of the budget, at most 100, not {given}", given=minimum),
            )
            continue
        if month is not None and minimum is not None:
            steps.append(ScheduleStep(month, minimum, item.location))
    steps.sort(key=lambda s: s.month)
    for before, after in itertools.pairwise(steps):
        where = after.location or fields.where("schedule")
        if before.month == after.month:
            doc.add(
                where,
                msg("month {month} is in the schedule twice", month=after.month),
                msg("keep one of them"),
            )
        elif after.minimum < before.minimum:
            doc.add(
                where,
                msg(
                    "the schedule asks {later}% by month {month}, less than the {earlier}% by"
                    " month {before}: a cumulative minimum cannot fall",
                    later=after.minimum,
                    month=after.month,
                    earlier=before.minimum,
                    before=before.month,
                ),
            )
    return tuple(steps)


def _late_unspent(doc: Doc, fields: Fields) -> LateUnspent | None:
    node = fields.get("late_unspent")
    assert node is not None
    late = doc.fields(node, msg("'late_unspent'"), *LATE_UNSPENT_KEYS)
    if late is None:
        return None
    month = late.integer("from_month", 1, 12)
    share = late.number("share", positive=True)
    if share is not None and share >= 100:
        doc.add(
            late.where("share"),
            msg("'share' is a percent of the budget, below 100, not {given}", given=share),
        )
        return None
    if month is None or share is None:
        return None
    return LateUnspent(month, share)


def _spending(doc: Doc, fields: Fields) -> dict[str, Any]:
    node = fields.get("spending")
    assert node is not None
    spending = doc.fields(node, msg("'spending'"), *SPENDING_KEYS)
    if spending is None:
        return {}
    found: dict[str, Any] = {}
    for key, field in (("spent", "spent_fact"), ("budget", "budget_fact")):
        name = spending.text(key)
        if name is not None and not FACT_NAME.match(name):
            doc.add(
                spending.where(key),
                msg(
                    "{key!r} names a fact: ASCII letters, digits and _, not {given!r}",
                    key=key,
                    given=name,
                ),
                msg("e.g. spending, budget: the facts the execution rate is computed from"),
            )
        elif name is not None:
            found[field] = name
    unit = spending.text("unit")
    if unit is not None:
        # A unit of its own has its own English twin, or none (the Chinese is then kept).
        found["money_unit"] = unit.strip()
        found["money_unit_en"] = read_unit_en(spending, unit.strip())
    elif spending.has("unit_en"):
        doc.add(
            spending.where("unit_en"),
            msg(
                "'unit_en' is the English of the unit, but {what} has no 'unit'", what=spending.what
            ),
            msg("add 'unit:' with the Chinese unit, or remove 'unit_en'"),
        )
    return found if {"spent_fact", "budget_fact"} <= set(found) else {}


def _ids(doc: Doc, fields: Fields, locations: dict[str, Location]) -> tuple[str, ...]:
    ids: list[str] = []
    for item in fields.items("cumulative"):
        if not isinstance(item.value, str) or not _ID.match(item.value):
            doc.add(item.location, msg("'cumulative' lists indicator ids"), kind_hint(item))
            continue
        if item.value in ids:
            doc.add(item.location, msg("{id!r} is listed twice in 'cumulative'", id=item.value))
            continue
        ids.append(item.value)
        locations[f"cumulative.{item.value}"] = item.location
    return tuple(ids)


def _exclude(doc: Doc, fields: Fields, locations: dict[str, Location]) -> dict[str, str]:
    node = fields.get("exclude")
    found = {}
    for ind_id, item in fields.mapping("exclude").items():
        if isinstance(item.value, str) and item.value.strip():
            found[ind_id] = item.value.strip()
            assert node is not None
            locations[f"exclude.{ind_id}"] = node.key_locations[ind_id]
        else:
            doc.add(
                item.location,
                msg("the exclusion of {id!r} needs its reason as text", id=ind_id),
                msg("write why this row is not monitored during the year"),
            )
    return found


__all__ = ["DEFAULT", "find_monitoring", "load_monitoring", "monitoring_for"]
