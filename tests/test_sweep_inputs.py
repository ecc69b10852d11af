"""Mistakes a clerk makes outside sheets (facts, targets, --set, monitoring), each said
at its line with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from silent_cases import cli, line_of, problems, small_facts

TARGETS = {
    # A target typed with a Chinese input method: the digits or the operator full-width.
    "≥３５%": ("target '≥３５%': '３５' is written in full-width characters", "write '≥35%'"),
    "＞＝３５％": ("target '＞＝３５％' is written in full-width characters", "write '>=35%'"),
    "≧35%": ("target '≧35%' is written in full-width characters", "write '≥35%'"),
    # A strict operator, which no target takes: neither >= nor <= is guessed.
    "> 35%": ("target '> 35%' has '>': a target is at least (>=)", "write >= (≥) if reaching"),
}


@pytest.mark.parametrize("written", list(TARGETS))
def test_a_target_typed_wrongly_says_what_to_write(
    tmp_path: Path, written: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The facts file's target for key_university_rate, at its line, with the target
    to write in the hint (not "write an operator then a number", which it has)."""
    facts = small_facts(tmp_path)
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace('target: ">= 35%"', f'target: "{written}"'), encoding="utf-8")
    line = line_of(facts, f'target: "{written}"')
    code, _, err = cli(["--lang", "en", "score", str(facts)], capsys)
    said, hint = TARGETS[written]
    assert code == 2
    assert [e for e in problems(err) if e.startswith(f"{facts}:{line}:13: {said}")], err
    assert f"(hint: {hint}" in err, err


def test_an_indicator_files_target_typed_full_width(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same in an indicator file, whose targets are read as numbers."""
    facts = small_facts(tmp_path)
    indicators = tmp_path / "small-indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(text.replace('target: ">= 35%"', 'target: "＞＝35%"'), encoding="utf-8")
    line = line_of(indicators, 'target: "＞＝35%"')
    code, _, err = cli(["score", str(facts)], capsys)
    assert code == 2
    assert any(
        e.startswith(f"{indicators}:{line}:13: target '＞＝35%' is written in full-width")
        and "(hint: write '>=35%'" in e
        for e in problems(err)
    ), err


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        # What a clerk writes for the year: the number alone is meant, not "'年' after the
        # number; the unit is set on the indicator" (no unit is set on a year).
        ("2023年", "write the year's number alone: 2023"),
        ("2023年度", "write the year's number alone: 2023"),
        ("2023-12-31", "write the year's number alone: 2023"),
        ("23", "write the year as four digits, such as 2023"),
    ],
)
def test_a_year_written_as_a_clerk_does(
    tmp_path: Path, written: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = small_facts(tmp_path)
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("year: 2023\n", f"year: {written}\n"), encoding="utf-8")
    code, _, err = cli(["score", str(facts)], capsys)
    assert code == 2
    line = line_of(facts, "year: ")
    [said] = problems(err)
    assert said.startswith(f"{facts}:{line}:7: "), err
    assert said.endswith(f"(hint: {hint})"), err
    assert "unit is set on the indicator" not in err


def test_a_month_out_of_range_says_what_as_of_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = small_facts(tmp_path)
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("year: 2023\n", "year: 2023\nas_of: 13\n"), encoding="utf-8")
    code, _, err = cli(["monitor", str(facts)], capsys)
    assert code == 2
    [said] = problems(err)
    assert said == (
        f"{facts}:6:8: 'as_of' must be a whole number from 1 to 12 (hint: write the month "
        "whose end the figures are as of: as_of: 6 for the end of June)"
    ), err


GB18030 = "warning: read as GB18030 (Chinese Windows), not UTF-8"


def _to_gb18030(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))


def test_a_weights_file_read_as_gb18030_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not UTF-8 but valid GB18030 is a guess at the encoding: said, as for the facts."""
    facts = small_facts(tmp_path)
    _to_gb18030(tmp_path / "small-weights.yaml")
    code, _, err = cli(["--lang", "en", "score", str(facts)], capsys)
    assert code == 0
    assert f"scoring: {tmp_path / 'small-weights.yaml'}: {GB18030}" in err, err


@pytest.mark.parametrize("command", ["explain", "sensitivity", "monitor"])
def test_a_facts_file_read_as_gb18030_is_said_by_every_command(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = small_facts(tmp_path)
    _to_gb18030(facts)
    month = ["--month", "6"] if command == "monitor" else []
    code, _, err = cli(["--lang", "en", command, str(facts), *month], capsys)
    assert code == 0, err
    assert f"scoring: {facts}: {GB18030}" in err, err


def test_a_yaml_table_read_as_gb18030_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from silent_cases import rules, yaml_table  # noqa: PLC0415

    table = yaml_table(tmp_path, [{"unit": "甲"}])
    _to_gb18030(table)
    code, out, err = cli(["--lang", "en", "batch", str(table), *rules(tmp_path)], capsys)
    assert code == 0, err
    assert f"scoring: {table}: {GB18030}" in err, err
    assert "\n1,2,甲,,2023,scored,18.50," in out  # the unit read as written


@pytest.mark.parametrize(
    ("old", "new", "alone"),
    [
        ("  key_university_rate: 5\n", "  key_university_rate: 5分\n", "5"),
        ("full_score: 20\n", "full_score: 20分\n", "20"),
        ("min: 18}", "min: 18分}", "18"),
        ("  key_university_rate: 5\n", "  key_university_rate: 5%\n", "5"),
    ],
)
def test_points_written_with_a_unit_are_told_to_be_written_alone(
    tmp_path: Path, old: str, new: str, alone: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A point has no indicator whose unit it could take: the hint says only what to write."""
    facts = small_facts(tmp_path)
    weights = tmp_path / "small-weights.yaml"
    text = weights.read_text(encoding="utf-8")
    assert old in text
    weights.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, _, err = cli(["--lang", "en", "score", str(facts)], capsys)
    assert code == 2
    [said] = problems(err)
    assert said.startswith(f"{weights}:{line_of(weights, new.strip())}:"), err
    assert said.endswith(f"(hint: write the number of points alone, {alone})"), err


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named(
    tmp_path: Path, encoding: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without its mark, UTF-16's first byte that is not UTF-8 comes lines in (ASCII is each
    byte and a 0): the file is said to be UTF-16, at its first line, not "not UTF-8"."""
    facts = small_facts(tmp_path)
    facts.write_bytes(facts.read_text(encoding="utf-8").encode(encoding))
    code, _, err = cli(["--lang", "en", "score", str(facts)], capsys)
    assert code == 2
    assert problems(err) == [
        f"{facts}:1: file is UTF-16 text (what Excel saves as Unicode 文本), not UTF-8 (hint: "
        "save it as UTF-8 (in WPS/Excel/Notepad: Save As, encoding UTF-8))"
    ], err


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_csv_table_without_a_byte_order_mark_is_named(
    tmp_path: Path, encoding: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An ASCII CSV in UTF-16 without its mark is also UTF-8 (each byte and a 0): read on,
    its header was u\\x00n\\x00i\\x00t\\x00 and had no unit column. It is said to be UTF-16."""
    table = tmp_path / "t.csv"
    table.write_bytes("unit,year,spending\nA,2023,1\n".encode(encoding))
    args = ["--lang", "en", "batch", str(table), "--indicators", "project-common"]
    code, _, err = cli([*args, "--weights", "national-project"], capsys)
    assert code == 2
    assert problems(err) == [
        f"{table}:1: file is UTF-16 text (what Excel saves as Unicode 文本), not UTF-8 (hint: "
        "save it as UTF-8 (in WPS/Excel: Save As, CSV UTF-8))"
    ], err


def test_batch_says_a_rule_file_was_read_as_gb18030(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """score said it; batch (and score_frame) read the indicator file as GB18030 without a
    word: not UTF-8 is a guess at the encoding, said where it was made."""
    root = Path(__file__).resolve().parent.parent
    rules = tmp_path / "ind.yaml"
    rules.write_bytes(
        (root / "indicators/project-common.yaml").read_text("utf-8").encode("gb18030")
    )
    table = tmp_path / "t.csv"
    table.write_text("unit,year,spending,budget\nA,2023,1,2\n", "utf-8")
    args = ["--lang", "en", "batch", str(table), "--indicators", str(rules)]
    _, _, err = cli([*args, "--weights", "national-project"], capsys)
    assert f"scoring: {rules}: warning: read as GB18030 (Chinese Windows), not UTF-8" in err
