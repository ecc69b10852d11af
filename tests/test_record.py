"""Record: the immutable value classes that replaced attrs on the start-up path."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

import attrs
import pytest

from scoring.core.errors import Location
from scoring.core.model import Group, WeightsProfile
from scoring.core.record import EMPTY, NO_DEFAULT, Record, evolve, fields, set_field
from scoring.core.rules import Met, Proportional
from scoring.core.values import Text
from scoring.files.located_yaml import Node


class Span(Record, not_compared=("note",), not_shown=("secret",)):
    __slots__ = ("end", "note", "secret", "start")  # sorted: the order is __init__'s
    start: int
    end: int
    note: str
    secret: str

    def __init__(self, start: int, end: int = 0, note: str = "", secret: str = "") -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "note", note)
        set_field(self, "secret", secret)


class Other(Record):
    __slots__ = ("end", "start")
    start: int
    end: int

    def __init__(self, start: int, end: int = 0) -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)


@attrs.frozen
class Plain:
    a: int
    b: int = 2


class TestRecord:
    def test_fields_in_init_order(self) -> None:
        """The fields' order is __init__'s, not __slots__'s."""
        assert [f.name for f in fields(Span)] == ["start", "end", "note", "secret"]
        assert [f.default for f in fields(Span)] == [NO_DEFAULT, 0, "", ""]
        assert fields(Proportional) == ()

    def test_repr_as_attrs_wrote_it(self) -> None:
        """Class(field=value, ...) in field order, without the fields not shown."""
        assert repr(Span(1, 2, "n", "s")) == "Span(start=1, end=2, note='n')"
        assert (
            repr(Location("a.yaml", 3, 4))
            == "Location(file='a.yaml', line=3, column=4, sheet=None)"
        )
        assert repr(Met()) == "Met()"
        group = Group("产出", Decimal(10), location=Location("w.yaml", 2))
        assert repr(group) == "Group(name='产出', points=Decimal('10'), name_en=None, assumed=None)"

    def test_equality_and_hash_by_compared_fields_of_the_same_class(self) -> None:
        assert Span(1, 2, "a") == Span(1, 2, "b")
        assert hash(Span(1, 2, "a")) == hash(Span(1, 2, "b"))
        assert Span(1, 2) != Span(1, 3)
        assert Span(1, 2) != Other(1, 2)  # same values, another class
        assert Span(1) != (1, 0, "", "")
        assert Met() == Met()
        assert Met() != Proportional()
        assert len({Span(1), Span(1, note="x"), Span(2)}) == 2
        assert Node(1, Location("f"), {"k": Location("f", 2)}) == Node(1, Location("f"))

    def test_a_mapping_field_is_unhashable_as_with_attrs(self) -> None:
        with pytest.raises(TypeError):
            hash(Node({}, Location("f")))

    def test_location_orders_as_its_tuple(self) -> None:
        assert Location("a", 2, 1) < Location("a", 10, 1) <= Location("a", 10, 1)
        assert Location("b", 1) > Location("a", 99) >= Location("a", 99)
        assert sorted([Location("b"), Location("a", 2), Location("a", 1)]) == [
            Location("a", 1),
            Location("a", 2),
            Location("b"),
        ]
        with pytest.raises(TypeError):
            _ = Location("a") < ("a", 0, 0, None)  # type: ignore[operator]

    def test_immutable(self) -> None:
        span = Span(1)
        with pytest.raises(AttributeError, match="immutable"):
            span.start = 2  # type: ignore[misc]
        with pytest.raises(AttributeError, match="immutable"):
            del span.start  # type: ignore[misc]
        with pytest.raises(AttributeError):
            span.other = 1  # type: ignore[attr-defined]

    def test_evolve(self) -> None:
        span = Span(1, 2, "n", "s")
        assert repr(evolve(span, end=5)) == "Span(start=1, end=5, note='n')"
        assert evolve(span, secret="t").secret == "t"
        assert span.end == 2
        with pytest.raises(TypeError):
            evolve(span, nothing=1)
        assert evolve(Plain(1), b=3) == Plain(1, 3)  # an attrs class still

    def test_evolve_runs_the_converters_again(self) -> None:
        profile = WeightsProfile("p", "P", (), {"a": Decimal(1)}, full_score=Decimal(10))
        assert profile.grades[0].min == Decimal(9)  # the default grades, for 10 points
        changed = evolve(profile, points={"b": Decimal(2)})
        assert dict(changed.points) == {"b": Decimal(2)}
        with pytest.raises(TypeError):
            changed.points["c"] = Decimal(1)  # type: ignore[index]
        assert evolve(profile, full_score=Decimal(10)).grades == profile.grades

    def test_copy_and_pickle(self) -> None:
        span = Span(1, 2, "n", "s")
        for other in (copy.copy(span), copy.deepcopy(span), pickle.loads(pickle.dumps(span))):
            assert other == span
            assert (other.note, other.secret) == ("n", "s")
        text = Text("中", "mid")
        assert pickle.loads(pickle.dumps(text)) == text

    def test_a_pickle_of_the_attrs_class_reads_as_it_was(self) -> None:
        """A record pickled when it was an attrs class (its state a dict of its fields)
        reads back with each field's own value, not the fields' names."""
        state = {"start": 1, "end": 2, "note": "n", "secret": "s"}
        span = Span.__new__(Span)
        span.__setstate__(state)  # type: ignore[arg-type]
        assert (span.start, span.end, span.note, span.secret) == (1, 2, "n", "s")
        old = (  # pickle.dumps(Text("中", "mid")) when Text was an attrs.frozen class
            b"\x80\x04\x95>\x00\x00\x00\x00\x00\x00\x00\x8c\x13scoring.core.values\x94"
            b"\x8c\x04Text\x94\x93\x94)\x81\x94}\x94(\x8c\x02zh\x94\x8c\x03\xe4\xb8\xad\x94"
            b"\x8c\x02en\x94\x8c\x03mid\x94ub."
        )
        assert pickle.loads(old) == Text("中", "mid")
        with pytest.raises(TypeError):
            Span.__new__(Span).__setstate__({"start": 1, "nothing": 2})  # type: ignore[arg-type]

    def test_match_args_as_attrs_made_them(self) -> None:
        """``case Text(zh, en)`` matches by the fields in __init__ order, as on the attrs class."""
        assert Span.__match_args__ == ("start", "end", "note", "secret")
        match Text("中", "mid"):
            case Text(zh, en):
                assert (zh, en) == ("中", "mid")

    def test_empty_is_immutable(self) -> None:
        with pytest.raises(TypeError):
            EMPTY["a"] = 1  # type: ignore[index]

    def test_a_wrong_declaration_is_refused(self) -> None:
        with pytest.raises(TypeError, match="exactly the fields"):

            class Bad(Record):
                __slots__ = ("a", "b")

                def __init__(self, a: int) -> None:
                    set_field(self, "a", a)

        with pytest.raises(TypeError, match="no fields"):

            class Unknown(Record, not_compared=("c",)):
                __slots__ = ("a",)

                def __init__(self, a: int) -> None:
                    set_field(self, "a", a)


class TestAttrsStillWorks:
    def test_attrs_functions_on_a_record(self) -> None:
        """Code written when these were attrs classes keeps working (docs/index.md uses it)."""
        assert attrs.has(Location)
        assert [f.name for f in attrs.fields(Span)] == ["start", "end", "note", "secret"]
        assert [f.eq for f in attrs.fields(Span)] == [True, True, False, True]
        assert attrs.fields(Span)[1].default == 0
        assert attrs.fields(Span)[0].default is attrs.NOTHING
        assert attrs.evolve(Location("a", 1, 2), line=5) == Location("a", 5, 2)
        assert attrs.asdict(Location("a", 1)) == {
            "file": "a",
            "line": 1,
            "column": 0,
            "sheet": None,
        }
        profile = WeightsProfile("p", "P", (), {"a": Decimal(1)})
        assert attrs.evolve(profile, decimals=0).decimals == 0
