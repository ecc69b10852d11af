"""files.reading: the words a new user meets when a file cannot be read."""

from __future__ import annotations

from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st

from scoring.core.errors import Location
from scoring.files import resources
from scoring.files.reading import near_name, path_text, suffix_of, unreadable


class TestNearName:
    def test_one_letter_off(self, tmp_path: Path) -> None:
        """A name one letter off a file in the same folder is offered, with the folder given."""
        (tmp_path / "2023.yaml").write_text("", "utf-8")
        (tmp_path / "yueyang-education-2023.yaml").write_text("", "utf-8")
        given = str(tmp_path / "yueyang-educaton-2023.yaml")
        assert near_name(given) == str(tmp_path / "yueyang-education-2023.yaml")

    def test_nothing_close(self, tmp_path: Path) -> None:
        """Nothing is offered when no name is close, nor when the folder does not exist."""
        (tmp_path / "weights.yaml").write_text("", "utf-8")
        assert near_name(str(tmp_path / "facts.yaml")) is None
        assert near_name(str(tmp_path / "nowhere" / "facts.yaml")) is None


class TestUnreadable:
    def test_reasons_in_chinese(self) -> None:
        """The system's reason is said in Chinese, not as its English strerror."""
        error = unreadable(PermissionError(13, "Permission denied"), Location("a.yaml"))
        assert error.line(lang="zh") == "a.yaml: 无法读取文件：没有读取权限（提示：请检查路径）"
        assert error.line(lang="en") == (
            "a.yaml: cannot read file: permission denied (hint: check the path)"
        )

    def test_other_reasons_kept(self) -> None:
        """A reason without a translation keeps the system's words (nothing is hidden)."""
        error = unreadable(OSError(5, "Input/output error"), Location("a.yaml"))
        said = "a.yaml: 无法读取文件：Input/output error（提示：请检查路径）"
        assert error.line(lang="zh") == said


class TestPathsAsPathlibWritesThem:
    """The files layer keeps paths as strings (start-up time), written as pathlib writes
    them, so that messages and reports name a file exactly as they did with Path."""

    @hypothesis.given(
        st.lists(st.sampled_from(["a", "b.yaml", ".", "..", "", "x y", "表.xlsx"]), max_size=5),
        st.sampled_from(["", "/", "//", "///"]),
        st.sampled_from(["", "/", "//"]),
    )
    def test_path_text_is_str_of_path(self, parts: list[str], lead: str, tail: str) -> None:
        path = lead + "/".join(parts) + tail
        assert path_text(path) == str(Path(path))
        assert path_text(Path(path)) == str(Path(path))

    @pytest.mark.parametrize(
        "name", ["a.xlsx", ".xlsx", "a.", "a.b.XLS", "dir.x/file", "dir/.x", "", "x..y", ".."]
    )
    def test_suffix_of_is_path_suffix(self, name: str) -> None:
        assert suffix_of(name) == Path(name).suffix

    @pytest.mark.parametrize(
        ("base", "ref", "joined"),
        [
            ("examples", "../indicators/a.yaml", "examples/../indicators/a.yaml"),
            ("examples", "./indicators//a.yaml", "examples/indicators/a.yaml"),
            ("", "a.yaml", "a.yaml"),
            (None, "./a.yaml", "a.yaml"),
            ("examples", "/abs/a.yaml", "/abs/a.yaml"),
        ],
    )
    def test_a_rule_file_named_beside_the_facts(
        self, base: str | None, ref: str, joined: str
    ) -> None:
        """A facts file's ``indicators: ../indicators/a.yaml`` is read, and reported, as
        ``Path(folder) / ref`` wrote it."""
        assert resources.given_path("indicators", ref, base) == joined
