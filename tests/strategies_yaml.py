"""Hypothesis strategies for YAML documents, good and bad, for the loader's robustness tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from scoring.files import documents as loading

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(
    p for kind in ("indicators", "weights", "examples") for p in (ROOT / kind).glob("*.yaml")
)

# Every key the loader knows, so that generated documents get past the top level.
KNOWN_KEYS = sorted(
    {
        key
        for keys in (
            loading.INDICATOR_FILE_KEYS,
            loading.INDICATOR_KEYS,
            loading.WEIGHTS_FILE_KEYS,
            loading.CATEGORY_KEYS,
            loading.GROUP_KEYS,
            loading.GRADE_KEYS,
            loading.FACTS_FILE_KEYS,
            loading.FACT_KEYS,
            loading.TARGET_SETTING_KEYS,
        )
        for key in keys.all
    }
    | {"kind", "per", "unit", "counting", "variant", "bands", "range", "points", "value"}
)

# Plain scalars as a clerk might type them, YAML 1.1 surprises included.
TOKENS = [
    "0", "5", "-3", "95.5", "1e3", ".5", "010", "0x1F", "12:30", "1_000", "no", "yes",
    "on", "off", "true", "False", "~", "null", ".nan", ".inf", "-.inf", "2023-01-01",
    '">= 95%"', '"<= 100%"', '"= 0"', '"[80, 90)"', '"(-inf, 60)"', "proportional",
    "bands", "reverse", "deduction_per_unit", "budget_execution", "a / b * 100",
    "staff_in_post / authorized_posts * 100", "投入", "预算执行", "[]", "{}",
    "'quoted'", "1e999999", "&a x", "*a", "!!python/object:os.system x", "[1, 2",
]  # fmt: skip

keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.from_regex(r"[a-z_]{1,8}", fullmatch=True))
scalars = st.one_of(
    st.sampled_from(TOKENS), st.text(alphabet="abc :-#'\"[]{}%,&*!|>01", max_size=12)
)


def _render(value: object, indent: int) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            text = _render(item, indent + 1)
            nested = isinstance(item, dict | list) and item
            lines.append(f"{pad}{key}:" + (f"\n{text}" if nested else f" {text}"))
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = []
        for item in value:
            text = _render(item, indent + 1)
            nested = isinstance(item, dict | list) and item
            lines.append(f"{pad}-" + (f"\n{text}" if nested else f" {text}"))
        return "\n".join(lines)
    return str(value)


trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=25,
)

# Documents built from trees: mostly mappings, as the files are.
structured = st.dictionaries(keys, trees, min_size=1, max_size=6).map(lambda d: _render(d, 0))


@st.composite
def truncated_shipped(draw: st.DrawFn) -> bytes:
    """A shipped file cut short, or with a stretch of it deleted."""
    data = draw(st.sampled_from(SHIPPED)).read_bytes()
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, min(len(data), start + draw(st.sampled_from([0, 1, 40])))))
    if end == start:
        return data[:start]
    return data[:start] + data[end:]


documents = st.one_of(
    structured.map(lambda text: text.encode("utf-8")),
    st.binary(max_size=200),
    truncated_shipped(),
)


# Values to put in place of a valid one: edge cases of numbers and targets.
EDGE_VALUES = [*TOKENS, "0", "-1", "0.5", "1", "100", "-100", '"<= 0"', '">= 0%"', '"= 0"']


@st.composite
def mutated_files(draw: st.DrawFn, files: dict[str, str]) -> dict[str, str]:
    """``files`` (name to text) with up to three values in each replaced by edge values."""
    result = {}
    for name, text in files.items():
        lines = text.splitlines()
        for _ in range(draw(st.integers(0, 3))):
            i = draw(st.integers(0, len(lines) - 1))
            if ": " in lines[i]:
                head = lines[i].split(": ")[0]
                lines[i] = f"{head}: {draw(st.sampled_from(EDGE_VALUES))}"
        result[name] = "\n".join(lines) + "\n"
    return result
