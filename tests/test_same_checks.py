"""One set of checks on every path: score, batch (both engines, CSV and YAML), --set, Python.

A fact that ``scoring score`` refuses is refused, with the same words, by a batch row,
by ``--set`` and by :func:`scoring.score`; a value it warns about is warned about
everywhere too. The property at the end feeds the same generated facts to every path.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Facts, ScoringError, load_case, score
from silent_cases import (
    BASE,
    FACT_NAMES,
    bare,
    batch_rows,
    cli,
    csv_table,
    problems,
    rules,
    small_facts,
    yaml_table,
)

ENGINES = ("exact", "columnar")
NEGATIVE = "fact 'budget' is -43.2, but the formula of 'budget_execution_rate'"
FRACTION = "'key_university_rate' is 0.3416% against a target of ≥35%"


class TestNegativeAmount:
    """A negative budget, which score refuses, fails a batch row and the Python API alike."""

    def test_score_refuses_it(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The reference: scoring score exits 2 naming the fact and the formula."""
        facts = small_facts(tmp_path, budget="-43.2")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 2
        assert NEGATIVE in err

    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize("kind", ["csv", "yaml"])
    def test_batch_row_fails_with_the_same_message(
        self, tmp_path: Path, engine: str, kind: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Row 2 of a table with budget -43.2 fails; row 1 is scored."""
        write = csv_table if kind == "csv" else yaml_table
        table = write(tmp_path, [{}, {"budget": "-43.2"}])
        code, out, err = cli(
            ["batch", str(table), *rules(tmp_path), "--engine", engine, "--format", "json"], capsys
        )
        assert code == 2
        rows = batch_rows(out)
        assert [r["status"] for r in rows] == ["scored", "failed"]
        found = problems(err)
        assert len(found) == 1, err
        assert "row 2: " + NEGATIVE in found[0]

    def test_python_score_refuses_it(self) -> None:
        """scoring.score with facts built in Python refuses the negative budget too."""
        case = load_case(small_facts_path())
        values = {**{n: Decimal(BASE[n]) for n in FACT_NAMES}, "budget": Decimal("-43.2")}
        facts = Facts.from_values("单位", 2023, values)
        with pytest.raises(ScoringError) as info:
            score(case.indicators, case.weights, facts)
        assert NEGATIVE in str(info.value)


def small_facts_path() -> Path:
    from silent_cases import DOCS  # noqa: PLC0415

    return DOCS / "small-facts.yaml"


class TestFractionWarning:
    """0.3416 where the unit is % is warned about after score, in batch and after --set."""

    def test_score_warns(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The reference: scoring score prints the warning on stderr and scores."""
        facts = small_facts(tmp_path, key_university_rate="0.3416")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 0
        assert any(FRACTION in w for w in problems(err, "warning")), err

    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize("kind", ["csv", "yaml"])
    def test_batch_warns_per_row_and_counts(
        self, tmp_path: Path, engine: str, kind: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The row with the fraction gets the warning, and the summary counts it."""
        write = csv_table if kind == "csv" else yaml_table
        table = write(tmp_path, [{}, {"key_university_rate": "0.3416"}, {}])
        code, _, err = cli(["batch", str(table), *rules(tmp_path), "--engine", engine], capsys)
        assert code == 0
        warnings = problems(err, "warning")
        assert len(warnings) == 1, err
        assert "row 2: " + FRACTION in warnings[0]
        line = 3 if kind == "csv" else 10  # where row 2 starts
        assert f"{table.name}:{line}: " in warnings[0]
        summary = err.strip().splitlines()[-1]
        assert summary == "scoring: 3 of 3 rows scored, 0 failed, 1 warning"

    def test_set_warns(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--set key_university_rate=0.3416 scores the what-if and warns about the value."""
        facts = small_facts(tmp_path)
        code, _, err = cli(["score", str(facts), "--set", "key_university_rate=0.3416"], capsys)
        assert code == 0
        assert any(FRACTION in w for w in problems(err, "warning")), err


QUOTE = "the value 37.24 of fact 'spending' does not appear in its quote '全年支出30万元'"


class TestQuoteInATable:
    """A YAML table row's fact keeps its quote: a value not in it is warned about, as in score."""

    def test_score_warns(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        facts = small_facts(tmp_path)
        text = facts.read_text(encoding="utf-8")
        old = "  spending:\n    value: 37.24\n    source: "
        assert old in text
        new = "  spending:\n    value: 37.24\n    quote: 全年支出30万元\n    note: "
        facts.write_text(text.replace(old, new), encoding="utf-8")
        code, _, err = cli(["score", str(facts)], capsys)
        assert code == 0
        assert any(QUOTE in w for w in problems(err, "warning")), err

    @pytest.mark.parametrize("engine", ENGINES)
    def test_batch_warns_at_the_fact(
        self, tmp_path: Path, engine: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        table = yaml_table(tmp_path, [{}, {"spending": "{value: 37.24, quote: 全年支出30万元}"}])
        code, out, err = cli(
            ["batch", str(table), *rules(tmp_path), "--engine", engine, "--format", "json"], capsys
        )
        assert code == 0, err
        assert [r["status"] for r in batch_rows(out)] == ["scored", "scored"]
        (warning,) = problems(err, "warning")
        # At the row, as every batch row's problem (the fraction warning's too).
        line = table.read_text(encoding="utf-8").splitlines().index("  - unit: 单位2")
        assert warning.startswith(f"{table}:{line + 1}: ")
        assert "row 2: " + QUOTE in warning
        # Held by its quote, the same value passes.
        table = yaml_table(tmp_path, [{"spending": "{value: 37.24, quote: 全年支出37.24万元}"}])
        code, _, err = cli(["batch", str(table), *rules(tmp_path), "--engine", engine], capsys)
        assert code == 0
        assert problems(err, "warning") == []


# --------------------------------------------------------------------------- the property

# Values a hurried clerk types: ordinary ones, zeros, negatives, rates as fractions.
_amount = st.sampled_from(["0", "-5", "43.2", "37.24", "100", "0.5", "85", "81", "120.5"])
_rate = st.sampled_from(["34.16", "35", "0.3416", "0", "-2", "100", "0.95", "1"])
facts_values = st.fixed_dictionaries(
    {
        "staff_in_post": _amount,
        "authorized_posts": _amount,
        "spending": _amount,
        "budget": _amount,
        "key_university_rate": _rate,
    }
)


def _verdict_of_score(folder: Path, values: dict[str, str], capsys: pytest.CaptureFixture[str]):
    facts = small_facts(folder, "f.yaml", quotes=False, **values)
    code, out, err = cli(["score", str(facts), "--format", "json"], capsys)
    points = None
    if code == 0:
        doc = json.loads(out)
        points = {i["id"]: str(i["points"]) for i in doc["indicators"]}
    return code, points, _bare_set(problems(err, "warning")), _bare_set(problems(err))


def _bare_set(lines: list[str]) -> set[str]:
    return {bare(line) for line in lines}


def _verdict_of_batch(
    folder: Path, values: dict[str, str], kind: str, engine: str, capsys: pytest.CaptureFixture[str]
):
    write = csv_table if kind == "csv" else yaml_table
    table = write(folder, [values])
    _, out, err = cli(
        ["batch", str(table), *rules(folder), "--engine", engine, "--format", "json"], capsys
    )
    row = batch_rows(out)[0]
    points = None
    if row["status"] == "scored":
        points = {k: str(v) for k, v in row["points"].items()}
    return (
        0 if points is not None else 2,
        points,
        _bare_set(problems(err, "warning")),
        _bare_set(problems(err)),
    )


def _verdict_of_set(folder: Path, values: dict[str, str], capsys: pytest.CaptureFixture[str]):
    facts = small_facts(folder, "base.yaml")
    sets = [f"{k}={v}" for k, v in values.items()]
    code, out, err = cli(["score", str(facts), "--format", "json", "--set", *sets], capsys)
    points = None
    if code == 0:
        doc = json.loads(out)
        points = {r["id"]: str(r["after"]) for r in doc["rows"]}
    return code, points, _unset(problems(err, "warning")), _unset(problems(err))


def _unset(lines: list[str]) -> set[str]:
    """Problems without their place and the ``with --set ...:`` that leads some of them."""
    found = set()
    for line in _bare_set(lines):
        found.add(bare(line.split(": ", 1)[1]) if line.startswith("with --set ") else line)
    return found


@settings(
    max_examples=min(40, settings.default.max_examples),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=facts_values)
def test_every_path_gives_the_same_verdict(
    tmp_path_factory: pytest.TempPathFactory,
    values: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """score, batch (CSV and YAML tables, both engines) and --set agree on the same facts:
    the same points, the same warnings, and the same refusals."""
    folder = tmp_path_factory.mktemp("same")
    expected = _verdict_of_score(folder, values, capsys)
    for kind in ("csv", "yaml"):
        for engine in ENGINES:
            got = _verdict_of_batch(folder, values, kind, engine, capsys)
            assert got == expected, (kind, engine)
    assert _verdict_of_set(folder, values, capsys) == expected, "--set"
