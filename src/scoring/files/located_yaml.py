"""Safe YAML reading that remembers where every value stood.

PyYAML's composer (safe, no Python tags) gives nodes with positions; this
module turns them into :class:`Node` trees itself, so that it can refuse what
PyYAML would silently accept: duplicate keys, YAML 1.1 booleans such as
``no``, octal ``010``, sexagesimal ``12:30``, NaN and infinities. Numbers
become :class:`~decimal.Decimal` read from their text, never via ``float``.
What aliases add (each ``*alias`` repeats its anchor's values) and nesting
are bounded, so a "billion laughs" document fails fast; the values written
out are bounded only by the file's size (10 MiB).
"""

from __future__ import annotations

import collections
import gc
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal

import yaml

from scoring.core.errors import InputError, Location, Named
from scoring.core.messages import msg
from scoring.core.numbers import NumberError, parse_number
from scoring.core.record import EMPTY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# libyaml's parser when PyYAML was built with it (about 4 times faster on large
# files); the nodes, tags and positions it gives are the same.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_BYTES = 10 * 1024 * 1024

_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# Hints for the syntax errors clerks meet most, by a fragment of PyYAML's message.
_SYNTAX_HINTS = (
    (
        "chomping or indentation indicators",
        msg('a value that starts with > or | must be quoted, e.g. target: ">= 95%"'),
    ),
    ("'\\t'", msg("indent with spaces; YAML does not allow tabs")),
    (
        "mapping values are not allowed here",
        msg("a value with ': ' in it must be quoted; or a key is indented too far"),
    ),
)
# PyYAML's words for the problems clerks meet most, in Chinese (by how they start).
_PROBLEMS_ZH = (
    ("mapping values are not allowed here", "这里不能出现“键: 值”"),
    ("could not find expected ':'", "找不到应有的冒号 ':'"),
    ("found character '\\t' that cannot start any token", "出现了制表符，YAML 不允许用它缩进"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合？）"),
    ("expected <block end>, but found", "缩进与上文不一致"),
    ("did not find expected key", "找不到应有的键（缩进与上文不一致？）"),
    ("did not find expected '-' indicator", "找不到应有的列表项 '-'（缩进与上文不一致？）"),
    ("found unexpected ':'", "出现了多余的冒号 ':'"),
    ("found undefined alias", "用到了未定义的别名（*）"),
    ("expected ',' or ']'", "缺少 ',' 或 ']'"),
    ("expected ',' or '}'", "缺少 ',' 或 '}'"),
)
# C0 controls but tab and line breaks, DEL, and C1 controls (compiled by re when
# text first has a character that is not printable: start-up time).
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
# Bidirectional embeddings, overrides and isolates: they make text show in
# another order than it is stored (a unit's name, or a reason, read backwards).
_BIDI = "[\u202a-\u202e\u2066-\u2069]"
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_MERGE = "tag:yaml.org,2002:merge"
# Resolves a plain scalar's tag from its text, as PyYAML's safe loaders do.
_RESOLVER: Any = yaml.resolver.Resolver()
_PLAIN_FLOAT = re.compile(r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")


class _Where(collections.namedtuple("_Where", "value mark file key_marks")):
    __slots__ = ()
    value: Any
    mark: Any  # a parser's mark (0-based line and column), or a Location made already
    file: str
    key_marks: Mapping[str, Any]  # marks, or Locations with a Location


_new_node = tuple.__new__


class Node(_Where):
    """A YAML value and where it stands.

    ``value`` is a ``dict[str, Node]``, a ``list[Node]``, or a scalar: ``str``,
    :class:`~decimal.Decimal`, ``bool`` or ``None``. ``location`` is where it
    starts, ``key_locations`` where each key of a mapping stands.

    A file's nodes keep the parser's marks (0-based line and column) and make a
    :class:`Location` only when asked for one, mostly for a message: one
    object fewer for every value and key of a large file. ``Node(value,
    location, key_locations)`` gives a node at a :class:`Location` already
    made. Equal when the values and locations are (the keys' locations aside).
    """

    __slots__ = ()

    def __new__(
        cls,
        value: Any,
        location: Location,
        key_locations: Mapping[str, Location] = EMPTY,
    ) -> Node:
        node: Node = _new_node(cls, (value, location, location.file, key_locations))
        return node

    @property
    def location(self) -> Location:
        """Where the value starts."""
        mark = self.mark
        if mark.__class__ is Location:
            located: Location = mark
            return located
        return Location(self.file, mark.line + 1, mark.column + 1)

    @property
    def key_locations(self) -> Mapping[str, Location]:
        """For a mapping, where each key stands (each :class:`Location` made when read)."""
        if self.mark.__class__ is Location:
            return self.key_marks
        return _KeyLocations(self.file, self.key_marks)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Node:
            return NotImplemented
        assert isinstance(other, Node)
        return bool(self.value == other.value and self.location == other.location)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(("Node", self.value, self.location))

    def __repr__(self) -> str:
        return (
            f"Node(value={self.value!r}, location={self.location!r},"
            f" key_locations={dict(self.key_locations)!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (Node, (self.value, self.location, dict(self.key_locations)))

    def keyed(self, key: str) -> Node:
        """A mapping of ``key`` to this node, standing where the node stands."""
        return _new_node(Node, ({key: self}, self.mark, self.file, {key: self.mark}))

    def plain(self) -> Any:
        """The value with every :class:`Node` unwrapped (for hashing and schemas)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


class _KeyLocations(Mapping[str, Location]):
    """A mapping's keys' locations, each made from its mark when read."""

    __slots__ = ("_file", "_marks")

    def __init__(self, file: str, marks: Mapping[str, Any]) -> None:
        self._file = file
        self._marks = marks

    def __getitem__(self, key: str) -> Location:
        return _loc(self._file, self._marks[key])

    def __contains__(self, key: object) -> bool:
        return key in self._marks

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)


def load(text: str, file: str) -> Node:
    """Parse one YAML document into a :class:`Node` tree.

    Raises:
        InputError: on a syntax error or any value this project refuses,
            located at its line and column.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(
            msg("file is larger than {value} MiB", value=MAX_BYTES // (1024 * 1024)),
            location=Location(file),
            hint=msg("split it into several files"),
        )
    with paused_gc():
        return _load(text, file)


class paused_gc:  # lower case: used as a function, as contextlib's are
    """Python's cyclic garbage collector paused while a file is read into objects.

    What is read holds no reference cycles, and the collector, run again and
    again over the ever larger heap of new objects, makes reading a file grow
    faster than the file (10,000 indicators took twice as long with it).
    Memory is freed by reference counting as before. When reading ends, one
    collection of the young generations moves what was read, long-lived, to
    the oldest at once: left alone, the collector would go over all of it in
    each young generation in turn (10,000 indicators and their weights: ~0.07
    s of collections, ~0.025 s with this one).

    A class rather than a generator under ``contextlib.contextmanager``: contextlib
    is not imported for ``scoring score`` (start-up time).
    """

    def __enter__(self) -> None:
        self._collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._collecting:
            gc.enable()
            gc.collect(1)


def _load(text: str, file: str) -> Node:
    try:
        try:
            root = _compose(text, file, _FAST_LOADER)
        except yaml.YAMLError:
            # Report errors exactly as the pure-Python parser words and places them.
            root = _compose(text, file, yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise InputError(
            msg("character {code} is not allowed in a YAML file", code=f"U+{exc.character:04X}")
            if isinstance(exc.character, int)
            else msg("the file has a character that is not allowed in YAML"),
            location=Location(file, line, column),
            hint=msg("remove it; it is often invisible, so retype the line"),
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = _loc(file, mark) if mark else Location(file)
        odd = odd_character(text, location.line)
        if odd is not None:
            line, column, char = odd
            found = _ODD[char]
            hint = _ODD_HINTS[char]
            if char == "\uff1a":
                written = text.split("\n")[line - 1].strip().replace("\uff1a", ": ", 1)
                hint = msg("{hint}: write {written!r}", hint=hint, written=written)
            raise InputError(
                msg("YAML syntax error: line {line} has {found}", line=line, found=found),
                location=Location(file, line, column),
                hint=hint,
            ) from None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = next(
            (h for fragment, h in _SYNTAX_HINTS if fragment in problem),
            msg("check indentation, colons and quotes on this line and the one above"),
        )
        said = next((zh for start, zh in _PROBLEMS_ZH if problem.startswith(start)), problem)
        raise InputError(
            msg("YAML syntax error: {problem}", problem=Named(said, problem)),
            location=location,
            hint=hint,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(
            msg("YAML error: {join}", join=" ".join(str(exc).split())), location=Location(file)
        ) from None
    if root is None:
        raise InputError(
            msg("file is empty"),
            location=Location(file, 1, 1),
            hint=msg("write the document's keys"),
        )
    return root


# Characters a Chinese input method or text pasted from Word puts where YAML
# needs plain ASCII: a full-width colon after a key, a no-break or an
# ideographic space where YAML needs a space.
_ODD = {
    "\uff1a": msg("a full-width colon (：, U+FF1A)"),
    "\u00a0": msg("a no-break space (U+00A0)"),
    "\u3000": msg("an ideographic space (U+3000)"),
}
_ODD_HINTS = {
    "\uff1a": msg("after a key, YAML needs an ASCII colon and a space"),
    "\u00a0": msg("retype it as an ordinary space: text pasted from Word or a web page brings it"),
    "\u3000": msg("retype it as an ordinary space (switch the input method to half-width)"),
}


def odd_character(text: str, line: int) -> tuple[int, int, str] | None:
    """A full-width colon after a key, or an odd space, on ``line`` or the lines above it.

    YAML reports such a slip a line or two later, where the parse fails; the
    character itself is named at its own line and column. Returns (line,
    column, the character), or None.
    """
    lines = text.split("\n")
    for number in range(min(line, len(lines)), max(0, line - 3), -1):
        content = lines[number - 1]
        colon = content.find("\uff1a")
        # A key before it: no ASCII colon yet on the line (text after 'key:' may hold ：).
        if colon >= 0 and ":" not in content[:colon] and content[:colon].strip(" -\t"):
            return number, colon + 1, "\uff1a"
        for char in ("\u00a0", "\u3000"):
            at = content.find(char)
            if at >= 0:
                return number, at + 1, char
    return None


class _Composed(Exception):
    """The document uses anchors, aliases or several documents: compose it the long way."""


def _compose(text: str, file: str, loader: type[yaml.SafeLoader]) -> Node | None:
    """The document's :class:`Node` tree, or None for an empty stream.

    A document without anchors or aliases (every indicator, weights and facts
    file in practice) is built in one pass over the parser's events, with the
    checks of :func:`_bound` made on the way. One that has them is bounded
    first and then composed by PyYAML and converted (:class:`_Converter`),
    whose alias semantics this pass does not repeat. Either way the errors
    are the same and come in the same order: the parser's and the bounds' as
    the events come, then the first refused value.
    """
    try:
        return _one_pass(text, file, loader)
    except _Composed:
        _bound(text, file, loader)
        root = yaml.compose(text, Loader=loader)
        return None if root is None else _Converter(file).convert(root, 0)


def _one_pass(text: str, file: str, loader: type[yaml.SafeLoader]) -> Node | None:
    # Raises the first refused value (a _Converter check) only once the whole
    # stream has parsed and stayed within bounds, as the two-pass path does.
    # The loop is the loader's hot path (one turn per value and key): the
    # parser is driven directly, the open collection and its pending key are
    # kept in locals, each node keeps its event's mark (a Location is made
    # only when asked for), a collection's node is made when it opens and
    # filled as its values come, and a plain scalar's value, which depends on
    # its text alone, is worked out once per text (the same words and numbers
    # recur in every indicator). The control-character check runs only on
    # text that str.isprintable() does not clear (every control character is
    # unprintable).
    resolve = _RESOLVER.resolve
    plain_values: dict[str, Any] = {}
    missing = _MISSING
    new_node = _new_node
    node_type = Node
    empty = EMPTY
    scalar_event = yaml.ScalarEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    scalar_node = yaml.ScalarNode
    stack: list[tuple[Any, Any]] = []  # the enclosing collections' (values, keys)
    values: Any = None  # the open collection's dict or list; None outside any
    keys: dict[str, Any] | None = None  # its keys' marks when it is a mapping
    key: str | None = None  # in a mapping, the key whose value comes next
    root: Node | None = None
    refused: InputError | None = None
    documents = 0
    parser: Any = loader(text)
    try:
        # Each event in turn; get_event gives None once the stream has ended.
        for event in iter(parser.get_event, None):
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None:
                    raise _Composed
                if refused is not None:
                    continue
                value = event.value
                mark = event.start_mark
                if keys is not None and key is None:
                    # A key: refused if it is a merge key ('<<' plain and
                    # untagged is the resolver's only merge form), holds a
                    # control character or comes again.
                    tag = event.tag
                    if tag == _MERGE or (value == "<<" and tag is None and not event.style):
                        refused = _merge_error(_loc(file, mark))
                    elif not value.isprintable() and (
                        bad := control_error(value, _loc(file, mark))
                    ):
                        refused = bad
                    elif value in keys:
                        refused = _duplicate_key(value, keys[value], _loc(file, mark))
                    else:
                        key = value
                        keys[value] = mark
                    continue
                tag = event.tag
                style = event.style
                if tag is None and not style:
                    # Plain (style '' from libyaml, None from PyYAML) and
                    # untagged: the value depends on the text alone.
                    scalar = plain_values.get(value, missing)
                    if scalar is missing:
                        try:
                            scalar = _scalar(
                                value,
                                resolve(scalar_node, value, (True, False)),
                                style,
                                file,
                                mark,
                            )
                        except InputError as exc:
                            refused = exc
                            continue
                        plain_values[value] = scalar
                elif tag is None and value.isprintable():
                    scalar = value  # quoted or a block: text as written
                else:
                    if tag is None or tag == "!":
                        if style in ("'", '"'):
                            tag = "tag:yaml.org,2002:str"  # what the resolver gives
                        else:
                            tag = resolve(scalar_node, value, event.implicit)
                    try:
                        scalar = _scalar(value, tag, style, file, mark)
                    except InputError as exc:
                        refused = exc
                        continue
                node = new_node(node_type, (scalar, mark, file, empty))
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None:
                    raise _Composed
                mark = event.start_mark
                if len(stack) + 1 > MAX_DEPTH:
                    raise InputError(
                        msg(
                            "document is nested more than {MAX_DEPTH} levels deep",
                            MAX_DEPTH=MAX_DEPTH,
                        ),
                        location=_loc(file, mark),
                        hint=msg("flatten the structure"),
                    )
                is_map = kind is mapping_start
                if refused is None:
                    tag = event.tag
                    if tag is None or tag == "!":
                        tag = _PLAIN_TAGS[0] if is_map else _PLAIN_TAGS[1]
                    if keys is not None and key is None:
                        if tag == _MERGE:
                            refused = _merge_error(_loc(file, mark))
                        else:
                            refused = InputError(
                                msg("a key must be plain text"),
                                location=_loc(file, mark),
                                hint=msg("quote the key"),
                            )
                    elif tag not in _PLAIN_TAGS:
                        refused = InputError(
                            msg("YAML tag {tag!r} is not allowed", tag=tag),
                            location=_loc(file, mark),
                            hint=msg("remove the '!' tag"),
                        )
                if is_map:
                    inner: Any = {}
                    inner_keys: dict[str, Any] | None = {}
                    node = new_node(node_type, (inner, mark, file, inner_keys))
                else:
                    inner = []
                    inner_keys = None
                    node = new_node(node_type, (inner, mark, file, empty))
                if refused is None:
                    if values is None:
                        root = node
                    elif keys is None:
                        values.append(node)
                    else:
                        values[key] = node
                stack.append((values, keys))
                values, keys, key = inner, inner_keys, None
                continue
            elif kind is mapping_end or kind is sequence_end:
                values, keys = stack.pop()
                key = None
                continue
            elif kind is yaml.AliasEvent:
                raise _Composed
            else:
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _Composed
                continue
            # A scalar value: it goes into the open collection, or is the root.
            if values is None:
                root = node
            elif keys is None:
                values.append(node)
            else:
                values[key] = node
                key = None
    finally:
        parser.dispose()
    if refused is not None:
        raise refused
    return root


_MISSING = object()


def _merge_error(location: Location) -> InputError:
    return InputError(
        msg("merge keys ('<<') are not supported"),
        location=location,
        hint=msg("write the keys out in full"),
    )


def _duplicate_key(key: str, first: Any, location: Location) -> InputError:
    """``first`` is the mark of the key's first occurrence (0-based line)."""
    return InputError(
        msg("duplicate key {key!r} (first at line {line})", key=key, line=first.line + 1),
        location=location,
        hint=msg("YAML keeps only the last one: remove or rename one of them"),
    )


def _bound(text: str, file: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> None:
    """Refuse a document too deep or too large once aliases are expanded.

    Runs on the parser's events, which PyYAML produces without recursion, so
    that neither a deep document nor a "billion laughs" gets to the composer.
    """
    total = own = 0  # values once aliases are expanded, and those written out
    sizes: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            total += sizes.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            own += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            total += 1
            own += 1
            open_nodes.append((event.anchor, total - 1))
            if len(open_nodes) > MAX_DEPTH:
                raise InputError(
                    msg(
                        "document is nested more than {MAX_DEPTH} levels deep", MAX_DEPTH=MAX_DEPTH
                    ),
                    location=_loc(file, event.start_mark),
                    hint=msg("flatten the structure"),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before = open_nodes.pop()
            if anchor:
                sizes[anchor] = total - before
        if total - own > MAX_NODES:
            raise InputError(
                msg("the document's aliases add more than {MAX_NODES} values", MAX_NODES=MAX_NODES),
                location=_loc(file, event.start_mark),
                hint=msg("remove the anchors (&) and aliases (*) that repeat large parts"),
            )


def _loc(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


class _Converter:
    def __init__(self, file: str) -> None:
        self.file = file

    def convert(self, node: yaml.Node, depth: int) -> Node:
        mark = node.start_mark
        if depth > MAX_DEPTH:
            raise InputError(
                msg("document is nested more than {MAX_DEPTH} levels deep", MAX_DEPTH=MAX_DEPTH),
                location=_loc(self.file, mark),
                hint=msg("flatten the structure"),
            )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            raise InputError(
                msg("YAML tag {tag!r} is not allowed", tag=node.tag),
                location=_loc(self.file, mark),
                hint=msg("remove the '!' tag"),
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(item, depth + 1) for item in node.value]
            return _new_node(Node, (items, mark, self.file, EMPTY))
        assert isinstance(node, yaml.ScalarNode)
        value = _scalar(node.value, node.tag, node.style, self.file, mark)
        return _new_node(Node, (value, mark, self.file, EMPTY))

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Node:
        values: dict[str, Node] = {}
        keys: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            if key_node.tag == _MERGE:
                raise _merge_error(_loc(self.file, key_mark))
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    msg("a key must be plain text"),
                    location=_loc(self.file, key_mark),
                    hint=msg("quote the key"),
                )
            key = str(key_node.value)
            _no_control(key, self.file, key_mark)
            if key in values:
                raise _duplicate_key(key, keys[key], _loc(self.file, key_mark))
            keys[key] = key_mark
            values[key] = self.convert(value_node, depth + 1)
        return _new_node(Node, (values, node.start_mark, self.file, keys))


_STR = "tag:yaml.org,2002:str"


def _scalar(text: str, tag: str, style: str | None, file: str, mark: Any) -> Any:
    """A scalar's value by its resolved tag; refuses what YAML 1.1 would misread.

    ``mark`` is where it starts, made a :class:`Location` in ``file`` for an error.
    """
    if not text.isprintable():  # every control character is unprintable
        _no_control(text, file, mark)
    if style in ("'", '"', "|", ">"):
        return text
    if tag == _STR:
        if text[:1] in "+-.0123456789" and _PLAIN_FLOAT.match(text):
            # YAML 1.1 reads 1e3 as text; a person writing it means a number.
            return _decimal(text, file, mark)
        return text
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return _decimal(text, file, mark)
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InputError(
            msg("{text!r} would be read as a yes/no value", text=text),
            location=_loc(file, mark),
            hint=msg('write true or false for yes/no, or quote it ("{text}") for text', text=text),
        )
    if tag == "tag:yaml.org,2002:timestamp":
        return text
    raise InputError(
        msg("YAML tag {tag!r} is not allowed", tag=tag),
        location=_loc(file, mark),
        hint=msg("remove the '!' tag"),
    )


def _decimal(text: str, file: str, mark: Any) -> Decimal:
    try:
        return parse_number(text)
    except NumberError as exc:
        raise InputError(exc.said, location=_loc(file, mark), hint=exc.said_hint) from None


def control_error(text: str, location: Location) -> InputError | None:
    """The error for a control character in ``text``, or ``None``.

    A terminal would act on one (an escape sequence recolours or rewrites the
    screen) and a spreadsheet cannot hold it; tabs and line breaks are text.
    Bidirectional controls (U+202A-U+202E, U+2066-U+2069) are refused too.
    """
    found = re.search(_CONTROL, text)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    if re.match(_BIDI, found.group()):
        return InputError(
            msg("a bidirectional control character ({code}) in {text!r}", code=code, text=text),
            location=location,
            hint=msg("remove it: it makes the text show in another order than it is written"),
        )
    return InputError(
        msg("a control character ({code}) in {text!r}", code=code, text=text),
        location=location,
        hint=msg("remove it: it cannot be printed or saved in a spreadsheet"),
    )


def _no_control(text: str, file: str, mark: Any) -> None:
    """Refuse a control character (in YAML only a quoted escape such as "\\x1b" writes one)."""
    if re.search(_CONTROL, text) is not None:
        error = control_error(text, _loc(file, mark))
        assert error is not None
        raise error
