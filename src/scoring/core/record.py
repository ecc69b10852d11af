"""Small immutable value classes that cost nothing to define at import.

The model, the rules and the scorecard are plain ``__slots__`` classes
with a hand-written ``__init__`` (a loaded YAML node is a tuple, made in C,
see ``scoring.files.located_yaml.Node``): attrs generated and
compiled each class's methods at every start (about 0.5 ms a class, ~30 ms
for the classes ``scoring score`` needs, plus ~20 ms importing attrs), where
a written method is compiled once and cached as bytecode. :class:`Record`
gives them what ``attrs.frozen`` gave: equality and hashing by their fields
(of the same class only), ``Class(field=value, ...)`` reprs, no assignment
after construction, copying and pickling; :func:`evolve` and :func:`fields`
stand for ``attrs.evolve`` and ``attrs.fields``.

A subclass lists its fields in ``__slots__``, takes each as an ``__init__``
parameter of the same name (their order is the fields' order: in the repr,
equality and :func:`fields`), sets each once there with :data:`set_field`,
and names the fields left out of equality and hashing (``not_compared``) or
of the repr (``not_shown``)::

    class Span(Record, not_compared=("note",)):
        __slots__ = ("start", "end", "note")
        start: int
        end: int
        note: str

        def __init__(self, start: int, end: int = 0, note: str = "") -> None:
            set_field(self, "start", start)
            set_field(self, "end", end)
            set_field(self, "note", note)
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from types import MappingProxyType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, TypeVar

    T = TypeVar("T")

EMPTY: Mapping[str, Any] = MappingProxyType({})
"""The default of a mapping field: empty, and immutable so that it can be shared."""

set_field = object.__setattr__
"""Sets a field of a record in its ``__init__`` (plain assignment is refused)."""


class _AttrsView:
    """``__attrs_attrs__``, made when first asked for: ``attrs.evolve``,
    ``attrs.fields`` and ``attrs.asdict`` work on a record as on the attrs
    class it was, for code written against them."""

    def __get__(self, inst: object, cls: type[Record]) -> tuple[Any, ...]:
        made: tuple[Any, ...] | None = cls.__dict__.get("_attrs_made")
        if made is None:
            import attrs  # noqa: PLC0415 (only code that asks imports attrs)

            compared = set(cls._key_fields)
            made = tuple(
                attrs.Attribute(  # type: ignore[call-arg]
                    name=field.name,
                    default=attrs.NOTHING if field.default is NO_DEFAULT else field.default,
                    validator=None,
                    repr=field.name in cls._shown,
                    cmp=None,
                    hash=None,
                    init=True,
                    inherited=False,
                    eq=field.name in compared,
                    order=False,
                    alias=field.name,
                )
                for field in fields(cls)
            )
            type.__setattr__(cls, "_attrs_made", made)
        return made


class Record:
    """Base of the immutable value classes: equality, hash, repr, no assignment."""

    __slots__ = ()
    __attrs_attrs__: ClassVar[Any] = _AttrsView()
    _key_fields: ClassVar[tuple[str, ...]] = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _key: ClassVar[operator.attrgetter[Any]] = operator.attrgetter("__class__")
    _shown: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(
        cls, *, not_compared: tuple[str, ...] = (), not_shown: tuple[str, ...] = ()
    ) -> None:
        super().__init_subclass__()
        # The fields in the order __init__ takes them (ruff sorts __slots__).
        init = cls.__dict__.get("__init__")
        fields = init.__code__.co_varnames[1 : init.__code__.co_argcount] if init else ()
        if set(fields) != set(cls.__dict__.get("__slots__", ())):
            raise TypeError(f"{cls.__name__}: __init__ must take exactly the fields in __slots__")
        unknown = set(not_compared + not_shown) - set(fields)
        if unknown:
            raise TypeError(f"{cls.__name__} has no fields {sorted(unknown)}")
        compared = tuple(f for f in fields if f not in not_compared)
        cls._fields = fields
        type.__setattr__(cls, "__match_args__", fields)  # case Class(a, b): as attrs made them
        cls._key_fields = compared
        cls._shown = tuple(f for f in fields if f not in not_shown)
        # The compared fields' values, got in C (a record with none compares
        # its class only, which __eq__ has checked already).
        cls._key = operator.attrgetter(*compared) if compared else operator.attrgetter("__class__")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self._key(self) == self._key(other))

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self._key(self) != self._key(other))

    def __hash__(self) -> int:
        return hash((self.__class__.__qualname__, self._key(self)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self.__class__.__name__} is immutable: use evolve() to change it")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self.__class__.__name__} is immutable")

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __setstate__(self, state: tuple[Any, ...] | Mapping[str, Any]) -> None:
        if isinstance(state, Mapping):
            # Pickled when it was an attrs class: its fields by name, built as
            # __init__ builds them (a field it lacks gets its default).
            type(self).__init__(self, **state)
            return
        for name, value in zip(self._fields, state, strict=True):
            set_field(self, name, value)


def evolve(inst: T, **changes: Any) -> T:
    """A copy of ``inst`` with ``changes`` made, built by its ``__init__`` (as ``attrs.evolve``).

    ``inst`` is a :class:`Record` or an attrs instance.
    """
    if not isinstance(inst, Record):
        import attrs  # noqa: PLC0415 (the classes attrs still builds are off the start-up path)

        evolved: T = attrs.evolve(inst, **changes)  # type: ignore[misc]
        return evolved
    cls = type(inst)
    values = {name: getattr(inst, name) for name in cls._fields}
    values.update(changes)
    return cls(**values)


class Field:
    """A record field's name and the default its ``__init__`` gives it (or :data:`NO_DEFAULT`)."""

    __slots__ = ("default", "name")

    def __init__(self, name: str, default: object) -> None:
        self.name = name
        self.default = default


NO_DEFAULT = object()


def fields(cls: type[Record]) -> tuple[Field, ...]:
    """The fields of ``cls`` in ``__init__`` order, with their defaults (as ``attrs.fields``)."""
    if not cls._fields:
        return ()
    defaults = cls.__init__.__defaults__ or ()
    first = len(cls._fields) - len(defaults)
    given = dict(zip(cls._fields[first:], defaults, strict=True))
    return tuple(Field(name, given.get(name, NO_DEFAULT)) for name in cls._fields)
