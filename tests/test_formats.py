"""Output formats of `score`: csv, html, xlsx, and `-o FILE`."""

from __future__ import annotations

import csv
import importlib
import io
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports_helpers import EXAMPLE, example_card, run
from scoring.core.record import evolve
from scoring.rendering import render, render_bytes
from scoring.rendering._common import Meta
from scoring.rendering.xlsx import MissingExtraError


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.td_text: list[str] = []
        self.row_ids: list[str] = []
        self._in_td = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "td":
            self._in_td = True
            self.td_text.append("")
        if tag == "tr":
            self.row_ids.extend(v or "" for k, v in attrs if k == "id")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_td = False

    def handle_data(self, data: str) -> None:
        if self._in_td:
            self.td_text[-1] += data


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


class TestCsv:
    def test_round_trips_through_the_csv_module(self) -> None:
        """One row per indicator; points and points available equal the scorecard's."""
        card = example_card()
        text = render(card, "csv")
        assert text.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
        assert [r["id"] for r in rows] == [r.id for r in card.rows]
        for got in rows:
            row = card.row(got["id"])
            assert Decimal(got["得分"]) == row.points
            assert Decimal(got["分值"]) == row.max_points
            assert got["三级指标"] == row.indicator.name
            # A target written "=0%" would start a formula: the cell has a ' in front.
            shown = str(row.target)
            assert got["年度指标值"] == ("'" + shown if shown.startswith("=") else shown)
        key = next(r for r in rows if r["id"] == "key_university_rate")
        assert (key["实际完成值"], key["失分"], key["达到目标"]) == ("34.16", "0.12", "0")

    def test_file_has_a_utf8_bom(self, tmp_path: Path) -> None:
        """Written with -o, the file starts with the UTF-8 BOM so that Excel reads Chinese."""
        out = tmp_path / "sheet.csv"
        assert run("score", str(EXAMPLE), "--format", "csv", "-o", str(out)).returncode == 0
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert "特控线上线率".encode() in data

    def test_english_header(self) -> None:
        """With --lang en the header is English."""
        first = render(example_card(), "csv", "en").removeprefix("\ufeff").splitlines()[0]
        assert first.startswith("id,level1,level2,indicator,unit,points_available,")


class TestHtml:
    def test_parses_and_holds_every_row_and_the_chart(self) -> None:
        """The page parses, has an inline SVG chart with a bar per category, and every row."""
        card = example_card()
        page = render(card, "html")
        parsed = _parse(page)
        assert parsed.tags.count("svg") == 1
        # Per category, one bar for points available and one for points earned (+2 legend).
        assert parsed.tags.count("rect") == 2 * len(card.categories) + 2
        assert parsed.row_ids == [f"row-{r.id}" for r in card.rows]
        cells = [t.strip() for t in parsed.td_text]
        for row in card.rows:
            # The name cell starts with its 一级 / 二级 path, shown only at phone width.
            assert any(row.indicator.name in c for c in cells), row.id
        assert "99.88 / 100" in cells
        assert "19.88 / 20" in page  # the chart's label for 效果

    def test_self_contained_and_printable(self) -> None:
        """No script, no link to anything outside, and an A4 page size for printing."""
        page = render(example_card(), "html")
        parsed = _parse(page)
        assert "script" not in parsed.tags
        assert "link" not in parsed.tags
        assert not [v for k, v in parsed.attrs if k in ("src", "href")]
        assert "@page { size: A4" in page
        assert "@media print" in page

    def test_text_is_escaped(self) -> None:
        """Text from the files cannot inject markup."""
        card = evolve(example_card(), unit="<script>alert(1)</script>&")
        page = render(card, "html", meta=Meta(reasons={"key_university_rate": "<b>x</b>"}))
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in page
        assert "&lt;b&gt;x&lt;/b&gt;" in page


class TestXlsx:
    def test_same_table_with_sum_formulas(self) -> None:
        """Every row holds the scorecard's points; subtotals and the total are SUM formulas."""
        openpyxl = pytest.importorskip("openpyxl")
        card = example_card()
        data = render_bytes(card, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(data))
        values = list(book.worksheets[0].iter_rows(values_only=True))
        by_name = {str(v[2]).removesuffix(" ※"): v for v in values if v[2]}
        for row in card.rows:
            assert Decimal(str(by_name[row.indicator.name][6])) == row.points
        total = next(v for v in values if v[0] == "总分")
        assert total[5].startswith("=SUM(F")
        assert total[6].startswith("=ROUND(SUM(G")
        subtotals = list(book.worksheets[1].iter_rows(values_only=True))
        assert [r[0] for r in subtotals[1:]] == [c.name for c in card.categories] + ["合计"]
        assert all(str(r[2]).startswith(("=SUM(", "=ROUND(SUM(")) for r in subtotals[1:])

    def test_same_input_same_bytes(self) -> None:
        """The workbook's timestamps are fixed, so two renders are byte for byte equal."""
        pytest.importorskip("openpyxl")
        card = example_card()
        assert render_bytes(card, "xlsx") == render_bytes(card, "xlsx")

    def test_missing_openpyxl_names_the_pip_command(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without openpyxl the error says how to install it."""
        real = importlib.import_module

        def fake(name: str, package: str | None = None) -> object:
            if name == "openpyxl":
                raise ImportError(name)
            return real(name, package)

        monkeypatch.setattr(importlib, "import_module", fake)
        with pytest.raises(MissingExtraError) as info:
            render_bytes(example_card(), "xlsx")
        assert 'pip install "scoring[xlsx]"' in (info.value.hint or "")

    def test_command_writes_the_workbook(self, tmp_path: Path) -> None:
        """`score --format xlsx -o FILE` writes a workbook (a zip), exit 0."""
        pytest.importorskip("openpyxl")
        out = tmp_path / "sheet.xlsx"
        result = run("score", str(EXAMPLE), "--format", "xlsx", "-o", str(out))
        assert result.returncode == 0, result.stderr.decode()
        assert out.read_bytes().startswith(b"PK")

    def test_command_needs_o(self) -> None:
        """xlsx is a file, not text: without -o it is a usage error, exit 2."""
        result = run("score", str(EXAMPLE), "--format", "xlsx")
        assert result.returncode == 2
        assert "-o" in result.stderr.decode("utf-8")
        assert result.stdout == b""
