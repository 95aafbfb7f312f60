"""Load YAML files so that every value keeps the line it came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problems


class LDict(dict):
    """A mapping from a YAML file; ``line`` is where it starts, ``key_lines`` where each key is."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    """A sequence from a YAML file; ``line`` is where it starts, ``item_lines`` per item."""

    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    """SafeLoader that records line numbers on mappings and sequences."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    result = LDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml_text(text: str, path: Path, problems: Problems, first_line: int = 1) -> Any:
    """Parse YAML text; on a syntax error record ``path:line: message`` and return None."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        # The context mark points at the construct that is broken (the unclosed quote or
        # bracket); the problem mark at where the parser gave up, often lines later.
        mark = exc.context_mark or exc.problem_mark
        line = (mark.line + first_line) if mark is not None else None
        what = "; ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        problems.add(path, line, f"malformed YAML: {what}")
    except yaml.YAMLError as exc:
        problems.add(path, None, f"malformed YAML: {exc}")
    return None


def load_yaml(path: Path, problems: Problems, source=None) -> Any:
    """Read and parse one YAML file, recording problems instead of raising."""
    try:
        text = source.read_text(path) if source is not None else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(path, None, f"cannot read file: {exc}")
        return None
    return load_yaml_text(text, path, problems)
