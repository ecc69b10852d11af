"""`-o FILE`: the report is written atomically, all of it or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pytest

from reports_helpers import EXAMPLE, run
from scoring.core.errors import InputError
from scoring.files.output import write_atomic


class TestWriteAtomic:
    def test_writes_the_bytes(self, tmp_path: Path) -> None:
        """The file holds exactly the content, and nothing else is left in the folder."""
        target = tmp_path / "report.txt"
        write_atomic(target, "总分 99.88\n".encode())
        assert target.read_bytes() == "总分 99.88\n".encode()
        assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]

    def test_failing_renderer_leaves_no_file(self, tmp_path: Path) -> None:
        """A renderer that fails half-way leaves neither the file nor a temporary one."""
        target = tmp_path / "report.html"

        def half(stream: BinaryIO) -> None:
            stream.write(b"<html><body>half")
            raise RuntimeError("renderer failed")

        with pytest.raises(RuntimeError):
            write_atomic(target, half)
        assert list(tmp_path.iterdir()) == []

    def test_failing_renderer_keeps_the_old_file(self, tmp_path: Path) -> None:
        """An existing report survives a failed rewrite unchanged."""
        target = tmp_path / "report.html"
        target.write_bytes(b"old report")

        def half(stream: BinaryIO) -> None:
            stream.write(b"new, but half")
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            write_atomic(target, half)
        assert target.read_bytes() == b"old report"
        assert [p.name for p in tmp_path.iterdir()] == ["report.html"]

    def test_replaces_an_existing_file(self, tmp_path: Path) -> None:
        """A new report replaces the old one whole."""
        target = tmp_path / "report.txt"
        target.write_bytes(b"a much longer old report than the new one")
        write_atomic(target, b"new")
        assert target.read_bytes() == b"new"

    def test_missing_folder_is_an_input_error(self, tmp_path: Path) -> None:
        """A folder that does not exist is reported with the path and a hint."""
        with pytest.raises(InputError, match="cannot write") as info:
            write_atomic(tmp_path / "no" / "report.txt", b"x")
        assert info.value.hint


class TestOption:
    @pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv", "html"])
    def test_file_equals_standard_output(self, tmp_path: Path, fmt: str) -> None:
        """`-o FILE` writes the bytes the command would print, and prints nothing."""
        out = tmp_path / f"sheet.{fmt}"
        printed = run("score", str(EXAMPLE), "--format", fmt)
        written = run("score", str(EXAMPLE), "--format", fmt, "-o", str(out))
        assert written.returncode == 0, written.stderr.decode()
        assert written.stdout == b""
        assert out.read_bytes() == printed.stdout

    def test_reports_take_o_too(self, tmp_path: Path) -> None:
        """explain, compare and sensitivity write to -o as well."""
        out = tmp_path / "explain.txt"
        assert run("explain", str(EXAMPLE), "-o", str(out)).returncode == 0
        assert "可增加 0.12 分" in out.read_text(encoding="utf-8")

    def test_unwritable_target_exits_2(self, tmp_path: Path) -> None:
        """A folder that does not exist is one error line and exit 2."""
        result = run("score", str(EXAMPLE), "-o", str(tmp_path / "no" / "x.txt"))
        assert result.returncode == 2
        assert "cannot write" in result.stderr.decode("utf-8")
