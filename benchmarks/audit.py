"""How fast ``scoring audit`` reviews many sheets: 1,000 sheets of 30 rows.

    python benchmarks/audit.py            # 1,000 CSV sheets and 100 .xlsx sheets
    python benchmarks/audit.py --quick    # 100 CSV sheets and 20 .xlsx sheets

The sheets follow the national project layout (a funds block, 30 indicator
rows, 总分); one in five has a row scored wrong, so that findings are built
and rendered too. CSV sheets keep the generation fast; the .xlsx run shows what
opening a workbook adds (openpyxl loads it once, for the values; the formulas are
read from the worksheets' XML).
The goal: 1,000 CSV sheets in well under a minute on one core.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from scoring.files.audit import audit_paths  # noqa: E402
from scoring.rendering.audit import render_audit  # noqa: E402

ROWS = 30
GOAL_SECONDS = 30.0


def sheet_rows(index: int) -> list[list[object]]:
    """A project sheet with ROWS indicator rows (3 points each, 10 for budget execution)."""
    rows: list[list[object]] = [
        ["项目支出绩效自评表"],
        ["（2023年度）"],
        ["项目名称", f"项目{index:04d}"],
        [None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 100, 100, 90, 10, "90%", 9],
        [None, "其中：当年财政拨款", 100, 100, 90, "—", None, "—"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
    ]  # fmt: skip
    total = 9.0
    for n in range(ROWS):
        achieved = 90 + (n + index) % 10  # 90..99 of a target of 100
        points = 3
        exact = round(achieved / 100 * points, 2)
        printed = points if index % 5 == 0 and n == 0 else exact
        total += printed
        rows.append(
            [None, "产出指标", "数量指标", f"指标{n:02d}", "≥100个", f"{achieved}个", points,
             printed, "进度滞后"]
        )  # fmt: skip
    rows.append(["总分", None, None, None, None, None, 100, round(total, 2)])
    return rows


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    import openpyxl  # noqa: PLC0415

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    for row in rows:
        sheet.append(row)
    book.save(path)


def run(kind: str, count: int, folder: Path) -> float:
    writer = write_csv if kind == "csv" else write_xlsx
    for i in range(count):
        writer(folder / f"{i:04d}.{kind}", sheet_rows(i))
    start = time.perf_counter()
    report = audit_paths([folder])
    render_audit(report, "text")
    seconds = time.perf_counter() - start
    assert not report.unreadable, report.unreadable
    assert len(report.sheets) == count
    wrong = sum(1 for s in report.sheets if s.findings)
    print(
        f"  {kind}: {count} sheets of {ROWS} rows in {seconds:.2f} s"
        f" ({seconds / count * 1000:.1f} ms a sheet); {wrong} with findings,"
        f" {len(report.findings)} findings"
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    csv_count, xlsx_count = (100, 20) if args.quick else (1000, 100)
    print("scoring audit")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "csv").mkdir()
        (Path(tmp) / "xlsx").mkdir()
        seconds = run("csv", csv_count, Path(tmp) / "csv")
        per_1000 = seconds / csv_count * 1000
        met = per_1000 < GOAL_SECONDS
        print(f"  goal: 1,000 sheets under {GOAL_SECONDS:.0f} s: {per_1000:.1f} s ->"
              f" {'MET' if met else 'MISSED'}")  # fmt: skip
        run("xlsx", xlsx_count, Path(tmp) / "xlsx")


if __name__ == "__main__":
    main()
