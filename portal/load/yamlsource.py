"""YAML that remembers where every key and value stood, for ``path:line:column`` messages.

Dates stay strings here: the schema parses them, so an impossible date such as
``2024-02-30`` becomes a located problem instead of a loader exception.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

from portal.problems import Problems


class Mark(NamedTuple):
    """A 1-based position in a source file (a tuple: a record of 20 lines has 20 of them, and a
    frozen dataclass takes three times as long to make, and to pickle into the YAML cache)."""

    line: int
    column: int


def _mark(node: yaml.Node, line_offset: int) -> Mark:
    return Mark(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


class YamlMap(dict):
    """A mapping with the position of each key and of each value."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}

    def key_mark(self, key: Any) -> Mark:
        return self.key_marks.get(key, self.mark)

    def value_mark(self, key: Any) -> Mark:
        return self.value_marks.get(key, self.key_mark(key))


class YamlList(list):
    """A sequence with the position of each item."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []

    def item_mark(self, index: int) -> Mark:
        return self.item_marks[index] if index < len(self.item_marks) else self.mark


class TaggedScalar(str):
    """The text of a value under a tag this loader does not execute (``!ENV``, ``!!python/name``)."""

    tag: str = ""


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is ten times faster


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader building YamlMap/YamlList and reporting duplicate keys."""

    path: str = ""
    line_offset: int = 0
    problems: Problems


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    result = YamlMap(_mark(node, loader.line_offset))
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key_mark = _mark(key_node, loader.line_offset)
        try:
            hash(key)
        except TypeError:
            loader.problems.add(loader.path, key_mark.line, key_mark.column, "khóa không hợp lệ")
            continue
        if key in result:
            first = result.key_marks[key]
            loader.problems.add(
                loader.path,
                key_mark.line,
                key_mark.column,
                f"khóa '{key}' bị lặp (đã có ở dòng {first.line})",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_marks[key] = key_mark
        result.value_marks[key] = _mark(value_node, loader.line_offset)
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(_mark(node, loader.line_offset))
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_marks.append(_mark(item, loader.line_offset))
    return result


def _construct_tagged(loader: _Loader, tag_suffix: str, node: yaml.Node) -> TaggedScalar:
    text = node.value if isinstance(node, yaml.ScalarNode) else ""
    value = TaggedScalar(text)
    value.tag = node.tag
    return value


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
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
