"""The native CSV reader (polars, in the fast extra) reads every part as read_csv reads it.

The same table, bit for bit (heads, cell texts, parsed floats, problems), for
generated parts that mix plain numbers with every form the project's number
parser refuses; the same output and the same errors from ``scoring batch``
with and without it. Skipped where polars or NumPy is not installed (the test
extra installs both, so CI runs them).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pl = pytest.importorskip("polars")

from scoring.files import csv_native, csv_parts  # noqa: E402
from scoring.files.tables import _NUMBER, FactTable, read_csv  # noqa: E402
from test_batch import RULES, csv_text, run_cli  # noqa: E402
from test_batch_output import varied_rows  # noqa: E402

HEADER = "unit,year,unit_en,a,b,c\n"


def same_tables(native: FactTable, other: FactTable) -> None:
    """Everything a part holds, compared: floats by their bits."""
    assert native.file == other.file
    assert native.names == other.names
    assert list(native.heads) == list(other.heads)
    assert list(native.rows) == list(other.rows)
    assert {i: [(p.message, str(p.location)) for p in ps] for i, ps in native.problems.items()} == {
        i: [(p.message, str(p.location)) for p in ps] for i, ps in other.problems.items()
    }
    assert native.other == other.other
    assert native.parsed.keys() == other.parsed.keys()
    for name, (values, missing, longest) in native.parsed.items():
        theirs = other.parsed[name]
        assert values.dtype == theirs[0].dtype == np.float64
        assert values.view(np.int64).tolist() == theirs[0].view(np.int64).tolist(), name
        assert missing.tolist() == theirs[1].tolist()
        assert longest == theirs[2]


def both(header: str, data: bytes, **at: int) -> tuple[FactTable | None, FactTable]:
    """The native reader's table (None when it leaves the part to read_csv) and read_csv's."""
    native = csv_native._native(
        header, data, "t.csv", **{"rows_before": 0, "lines_before": 0, **at}
    )
    return native, read_csv(header + data.decode("utf-8"), "t.csv", **at)


# Cells a number column may meet: plain numbers of every length (the parser's bound is
# 16 characters before the fast path leaves it), and what the number parser refuses.
plain_numbers = st.from_regex(_NUMBER, fullmatch=True)
refused = st.sampled_from(
    ["1e5", "1E-3", "1,200", "010", "-01.5", "00", "nan", "NaN", "inf", "-inf", "Infinity",
     "1.2.3", "+", "-", ".", "+-1", "1-2", " 5", "5 ", "5%", "１２", "1_000", "0x1f", "待填写",
     "true", "7月", "a|b", "12,5", "1.5万元", "\t3", "\u00a05", "٣", "1.", ".5", "-0", "+.5",
     "0.1234567890123456", "12345678901234567", "9999999999999999"]
)  # fmt: skip
short_numbers = plain_numbers.filter(lambda t: len(t) <= 16)
# Mostly plain, so that many parts are read natively; now and then not.
cells = st.one_of(short_numbers, short_numbers, short_numbers, st.just(""), plain_numbers, refused)
units = st.one_of(
    st.sampled_from(["某某局", "Unit A", " 甲 ", "=1+1", "-1.5", "", "单位\x1b", "a\u202eb"]),
    st.sampled_from(["某某局", "某某区教育体育局", "Unit B"]),
    # No lone surrogate: a file's text is never one (it cannot be written as UTF-8).
    st.text(st.characters(exclude_characters=',"\r\n', exclude_categories=("Cs",)), max_size=8),
)
years = st.sampled_from(["2023", "2024", " 2023", "20x", "", "1899", "２０２３"])
rows = st.lists(st.tuples(units, years, st.sampled_from(["", "Bureau"]), cells, cells, cells),
                min_size=1, max_size=6)  # fmt: skip


# Each example costs polars a few milliseconds of start-up: fewer of them, to stay near 1 s.
@settings(max_examples=min(30, settings.default.max_examples),
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(
    rows=rows,
    crlf=st.booleans(),
    final=st.booleans(),
    before=st.integers(0, 5),
    group=st.sampled_from([csv_native._SLICE, 48, 100]),
)
@example(rows=[("A", "2023", "", "1", "2", "3")], crlf=False, final=True, before=0, group=48)
def test_the_same_table_as_read_csv(
    rows: list[tuple[str, ...]], crlf: bool, final: bool, before: int, group: int
) -> None:
    """Whatever the cells, a part the native reader takes is the table read_csv makes
    (rows and lines counted on from the parts before); a part it leaves is one read_csv
    reads cell by cell or with NumPy, and names every bad cell. Checked a row or two at
    a time (``group`` 48 and 100 bytes a slice) as well as a part at once."""
    end = "\r\n" if crlf else "\n"
    data = end.join(",".join(row) for row in rows) + (end if final else "")
    kept = csv_native._SLICE
    csv_native._SLICE = group
    try:
        native, other = both(HEADER, data.encode("utf-8"), rows_before=before, lines_before=before)
    finally:
        csv_native._SLICE = kept
    event("read natively" if native is not None else "left to read_csv")
    if native is not None:
        same_tables(native, other)
        assert other.parsed, "only a part read_csv's NumPy path takes is taken"
    assert same_read(HEADER, data.encode("utf-8")), "read_part is read_csv"


def same_read(header: str, data: bytes) -> bool:
    taken = csv_native.read_part(header, data, "t.csv")
    same_tables(taken, read_csv(header + data.decode("utf-8"), "t.csv"))
    return True


@settings(max_examples=min(30, settings.default.max_examples))
@given(st.lists(short_numbers, min_size=1, max_size=50))
@example(["0.1", "0.30000000000001", "9007199254740993", "-0", "2.675", "1.", ".5", "+.5"])
def test_floats_are_the_nearest(texts: list[str]) -> None:
    """Every number of at most 16 characters is parsed to the float nearest its
    decimal, as float() and numpy.loadtxt give it (-0 keeps its sign)."""
    data = "".join(f"A,2023,,{t},{t},\n" for t in texts).encode("ascii")
    native, other = both(HEADER, data)
    assert native is not None
    same_tables(native, other)
    bits = native.parsed["a"][0].view(np.int64).tolist()
    assert bits == np.array([float(t) for t in texts]).view(np.int64).tolist()


def test_a_plain_part_is_taken() -> None:
    """The common table is read natively: its numbers, texts as written, longest cells."""
    data = b"A,2023,,1.5,,123456789012.345\nB,2024,Bureau,-2,0.25,7\n"
    native, other = both(HEADER, data)
    assert native is not None
    same_tables(native, other)
    assert list(native.rows) == ["1.5,,123456789012.345", "-2,0.25,7"]
    assert [native.parsed[n][2] for n in "abc"] == [3, 4, 16]
    # Empty last cells, the last line without a line break; a 0 before a point.
    native, other = both(HEADER, b"A,2023,,0.5,-0,\nB,2023,,,+0,")
    assert native is not None
    same_tables(native, other)
    # Units and names in any characters, digits and signs among them.
    data = "一中-1.5,2023,No. 1 school (+),1,2,3\r\n二中,2023,,4,5,6\r\n".encode()
    native, other = both(HEADER, data)
    assert native is not None
    same_tables(native, other)
    assert [h.unit for h in native.heads] == ["一中-1.5", "二中"]


@pytest.mark.parametrize(
    "data",
    [
        b"A,2023,,1e5,1,2\n",  # an exponent
        b"A,2023,,010,1,2\n",  # a leading zero
        b"A,2023,,1,2,3\nB,2023,,1,2,-05",  # after a sign, in the last cell
        b"A,2023,,nan,1,2\n",
        b"A,2023,,1,200,1,2\n",  # a thousands separator: a row too wide
        b"A,2023,,1,2\n",  # too narrow
        b"A,2023,,1,2,3\n\nB,2023,,1,2,3\n",  # a blank line
        b"A,2023,,1.2.3,1,2\n",
        b"A,2023,,0.12345678901234567,1,2\n",  # more than 16 characters
        b"\xef\xbb\xbfA,2023,,1,2,3\n",  # a byte order mark inside the file
        b"A\x1b,2023,,1,2,3\n",  # a control character
        b"A,2023,,1,2,3\rB,2023,,1,2,3\n",  # a lone carriage return
        # A byte no number holds, in a fact cell (in a unit it is read natively).
        b"A,2023,,1 ,2,3\n",
        b"A,2023,,1,2,x\n",
        "单位,2023,,1,2,3\nB,2023,,１,2,3\n".encode(),  # a full-width digit
        b"A,2023,,1,2,3\r\nB,2023,,1,2,3%\r\n",
    ],
)
def test_a_part_that_is_not_plain_is_left_to_read_csv(data: bytes) -> None:
    native, _ = both(HEADER, data)
    assert native is None
    assert same_read(HEADER, data)


@pytest.mark.parametrize(
    "bad",
    [
        b"A,2023,,010,1,2\n",  # a leading zero
        b"A,2023,,1,2,-05\n",
        b"A,2023,,1,200,1,2\n",  # too wide
        b"A,2023,,1,2\n",  # too narrow
        b"A,2023,,1,2\nB,2023,,1,2,3,4\n",  # one too narrow, the next too wide
        b"A,2023,,0.12345678901234567,1,2\n",  # more than 16 characters
        b"A,2023,,1,2,x\n",
    ],
)
def test_a_bad_row_after_the_first_rows_checked(
    bad: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cells are checked a few rows at a time: a bad row in any group of them, not
    only the first, leaves the part to read_csv, which names it."""
    monkeypatch.setattr(csv_native, "_SLICE", 100)  # two rows a group
    good = b"G,2023,,1,2,3\n" * 5
    native, _ = both(HEADER, good + bad + good)
    assert native is None
    assert same_read(HEADER, good + bad + good)
    # A long cell in a later group is each column's longest, as read_csv counts it.
    native, other = both(HEADER, good + b"L,2023,,1.23456789012345,2,3\n" + good)
    assert native is not None
    same_tables(native, other)
    assert [native.parsed[n][2] for n in "abc"] == [16, 1, 1]


class TestCommand:
    @pytest.fixture
    def parts_read_natively(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(csv_parts, "BLOCK", 2000)
        monkeypatch.setattr(csv_native, "MIN_BYTES", 0)

    @pytest.mark.usefixtures("parts_read_natively")
    @pytest.mark.parametrize("options", [[], ["--rank"], ["--engine", "exact"]])
    def test_output_and_errors_are_the_same_without_it(
        self,
        options: list[str],
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """scoring batch writes the same bytes and says the same on stderr with polars as
        without it, for a table of parts read natively (missing facts: failed rows)
        and parts that are not (an exponent, read as the number it writes; nan, a leading
        zero, a thousands separator: each named at its line, in the same words)."""
        lines = [
            "unit,year,unit_en,staff_in_post,authorized_posts,spending,budget,key_university_rate"
        ]
        rng = random.Random(7)
        for i in range(120):
            rate = f"{rng.choice(['', '-'])}{rng.randint(0, 40)}.{rng.randint(0, 999)}"
            spending = f"{rng.randint(3000, 5100)}.{i % 100:02d}"
            cells = [str(rng.randint(60, 90)), "85", spending, "5070.36", rate]
            if i % 17 == 5:
                cells[rng.randrange(5)] = ""  # a missing fact: the row fails
            lines.append(f"单位{i % 97},2023,Unit {i}," + ",".join(cells))
        lines[8] = lines[8].replace(",85,", ",8.5e1,")  # read as 85 (not by polars)
        lines[30] = lines[30].replace(",85,", ",nan,")
        lines[50] = lines[50].replace(",85,", ",085,")
        lines[90] = lines[90].replace(",85,", ",1,085,")
        path = tmp_path / "t.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        rules = ["--indicators", "docs/examples/small-indicators.yaml",
                 "--weights", "docs/examples/small-weights.yaml"]  # fmt: skip
        taken = []
        native = csv_native._native
        monkeypatch.setattr(csv_native, "_native", lambda *a, **k: taken.append(native(*a, **k)))
        said = []
        for enabled in (True, False):
            monkeypatch.setattr(csv_native, "ENABLED", enabled)
            said.append(run_cli(["batch", str(path), *rules, *options], capsys))
        assert said[0] == said[1]
        assert any(taken), "some parts are read natively"
        assert None in taken, "and some not"
        _, out, err = said[0]
        assert f"{path}:9: " not in err
        assert f"error: {path}:31: row 30: fact 'authorized_posts' must be a number: 'nan'" in err
        assert f"error: {path}:51: row 50: fact 'authorized_posts' " in err
        assert f"error: {path}:91: row 90: has 9 cells, the header has 8" in err
        assert "row 98: 单位0 2023 is also row 1 (line 2)" in err
        assert out.count("\n") == len(lines)

    def test_not_used_for_a_small_table(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A table under a MiB is read without it (importing polars costs more than it
        saves there), unless polars is imported already."""
        called = []
        monkeypatch.delitem(__import__("sys").modules, "polars")
        monkeypatch.setattr(csv_native, "_native", lambda *a, **k: called.append(1))
        path = tmp_path / "t.csv"
        path.write_text(csv_text(varied_rows(5, 1)), encoding="utf-8")
        run_cli(["batch", str(path), *RULES], capsys)
        assert called == []


@pytest.mark.parametrize("enabled", [True, False])
def test_a_part_is_freed_with_its_table(enabled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A part's heads and cells are freed as soon as its table is, not when the cyclic
    garbage collector runs (a streamed table would hold every part read until then)."""
    import gc  # noqa: PLC0415
    import weakref  # noqa: PLC0415

    monkeypatch.setattr(csv_native, "ENABLED", enabled)
    monkeypatch.setattr(csv_native, "MIN_BYTES", 0)
    data = b"".join(b"A%d,2023,,1.5,2,3\n" % i for i in range(50))
    table = csv_native.read_part(HEADER, data, "t.csv")
    assert bool(table.parsed)
    assert type(table.rows).__name__ == ("PartCells" if enabled else "list")
    held = [weakref.ref(table.heads), *([weakref.ref(table.rows)] if enabled else [])]
    gc.disable()
    try:
        del table
        assert [ref() for ref in held] == [None] * len(held)
    finally:
        gc.enable()
