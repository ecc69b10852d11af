"""Batch output: the bytes docs/batch.md describes, whichever engine and writer makes them.

The CSV is held against a writer in this file that follows docs/batch.md
from the one-unit engine's scorecards (row by row, Decimal points printed
with the sheet's decimals); the JSON against ``json.dumps`` of the document
as plain data (``to_dict``). The block writer of the columnar engine, the
row-by-row writer and the writer in parts must all give those same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import random
import threading
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from scoring.batch import BatchResult, Failed, Scored, engines, score_table
from scoring.batch.detail import explain_table
from scoring.cli import batch as cli_batch
from scoring.core.errors import InputError, Location, ScoringError
from scoring.files import csv_parts
from scoring.files.csv_native import read_part
from scoring.files.csv_parts import CsvParts
from scoring.files.documents import Encoding
from scoring.files.tables import FactTable, PlainHeads, load_rules, load_table, read_csv
from scoring.rendering._common import Meta
from scoring.rendering.batch import (
    BatchWriter,
    csv_rows,
    render_batch_csv,
    render_batch_json,
    to_dict,
)
from test_batch import BASE, CASE, NAMES, RULES, csv_text, one_unit, run_cli, tables

ENGINES = ["exact", "columnar"]
# Each example scores every row three ways (two engines and one by one): few examples,
# as test_batch's properties already hold the engines to the one-unit engine.
FEW = settings(max_examples=min(15, settings.default.max_examples))


def expected_csv(table: FactTable, result: BatchResult, ranked: bool = False) -> str:
    """docs/batch.md's CSV, from each row scored alone (errors as the result words them)."""
    ids = list(CASE.weights.points)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["row", "line", "unit", "unit_en", "year", "status"]
        + (["rank"] if ranked else [])
        + ["total", "grade", "grade_en", *ids, "errors"]
    )
    places = Decimal(1).scaleb(-CASE.weights.decimals)
    for outcome in result.outcomes:
        index = outcome.head.number - 1
        head = table.heads[index]
        cells = [str(head.number), str(head.line), head.unit, head.unit_en or "", str(head.year)]
        card = one_unit(table, index)
        if isinstance(card, ScoringError):
            assert isinstance(outcome, Failed)
            cells += ["failed", *([""] if ranked else []), "", "", "", *[""] * len(ids)]
            cells.append(" | ".join(p.line() for p in outcome.problems))
        else:
            by_id = {row.id: row.points for row in card.rows}
            cells += ["scored", *([str(getattr(outcome, "rank", ""))] if ranked else [])]
            cells += [str(card.total.quantize(places)), card.grade.name, card.grade.name_en]
            cells += [str(by_id[i].quantize(places)) if i in by_id else "" for i in ids]
            cells.append("")
        writer.writerow(cells)
    return out.getvalue()


def expected_json(result: BatchResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=1) + "\n"


def varied_rows(count: int, seed: int) -> list[dict[str, object]]:
    """Rows around the example's facts: most change a few numbers, some fail."""
    rng = random.Random(seed)
    numbers = [n for n in NAMES if isinstance(BASE[n], Decimal)]
    rows: list[dict[str, object]] = []
    for i in range(count):
        row: dict[str, object] = {"unit": f"单位{i}"}
        for name in rng.sample(numbers, 5):
            value = BASE[name]
            assert isinstance(value, Decimal)
            row[name] = (value * Decimal(rng.randint(70, 130)) / 100).quantize(Decimal("0.01"))
        if rng.random() < 0.05:
            row[rng.choice(numbers)] = None  # a missing fact: the row fails
        if rng.random() < 0.03:
            row["unit"] = f'"某局,{i}"'  # quoted, with a comma: read by the general reader
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def varied() -> FactTable:
    return read_csv(csv_text(varied_rows(40, 3)), "varied.csv")


@pytest.fixture(scope="module")
def plain_table() -> FactTable:
    rows = [r for r in varied_rows(40, 4) if '"' not in str(r["unit"])]
    return read_csv(csv_text(rows), "plain.csv")


class TestBytes:
    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize("which", ["varied", "plain_table"])
    def test_csv_is_what_docs_describe(
        self, engine: str, which: str, request: pytest.FixtureRequest
    ) -> None:
        """Each line: row, line, unit, unit_en, year, status, total, grade, grade_en, the
        points with the sheet's decimals, errors, as the one-unit engine scores the row."""
        table = request.getfixturevalue(which)
        result = score_table(CASE.indicators, CASE.weights, table, engine=engine)
        assert 0 < result.failed < len(table)
        assert render_batch_csv(result) == expected_csv(table, result)
        ranked = result.ranked()
        assert render_batch_csv(ranked) == expected_csv(table, ranked, ranked=True)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_json_is_json_dumps_of_the_document(self, engine: str, plain_table: FactTable) -> None:
        result = score_table(CASE.indicators, CASE.weights, plain_table, engine=engine)
        assert render_batch_json(result) == expected_json(result)
        assert render_batch_json(result.ranked()) == expected_json(result.ranked())

    def test_block_writer_equals_row_by_row(self, plain_table: FactTable) -> None:
        """The columnar result written a block at a time gives the row-by-row bytes."""
        result = score_table(CASE.indicators, CASE.weights, plain_table, engine="columnar")
        assert getattr(result.outcomes, "matrix", None) is not None
        by_rows = csv_rows(list(result.outcomes), len(result.indicator_ids), 2, ranked=False)
        assert render_batch_csv(result).split("\n", 1)[1] == by_rows

    @FEW
    @given(rows=tables())
    def test_any_table_any_engine(self, rows: list[dict[str, Decimal | None]]) -> None:
        table = read_csv(csv_text(rows), "t.csv")
        for engine in ENGINES:
            result = score_table(CASE.indicators, CASE.weights, table, engine=engine)
            assert render_batch_csv(result) == expected_csv(table, result)
            assert render_batch_json(result) == expected_json(result)

    def test_no_rows(self) -> None:
        """An empty result (a frame or a table of facts without rows; a file without rows is
        refused when read) is written as a document without rows."""
        table = FactTable.from_facts([], "t.csv")
        result = score_table(CASE.indicators, CASE.weights, table)
        assert render_batch_json(result) == expected_json(result)
        assert '"rows": []' in render_batch_json(result)
        assert render_batch_csv(result) == expected_csv(table, result)


class TestInParts:
    @pytest.mark.parametrize("fmt", ["csv", "json"])
    @pytest.mark.parametrize("engine", ENGINES)
    def test_parts_give_the_whole_documents_bytes(
        self, fmt: str, engine: str, varied: FactTable
    ) -> None:
        """Writing the results of consecutive slices of the outcomes gives the bytes of
        rendering the whole result at once, summary included."""
        whole = score_table(CASE.indicators, CASE.weights, varied, engine=engine)
        out = io.BytesIO()
        writer = BatchWriter(
            out,
            fmt,
            profile=whole.profile,
            indicator_ids=whole.indicator_ids,
            max_points=whole.max_points,
        )
        outcomes = list(whole.outcomes)
        for a, b in [(0, 0), (0, 1), (1, 20), (20, 20), (20, 40)]:
            part = BatchResult(
                profile=whole.profile,
                indicator_ids=whole.indicator_ids,
                max_points=whole.max_points,
                outcomes=outcomes[a:b],
                engine=engine,
            )
            writer.write(part)
        writer.close()
        render = render_batch_csv if fmt == "csv" else render_batch_json
        assert out.getvalue().decode("utf-8") == render(whole)

    def test_no_parts(self) -> None:
        """A result with no rows (a frame without rows; a file without rows is refused)."""
        whole = score_table(CASE.indicators, CASE.weights, FactTable.from_facts([]))
        for fmt, render in (("csv", render_batch_csv), ("json", render_batch_json)):
            out = io.BytesIO()
            BatchWriter(
                out,
                fmt,
                profile=whole.profile,
                indicator_ids=whole.indicator_ids,
                max_points=whole.max_points,
            ).close()
            assert out.getvalue().decode("utf-8") == render(whole)


def test_scored_points_are_the_sheets() -> None:
    """A hand check of one line: the example scores 99.88 (docs/example-yueyang-2023.md),
    key_university_rate 4.88 of 5, every other row full points."""
    table = read_csv(csv_text([{}]), "t.csv")
    for engine in ENGINES:
        result = score_table(CASE.indicators, CASE.weights, table, engine=engine)
        line = render_batch_csv(result).splitlines()[1].split(",")
        assert line[:9] == ["1", "2", "单位1", "", "2023", "scored", "99.88", "优", "excellent"]
        ids = list(CASE.weights.points)
        assert line[9 + ids.index("key_university_rate")] == "4.88"
        assert isinstance(result.outcomes[0], Scored)


SMALL = load_rules(
    [str(Path("docs/examples/small-indicators.yaml"))], "docs/examples/small-weights.yaml"
)


@pytest.mark.parametrize("missing", [False, True])
def test_plain_numbers_table_written_by_blocks(missing: bool) -> None:
    """A table of numbers only (read by NumPy, its heads kept as columns): the block
    writer gives the row-by-row writer's bytes, names that start like a formula led
    by ' (CWE-1236) and a number as a name left alone; with a missing fact, one row
    fails and is put back in its place."""
    units = ["=1+1", "-税务局", "@x", "+3", "单位", "'q", "-1.5"]
    lines = ["unit,year,unit_en,staff_in_post,authorized_posts,spending,budget,key_university_rate"]
    for i, unit in enumerate(units):
        spending = "" if missing and i == 2 else f"{30 + i}.5"
        lines.append(f"{unit},2023,=en{i},{80 + i},85,{spending},43.2,3{i}.16")
    table = read_csv("\n".join(lines) + "\n", "t.csv")
    assert table.parsed, "read by the NumPy reader"
    columnar = score_table(SMALL.indicators, SMALL.weights, table, engine="columnar")
    exact = score_table(SMALL.indicators, SMALL.weights, table, engine="exact")
    assert getattr(columnar.outcomes, "matrix", None) is not None
    assert columnar.failed == exact.failed == (1 if missing else 0)
    text = render_batch_csv(columnar)
    assert text == render_batch_csv(exact)
    body = text.splitlines()[1:]
    assert body[0].startswith("1,2,'=1+1,'=en0,2023,")
    assert body[1].startswith("2,3,'-税务局,'=en1,2023,")
    assert body[3].startswith("4,5,+3,'=en3,2023,")
    assert body[6].startswith("7,8,-1.5,'=en6,2023,")


# --------------------------------------------------------------------------- read in parts

EDGE_TABLES = {
    "plain": csv_text(varied_rows(40, 9)),
    "quoted header": '"unit","year","x"\nA,2023,1\n"B,c",2023,2\n',
    "byte order mark": "\ufeffunit,year,x\nA,2023,1\nB,2023,2",
    "carriage returns": "unit,year,x\rA,2023,1\rB,2023,2\r",
    "one carriage return": "unit,year,x\nA,2023,1\nB,2023,2\rC,2023,3\n",
    "blank lines": "unit,year,x\nA,2023,1\n\n\nB,2023,2\n\n",
    "header only": "unit,year,x\n",
    "line break in a cell": 'unit,year,x\nA,2023,1\n"B\nline",2023,2\nC,2023,3\n' * 3,
    "bad rows": "unit,year,x\nA,2023,1\nB,2023\nC,2023,1,2\n,2023,4\nD,20x,5\nE,2023,9%\n",
    "crlf": "unit,year,x\r\nA,2023,1\r\n\r\nB,2023,2\r\n",
    "quoted crlf": 'unit,year,x\r\n"A\r\n""a"",b",2023,1\r\n\r\nB,2023,2\r\n',
    "a quote that never closes": 'unit,year,x\nA,2023,1\n"B,2023,2\nC,2023,3\n',
    "a quote inside a cell": 'unit,year,x\n5"a,2023,1\n"B\nb",2023,2\n',
    "line break in the header": 'unit,"year\n",x\nA,2023,1\n',
}
READ_WHOLE = {"carriage returns", "one carriage return", "line break in the header"}
"""The tables refused in parts: a lone carriage return, the header on two lines."""


def rows_of(tables: Iterable[FactTable]) -> list[tuple[object, ...]]:
    """Every row's head, facts and problems (message and place), in order."""
    found: list[tuple[object, ...]] = []
    for table in tables:
        for i in range(len(table)):
            facts = sorted((k, str(f.value)) for k, f in table.facts(i).facts.items())
            problems = [(p.message, str(p.location)) for p in table.problems.get(i, [])]
            found.append((tuple(table.heads[i]), facts, problems))
    return found


class TestCsvParts:
    @pytest.mark.parametrize("name", sorted(EDGE_TABLES))
    def test_parts_hold_the_rows_of_the_whole_table(self, name: str, tmp_path: Path) -> None:
        """However small the parts, they hold every row with its number, line, facts and
        problems, as reading the whole file does, quoted cells too; a table with a lone
        carriage return, or a header cell holding a line break, is refused, to be read
        whole; a header alone is refused both ways."""
        path = tmp_path / "t.csv"
        path.write_text(EDGE_TABLES[name], encoding="utf-8", newline="")
        if name == "header only":  # refused, in parts or whole
            for read in (load_table, CsvParts):
                with pytest.raises(InputError, match="the table has a header but no rows"):
                    read(path)
            return
        whole = rows_of([load_table(path).table])
        if name in READ_WHOLE:
            with pytest.raises(csv_parts.ReadWhole):
                CsvParts(path)
            return
        for block in (16, 64, 300, 1 << 20):
            assert rows_of(CsvParts(path, block=block)) == whole, block

    def test_checks_before_the_first_part(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A byte that is neither UTF-8 nor GB18030, deep in the file, stops the command
        before any row is scored, naming its line; so does an empty file."""
        path = tmp_path / "t.csv"
        path.write_bytes(b"unit,year,x\n" + b"A,2023,1\n" * 5000 + b"B,2023,\xff\n")
        with pytest.raises(InputError, match="5002: file is not UTF-8 text"):
            CsvParts(path, block=100)
        code, out, err = run_cli(["batch", str(path), *RULES], capsys)
        assert (code, out) == (2, "")
        assert f"{path}:5002: file is not UTF-8 text (nor GB18030)" in err
        path.write_bytes(b"")
        with pytest.raises(InputError, match="the table is empty"):
            CsvParts(path)

    def test_gb18030_is_read_with_a_warning(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "t.csv"
        path.write_bytes(csv_text([{"unit": "某某局"}]).encode("gb18030"))
        code, out, err = run_cli(["batch", str(path), *RULES], capsys)
        assert code == 0
        assert out.splitlines()[1].startswith("1,2,某某局,,2023,scored,99.88,")
        assert "read as GB18030" in err

    @pytest.mark.parametrize("quoted", [False, True])
    @pytest.mark.parametrize("given", [None, "gb18030"])
    def test_gb18030_in_parts(
        self,
        given: str | None,
        quoted: bool,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A table saved in GB18030 is read in parts too (a line break is never inside a
        GB18030 character): the same output as the same table in UTF-8, byte for byte,
        said once to be read as GB18030 (not when --encoding names it, and then the
        output is written in GB18030, as for a table read whole); with every third
        unit quoted, holding a comma and a line break, too."""
        monkeypatch.setattr(csv_parts, "BLOCK", 500)
        rows = varied_rows(30, 12)
        for i, row in enumerate(rows):
            row["unit"] = f"岳阳市第{i}中学·𠀀"  # 𠀀: four bytes in GB18030
            if quoted and i % 3 == 0:
                row["unit"] = f'"岳阳市第{i}中学,高中部\n𠀀"'
        assert quoted == ('"' in csv_text(rows))
        text = csv_text(rows)
        utf8, gb = tmp_path / "u.csv", tmp_path / "g.csv"
        utf8.write_text(text, encoding="utf-8")
        gb.write_bytes(text.encode("gb18030"))
        opened = []
        monkeypatch.setattr(
            csv_parts, "read_part", lambda *a, **k: opened.append(1) or read_part(*a, **k)
        )
        mine, theirs = tmp_path / "u-out.csv", tmp_path / "g-out.csv"
        _, _, expected_err = run_cli(["batch", str(utf8), *RULES, "-o", str(mine)], capsys)
        options = ["--encoding", given] if given else []
        code, _, err = run_cli(["batch", str(gb), *RULES, *options, "-o", str(theirs)], capsys)
        assert len(opened) > 4, "both read in parts"
        expected = mine.read_text(encoding="utf-8").replace(str(utf8), str(gb))
        if given:  # written in GB18030, with no byte order mark
            assert theirs.read_bytes() == expected.removeprefix("\ufeff").encode("gb18030")
        else:
            assert theirs.read_text(encoding="utf-8") == expected
        warned = [line for line in err.splitlines() if "read as GB18030" in line]
        assert len(warned) == (0 if given else 1)
        # Every other line but the summary (which counts that warning) is the same.
        said = [line for line in err.splitlines() if "read as GB18030" not in line]
        assert [line.replace(str(gb), str(utf8)) for line in said[:-1]] == (
            expected_err.splitlines()[:-1]
        )
        assert code == 2

    @pytest.mark.parametrize("quoted", [False, True])
    def test_one_gb18030_line_in_a_utf8_table_is_refused(
        self, quoted: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """UTF-8 with Chinese up to line 152, then a unit pasted in GBK: read as GB18030,
        the file would decode, every other unit's name garbled (某局 becomes 鏌愬眬).
        It is refused at that line, read in parts as whole, with a quote or not."""
        rows = [f"某局{i},2023,1\n".encode() for i in range(300)]
        rows[150] = "某局".encode("gbk") + b"150,2023,1\n"
        if quoted:
            rows[0] = '"某局0",2023,1\n'.encode()
        path = tmp_path / "t.csv"
        path.write_bytes(b"unit,year,x\n" + b"".join(rows))
        with pytest.raises(InputError) as whole:
            load_table(path)
        assert whole.value.line().startswith(f"{path}:152: file mixes two encodings")
        with pytest.raises(InputError) as parts:
            CsvParts(path, block=100)
        assert parts.value.line() == whole.value.line()
        code, out, err = run_cli(["batch", str(path), *RULES], capsys)
        assert (code, out) == (2, "")
        assert f"{path}:152: file mixes two encodings" in err
        assert "read as GB18030 (Chinese Windows)" not in err

    @pytest.mark.parametrize("given", [None, "utf-8", "gb18030"])
    def test_not_text_is_said_as_when_read_whole(
        self, given: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A byte that is not text, deep in the file, is named at its line in the words
        load_table uses: neither UTF-8 nor GB18030 (at the first byte that is not UTF-8),
        or not text in the encoding --encoding names."""
        path = tmp_path / "t.csv"
        body = "".join(f"某局{i},2023,1\n" for i in range(300)).encode("gb18030")
        path.write_bytes(b"unit,year,x\n" + body + b"B,2023,\x81\x20\n")
        monkeypatch.setattr(Encoding, "given", given)
        monkeypatch.setattr(Encoding, "files", frozenset([str(path)] if given else []))
        with pytest.raises(InputError) as whole:
            load_table(path)
        with pytest.raises(InputError) as parts:
            CsvParts(path, block=100)
        assert parts.value.line() == whole.value.line()
        assert f"{path}:" in whole.value.line()


class TestReadAhead:
    """The command reads a table's next part in a thread while it scores and writes one."""

    def test_the_next_part_is_read_while_one_is_used(self) -> None:
        reading_second = threading.Event()

        def parts() -> Iterator[int]:
            yield 1
            reading_second.set()
            yield 2
            yield 3

        ahead = cli_batch._read_ahead(parts())
        assert next(ahead) == 1
        # Read in turn, the second part would only be asked for by the next next().
        assert reading_second.wait(timeout=10)
        assert list(ahead) == [2, 3]

    def test_an_error_comes_where_its_part_would_have(self) -> None:
        """A part that cannot be read stops the parts where it is, after the ones before."""

        def parts() -> Iterator[str]:
            yield "a"
            yield "b"
            raise InputError("bad part", location=Location("t.csv", line=9))

        ahead = cli_batch._read_ahead(parts())
        assert (next(ahead), next(ahead)) == ("a", "b")
        with pytest.raises(InputError, match="bad part"):
            next(ahead)

    def test_a_list_is_its_items(self) -> None:
        """A table read whole is one part, used as it is (no thread)."""
        assert list(cli_batch._read_ahead([7, 8])) == [7, 8]


class TestCommandInParts:
    @pytest.fixture
    def small_parts(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(csv_parts, "BLOCK", 500)

    @pytest.mark.usefixtures("small_parts")
    @pytest.mark.parametrize(
        "options",
        [
            [],
            ["--rank"],
            ["--format", "json"],
            ["--format", "json", "--detail"],
            ["--engine", "exact"],
        ],
    )
    def test_output_is_the_whole_tables(
        self, options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Read in parts of a few rows, the command writes what scoring and rendering the
        whole table gives, and reports every failed row; quoted units (one on two
        lines) among them."""
        rows = varied_rows(30, 11)
        rows[4]["unit"] = '"某局,\n4"'  # on two lines, as Excel quotes it
        path = tmp_path / "t.csv"
        path.write_text(csv_text(rows), encoding="utf-8")
        code, out, err = run_cli(["batch", str(path), *RULES, *options], capsys)
        rules = load_rules(["department-common", "education-sports"], "yueyang-education")
        table = load_table(path).table
        engine = "exact" if "exact" in options else "auto"
        whole = score_table(rules.indicators, rules.weights, table, engine=engine)
        if "--rank" in options:
            whole = whole.ranked()
        meta = Meta(rules_sha256=rules.rules_sha256)
        if "--detail" in options:
            details = {
                o.head.number: d for o, d in explain_table(rules.indicators, rules.weights, table)
            }
            assert out == render_batch_json(whole, meta, details)
        elif "json" in options:
            assert out == render_batch_json(whole, meta)
        else:
            assert out == "\ufeff" + render_batch_csv(whole, meta)  # a BOM first, for Excel
        assert code == 2
        assert err.count("scoring: error: ") == whole.failed
        assert err.endswith(f"{whole.scored} of 30 rows scored, {whole.failed} failed\n")

    @pytest.mark.usefixtures("small_parts")
    def test_fail_fast_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--fail-fast stops at the first failed row, writes no output (neither on stdout
        nor into -o's file) and counts the rows it did not score; a repeated unit-year
        among them, in a later part, is still said, as when the table is read whole."""
        rows = [{"unit": f"单位{i}"} for i in range(40)]
        rows[25]["budget"] = None
        rows[38]["unit"] = "单位3"
        path = tmp_path / "t.csv"
        path.write_text(csv_text(rows), encoding="utf-8")
        code, out, err = run_cli(["batch", str(path), *RULES, "--fail-fast"], capsys)
        assert (code, out) == (2, "")
        assert "row 39: 单位3 2023 is also row 4 (line 5)" in err
        assert err.endswith(
            "25 of 40 rows scored, 1 failed, 1 warning; stopped at the first failed row"
            " (--fail-fast), 14 not scored\n"
        )
        target = tmp_path / "out.csv"
        code, out, _ = run_cli(
            ["batch", str(path), *RULES, "--fail-fast", "-o", str(target)], capsys
        )
        assert (code, out, target.exists()) == (2, "", False)
        assert list(tmp_path.iterdir()) == [path]

    @pytest.mark.usefixtures("small_parts")
    @pytest.mark.parametrize("collide", [False, True])
    @pytest.mark.parametrize("quoted", [False, True])
    def test_repeated_unit_years_across_parts(
        self,
        collide: bool,
        quoted: bool,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Rows repeating an earlier row's unit and year in later parts (after two blank
        lines, so that lines are not numbers + 1) are each warned about with both rows and
        lines, in row order, with a quoted unit or not (a quote once read it whole); when
        every hash collides, no other row is said to repeat one."""
        if collide:
            monkeypatch.setattr(engines, "_hash", lambda pair: 7)
        lines = csv_text([{"unit": f"单位{i}"} for i in range(40)]).splitlines()
        # Row 12 (line 13) is 单位10 again: row 11's (line 12). Two blank lines after
        # line 20 (row 19); row 30 is on line 33 and row 36 on line 39.
        lines[12] = lines[12].replace("单位11,", "单位10,", 1)
        lines[30] = lines[30].replace("单位29,", "单位1,", 1)
        lines[36] = lines[36].replace("单位35,", "单位1,", 1)
        lines[33] = lines[33].replace("单位32,2023", "单位1,2024", 1)  # another year
        if quoted:
            lines[5] = lines[5].replace("单位4,", '"单位4",', 1)
        lines[20:20] = ["", ""]
        path = tmp_path / "t.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        code, _, err = run_cli(["batch", str(path), *RULES], capsys)
        said = [w.split(": warning: ")[1].split(" (hint")[0] for w in err.splitlines()
                if ": warning: " in w]  # fmt: skip
        assert said == [
            "row 12: 单位10 2023 is also row 11 (line 12)",
            "row 30: 单位1 2023 is also row 2 (line 3)",
            "row 36: 单位1 2023 is also row 2 (line 3)",
        ]
        assert f"{path}:39: warning: row 36:" in err
        assert code == 0
        assert err.endswith("40 of 40 rows scored, 0 failed, 3 warnings\n")


class TestUnitYears:
    def test_eight_bytes_a_row(self) -> None:
        """100,000 unit-years take 800 kB, however long their units' names."""
        seen = engines.UnitYears()
        units = [f"某某市某某区教育体育局第{i}号单位" for i in range(20_000)]
        for _ in range(5):
            seen.add(PlainHeads("t.csv", units, [2023] * len(units), [None] * len(units),
                                first_line=2))  # fmt: skip
        assert len(seen.hashes) * seen.hashes.itemsize == 800_000
        # Every one of the last 80,000 rows repeats one of the first 20,000.
        assert seen.candidates() == list(range(100_000))


class TestProgress:
    @pytest.mark.parametrize(
        ("lang", "words"),
        [
            ("en", "scoring:  25% of 40 MB, about 9 s left"),
            ("zh", "scoring：已完成  25%，共 40 MB，约剩 9 秒"),
        ],
    )
    def test_time_left_at_the_pace_so_far(
        self, lang: str, words: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A quarter of 40 MB read after 3 s: 9 s left, in the language asked for; within
        the first second, no time left is shown."""
        now = [100.0]
        monkeypatch.setattr(cli_batch.time, "monotonic", lambda: now[0])
        stream = io.StringIO()
        progress = cli_batch._Progress(stream, lang)
        now[0] = 100.5
        progress.bytes_read(10_000_000, 40_000_000)
        first = stream.getvalue()
        assert first.endswith("40 MB\x1b[K")
        assert "9" not in first
        now[0] = 103.0
        progress.bytes_read(10_000_000, 40_000_000)
        assert stream.getvalue()[len(first) :] == f"\r{words}\x1b[K"


def test_a_line_without_end_is_refused(tmp_path: Path) -> None:
    """No bound on a streamed table's size, only on its lines: a file of 2 MiB with no
    line break is refused at line 1 before anything else is read."""
    path = tmp_path / "t.csv"
    path.write_bytes(b"unit,year," + b"x" * (2 << 20))
    with pytest.raises(InputError, match="line 1 is longer than 1 MiB"):
        CsvParts(path)
    path.write_bytes(b"unit,year,x\nA,2023,1\nB,2023," + b"1" * (2 << 20) + b"\n")
    with pytest.raises(InputError, match="line 3 is longer than 1 MiB"):
        list(CsvParts(path, block=1000))


class TestErrorsInTheUsersLanguage:
    """A failed row's errors, in the CSV's errors column and the JSON's errors, are in the
    language of the messages (Chinese unless --lang en), as on stderr."""

    UNITS = Path(__file__).parent.parent / "docs" / "examples" / "units-2023.csv"
    ZH = "第 3 行：缺少事实：预算数（预算调整率、预算执行率用到）"
    ZH_HINT = "请在表格中为每个事实加一列（空单元格表示缺少该事实）"
    EN = "row 3: missing facts: budget (for budget_adjustment_rate, budget_execution_rate)"

    @pytest.mark.parametrize(
        "options", [[], ["--rank"], ["--engine", "exact"], ["--engine", "exact", "--rank"]]
    )
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_csv(self, lang: str, options: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        args = ["batch", str(self.UNITS), *RULES, "--lang", lang, *options]
        code, out, _ = run_cli(args, capsys)
        assert code == 2
        (failed,) = [r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff"))) if r["errors"]]
        where = f"{self.UNITS}:4"
        if lang == "zh":
            expected = f"{where}: {self.ZH}（提示：{self.ZH_HINT}）"
        else:
            hint = "add a column for each of them to the table (an empty cell is a missing fact)"
            expected = f"{where}: {self.EN} (hint: {hint})"
        assert failed["errors"] == expected

    @pytest.mark.parametrize("options", [[], ["--rank"], ["--detail"], ["--engine", "exact"]])
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_json(self, lang: str, options: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        args = ["batch", str(self.UNITS), *RULES, "--format", "json", "--lang", lang, *options]
        code, out, _ = run_cli(args, capsys)
        assert code == 2
        (failed,) = [r for r in json.loads(out)["rows"] if r["status"] == "failed"]
        (error,) = failed["errors"]
        assert error["location"].endswith("docs/examples/units-2023.csv:4")
        if lang == "zh":
            assert (error["message"], error["hint"]) == (self.ZH, self.ZH_HINT)
        else:
            assert error["message"] == self.EN
            assert error["hint"].startswith("add a column for each of them to the table")
