"""A small valid case (indicators, weights, facts) for the validation tests to break.

Each test writes the three files into a temporary folder with one change, so
that the bad file stays small and the problem is the only one.
"""

from __future__ import annotations

from pathlib import Path

INDICATORS = """\
id: demo
name: 示例指标
indicators:
  - id: execution_rate
    name: 预算执行率
    level1: 投入
    level2: 预算执行
    unit: "%"
    formula: spent / budget * 100
    target: ">= 95%"
    rule: {kind: budget_execution}
  - id: staff_control_rate
    name: 在职人员控制率
    level1: 投入
    level2: 预算执行
    unit: "%"
    formula: staff_in_post / posts * 100
    target: "<= 100%"
    rule: {kind: deduction_per_unit, per: 0.5}
  - id: events
    name: 赛事
    level1: 产出
    level2: 数量
    unit: 场
    target: ">= 10"
    rule:
      kind: bands
      bands:
        - {range: "[10, +inf)", points: 10}
        - {range: "[5, 10)", points: 5}
        - {range: "(-inf, 5)", points: 0}
"""

WEIGHTS = """\
id: demo
name: 示例评分表
full_score: 30
categories:
  - name: 投入
    points: 20
    groups:
      - {name: 预算执行, points: 20}
  - name: 产出
    points: 10
    groups:
      - {name: 数量, points: 10}
points:
  execution_rate: 10
  staff_control_rate: 10
  events: 10
"""

FACTS = """\
unit: 示例单位
year: 2023
indicators: [indicators.yaml]
weights: weights.yaml
facts:
  spent: 90
  budget: 100
  staff_in_post: 81
  posts: 85
  events: 12
"""

FILES = {"indicators.yaml": INDICATORS, "weights.yaml": WEIGHTS, "facts.yaml": FACTS}


def write_case(folder: Path, **changes: tuple[str, str]) -> dict[str, str]:
    """Write the three files into ``folder``; ``indicators=(old, new)`` edits one first.

    Returns the text of each file as written, by file name.
    """
    written = {}
    for name, original in FILES.items():
        text = original
        change = changes.get(name.removesuffix(".yaml"))
        if change is not None:
            old, new = change
            assert old in text, f"{old!r} is not in {name}"
            text = text.replace(old, new, 1)
        (folder / name).write_text(text, encoding="utf-8")
        written[name] = text
    return written


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of ``text`` that holds ``fragment``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(found) >= occurrence, f"{fragment!r} not found"
    return found[occurrence - 1]
