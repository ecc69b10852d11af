"""A quoted CSV table, and one on standard input, read a part at a time.

Excel and WPS quote a cell that holds a comma, a quote or a line break
(``"岳阳市一中,高中部"``); a part then ends only at a line break outside
quotes, and holds exactly the rows the whole file's reader reads there. The
rows expected are worked out by hand from the text; the property holds the
parts to the table read whole (``load_table``) for generated tables, broken
ones too.
"""

from __future__ import annotations

import io
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.errors import InputError, ScoringError
from scoring.files import csv_parts, tables
from scoring.files.csv_native import read_part
from scoring.files.csv_parts import CsvParts
from scoring.files.reading import forget_reads
from scoring.files.tables import FactTable, load_table
from strategies_frames import csv_tables
from test_batch import BASE, RULES, csv_text, run_cli
from test_batch_output import rows_of

# Generating a table takes Hypothesis longer than reading it: few examples, near 1 s.
FEW = settings(max_examples=min(30, settings.default.max_examples))
# Four of the example's facts, a number and items met among them: tables as varied,
# parts many more for their size, each read fast.
SOME = {name: BASE[name] for name in ["budget", "management_rules_items_met", "spending"]}


def heads(parts: CsvParts | list[FactTable]) -> list[tuple[int, int, str, str | None]]:
    """Each row's number, line, unit and x (its problems' first words after the row's)."""
    found = []
    for table in parts:
        for i in range(len(table)):
            head = table.heads[i]
            said = [str(p.message).split(": ", 1)[1] for p in table.problems.get(i, [])]
            found.append((head.number, head.line, head.unit, table.cells(i)["x"], *said))
    return found


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding))
    return path


# Line 1 the header; row 2's unit holds a line break, so row 3 is on line 5.
QUOTED = 'unit,year,x\n"岳阳市一中,高中部",2023,1\n"A\nB",2023,2\nC,2023,3\n'
QUOTED_ROWS = [(1, 2, "岳阳市一中,高中部", "1"), (2, 3, "A\nB", "2"), (3, 5, "C", "3")]


class TestPartsOfAQuotedTable:
    @pytest.fixture(scope="class")
    @classmethod
    def folder(cls, tmp_path_factory: pytest.TempPathFactory) -> Path:
        """One folder for every example's table (a function's tmp_path is made once)."""
        return tmp_path_factory.mktemp("quoted")

    @pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
    def test_cut_anywhere(self, encoding: str, tmp_path: Path) -> None:
        """Whatever the size of the parts, down to a byte, so that one ends inside the
        quoted cell, at its line break, or after either quote: the same three rows on
        lines 2, 3 and 5, in UTF-8 as in GB18030."""
        path = write(tmp_path, QUOTED, encoding)
        for block in range(1, len(QUOTED) + 2):
            parts = CsvParts(path, block=block)
            assert heads(parts) == QUOTED_ROWS, block
        assert len(CsvParts(path, block=8).parts) == 0  # read when iterated
        streamed = CsvParts(path, block=8)
        list(streamed)
        assert len(streamed.parts) == 3, "a part for each row, read in parts"

    def test_a_quoted_table_in_smaller_parts(self, tmp_path: Path) -> None:
        """The cell-by-cell reader takes some 20 times a part's size of memory: a table
        with a quote is read in parts of a quarter of BLOCK (4 MB), a plain one in
        parts of BLOCK (16 MB), unless told."""
        assert CsvParts(write(tmp_path, QUOTED)).block == 4 << 20
        assert CsvParts(write(tmp_path, QUOTED.replace('"', ""))).block == 16 << 20
        assert CsvParts(write(tmp_path, QUOTED), block=100).block == 100

    def test_doubled_quotes_and_crlf(self, tmp_path: Path) -> None:
        """A quote inside a quoted cell is written twice; a cell of one quote is four."""
        text = 'unit,year,x\r\n"他说""好"",一中",2023,1\r\n"""",2023,2\r\n"a\r\nb",2023,\r\n'
        path = write(tmp_path, text)
        expected = [(1, 2, '他说"好",一中', "1"), (2, 3, '"', "2"), (3, 4, "a\r\nb", "")]
        for block in range(1, len(text) + 2):
            assert heads(CsvParts(path, block=block)) == expected, block

    def test_a_quote_inside_an_unquoted_cell(self, tmp_path: Path) -> None:
        """A quote in the middle of a cell is a character of it (5" is five inches): the
        odd count of quotes after it is no reason to read the rows after it otherwise."""
        text = 'unit,year,x\n5"屏,2023,1\nB,2023,2\n"C\nD",2023,3\nE,2023,4\n'
        path = write(tmp_path, text)
        expected = [(1, 2, '5"屏', "1"), (2, 3, "B", "2"), (3, 4, "C\nD", "3"), (4, 6, "E", "4")]
        for block in range(1, len(text) + 2):
            assert heads(CsvParts(path, block=block)) == expected, block

    def test_a_quote_that_never_closes_names_its_line(self, tmp_path: Path) -> None:
        """Row 2's quote opens on line 3 and never closes: row 2 fails there, and rows 3
        and 4 are read on their own, on lines 4 and 5, as when the table is read whole."""
        text = 'unit,year,x\nA,2023,1\n"B,2023,2\nC,2023,3\nD,2023,4\n'
        path = write(tmp_path, text)
        unclosed = 'a quote (") opens in this row and never closes'
        expected = [(1, 2, "A", "1"), (2, 3, "", "", unclosed), (3, 4, "C", "3"), (4, 5, "D", "4")]
        assert heads([load_table(path).table]) == expected
        for block in range(1, len(text) + 2):
            assert heads(CsvParts(path, block=block)) == expected, block

    def test_a_row_in_quotes_longer_than_a_line_may_be_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """As a line of more than MAX_LINE (1 MiB) is no table's, so is a row whose quote
        runs on over more lines than that: named at the line it starts on (3)."""
        monkeypatch.setattr(csv_parts, "MAX_LINE", 100)
        path = write(tmp_path, 'unit,year,x\nA,2023,1\n"' + ("y" * 40 + "\n") * 5 + '",2023,1\n')
        with pytest.raises(InputError) as refused:
            list(CsvParts(path, block=50))
        assert refused.value.line().startswith(
            f'{path}:3: the row on line 3 runs on inside quotes (") for more than 0 MiB'
        )

    @FEW
    @given(
        text=csv_tables(SOME),
        block=st.integers(4, 300),
        data=st.data(),
    )
    def test_the_parts_hold_the_whole_tables_rows(
        self, folder: Path, text: str, block: int, data: st.DataObject
    ) -> None:
        """Any table Excel may write, and the same with a character dropped or made a
        quote (a quote that never closes, one inside a cell): its parts, however small,
        hold the rows, numbers, lines, facts and problems of the whole table read at
        once."""
        encoding = data.draw(st.sampled_from(["utf-8", "gb18030"]))
        if data.draw(st.booleans()):  # a character, anywhere, made a quote or dropped
            at = data.draw(st.integers(0, len(text) - 1))
            text = text[:at] + ('"' if data.draw(st.booleans()) else "") + text[at + 1 :]
        path = write(folder, text, encoding)
        streamed = read(lambda: CsvParts(path, block=block))
        if streamed != "read whole":
            assert streamed == read(lambda: [load_table(path).table])


def read(tables: Callable[[], Iterable[FactTable]]) -> object:
    """The rows of ``tables()``, or where and why it was refused (a header broken); a
    table refused in parts is read whole, as ``scoring batch`` then reads it."""
    try:
        return rows_of(tables())
    except ScoringError as error:
        return [problem.line() for problem in error.problems]
    except csv_parts.ReadWhole:
        return "read whole"


class TestQuotedTableCommand:
    @pytest.fixture(autouse=True)
    def small_parts(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        """Parts of 500 bytes, counted as read."""
        monkeypatch.setattr(csv_parts, "BLOCK", 500)
        read: list[int] = []
        monkeypatch.setattr(
            csv_parts, "read_part", lambda *a, **k: read.append(1) or read_part(*a, **k)
        )
        return read

    def rows(self, count: int) -> list[dict[str, object]]:
        return [{"unit": f'"岳阳市第{i}中,高中部"'} for i in range(count)]

    def test_larger_than_a_table_read_whole_may_be(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        small_parts: list[int],
    ) -> None:
        """A quoted table larger than a table read whole may be (bounded at 100 bytes
        here) is scored, in parts, every row."""
        path = write(tmp_path, csv_text(self.rows(20)))
        monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 100)
        with pytest.raises(InputError, match="file is larger than"):
            load_table(path)
        code, out, err = run_cli(["batch", str(path), *RULES], capsys)
        assert code == 0, err
        assert out.splitlines()[1].startswith('1,2,"岳阳市第0中,高中部",,2023,scored,')
        assert err.endswith("20 of 20 rows scored, 0 failed\n")
        assert len(small_parts) > 4

    def test_an_unclosed_quote_is_said_at_its_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_parts: list[int]
    ) -> None:
        """Row 7's quote (line 8) never closes: row 7 fails there, with what to do,
        and the 13 rows after it, read on their own, are scored."""
        rows: list[dict[str, object]] = [{"unit": f"岳阳市第{i}中"} for i in range(20)]
        rows[6]["unit"] = '"岳阳市第6中'
        path = write(tmp_path, csv_text(rows))
        code, _, err = run_cli(["batch", str(path), *RULES], capsys)
        assert code == 2
        assert (
            f'scoring: error: {path}:8: row 7: a quote (") opens in this row and never closes'
            ' (hint: close it; a quote inside a quoted cell is written twice (""). The rows'
            " after it are read on their own)\n"
        ) in err
        assert err.endswith("19 of 20 rows scored, 1 failed\n")
        assert len(small_parts) > 4


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


class TestStandardInput:
    @pytest.fixture(autouse=True)
    def fresh(self) -> None:
        """Each command line run reads standard input afresh, as a new process would."""
        forget_reads()

    @pytest.mark.parametrize("quoted", [False, True])
    def test_the_same_bytes_as_the_file(
        self,
        quoted: bool,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """``scoring batch -`` writes what the same table as a file gives, byte for byte,
        read in parts from its copy; its errors are placed at ``-``. The copy leaves no
        file behind."""
        monkeypatch.setattr(csv_parts, "BLOCK", 500)
        rows: list[dict[str, object]] = [{"unit": f"单位{i}"} for i in range(20)]
        if quoted:
            rows[3]["unit"] = '"一中\n高中部"'
        rows[9]["budget"] = None
        path = write(tmp_path, csv_text(rows))
        expected = run_cli(["batch", str(path), *RULES, "--rank"], capsys)
        spool = tmp_path / "spool"
        spool.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(spool))
        read: list[int] = []
        monkeypatch.setattr(
            csv_parts, "read_part", lambda *a, **k: read.append(1) or read_part(*a, **k)
        )
        monkeypatch.setattr(sys, "stdin", _Stdin(path.read_bytes()))
        code, out, err = run_cli(["batch", "-", *RULES, "--rank"], capsys)
        assert (code, out.replace("<stdin>:", f"{path}:"), err.replace("<stdin>:", f"{path}:")) == (
            expected
        )
        # Row 10 on line 11, or 12 after a unit on two lines; named <stdin>, which the errors
        # cell takes without the formula guard's quote that "-:11:" took.
        assert f',"<stdin>:{12 if quoted else 11}: row 10: missing facts: budget' in out
        assert len(read) > 4
        forget_reads()
        assert list(spool.iterdir()) == []

    def test_a_bad_byte_deep_in_stops_it_before_anything_is_written(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """As for a file, all of standard input is checked before a row is written: a
        byte that is not UTF-8 on line 3002, after UTF-8 Chinese, stops the command with
        nothing on standard output, in the words a file gets."""
        monkeypatch.setattr(csv_parts, "BLOCK", 500)
        data = csv_text([{"unit": f"单位{i}"} for i in range(3000)]).encode() + b"B,2023,\xff\n"
        path = write(tmp_path, "")
        path.write_bytes(data)
        _, _, expected = run_cli(["batch", str(path), *RULES], capsys)
        monkeypatch.setattr(sys, "stdin", _Stdin(data))
        code, out, err = run_cli(["batch", "-", *RULES], capsys)
        assert (code, out) == (2, "")
        assert err.startswith("scoring: error: <stdin>:3002: file mixes two encodings")
        assert err == expected.replace(f"{path}:", "<stdin>:")
