"""Reading weights profiles (``weights/*.yaml``) into the model's weights profiles.

Every problem found in a document is collected and raised together as one
:class:`~scoring.core.errors.ScoringError` whose ``problems`` each name the
file, line and column, with a hint.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from scoring.core.caps import CapBand, TotalCap, cap_problems
from scoring.core.errors import (
    InputError,
    Location,
    raise_if_any,
)
from scoring.core.messages import Message, msg
from scoring.core.model import (
    DEFAULT_GRADES,
    MISSING_POLICIES,
    Category,
    GradeBand,
    Group,
    OverAchievement,
    Veto,
    WeightsProfile,
    default_grades,
)
from scoring.core.numbers import mul, plain
from scoring.core.rules import parse_interval
from scoring.files import located_yaml as _yaml
from scoring.files.documents import (
    CAP_BAND_KEYS,
    CATEGORY_KEYS,
    GRADE_KEYS,
    GROUP_KEYS,
    MAX_DECIMALS,
    POINTS_KEYS,
    TOTAL_CAP_KEYS,
    WEIGHTS_FILE_KEYS,
    Doc,
    Fields,
    key_suggestion,
    no_twice,
    read_number,
    read_yaml,
)
from scoring.files.indicators import read_over_achievement
from scoring.files.reading import path_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def load_weights(path: str | Path) -> WeightsProfile:
    """Read a weights profile.

    Raises:
        ScoringError: listing every problem in the file.
    """
    return read_weights(path_text(path))[0]


def read_weights(path: str | Path) -> tuple[WeightsProfile, bytes]:
    with _yaml.paused_gc():  # as for an indicator file: no cycles, and faster on a large one
        return _read_weights(path)


def _read_weights(path: str | Path) -> tuple[WeightsProfile, bytes]:
    root, data = read_yaml(path)
    doc = Doc(str(path))
    if isinstance(root.value, dict) and "monitoring" in root.value and "points" not in root.value:
        raise InputError(
            msg("this is a monitoring profile, not a weights profile"),
            location=root.location,
            hint=msg(
                "give it to scoring monitor with --monitoring; --weights names the scoring sheet"
            ),
        )
    top = doc.top(root, msg("a weights file"), *WEIGHTS_FILE_KEYS)
    categories = [c for c in (_category(doc, n) for n in top.items("categories")) if c]
    no_twice(doc, msg("category"), [(c.name, c.location) for c in categories])
    for cat in categories:
        no_twice(
            doc, msg("group of {name}", name=cat.name), [(g.name, g.location) for g in cat.groups]
        )
    points: dict[str, Decimal] = {}
    points_node = top.get("points")
    locations: dict[str, Location] = {
        key: top.node.key_locations[key]
        for key in ("full_score", "categories")
        if key in top.node.key_locations
    }
    point_locations = points_node.key_locations if points_node is not None else {}
    assumed_points: dict[str, str] = {}
    for key, node in top.mapping("points").items():
        what = msg("points of {key!r}", key=key)
        given, reason = _points_entry(doc, node, what)
        if given is None:
            continue
        value = read_number(doc, given, what, nonnegative=True, positive=False, points=True)
        if value is not None:
            points[key] = value
            locations[f"points.{key}"] = point_locations[key]
            if reason is not None:
                assumed_points[key] = reason
    placed = [(g, n.location) for n in top.items("grades") for g in [_grade(doc, n)] if g]
    grades = tuple(g for g, _ in placed)
    full = top.number("full_score", positive=True, points=True)
    _grade_sanity(doc, placed, full if full is not None else Decimal(100))
    decimals = top.integer("decimals", 0, MAX_DECIMALS)
    normalise = top.boolean("normalise")
    value_decimals = top.integer("value_decimals", 0, MAX_DECIMALS)
    over = read_over_achievement(doc, top, OverAchievement())
    missing = top.text("missing_facts") or "error"
    if missing not in MISSING_POLICIES:
        doc.add(
            top.where("missing_facts"),
            msg(
                "'missing_facts' must be one of {join}, not {missing!r}",
                join=", ".join(MISSING_POLICIES),
                missing=missing,
            ),
            key_suggestion(missing, MISSING_POLICIES),
        )
    vetoes = []
    names = [g.name for g in (grades or DEFAULT_GRADES)]  # same names at any full score
    for ind_id, node in top.mapping("veto").items():
        cap = node.value if isinstance(node.value, str) else None
        if cap not in names:
            doc.add(
                node.location,
                msg(
                    "the veto of {ind_id!r} must name the best grade left, one of {join}",
                    ind_id=ind_id,
                    join=", ".join(names),
                ),
                msg("e.g. 'veto: {{safety_incidents: 中}}'"),
            )
            continue
        vetoes.append(Veto(ind_id, cap))
    total_cap = _total_cap(doc, top)
    if total_cap is not None:
        locations["total_cap"] = top.node.key_locations["total_cap"]
    ident, name = top.text("id"), top.text("name")
    name_en, source = top.english("name_en", "name"), top.text("source")
    # Every field is read before this: a problem recorded after it was never said.
    raise_if_any(doc.problems)
    assert ident
    assert name
    profile = WeightsProfile(
        id=ident,
        name=name,
        name_en=name_en,
        source=source,
        categories=tuple(categories),
        points=points,
        full_score=full if full is not None else Decimal(100),
        decimals=decimals if decimals is not None else 2,
        grades=grades or default_grades(full if full is not None else Decimal(100)),
        normalise=bool(normalise),
        location=root.location,
        value_decimals=value_decimals,
        over_achievement=over or OverAchievement(),
        missing_facts=missing,
        vetoes=tuple(vetoes),
        total_cap=total_cap,
        locations=locations,
        assumed_points=assumed_points,
    )
    return profile, data


def _points_entry(
    doc: Doc, node: _yaml.Node, what: Message
) -> tuple[_yaml.Node | None, str | None]:
    """An indicator's points, ``3`` or ``{points: 3, assumed: 理由}``: the number's node and
    the reason they are assumed (None when they are not, or the entry is refused)."""
    if not isinstance(node.value, dict):
        return node, None
    fields = doc.fields(node, what, *POINTS_KEYS)
    given = fields.get("points") if fields is not None else None
    if fields is None or given is None or given.value is None:
        return None, None  # refused by doc.fields, which said why
    return given, assumed(fields, what)


def assumed(fields: Fields, what: Message) -> str | None:
    """The reason under ``assumed:`` in ``fields`` (None without one); a reason is words."""
    node = fields.get("assumed")
    if node is None:
        return None
    value = node.value
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, bool):
        kind = msg("true/false")
    elif isinstance(value, Decimal):
        kind = msg("a number")
    else:  # empty text, nothing, a list or a mapping
        kind = msg("empty") if not value else msg("a list or a mapping")
    fields.doc.add(
        node.location,
        msg(
            "'assumed' on {what} must say in words why it is assumed, not be {kind}",
            what=what,
            kind=kind,
        ),
        msg(
            "write the reason after 'assumed:', e.g. 'assumed: 模板此处不可读，分值为假设'; remove"
            " 'assumed:' if the number is read from a published sheet"
        ),
    )
    return None


def _total_cap(doc: Doc, top: Fields) -> TotalCap | None:
    """``total_cap: {indicator: id, bands: [{range: "[70, 80)", at_most: 89}, ...]}``."""
    node = top.get("total_cap")
    if node is None:
        return None
    fields = doc.fields(node, msg("'total_cap'"), *TOTAL_CAP_KEYS)
    if fields is None:
        return None
    before = len(doc.problems)
    bands = []
    for item in fields.items("bands"):
        band = doc.fields(item, msg("a band of 'total_cap'"), *CAP_BAND_KEYS)
        if band is None:
            continue
        raw, most = band.text("range"), band.number("at_most", nonnegative=True, points=True)
        if raw is None or most is None:
            continue
        try:
            bands.append(CapBand(parse_interval(raw), most))
        except (ValueError, ArithmeticError) as exc:
            doc.add(
                band.where("range"),
                msg("bad range {raw!r}: {exc}", raw=raw, exc=exc),
                msg(
                    "write [a, b) with [ or ] for an edge that is included (含), ( or ) for one "
                    "that is not, and -inf or +inf for an open end"
                ),
            )
    if fields.has("bands") and not fields.items("bands") and len(doc.problems) == before:
        doc.add(fields.where("bands"), msg("'total_cap' needs at least one band"))
    indicator = fields.text("indicator")
    if indicator is None or len(doc.problems) > before:
        return None
    cap = TotalCap(indicator, tuple(bands))
    full = top.number("full_score", positive=True, points=True)
    for text in cap_problems(cap, full if full is not None else Decimal(100)):
        doc.add(fields.where("bands"), msg("total_cap: {text}", text=text))
    return cap


def _category(doc: Doc, node: _yaml.Node) -> Category | None:
    fields = doc.fields(node, msg("a category"), *CATEGORY_KEYS)
    if fields is None:
        return None
    groups = []
    for item in fields.items("groups"):
        group = doc.fields(item, msg("a group"), *GROUP_KEYS)
        if group is None:
            continue
        name, points = group.text("name"), group.number("points", nonnegative=True, points=True)
        reason = assumed(group, msg("the points of group {name!r}", name=name or "?"))
        if name and points is not None:
            groups.append(
                Group(name, points, group.english("name_en", "name"), item.location, assumed=reason)
            )
    name, points = fields.text("name"), fields.number("points", nonnegative=True, points=True)
    reason = assumed(fields, msg("the points of category {name!r}", name=name or "?"))
    if not name or points is None:
        return None
    return Category(
        name,
        points,
        tuple(groups),
        fields.english("name_en", "name"),
        node.location,
        assumed=reason,
    )


def _grade_sanity(doc: Doc, placed: Sequence[tuple[GradeBand, Location]], full: Decimal) -> None:
    """Grades no total can reach, minimums written as shares, and a name used twice.

    Errors, not warnings: each makes the grade printed under every total wrong.
    """
    seen: dict[str, Location] = {}
    at_min: dict[Decimal, GradeBand] = {}
    for band, where in placed:
        if band.min in at_min:
            doc.add(
                where,
                msg(
                    "grades {first!r} and {name!r} both start at {min}",
                    first=at_min[band.min].name,
                    name=band.name,
                    min=plain(band.min),
                ),
                msg("give each grade its own minimum"),
            )
        at_min.setdefault(band.min, band)
        if band.name in seen:
            doc.add(
                where,
                msg(
                    "two grades are called {name!r} (first at line {line})",
                    name=band.name,
                    line=seen[band.name].line,
                ),
                msg("give each grade its own name"),
            )
        seen.setdefault(band.name, where)
        if band.min > full:
            doc.add(
                where,
                msg(
                    "grade {name!r} starts at {min}, above the full score {full}: no total can "
                    "reach it",
                    name=band.name,
                    min=plain(band.min),
                    full=plain(full),
                ),
                msg("write the minimum in points of this sheet"),
            )
    if len(at_min) == len(placed):
        _grade_order(doc, placed)
    mins = [band.min for band, _ in placed]
    if mins and full >= 10 and max(mins) <= 1 and any(m > 0 for m in mins):
        doc.add(
            placed[0][1],
            msg(
                "the grade minimums ({join}) look like shares of the full score {full}, not points",
                join=", ".join(plain(m) for m in mins),
                full=plain(full),
            ),
            msg(
                "write them in points: {mul} for {mins} of {full}",
                mul=plain(mul(mins[0], full)),
                mins=plain(mins[0]),
                full=plain(full),
            ),
        )


NATIONAL_ORDER = ("优", "良", "中", "差")
"""The national grades' names, the best first."""


def _grade_order(doc: Doc, placed: Sequence[tuple[GradeBand, Location]]) -> None:
    """A minimum typed out of line with the others: the grade would go to the wrong band.

    The band is chosen by its minimum alone, so 优 from 18 and 良 from 19 give 良 to a
    total of 20, above 优. The national names have a known order (优 良 中 差); other
    names are taken to be listed in order, best first or worst first, and a minimum out
    of that order is refused at its line.
    """
    named = [(band, where) for band, where in placed if band.name in NATIONAL_ORDER]
    for band, where in named:
        rank = NATIONAL_ORDER.index(band.name)
        better = [b for b, _ in named if NATIONAL_ORDER.index(b.name) < rank and b.min <= band.min]
        if better:
            doc.add(
                where,
                msg(
                    "grade {name!r} starts at {min}, not below {better!r}, which starts at "
                    "{better_min}: a total of {min} would get {name!r}",
                    name=band.name,
                    min=plain(band.min),
                    better=better[0].name,
                    better_min=plain(better[0].min),
                ),
                msg("give the better grade the higher minimum: 优 the highest, 差 the lowest"),
            )
            return
    mins = [band.min for band, _ in placed]
    if len(mins) < 3 or mins == sorted(mins) or mins == sorted(mins, reverse=True):
        return
    down = mins[0] > mins[1]
    for k in range(2, len(mins)):
        if (mins[k] > mins[k - 1]) == down:
            band, where = placed[k]
            doc.add(
                where,
                msg(
                    "grade {name!r} starts at {min}, out of the order of the grades listed "
                    "before it ({join})",
                    name=band.name,
                    min=plain(band.min),
                    join=", ".join(f"{b.name} {plain(b.min)}" for b, _ in placed[:k]),
                ),
                msg("list the grades from the best down, each starting below the one before it")
                if down
                else msg(
                    "list the grades from the lowest up, each starting above the one before it"
                ),
            )
            return


def _grade(doc: Doc, node: _yaml.Node) -> GradeBand | None:
    fields = doc.fields(node, msg("a grade"), *GRADE_KEYS)
    if fields is None:
        return None
    name, low = fields.text("name"), fields.number("min", nonnegative=True, points=True)
    reason = assumed(fields, msg("the minimum of grade {name!r}", name=name or "?"))
    if not name or low is None:
        return None
    return GradeBand(name, low, fields.english("name_en", "name") or "", reason)
