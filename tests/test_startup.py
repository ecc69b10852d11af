"""Start-up: ``import scoring`` and ``scoring score`` import only what they use."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import scoring

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yueyang-education-2023.yaml"

# Modules that scoring a facts file does not need: the reports, validation, batch.
NOT_FOR_SCORE = (
    "scoring.batch",
    "scoring.batch.columnar",
    "scoring.analysis.compare",
    "scoring.analysis.explain",
    "scoring.rendering.reports",
    "scoring.analysis.sensitivity",
    "scoring.files.tables",
    "scoring.files.validation",
    "scoring.analysis.whatif",
)


def modules_after(code: str) -> tuple[set[str], set[str]]:
    """The modules a fresh interpreter has after running ``code``, and those it had before
    (what its site imported: a .pth file may import some)."""
    script = (
        f"import sys\nbefore = sorted(sys.modules)\n{code}\nafter = sorted(sys.modules)\n"
        "import json\nsys.stdout.write('\\n' + json.dumps([before, after]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, cwd=ROOT, check=True, timeout=60
    )
    before, after = json.loads(result.stdout.decode("utf-8").rsplit("\n", 1)[-1])
    return set(after), set(before)


def imported_after(code: str) -> list[str]:
    """The ``scoring`` modules imported by a fresh interpreter after running ``code``."""
    return sorted(m for m in modules_after(code)[0] if m.startswith("scoring"))


SCORE_EXAMPLE = f"from scoring.cli import main\nassert main(['score', {str(EXAMPLE)!r}]) == 0"


class TestPublicNames:
    def test_every_public_name_is_the_object_of_its_module(self) -> None:
        """Every name in ``scoring.__all__`` is the object its module defines."""
        for name in scoring.__all__:
            value = getattr(scoring, name)
            if name == "__version__":
                continue
            module, attr = scoring._LAZY[name]
            assert value is getattr(importlib.import_module(module), attr), name

    def test_render_is_the_function_not_the_package(self) -> None:
        """``scoring.render`` is the render function; the formats live in ``scoring.rendering``."""
        assert callable(scoring.render)
        assert scoring.render.__name__ == "render"
        assert scoring.rendering.__name__ == "scoring.rendering"

    def test_every_module_path_imports_the_ordinary_way(self) -> None:
        """``import scoring.rendering.batch`` works: no function hides a package's name."""
        for module in ("scoring.rendering.batch", "scoring.batch.exact", "scoring.cli.app"):
            assert importlib.import_module(module).__name__ == module

    def test_submodules_are_reachable_as_attributes(self) -> None:
        """``scoring.batch`` reaches the subpackage without importing it first."""
        assert (
            scoring.batch.BatchResult
            is importlib.import_module("scoring.batch.outcomes").BatchResult
        )

    def test_an_unknown_name_is_an_attribute_error(self) -> None:
        """A name that is neither public nor a submodule raises AttributeError."""
        with pytest.raises(AttributeError, match="no_such_name"):
            scoring.no_such_name  # noqa: B018

    def test_dir_lists_the_public_names(self) -> None:
        """``dir(scoring)`` lists every public name, imported or not."""
        assert set(scoring.__all__) <= set(dir(scoring))


class TestLazyImports:
    def test_import_scoring_imports_no_engine(self) -> None:
        """``import scoring`` alone imports neither the engine, the loader nor the reports."""
        loaded = imported_after("import scoring")
        for module in ("scoring.core.engine", "scoring.files.case", *NOT_FOR_SCORE):
            assert module not in loaded

    def test_the_score_command_imports_no_report_module(self) -> None:
        """Scoring the example imports no report, validation or batch module."""
        loaded = imported_after(SCORE_EXAMPLE)
        assert "scoring.core.engine" in loaded
        for module in NOT_FOR_SCORE:
            assert module not in loaded

    def test_the_score_command_imports_neither_attrs_nor_numpy(self) -> None:
        """The classes ``score`` needs are built without attrs (see scoring.core.record)."""
        loaded, _ = modules_after(SCORE_EXAMPLE)
        assert "scoring.core.engine" in loaded
        assert not loaded & {"attr", "attrs", "numpy"}
        # Nor the other commands, the other formats' renderers, or what only they need.
        assert not loaded & {
            "scoring.cli.audit",
            "scoring.cli.batch",
            "scoring.cli.init",
            "scoring.cli.monitor",
            "scoring.rendering.html",
            "scoring.rendering.jsondoc",
            "json",
            "html",
            "signal",
            "secrets",
        }

    def test_the_score_command_leaves_what_only_a_bad_file_needs(self) -> None:
        """Modules the example does not use stay unimported (start-up time, issue 18).

        Counted from what the interpreter had before (a site's .pth may import
        some of them): OpenSSL's hashlib (the digest is CPython's own _sha256),
        difflib (did-you-mean), shutil and its compression modules (argparse's
        terminal width), calendar and string; typing (the annotations'
        names are imported for the type checker only), pathlib with the
        urllib.parse and ipaddress it imports (paths are strings, see
        scoring.files.reading.path_text), contextlib.
        """
        after, before = modules_after(SCORE_EXAMPLE)
        new = after - before
        assert "scoring.core.engine" in new
        assert not new & {"hashlib", "_hashlib", "difflib", "shutil", "bz2", "lzma", "calendar"}
        assert not new & {"string", "threading", "typing"}
        assert not new & {"pathlib", "urllib.parse", "ipaddress", "contextlib"}


class TestScoreParser:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_score_alone_parses_as_the_whole_command_line(self, lang: str) -> None:
        """The parser built for ``score`` alone has the same score sub-command."""
        from scoring.cli.app import _all_parsers, _parser  # noqa: PLC0415

        whole = {p.prog: p for p in _all_parsers(_parser(lang))}
        alone = {p.prog: p for p in _all_parsers(_parser(lang, only="score"))}
        assert set(alone) == {"scoring", "scoring score"}
        assert len(whole) > 5
        # (`scoring --help` has no command word, and is built whole.)
        assert alone["scoring score"].format_help() == whole["scoring score"].format_help()
        argv = [str(EXAMPLE), "--format", "json", "-q", "--encoding", "gb18030", "--width", "60"]
        assert vars(alone["scoring score"].parse_args(argv)) == vars(
            whole["scoring score"].parse_args(argv)
        )

    def test_the_command_word(self) -> None:
        from scoring.cli.app import command  # noqa: PLC0415

        assert command(["score", "a.yaml"]) == "score"
        assert command(["--lang", "en", "-q", "score", "a.yaml"]) == "score"
        assert command(["--lang=en", "batch", "t.csv"]) == "batch"
        assert command(["--lang", "score"]) is None
        assert command(["--version"]) is None
        assert command([]) is None
