"""A CSV table whose bytes are checked as each part is read (``-o``, ``--fail-fast``).

When nothing is written before the last row is scored, ``scoring batch`` does
not read the whole file once first to check its bytes: the first block is
checked ahead, each part after it as it is read. Whatever a part then shows,
the command ends as when every byte was checked first (the output as
standard output has it, the same errors and warnings, once each): a line in
GB18030 after ASCII switches to GB18030 there; after Chinese read as UTF-8
it is the mixed-encodings error at that line; after other characters read
as UTF-8, or at a lone carriage return, the table is read again, checked
ahead, and what the first reading said is not said again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.core.errors import InputError
from scoring.files import csv_parts
from scoring.files.csv_parts import CsvParts, Reread
from scoring.files.documents import wide_characters
from test_batch import RULES, csv_text, run_cli
from test_batch_output import rows_of

ROWS = 60
BAD_ROW = 5  # a row whose cell is text, so that an error is said early


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 2,000 bytes: the table's 60 rows span about ten parts, and the first
    block (checked ahead) holds its header and a few rows."""
    monkeypatch.setattr(csv_parts, "BLOCK", 2000)


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each CsvParts made: whether checked ahead."""
    made: list[bool] = []
    init = CsvParts.__init__

    def counted(self: CsvParts, *args: object, checked_ahead: bool = True, **kw: object) -> None:
        made.append(checked_ahead)
        init(self, *args, checked_ahead=checked_ahead, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(CsvParts, "__init__", counted)
    return made


def table(unit_at_40: str = "U40", *, first_unit: str = "U1") -> str:
    """60 rows in ASCII, row 5 failing (its budget is text), row 40's unit given (the
    fund balance level by its English name, so that no other cell is Chinese)."""
    rows: list[dict[str, object]] = [
        {"unit": f"U{i + 1}", "fund_balance_level": "no balance"} for i in range(ROWS)
    ]
    rows[0]["unit"] = first_unit
    rows[BAD_ROW - 1]["budget"] = "abc"  # ASCII: the file is ASCII but for row 40
    rows[39]["unit"] = unit_at_40
    return csv_text(rows)


def both_ways(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[tuple[int, str, list[str]], tuple[int, str, list[str]]]:
    """The command's exit status, output and stderr lines: checked ahead (to standard
    output), then checked as read (-o)."""
    code, out, err = run_cli(["batch", str(path), *RULES], capsys)
    ahead = (code, out, err.splitlines())
    target = tmp_path / "out.csv"
    code, _, err = run_cli(["batch", str(path), *RULES, "-o", str(target)], capsys)
    written = target.read_text(encoding="utf-8") if target.exists() else ""
    return ahead, (code, written, err.splitlines())


def test_plain_table_is_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.csv"
    path.write_text(table(), encoding="utf-8")
    ahead, read = both_ways(path, tmp_path, capsys)
    assert read == ahead
    assert ahead[0] == 2  # row 5 failed
    assert any(":6: row 5:" in line for line in ahead[2])
    assert len(ahead[1].splitlines()) == 1 + ROWS


def test_gb18030_after_ascii_switches_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], readings: list[bool]
) -> None:
    """Every byte before row 40 ASCII, row 40's unit in GB18030: read as GB18030 from
    there, as the whole file is when checked ahead (ASCII reads alike in both); the
    warning is said once, with that part."""
    path = tmp_path / "t.csv"
    path.write_bytes(table("某某局").encode("gb18030"))
    assert path.read_bytes().index("某某局".encode("gb18030")) > 2 * 2000, "past the first block"
    ahead, read = both_ways(path, tmp_path, capsys)
    assert readings == [True, False], "read once each way"
    assert read[:2] == ahead[:2]
    assert "40,41,某某局," in read[1]
    assert sorted(read[2]) == sorted(ahead[2])
    warned = [line for line in read[2] if "GB18030" in line]
    assert len(warned) == 1
    # Checked ahead, it comes first; checked as read, after row 5's error.
    assert ahead[2].index(warned[0]) == 0
    assert read[2].index(warned[0]) > read[2].index(next(x for x in read[2] if "row 5" in x))


def test_gb18030_after_chinese_is_the_mixed_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chinese in UTF-8 in the first rows, one unit in GBK at row 40 (line 41): the
    mixed-encodings error at that line, as when checked ahead; -o is not written."""
    path = tmp_path / "t.csv"
    path.write_bytes(
        table("U40", first_unit="岳阳市一中").encode().replace(b"U40,", "某局".encode("gbk") + b",")
    )
    ahead, read = both_ways(path, tmp_path, capsys)
    error = f"{path}:41: file mixes two encodings"
    assert ahead[0] == read[0] == 2
    assert ahead[1] == read[1] == ""
    assert [line for line in ahead[2] if error in line] == [ahead[2][0]]
    assert sum(error in line for line in read[2]) == 1
    assert not list(tmp_path.glob(".out.csv.*")), "no temporary file is left"


def test_gb18030_after_other_characters_reads_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], readings: list[bool]
) -> None:
    """Row 1's unit Café (two bytes in UTF-8, not a Chinese character), row 40's in
    GB18030: read as GB18030, Café is other characters, as when checked ahead; so the
    table is read again, checked ahead, and row 5's errors are said once."""
    path = tmp_path / "t.csv"
    path.write_bytes(
        table("U40", first_unit="Café").encode().replace(b"U40,", "某某局".encode("gb18030") + b",")
    )
    ahead, read = both_ways(path, tmp_path, capsys)
    assert readings == [True, False, True]
    assert read[:2] == ahead[:2]
    assert "Caf" in read[1]
    assert "Café" not in read[1]
    # Each line said once: row 5's errors by the first reading, the warning by the second.
    assert sorted(read[2]) == sorted(ahead[2])


def test_lone_carriage_return_past_the_first_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], readings: list[bool]
) -> None:
    """A lone carriage return at row 40: read whole, as when checked ahead."""
    text = table().replace("\nU40,", "\rU40,")
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    parts = CsvParts(path, checked_ahead=False)
    with pytest.raises(Reread):
        list(parts)
    readings.clear()
    ahead, read = both_ways(path, tmp_path, capsys)
    assert readings == [True, False, True]
    assert read == ahead  # each line said once
    assert any(":6: row 5:" in line for line in read[2])


def test_quote_past_the_first_block(tmp_path: Path) -> None:
    """A quoted unit holding a comma and a line break at row 40: the same rows as read
    whole; the parts after it are smaller (read cell by cell)."""
    path = tmp_path / "t.csv"
    path.write_text(table('"岳阳市一中,\n高中部"'), encoding="utf-8")
    parts = CsvParts(path, checked_ahead=False)
    assert parts.block == 2000
    found = rows_of(parts)
    assert parts.block == 500
    assert found == rows_of(CsvParts(path))
    assert [row[0][3] for row in found if "," in row[0][3]] == ["岳阳市一中,\n高中部"]


def test_not_text_past_the_first_block(tmp_path: Path) -> None:
    """A byte that is neither UTF-8 nor GB18030 at row 40 after ASCII: the error checked
    ahead gives, at that line."""
    path = tmp_path / "t.csv"
    path.write_bytes(table().encode().replace(b"U40,", b"\xff\xfe,"))
    with pytest.raises(InputError) as ahead:
        CsvParts(path)
    with pytest.raises(InputError) as read:
        list(CsvParts(path, checked_ahead=False))
    assert read.value.line() == ahead.value.line()
    assert ahead.value.line().startswith(f"{path}:41: file is not UTF-8 text (nor GB18030)")


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=40), st.integers(1, 5))
def test_wide_characters_counted_in_bytes_as_in_text(text: str, enough: int) -> None:
    """The parts after the first block count their Chinese (three or four bytes a
    character) on their UTF-8 bytes, undecoded: as many as in the text."""
    assert wide_characters(text.encode(), enough) == wide_characters(text, enough)


def test_wide_characters_by_hand() -> None:
    assert wide_characters("岳阳a".encode(), 5) == 2
    assert wide_characters("Café°±".encode(), 5) == 0  # two bytes each
    assert wide_characters("𠀀x\ufeff".encode(), 5) == 2  # four bytes; a byte order mark, three
    assert wide_characters("岳阳市一中".encode(), 3) == 3  # counted up to enough


def test_header_longer_than_the_first_block(tmp_path: Path) -> None:
    """The header (here 700 bytes, the blocks 2,000 but the check's first read 500) is
    checked ahead whole: a header column in GB18030 past the first block's bytes reads
    the file as GB18030, as when every byte is checked first."""
    csv_parts.BLOCK = 500  # undone by the autouse fixture
    lines = table().splitlines()
    lines[0] += ",备注"
    lines[1:] = [line + "," for line in lines[1:]]
    path = tmp_path / "t.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    assert len(lines[0]) > 500
    ahead, read = CsvParts(path), CsvParts(path, checked_ahead=False)
    assert read.encoding == ahead.encoding == "gb18030"
    assert [w.line() for w in read.warnings] == [w.line() for w in ahead.warnings]
    assert read.header == ahead.header
    assert rows_of(read) == rows_of(ahead)
