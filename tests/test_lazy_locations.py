"""Locations made only when asked for still name the exact line and column.

The YAML reader keeps each value's parser mark and makes a Location when a
message (or the model) asks for one. These tests put problems deep in a file of
10,000 indicators, one to a line, where every line number is known by hand:
line 1 ``id:``, line 2 ``name:``, line 3 ``indicators:``, indicator k (from 1)
on line 3 + k.
"""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

import pytest

from scoring.core.errors import InputError, Location, ScoringError
from scoring.files import located_yaml as _yaml
from scoring.files.indicators import load_indicators

COUNT = 10_000
HEAD = "id: big\nname: 大文件\nindicators:\n"


def row(k: int) -> str:
    """Indicator k on one line; its '{' is at column 5 and 'id' at column 6."""
    return (
        f"  - {{id: i{k:05d}, name: 指标{k}, level1: 产出, level2: 产出质量,"
        f' target: ">= 90", rule: proportional}}\n'
    )


def big_file(changed: dict[int, str]) -> str:
    """The file of COUNT indicators, the lines of those in ``changed`` replaced."""
    return HEAD + "".join(changed.get(k, row(k)) for k in range(1, COUNT + 1))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "big.yaml"
    path.write_text(text, "utf-8")
    return path


class TestDeepInALargeFile:
    def test_unknown_keys_name_their_lines(self, tmp_path: Path) -> None:
        """An unknown key of indicator 9,000 and a rule's unknown parameter of indicator 9,998.

        Indicator 9,000 is on line 9,003; its line starts '  - {taget: 5, ', so
        'taget' is at column 6. Indicator 9,998 is on line 10,001; '  - {id: i09998,
        rule: {kind: proportional, cap: 3}, ...}': 'cap' is after 5 + 12 + 7 + 20
        characters ('  - {', 'id: i09998, ', 'rule: {', 'kind: proportional, '),
        at column 45.
        """
        bad_key = row(9_000).replace("{id:", "{taget: 5, id:")
        bad_param = (
            "  - {id: i09998, rule: {kind: proportional, cap: 3}, name: 指标,"
            ' level1: 产出, level2: 产出质量, target: ">= 90"}\n'
        )
        path = write(tmp_path, big_file({9_000: bad_key, 9_998: bad_param}))
        assert path.read_text("utf-8").split("\n")[10_000].index("cap") + 1 == 45
        with pytest.raises(ScoringError) as info:
            load_indicators(path)
        lines = [p.line() for p in info.value.problems]
        assert len(lines) == 2, lines
        assert lines[0].startswith(f"{path}:9003:6: unknown key 'taget' in an indicator")
        assert lines[1].startswith(f"{path}:10001:45: rule of 'i09998': unknown key 'cap'")

    def test_a_misspelt_rule_written_as_text_names_its_line(self, tmp_path: Path) -> None:
        """'rule: proportinal' in indicator 9,999 (line 10,002), read as {kind: proportinal}.

        Up to the rule's name the row is '  - {' (5 characters), 'id: i09999, ' (12),
        'name: 指标9999, ' (14), 'level1: 产出, ' (12), 'level2: 产出质量, ' (14),
        'target: ">= 90", ' (17) and 'rule: ' (6): 80 characters, the name at column 81
        (YAML counts characters, not bytes).
        """
        line = row(9_999).replace("rule: proportional", "rule: proportinal")
        assert line.index("proportinal") + 1 == 81
        path = write(tmp_path, big_file({9_999: line}))
        with pytest.raises(ScoringError) as info:
            load_indicators(path)
        (problem,) = [p.line() for p in info.value.problems]
        assert problem.startswith(f"{path}:10002:81: unknown rule kind 'proportinal'")

    def test_a_refused_value_names_its_line(self) -> None:
        """'010' as indicator 9,999's target (line 10,002) is refused where it stands.

        '  - {id: i09999, target: ' is 5 + 12 + 8 = 25 characters: the value at column 26.
        """
        text = big_file({9_999: "  - {id: i09999, target: 010, rule: proportional}\n"})
        with pytest.raises(InputError) as info:
            _yaml.load(text, "big.yaml")
        assert info.value.location == Location("big.yaml", 10_002, 26)
        assert str(info.value).startswith("big.yaml:10002:26: '010' starts with a 0")

    def test_a_duplicate_key_names_both_lines(self) -> None:
        """Indicator 9,000 in block style from line 9,003, its 'name' again on line 9,005."""
        block = "  - id: i09000\n    name: 甲\n    name: 乙\n"
        # The indicators after it stand two lines further down.
        text = big_file({9_000: block})
        with pytest.raises(InputError) as info:
            _yaml.load(text, "big.yaml")
        assert info.value.location == Location("big.yaml", 9_005, 5)
        assert "duplicate key 'name' (first at line 9004)" in str(info.value)

    def test_values_and_keys_know_where_they_stand(self) -> None:
        """The last indicator (line 10,003): its mapping at column 5, 'id' at 6, its value at 10."""
        root = _yaml.load(big_file({}), "big.yaml")
        assert root.key_locations["indicators"] == Location("big.yaml", 3, 1)
        last = root.value["indicators"].value[-1]
        assert last.location == Location("big.yaml", 10_003, 5)
        assert last.key_locations["id"] == Location("big.yaml", 10_003, 6)
        assert last.value["id"].location == Location("big.yaml", 10_003, 10)
        assert last.value["id"].value == "i10000"
        assert list(last.key_locations) == list(last.value)
        assert "rule" in last.key_locations
        assert "taget" not in last.key_locations


class TestNode:
    def test_a_loaded_node_equals_one_made_at_its_location(self) -> None:
        node = _yaml.load("a: x\n", "f.yaml").value["a"]
        assert node == _yaml.Node("x", Location("f.yaml", 1, 4))
        assert node != _yaml.Node("x", Location("f.yaml", 1, 5))
        assert hash(node) == hash(_yaml.Node("x", Location("f.yaml", 1, 4)))

    def test_keyed_stands_where_its_node_stands(self) -> None:
        loaded = _yaml.load("rule: proportional\n", "f.yaml").value["rule"]
        made = _yaml.Node("proportional", Location("f.yaml", 1, 7))
        for node in (loaded, made):
            keyed = node.keyed("kind")
            assert keyed.location == Location("f.yaml", 1, 7)
            assert dict(keyed.key_locations) == {"kind": Location("f.yaml", 1, 7)}
            assert keyed.value == {"kind": node}

    def test_pickled_with_its_locations(self) -> None:
        root = _yaml.load("a:\n  b: 1\n", "f.yaml")
        again = pickle.loads(pickle.dumps(root))
        assert again == root
        assert again.value["a"].key_locations == {"b": Location("f.yaml", 2, 3)}
        assert repr(again) == repr(root)


class TestPausedCollector:
    def test_resumed_once_with_what_was_read_in_the_oldest_generation(self) -> None:
        if not gc.isenabled():
            pytest.skip("the collector is off in this process")
        with _yaml.paused_gc():
            with _yaml.paused_gc():
                read = [["a value read"]]
            assert not gc.isenabled()  # the inner pause leaves the outer one paused
        assert gc.isenabled()
        assert any(o is read for o in gc.get_objects(generation=2))
