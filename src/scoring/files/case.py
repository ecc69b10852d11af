"""A case: a facts file with the indicator and weights files it names, read together.

Every problem found in a document is collected and raised together as one
:class:`~scoring.core.errors.ScoringError` whose ``problems`` each name the
file, line and column, with a hint.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

from scoring.core.engine import check, duplicate_ids, profile_mismatch
from scoring.core.errors import (
    InputError,
    InputWarning,
    ListOf,
    Location,
    ProfileMismatch,
    ScoringError,
    did_you_mean,
    raise_if_any,
)
from scoring.core.fact_checks import fact_signs
from scoring.core.messages import Message, msg
from scoring.core.model import (
    Facts,
    Indicator,
    WeightsProfile,
)
from scoring.core.record import Record, evolve, set_field
from scoring.files import resources
from scoring.files.documents import encoding_warning, key_suggestion
from scoring.files.facts import load_facts
from scoring.files.indicators import read_indicators
from scoring.files.names import resolve_facts
from scoring.files.targets import in_english, mistyped_target
from scoring.files.weights import read_weights

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hashlib import sha256
    from pathlib import Path
else:
    try:
        # CPython's own SHA-256, the same digest: hashlib loads OpenSSL, 3-4 ms
        # of the Quickstart's start-up (about 40 ms of Python and PyYAML alone).
        from _sha256 import sha256
    except ImportError:  # Python 3.12 names it _sha2; other Pythons
        from hashlib import sha256


class SourceFile(Record):
    """A rule file that was read, with the SHA-256 of its bytes."""

    path: str
    sha256: str
    __slots__ = ("path", "sha256")

    def __init__(
        self,
        path: str,
        sha256: str,
    ) -> None:
        set_field(self, "path", path)
        set_field(self, "sha256", sha256)


class Case(Record):
    """Everything needed to score one facts file, and the files it came from.

    ``warnings`` are what reading found allowed but worth a look (a sheet's
    achieved value typed with an operator), for the caller to show.
    """

    indicators: tuple[Indicator, ...]
    weights: WeightsProfile
    facts: Facts
    rule_files: tuple[SourceFile, ...]
    warnings: tuple[InputWarning, ...]
    __slots__ = ("facts", "indicators", "rule_files", "warnings", "weights")

    def __init__(
        self,
        indicators: tuple[Indicator, ...],
        weights: WeightsProfile,
        facts: Facts,
        rule_files: tuple[SourceFile, ...],
        warnings: tuple[InputWarning, ...] = (),
    ) -> None:
        set_field(self, "indicators", indicators)
        set_field(self, "weights", weights)
        set_field(self, "facts", facts)
        set_field(self, "rule_files", rule_files)
        set_field(self, "warnings", warnings)

    @property
    def rules_sha256(self) -> str:
        """One hash over the indicator and weights files used, in a stable order."""
        return rules_sha256(self.rule_files)


def file_sha256(data: bytes) -> str:
    """A file's SHA-256, in hex, as its :class:`SourceFile` records it."""
    return sha256(data).hexdigest()


def rules_sha256(rule_files: Iterable[SourceFile]) -> str:
    digest = sha256()
    for source in sorted(rule_files, key=lambda s: s.sha256):
        digest.update(source.sha256.encode())
    return digest.hexdigest()


def load_case(
    facts_path: str | Path,
    *,
    indicators: Sequence[str] | None = None,
    weights: str | None = None,
) -> Case:
    """Read a facts file and the indicator and weights files it names.

    ``indicators`` and ``weights`` (paths or shipped names) override what the
    facts file names. Relative paths inside a facts file are relative to it.
    A negative amount that a ratio formula reads is refused here
    (:func:`scoring.core.fact_checks.fact_signs`).

    Raises:
        ScoringError: listing every problem found.
    """
    case, named_at = read_case_named_at(facts_path, indicators=indicators, weights=weights)
    raise_if_any(profile_fit(case.indicators, case.weights, named_at))
    raise_if_any(fact_signs(case.indicators, case.facts))
    return case


def read_case(
    facts_path: str | Path,
    *,
    indicators: Sequence[str] | None = None,
    weights: str | None = None,
) -> Case:
    """:func:`load_case` without the checks on the facts' values (for validation)."""
    return read_case_named_at(facts_path, indicators=indicators, weights=weights)[0]


def read_case_named_at(
    facts_path: str | Path,
    *,
    indicators: Sequence[str] | None = None,
    weights: str | None = None,
) -> tuple[Case, Location | None]:
    """The case, and where the facts file names its weights profile (None: ``weights`` did)."""
    facts_file = load_facts(facts_path)
    base = os.path.dirname(facts_file.path)
    ind_refs = list(indicators) if indicators else list(facts_file.indicator_refs)
    ind_base = None if indicators else base
    weights_ref = weights or facts_file.weights_ref
    where = Location(str(facts_file.path))
    at = facts_file.ref_at
    read_as: list[InputWarning] = []
    loaded, profile, sources = rule_files(
        ind_refs,
        ind_base,
        weights_ref,
        None if weights else base,
        where=where,
        ref_at={} if indicators and weights else at,
        given_at=(at.get("indicators:"), at.get("weights:")),
        hints=(
            msg("name them under 'indicators:' in the facts file, or use --indicators"),
            msg("name it under 'weights:' in the facts file, or use --weights"),
        ),
        warnings=read_as,
    )
    assert profile is not None
    try:
        facts = apply_target_units(resolve_facts(facts_file.facts, loaded), loaded)
    except ScoringError as error:
        # An id given twice hides the indicator the facts name (its target, reason or
        # deduction "is no indicator here"): say why, with the facts' own problems.
        raise_if_any([*duplicate_ids(loaded), error])
        raise
    case = Case(
        tuple(loaded), profile, facts, tuple(sources), warnings=(*facts_file.warnings, *read_as)
    )
    return case, None if weights else at.get(weights_ref or "", at.get("weights:"))


def profile_fit(
    indicators: Sequence[Indicator], profile: WeightsProfile, named_at: Location | None
) -> list[ScoringError]:
    """Every problem of ``indicators`` with ``profile`` when the profile is probably the
    wrong one (:func:`~scoring.core.engine.profile_mismatch`); none otherwise.

    The problem said first names the shipped profiles that give the indicators their
    points, and stands where the profile is named: ``named_at`` (a ``weights:`` line),
    or the command line when it is None.
    """
    lead = profile_mismatch(indicators, profile)
    if lead is None:
        return []
    others = [p for p in check(indicators, profile) if not isinstance(p, ProfileMismatch)]
    return [with_fits(lead, indicators, profile, named_at), *others]


def with_fits(
    lead: ProfileMismatch,
    indicators: Sequence[Indicator],
    profile: WeightsProfile,
    named_at: Location | None,
) -> ProfileMismatch:
    """``lead`` (from the pure check) at ``named_at`` (None: the command line), its hint
    naming the shipped profiles that fit the indicators."""
    return ProfileMismatch(
        lead.said,
        missing=lead.missing,
        total=lead.total,
        weights_id=lead.weights_id,
        location=named_at or Location(COMMAND_LINE),
        hint=_fits_hint(indicators, profile, lead.total, in_file=named_at is not None),
    )


COMMAND_LINE = "<command line>"
"""How a place on the command line (``--weights``) is named in a message."""


def _fits_hint(
    indicators: Sequence[Indicator], profile: WeightsProfile, total: int, *, in_file: bool
) -> Message:
    """Which shipped weights profiles give ``indicators`` their points, the most first;
    ``in_file``: the profile is named in a file (its ``weights:``), not with --weights."""
    ids = {ind.id for ind in indicators}
    fits: list[tuple[int, str]] = []
    for name in resources.shipped_names("weights"):
        path = resources.find("weights", name)
        if path is None:
            continue
        try:
            other, _ = read_weights(path)
        except ScoringError:
            continue  # a shipped profile that does not read is said where it is used
        count = len(ids & set(other.points))
        if other.id != profile.id and count:
            fits.append((-count, name))
    fits.sort()
    if fits and -fits[0][0] == total:
        name = fits[0][1]
        return msg(
            "the shipped weights profile {name!r} gives points to all {total} of them: {use}",
            name=name,
            total=total,
            use=msg("write weights: {name} there, or give --weights {name}", name=name)
            if in_file
            else msg("use --weights {name}", name=name),
        )
    if fits:
        closest = ListOf(
            [
                msg("{name!r} ({count} of {total})", name=name, count=-count, total=total)
                for count, name in fits[:3]
            ]
        )
        return msg(
            "no shipped weights profile gives points to all of them (the closest: {closest}):"
            " write a weights profile for these indicators (see docs/weights.md)",
            closest=closest,
        )
    return msg(
        "no shipped weights profile gives points to these indicators: write one for them"
        " (see docs/weights.md)"
    )


def rule_files(
    ind_refs: Sequence[str],
    ind_base: str | Path | None,
    weights_ref: str | None,
    weights_base: str | Path | None,
    *,
    where: Location,
    hints: tuple[str | Message, str | Message] | None,
    ref_at: Mapping[str, Location] | None = None,
    given_at: tuple[Location | None, Location | None] = (None, None),
    warnings: list[InputWarning] | None = None,
) -> tuple[list[Indicator], WeightsProfile | None, list[SourceFile]]:
    """The indicator files and weights profile named, and their files.

    One loader for a facts file's case, a batch table's rules and the profiles
    a sheet is read with, so all find, read and hash rule files alike.
    ``hints`` say where to name indicator files and a weights profile when
    none is given; with ``hints`` None, neither is required (a sheet).

    A rule file read as GB18030 (not UTF-8) is added to ``warnings``, when given.

    Raises:
        ScoringError: listing every problem found.
    """
    problems: list[ScoringError] = []
    at = ref_at or {}

    def read(path: str | Path, data: bytes) -> SourceFile:
        if warnings is not None:
            found = encoding_warning(path, data)
            if found is not None:
                warnings.append(found)
        return SourceFile(str(path), file_sha256(data))

    if hints is not None and not ind_refs:
        problems.append(
            InputError(
                msg("no indicator files given"), location=given_at[0] or where, hint=hints[0]
            )
        )
    if hints is not None and not weights_ref:
        problems.append(
            InputError(
                msg("no weights profile given"), location=given_at[1] or where, hint=hints[1]
            )
        )
    loaded: list[Indicator] = []
    sources: list[SourceFile] = []
    for ref in ind_refs:
        path = _locate("indicators", ref, ind_base, at.get(ref, where), problems)
        if path is not None:
            try:
                found, data = read_indicators(path)
            except ScoringError as exc:
                problems.extend(exc.problems)
                continue
            loaded.extend(found)
            sources.append(read(path, data))
    profile = None
    if weights_ref:
        path = _locate("weights", weights_ref, weights_base, at.get(weights_ref, where), problems)
        if path is not None:
            try:
                profile, data = read_weights(path)
                sources.append(read(path, data))
            except ScoringError as exc:
                problems.extend(exc.problems)
    raise_if_any(problems)
    assert profile is not None or hints is None
    return loaded, profile, sources


def _locate(
    kind: str, ref: str, base: str | Path | None, where: Location, problems: list[ScoringError]
) -> str | None:
    path = resources.find(kind, ref, base)
    if path is not None:
        return path
    what = msg("an indicator file") if kind == "indicators" else msg("a weights file")
    given = resources.given_path(kind, ref, base)
    if given is not None and os.path.isdir(given):
        problems.append(
            InputError(
                msg("{ref!r} is a folder, not {what}", ref=ref, what=what),
                location=where,
                hint=msg("name a .yaml file in it (scoring validate takes a folder)"),
            )
        )
        return None
    shipped = ", ".join(resources.shipped_names(kind)) or "none"
    problems.append(
        InputError(
            msg(
                "no {kind} file {ref!r}",
                kind=msg("indicators") if kind == "indicators" else msg("weights"),
                ref=ref,
            ),
            location=where,
            hint=did_you_mean(ref, resources.known_names(kind, ref, base))
            or msg("give a path to a .yaml file, or a shipped name ({shipped})", shipped=shipped),
        )
    )
    return None


def apply_target_units(facts: Facts, indicators: Iterable[Indicator]) -> Facts:
    """Give year targets their indicator's unit, and refuse targets for unknown indicators."""
    by_id = {ind.id: ind for ind in indicators}
    problems: list[ScoringError] = []
    settings = {}
    for ind_id, setting in facts.targets.items():
        ind = by_id.get(ind_id)
        if ind is None:
            problems.append(
                InputError(
                    msg(
                        "a target is set for {ind_id!r}, which is not an indicator here",
                        ind_id=ind_id,
                    ),
                    location=setting.location,
                    hint=key_suggestion(ind_id, sorted(by_id)),
                )
            )
            continue
        if not setting.target.numeric and not ind.rule.text_target:
            mistyped = mistyped_target(setting.target.text or "")
            problems.append(
                InputError(
                    mistyped[0],
                    location=setting.location,
                    hint=mistyped[1],
                )
                if mistyped is not None
                else InputError(
                    msg(
                        "target {target} of {ind_id!r} is not a number such as '>= 95', which rule "
                        "{kind!r} needs",
                        target=setting.target,
                        ind_id=ind_id,
                        kind=ind.rule.kind,
                    ),
                    location=setting.location,
                    hint=msg(
                        "write an operator (>=, <=, =) then a number, or a deadline as '9月前'"
                    ),
                )
            )
            continue
        if setting.target.unit == "%" and ind.unit != "%":
            problems.append(
                InputError(
                    msg(
                        "target of {ind_id!r} has a % sign but the indicator's unit is {unit!r}",
                        ind_id=ind_id,
                        unit=ind.unit,
                    ),
                    location=setting.location,
                    hint=msg("remove the % sign"),
                )
            )
            continue
        target = setting.target
        if target.numeric and target.unit != "月":
            target = evolve(target, unit=ind.unit)
        target = in_english(target, ind.unit, ind.unit_en, target.text_en)
        settings[ind_id] = evolve(setting, target=target)
    for marked in (facts.not_applicable, facts.deductions):
        for ind_id, entry in marked.items():
            if ind_id not in by_id:
                problems.append(
                    InputError(
                        msg("{ind_id!r} is not an indicator here", ind_id=ind_id),
                        location=entry.location,
                        hint=key_suggestion(ind_id, sorted(by_id)),
                    )
                )
    for ind_id, entry in facts.deductions.items():
        if ind_id in facts.not_applicable:
            problems.append(
                InputError(
                    msg(
                        "{ind_id!r} is marked not applicable and also has a deduction",
                        ind_id=ind_id,
                    ),
                    location=entry.location,
                    hint=msg("a row that is not scored cannot lose points: remove one of them"),
                )
            )
    problems.extend(
        InputError(
            msg("a reason is given for {ind_id!r}, which is not an indicator here", ind_id=ind_id),
            location=facts.reason_locations.get(ind_id, facts.location),
            hint=key_suggestion(ind_id, sorted(by_id)),
        )
        for ind_id in facts.reasons
        if ind_id not in by_id
    )
    problems.extend(
        InputError(
            msg(
                "a self-score is given for {ind_id!r}, which is not an indicator here",
                ind_id=ind_id,
            ),
            location=facts.location,
            hint=key_suggestion(ind_id, sorted(by_id)),
        )
        for ind_id in facts.self_scores
        if ind_id not in by_id
    )
    under = [] if facts.sheet is None else [sub.parent for sub in facts.sheet.sub_rows]
    problems.extend(
        InputError(
            msg("其中 rows are given under {ind_id!r}, which is not an indicator here", ind_id=i),
            location=facts.location,
            hint=key_suggestion(i, sorted(by_id)),
        )
        for i in dict.fromkeys(under)
        if i not in by_id
    )
    raise_if_any(problems)
    return evolve(facts, targets=settings)
