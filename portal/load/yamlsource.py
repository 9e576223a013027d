"""YAML that remembers where every key and value stood, for ``path:line:column`` messages.

Dates stay strings here: the schema parses them, so an impossible date such as
``2024-02-30`` becomes a located problem instead of a loader exception.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

from portal.problems import Problems


class Mark(NamedTuple):
    """A 1-based position in a source file."""

    line: int
    column: int


Position = tuple[int, int]
"""Where a map or a list starts, kept as a plain tuple."""


def _position(node: yaml.Node, line_offset: int) -> Position:
    start = node.start_mark
    return (start.line + 1 + line_offset, start.column + 1)


class YamlMap(dict):
    """A mapping with the position of each key and of each value.

    Positions are one flat list of numbers, four per key in the order of the keys (key line and
    column, value line and column), made into ``Mark``s only when asked for. At 20,000 documents,
    two dicts of tuples per mapping took 0.34 s instead of 0.19 s to pickle into the parse cache
    and 0.20 s instead of 0.14 s to load from it.
    """

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.positions: list[int] = []

    @property
    def mark(self) -> Mark:
        return Mark(*self.position)

    def _at(self, key: Any, offset: int) -> Mark | None:
        if key not in self:
            return None
        start = 4 * list(self).index(key) + offset
        found = self.positions[start : start + 2]
        return Mark(*found) if len(found) == 2 else None

    def key_mark(self, key: Any) -> Mark:
        return self._at(key, 0) or self.mark

    def value_mark(self, key: Any) -> Mark:
        return self._at(key, 2) or self.key_mark(key)

    def value_marks(self) -> dict[Any, Mark]:
        """Every value's ``Mark`` by key, at once: what validating each field of a record asks for."""
        numbers = self.positions
        return dict(zip(self, map(Mark._make, zip(numbers[2::4], numbers[3::4], strict=False)), strict=False))


class YamlList(list):
    """A sequence with the position of each item: two numbers per item, as in ``YamlMap``."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.positions: list[int] = []

    @property
    def mark(self) -> Mark:
        return Mark(*self.position)

    def item_mark(self, index: int) -> Mark:
        found = self.positions[2 * index : 2 * index + 2]
        return Mark(*found) if index >= 0 and len(found) == 2 else self.mark


class TaggedScalar(str):
    """The text of a value under a tag this loader does not execute (``!ENV``, ``!!python/name``)."""

    tag: str = ""


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is ten times faster


_TEXT = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
"""Tags whose value is the scalar's text (dates stay strings, see the module's notes)."""
_PLAIN_TAGS: dict[str, str] = {}
"""The implicit tag of short plain scalars (keys, dates, names of types): a corpus repeats them."""


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader building YamlMap/YamlList and reporting duplicate keys.

    Plain strings, maps and sequences are built by ``_build`` without PyYAML's generic
    constructor, whose bookkeeping per node was most of the time of loading 20,000 records;
    every other node (numbers, booleans, tags) still goes through it.
    """

    path: str = ""
    line_offset: int = 0
    problems: Problems

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= 40:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _PLAIN_TAGS[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        self._built: dict[int, Any] = {}
        self._building: set[int] = set()
        return self._build(node)

    def _build(self, node: yaml.Node) -> Any:
        """The value of ``node``; an alias is the same object, a recursive one an error as in PyYAML."""
        if node.__class__ is yaml.ScalarNode and node.tag in _TEXT:
            return node.value
        key = id(node)
        if key in self._built:
            return self._built[key]
        if key in self._building:
            raise yaml.constructor.ConstructorError(None, None, "found unconstructable recursive node", node.start_mark)
        construct = _CONTAINERS.get((node.__class__, node.tag))
        if construct is None:
            return self.construct_object(node, deep=True)
        self._building.add(key)
        result = construct(self, node)
        self._building.discard(key)
        self._built[key] = result
        return result


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    offset = loader.line_offset + 1
    result = YamlMap(_position(node, loader.line_offset))
    positions = result.positions
    for key_node, value_node in node.value:
        key = loader._build(key_node)
        start, value_start = key_node.start_mark, value_node.start_mark
        line, column = start.line + offset, start.column + 1
        try:
            hash(key)
        except TypeError:
            loader.problems.add(loader.path, line, column, "khóa không hợp lệ")
            continue
        here = (line, column, value_start.line + offset, value_start.column + 1)
        if key in result:
            first = 4 * list(result).index(key)
            loader.problems.add(loader.path, line, column, f"khóa '{key}' bị lặp (đã có ở dòng {positions[first]})")
            positions[first : first + 4] = here  # the value kept is the last one, as its position
        else:
            positions.extend(here)
        result[key] = loader._build(value_node)
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    offset = loader.line_offset + 1
    result = YamlList(_position(node, loader.line_offset))
    positions = result.positions
    for item in node.value:
        result.append(loader._build(item))
        start = item.start_mark
        positions += (start.line + offset, start.column + 1)
    return result


def _construct_tagged(loader: _Loader, tag_suffix: str, node: yaml.Node) -> TaggedScalar:
    text = node.value if isinstance(node, yaml.ScalarNode) else ""
    value = TaggedScalar(text)
    value.tag = node.tag
    return value


_CONTAINERS = {
    (yaml.MappingNode, "tag:yaml.org,2002:map"): _construct_map,
    (yaml.SequenceNode, "tag:yaml.org,2002:seq"): _construct_seq,
}
"""The constructors ``_Loader._build`` calls itself; PyYAML's calls them for nodes it builds."""
for (_, _tag), _construct in _CONTAINERS.items():
    _Loader.add_constructor(_tag, _construct)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> Any:
    """Parse one YAML document; syntax errors become problems and the result is None."""
    loader = _Loader(text)
    loader.path = path
    loader.line_offset = line_offset
    loader.problems = problems
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1
        column = (mark.column + 1) if mark else 1
        problems.add(path, line, column, f"lỗi cú pháp YAML: {error.problem or error}")
    except yaml.YAMLError as error:
        problems.add(path, 1 + line_offset, 1, f"lỗi cú pháp YAML: {error}")
    finally:
        loader.dispose()
    return None
