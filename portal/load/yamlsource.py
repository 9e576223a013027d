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
"""How a ``Mark`` is kept: a plain tuple. Records hold half a million positions at 20,000
documents; pickled into the parse cache as ``Mark``s (a call into Python each) they took 0.71 s,
as plain tuples 0.33 s, and the cache loads in 0.20 s instead of 0.33 s."""


def _position(node: yaml.Node, line_offset: int) -> Position:
    start = node.start_mark
    return (start.line + 1 + line_offset, start.column + 1)


class YamlMap(dict):
    """A mapping with the position of each key and of each value (kept as ``Position``s)."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.key_positions: dict[Any, Position] = {}
        self.value_positions: dict[Any, Position] = {}

    @property
    def mark(self) -> Mark:
        return Mark(*self.position)

    def key_mark(self, key: Any) -> Mark:
        return Mark(*self.key_positions.get(key, self.position))

    def value_mark(self, key: Any) -> Mark:
        found = self.value_positions.get(key)
        return Mark(*found) if found is not None else self.key_mark(key)


class YamlList(list):
    """A sequence with the position of each item (kept as ``Position``s)."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.item_positions: list[Position] = []

    @property
    def mark(self) -> Mark:
        return Mark(*self.position)

    def item_mark(self, index: int) -> Mark:
        return Mark(*self.item_positions[index]) if index < len(self.item_positions) else self.mark


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
    result = YamlMap(_position(node, loader.line_offset))
    for key_node, value_node in node.value:
        key = loader._build(key_node)
        line, column = key_position = _position(key_node, loader.line_offset)
        try:
            hash(key)
        except TypeError:
            loader.problems.add(loader.path, line, column, "khóa không hợp lệ")
            continue
        if key in result:
            first = result.key_positions[key]
            loader.problems.add(loader.path, line, column, f"khóa '{key}' bị lặp (đã có ở dòng {first[0]})")
        result[key] = loader._build(value_node)
        result.key_positions[key] = key_position
        result.value_positions[key] = _position(value_node, loader.line_offset)
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(_position(node, loader.line_offset))
    for item in node.value:
        result.append(loader._build(item))
        result.item_positions.append(_position(item, loader.line_offset))
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
