"""Bad input gives a located ScoringError with a hint: never a traceback, a guess or a loss."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import scoring
from cases_validation import FILES, INDICATORS, WEIGHTS, line_of
from scoring import load_case, load_facts, load_indicators, load_weights, score
from scoring.cli import app as cli_module
from scoring.core.errors import (
    FormulaError,
    InputError,
    InputWarning,
    Location,
    ProblemsError,
    ScoringError,
    Severity,
    raise_if_any,
)
from scoring.core.formula import parse as parse_formula
from scoring.files import located_yaml as _yaml
from scoring.files.validation import validate
from strategies_yaml import documents, mutated_files


def problems_of(text: str, tmp_path: Path, load: object = load_weights) -> list[ScoringError]:
    """Every problem the loader ``load`` finds in ``text``; fails if it finds none."""
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    assert callable(load)
    with pytest.raises(ScoringError) as caught:
        load(path)
    return list(caught.value.problems)


def one(problems: list[ScoringError], fragment: str) -> ScoringError:
    found = [p for p in problems if fragment in p.message]
    assert len(found) == 1, [p.line() for p in problems]
    return found[0]


def where(problem: ScoringError) -> tuple[int, int]:
    assert problem.location is not None
    return problem.location.line, problem.location.column


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args], capture_output=True, check=False
    )


class TestErrorFamily:
    def test_one_root(self) -> None:
        """Every error class the package exports is a ScoringError; its one warning category
        (score_frame's, through Python's warnings) is a UserWarning."""
        exported = [getattr(scoring, name) for name in scoring.__all__]
        classes = [c for c in exported if isinstance(c, type) and issubclass(c, Exception)]
        errors = [c for c in classes if not issubclass(c, Warning)]
        assert len(errors) >= 7
        assert all(issubclass(c, ScoringError) for c in errors)
        assert [c for c in classes if issubclass(c, Warning)] == [scoring.ScoringWarning]
        assert issubclass(scoring.ScoringWarning, UserWarning)

    def test_line_format(self) -> None:
        """An error prints as `file:line:column: message (hint: ...)`."""
        error = InputError("bad", location=Location("a.yaml", 3, 7), hint="fix it")
        assert error.line() == "a.yaml:3:7: bad (hint: fix it)"
        assert str(error) == error.line()
        assert error.line(labelled=True) == "a.yaml:3:7: error: bad (hint: fix it)"

    def test_warning_is_marked(self) -> None:
        """A warning says so after its location, and has the warning severity."""
        warning = InputWarning("odd", location=Location("a.yaml", 2, 1), hint="look")
        assert warning.line() == "a.yaml:2:1: warning: odd (hint: look)"
        assert warning.severity is Severity.WARNING
        assert InputError("x").severity is Severity.ERROR

    def test_warnings_are_not_raised(self) -> None:
        """raise_if_any raises the errors among problems and skips warnings."""
        raise_if_any([InputWarning("odd")])
        with pytest.raises(ProblemsError) as caught:
            raise_if_any([InputError("a"), InputWarning("odd"), InputError("b")])
        assert [p.message for p in caught.value.problems] == ["a", "b"]


class TestYamlSurprises:
    def test_syntax_error(self, tmp_path: Path) -> None:
        """A YAML syntax error is located at its line."""
        problem = one(problems_of("id: x\nname: [a, b\n", tmp_path), "YAML syntax error")
        assert where(problem)[0] == 3

    def test_unquoted_operator(self, tmp_path: Path) -> None:
        """An unquoted `>= 95%` (a YAML block marker) gets a hint to quote it."""
        text = INDICATORS.replace('target: ">= 95%"', "target: >= 95%")
        problem = one(problems_of(text, tmp_path, load_indicators), "YAML syntax error")
        assert where(problem)[0] == line_of(text, "target: >= 95%")
        assert (
            problem.hint == 'a value that starts with > or | must be quoted, e.g. target: ">= 95%"'
        )

    def test_tab_indent(self, tmp_path: Path) -> None:
        """A tab used for indenting gets a hint to use spaces."""
        text = WEIGHTS.replace("  events: 10", "\tevents: 10")
        problem = one(problems_of(text, tmp_path), "YAML syntax error")
        assert problem.hint == "indent with spaces; YAML does not allow tabs"

    def test_duplicate_key(self, tmp_path: Path) -> None:
        """A key given twice is refused at the second, naming the first's line."""
        text = WEIGHTS.replace("events: 10", "events: 10\n  events: 0")
        problem = one(problems_of(text, tmp_path), "duplicate key 'events'")
        assert where(problem)[0] == line_of(text, "events: 0")
        assert f"first at line {line_of(text, 'events: 10')}" in problem.message

    @pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "ON"])
    def test_yes_no_words(self, tmp_path: Path, word: str) -> None:
        """YAML 1.1 yes/no words are refused where a value is, with a hint to quote them."""
        text = WEIGHTS.replace("name: 示例评分表", f"name: {word}")
        problem = one(problems_of(text, tmp_path), "yes/no value")
        assert problem.hint is not None
        assert f'quote it ("{word}")' in problem.hint

    @pytest.mark.parametrize(
        ("number", "why"),
        [
            ("010", "starts with a 0"),
            ("0x10", "is a hexadecimal, octal or binary number"),
            ("12:30", "has a colon, like a time or a ratio"),
            ("1_000", "has _ between its digits"),
        ],
    )
    def test_ambiguous_numbers(self, tmp_path: Path, number: str, why: str) -> None:
        """Octal, hexadecimal, base-60 and underscored numbers are refused, not converted."""
        text = WEIGHTS.replace("events: 10", f"events: {number}")
        problem = one(problems_of(text, tmp_path), f"'{number}' {why}")
        assert where(problem)[0] == line_of(text, f"events: {number}")

    def test_exponent_read_as_number(self, tmp_path: Path) -> None:
        """`1e1` (text to YAML 1.1) is read as the number a person means."""
        path = tmp_path / "w.yaml"
        path.write_text(WEIGHTS.replace("events: 10", "events: 1e1"), encoding="utf-8")
        assert load_weights(path).points["events"] == 10

    def test_yes_no_key_read_as_text(self) -> None:
        """A key such as `no` stays the text it is (YAML 1.1 would make it False)."""
        assert _yaml.load("no: 1\n", "x.yaml").plain() == {"no": 1}

    @pytest.mark.parametrize("value", [".nan", ".inf", "-.Inf"])
    def test_nan_and_infinity(self, tmp_path: Path, value: str) -> None:
        """NaN and infinities are refused."""
        text = WEIGHTS.replace("events: 10", f"events: {value}")
        one(problems_of(text, tmp_path), "not a finite number")

    def test_absurd_magnitude(self, tmp_path: Path) -> None:
        """A number far beyond any real figure is refused, not carried into arithmetic."""
        text = WEIGHTS.replace("events: 10", "events: 1e400")
        one(problems_of(text, tmp_path), "'1e400' is too large to be a real figure")

    def test_python_tag(self, tmp_path: Path) -> None:
        """A Python object tag is refused: only the safe loader is used."""
        text = WEIGHTS.replace("name: 示例评分表", "name: !!python/object/apply:os.system [ls]")
        one(problems_of(text, tmp_path), "is not allowed")


class TestFieldProblems:
    def test_unknown_key_with_suggestion(self, tmp_path: Path) -> None:
        """An unknown key is an error at its line with a did-you-mean hint."""
        text = WEIGHTS.replace("full_score: 30", "ful_score: 30")
        problem = one(problems_of(text, tmp_path), "unknown key 'ful_score'")
        assert problem.hint == "did you mean 'full_score'?"
        assert where(problem) == (line_of(text, "ful_score"), 1)

    def test_missing_required_key(self, tmp_path: Path) -> None:
        """A missing required key is named."""
        text = INDICATORS.replace("    level2: 数量\n", "")
        problem = one(problems_of(text, tmp_path, load_indicators), "required key 'level2'")
        assert where(problem)[0] == line_of(text, "id: events")

    def test_boolean_is_not_a_number(self, tmp_path: Path) -> None:
        """true where a number belongs is an error saying what was found."""
        text = WEIGHTS.replace("events: 10", "events: true")
        problem = one(problems_of(text, tmp_path), "must be a number")
        assert problem.hint == "found true/false here"

    @pytest.mark.parametrize(
        ("written", "hint"),
        [
            ("95%", "write the number of points alone, 95"),
            ("'1,000'", "write the plain number 1000"),
        ],
    )
    def test_number_with_sign_or_separator(self, tmp_path: Path, written: str, hint: str) -> None:
        """A number written with % or a thousands separator is refused with the number meant."""
        text = WEIGHTS.replace("events: 10", f"events: {written}")
        problem = one(problems_of(text, tmp_path), "must be a number")
        assert problem.hint is not None
        assert problem.hint.startswith(hint)

    def test_text_is_not_a_number(self, tmp_path: Path) -> None:
        """Text where a number belongs is an error."""
        text = WEIGHTS.replace("full_score: 30", "full_score: thirty")
        one(problems_of(text, tmp_path), "must be a number")

    def test_unknown_rule_kind(self, tmp_path: Path) -> None:
        """A misspelt rule kind gets a suggestion."""
        text = INDICATORS.replace("kind: bands", "kind: band")
        problem = one(problems_of(text, tmp_path, load_indicators), "unknown rule kind 'band'")
        assert problem.hint == "did you mean 'bands'?"

    def test_all_problems_of_a_document(self, tmp_path: Path) -> None:
        """Several problems in one document are all reported, each at its own line."""
        text = WEIGHTS.replace("full_score: 30", "full_score: -1").replace(
            "events: 10", "events: yes!"
        )
        problems = problems_of(text, tmp_path)
        assert {where(p)[0] for p in problems} == {
            line_of(text, "full_score"),
            line_of(text, "events: yes!"),
        }


class TestUnreadableFiles:
    """The command line reports each as one located line, exit status 2, no traceback."""

    @pytest.mark.parametrize("command", ["score", "validate"])
    def test_missing_file(self, tmp_path: Path, command: str) -> None:
        """A file that does not exist."""
        result = cli(command, str(tmp_path / "nope.yaml"))
        assert result.returncode == 2
        assert b"Traceback" not in result.stderr + result.stdout

    @pytest.mark.parametrize("command", ["score", "validate"])
    def test_neither_utf8_nor_gb18030(self, tmp_path: Path, command: str) -> None:
        """Bytes that are no text in either encoding are reported with their line."""
        path = tmp_path / "facts.yaml"
        path.write_bytes(b"unit: x\nyear: 2023\nfacts: {a: 1}\n# \xff\xff\n")
        result = cli(command, str(path))
        out = (result.stdout + result.stderr).decode()
        assert result.returncode == 2
        label = "error: " if command == "validate" else ""
        assert f"{path}:4: {label}file is not UTF-8 text (nor GB18030)" in out
        assert "Traceback" not in out

    def test_a_line_pasted_in_gbk_into_utf8_facts_is_refused(self, tmp_path: Path) -> None:
        """UTF-8 with Chinese on line 1, a GBK comment on line 4: not read as GB18030
        (which would garble line 1's 某某局), refused at line 4 with what to do."""
        path = tmp_path / "facts.yaml"
        text = "unit: 某某局\nyear: 2023\nfacts: {a: 1}\n# 备注\n"
        path.write_bytes(text.encode().replace("备注".encode(), "备注".encode("gbk")))
        result = cli("score", str(path))
        err = result.stderr.decode()
        assert result.returncode == 2
        assert f"{path}:4: file mixes two encodings" in err
        assert "save the whole file once as UTF-8" in err
        assert "give --encoding gb18030" in err
        assert "Traceback" not in err
        path.write_bytes(
            text.replace("某某局", "某局").encode().replace("备注".encode(), b"\xb1\xb8")
        )
        result = cli("score", str(path))  # two Chinese characters only: taken for GB18030
        assert "no indicator files given" in result.stderr.decode()  # read, then refused
        assert "mixes two encodings" not in result.stderr.decode()

    def test_a_file_saved_on_chinese_windows_is_read_with_a_warning(self, tmp_path: Path) -> None:
        """The example saved as GB18030 scores the same, and one line says how it was read."""
        example = (
            Path(__file__).resolve().parent.parent / "examples" / "yueyang-education-2023.yaml"
        )
        path = tmp_path / "facts.yaml"
        path.write_bytes(example.read_text(encoding="utf-8").encode("gb18030"))
        result = cli("score", str(path))
        assert result.returncode == 0, result.stderr.decode()
        assert "总分：99.88 / 100" in result.stdout.decode("utf-8")
        assert result.stderr.decode().count("read as GB18030") == 1

    @pytest.mark.parametrize("text", ["", "# only a comment\n"])
    def test_empty_file(self, tmp_path: Path, text: str) -> None:
        """An empty file (or one of comments only) is reported as empty."""
        path = tmp_path / "facts.yaml"
        path.write_text(text, encoding="utf-8")
        result = cli("score", str(path))
        assert result.returncode == 2
        assert (
            result.stderr.decode()
            == f"scoring: error: {path}:1:1: file is empty (hint: write the document's keys)\n"
        )

    def test_folder_given_as_file(self, tmp_path: Path) -> None:
        """A folder where a file is expected."""
        result = cli("score", str(tmp_path))
        assert result.returncode == 2
        assert result.stderr.decode().startswith(f"scoring: error: {tmp_path}: this is a folder")

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
    def test_unreadable(self, tmp_path: Path) -> None:
        """A file that cannot be read (permissions) is one line, not a traceback."""
        if os.geteuid() == 0:
            pytest.skip("root reads every file")
        path = tmp_path / "facts.yaml"
        path.write_text("unit: x\n", encoding="utf-8")
        path.chmod(0)
        result = cli("score", str(path))
        assert result.returncode == 2
        assert "cannot read file" in result.stderr.decode()

    def test_os_error_in_command(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An OSError the loader did not foresee still gives one line and exit status 2."""

        def broken(args: object) -> tuple[str, int]:
            raise PermissionError(13, "Permission denied", "x.yaml")

        monkeypatch.setattr(cli_module, "_cmd_validate", broken)
        assert cli_module.main(["validate", "x.yaml"]) == 2


class TestSafety:
    def test_billion_laughs(self, tmp_path: Path) -> None:
        """An alias bomb fails fast with a clear error instead of eating memory."""
        lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
        path = tmp_path / "bomb.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        started = time.monotonic()
        with pytest.raises(InputError, match="aliases add more than 200000 values"):
            load_facts(path)
        assert time.monotonic() - started < 10  # loose: a guard against a hang, not a benchmark

    @pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "a: {" * 5000 + "}" * 5000])
    def test_deep_nesting(self, text: str) -> None:
        """A deeply nested document fails with a clear error, not a RecursionError."""
        with pytest.raises(InputError, match="nested more than 64 levels deep"):
            _yaml.load(text, "deep.yaml")

    @pytest.mark.parametrize(
        "text",
        [
            "__import__('os').system('ls')",
            "a.b",
            "max(a, b)",
            "a ** 2",
            "a if b else c",
            "lambda: 1",
            "a; b",
            "a[0]",
        ],
    )
    def test_formulas_are_arithmetic_only(self, text: str) -> None:
        """Anything but arithmetic on names and numbers is refused."""
        with pytest.raises(FormulaError):
            parse_formula(text)


class TestLoaderNeverCrashes:
    @settings(
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=documents)
    def test_loads_or_raises_scoring_error(self, data: bytes) -> None:
        """Any document, valid or broken, either loads or raises ScoringError; validate
        never raises and always reports something for a broken file."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "doc.yaml"
            path.write_bytes(data)
            raised: list[ScoringError] = []
            for load in (load_indicators, load_weights, load_facts):
                try:
                    load(path)
                except ScoringError as exc:
                    raised.append(exc)
            report = validate([path])
        assert all(p.location is not None for exc in raised for p in exc.problems)
        assert report.lines()
        if len(raised) == 3:
            assert not report.ok

    @settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(files=mutated_files(FILES))
    def test_validate_agrees_with_scoring(self, files: dict[str, str]) -> None:
        """With values of a valid case replaced by edge cases, validate never raises, and
        when it finds no error the case loads and scores without one."""
        with tempfile.TemporaryDirectory() as folder:
            for name, text in files.items():
                (Path(folder) / name).write_text(text, encoding="utf-8")
            report = validate([folder])
            if report.ok:
                case = load_case(Path(folder) / "facts.yaml")
                score(case.indicators, case.weights, case.facts)
