"""The message catalogue: every message in Chinese and English, the same placeholders.

Read with ``ast``: every ``msg("...")`` and ``text(lang, "...")`` in the code
names a template of the catalogue; every template has its Chinese with the
same placeholders; and in no module of the package is an error, a hint or
a help text built from a bare string.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.core.errors import InputError, Location
from scoring.core.messages import ZH, msg, placeholders

SRC = Path(__file__).resolve().parent.parent / "src" / "scoring"

# Every module of the package: none builds an error, a hint or a help text from
# a bare string, so a new module is held to it from its first line.
CATALOGUED = tuple(sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py")))
MESSAGE_CALLS = {"InputError", "RuleError", "FormulaError", "WeightsError", "InputWarning", "add"}


def templates_used() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            args = node.args[1:] if name == "text" else node.args
            # t is functools.partial(text, lang) in the command-line modules.
            if name in {"msg", "text", "t"} and args and isinstance(args[0], ast.Constant):
                found.append((str(path.relative_to(SRC)), node.lineno, args[0].value))
    return found


class TestCatalogue:
    def test_every_template_used_is_in_the_catalogue(self) -> None:
        missing = [f"{f}:{line}: {t!r}" for f, line, t in templates_used() if t not in ZH]
        assert missing == []

    @pytest.mark.parametrize("template", sorted(ZH))
    def test_both_languages_take_the_same_placeholders(self, template: str) -> None:
        assert ZH[template].strip(), template
        assert placeholders(ZH[template]) == placeholders(template)
        assert template.count("%(") == ZH[template].count("%(")
        assert template.count("%s") == ZH[template].count("%s")

    def test_no_template_is_unused(self) -> None:
        """A template nobody uses is a stale translation (argparse's own words aside)."""
        used = {t for _, _, t in templates_used()}
        argparse_words = {t for t in ZH if "%" in t or t in {"usage: ", "options"}}
        argparse_words |= {
            "positional arguments",
            "show this help message and exit",
            "expected one argument",
            "expected at least one argument",
            "expected at most one argument",
            # names given to {what}: msg(what) with what "fact" or "indicator"
            "fact",
            "indicator",
        }
        assert sorted(set(ZH) - used - argparse_words) == []

    @pytest.mark.parametrize("module", CATALOGUED)
    def test_catalogued_modules_build_no_message_in_place(self, module: str) -> None:
        tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
        bare = []
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            texts = []
            if name in MESSAGE_CALLS:
                texts = node.args[1:] if name == "add" else node.args[:1]
                texts += [k.value for k in node.keywords if k.arg == "hint"]
            if name == "add_argument":
                texts = [k.value for k in node.keywords if k.arg in {"help", "description"}]
            bare += [
                f"{module}:{t.lineno}"
                for t in texts
                if isinstance(t, ast.Constant | ast.JoinedStr) and t.value is not None
            ]
        assert bare == []


class TestMessages:
    def test_no_space_where_a_chinese_value_meets_chinese(self) -> None:
        """事实文件中的, but 事实 'budget' 中的: the space stays beside a quoted id."""
        kind = msg("unknown key {key!r} in {what}", key="vaule", what=msg("a facts file"))
        assert kind.text("zh") == "事实文件中有未知的键 'vaule'"
        fact = msg(
            "unknown key {key!r} in {what}", key="vaule", what=msg("fact {name!r}", name="b")
        )
        assert fact.text("zh") == "事实 'b' 中有未知的键 'vaule'"
        assert fact.text("en") == "unknown key 'vaule' in fact 'b'"

    def test_a_message_equals_its_english_text(self) -> None:
        """Code that compared the strings a rule's check gave keeps working."""
        said = msg("fact {name!r} is still empty", name="编制数")
        assert said == "fact '编制数' is still empty"
        assert said != "事实 '编制数' 还没有填写"
        assert hash(said) == hash("fact '编制数' is still empty")

    def test_an_error_prints_in_either_language(self) -> None:
        """str() is English for programmers; line(lang="zh") is what the clerk reads."""
        error = InputError(
            msg("fact {name!r} is still empty", name="编制数"),
            location=Location("a.yaml", 7, 3),
            hint=msg("fill in its value after 'value:'"),
        )
        assert (
            str(error)
            == "a.yaml:7:3: fact '编制数' is still empty (hint: fill in its value after 'value:')"
        )
        assert (
            error.line(lang="zh")
            == "a.yaml:7:3: 事实 '编制数' 还没有填写（提示：在 value: 后填入它的值）"
        )
        assert error.message == "fact '编制数' is still empty"

    @pytest.mark.parametrize(
        ("env", "args", "expected"),
        [
            ({}, [], "缺少必需的参数"),
            ({"SCORING_LANG": "en"}, [], "the following arguments are required"),
            ({}, ["--lang", "en"], "the following arguments are required"),
        ],
    )
    def test_the_command_line_speaks_chinese_unless_asked(
        self, env: dict[str, str], args: list[str], expected: str
    ) -> None:
        """Usage errors are Chinese by default; --lang en or SCORING_LANG=en gives English."""
        result = subprocess.run(
            [sys.executable, "-m", "scoring", "score", *args],
            capture_output=True,
            env={"PATH": "", "PYTHONPATH": str(SRC.parent), **env},
            check=False,
        )
        assert result.returncode == 2
        assert expected in result.stderr.decode("utf-8")
        assert "Traceback" not in result.stderr.decode("utf-8")
