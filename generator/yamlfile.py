"""Load YAML files so that every value keeps the line it came from.

Also the one place where every data file (YAML or Markdown) is read as text, so that every kind
of file refuses the same odd input in the same words: bytes that are not UTF-8, a byte-order
mark, control characters, an empty file. YAML is restricted to plain data: no anchors or
aliases (nothing is expanded), no tags, text keys only, one document, real dates.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import Problems, shown
from .source import refusal
from .i18n import N_, _

MAX_DEPTH = 50
"""Deeper nesting than this is refused (no data file needs more than a few levels)."""

CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""Characters refused in text: C0 and C1 controls except tab and newline, DEL, and lone
surrogates (only possible through a "\\ud800" escape)."""

_TAG = "tag:yaml.org,2002:"
STR_TAG, TIMESTAMP_TAG, MERGE_TAG = _TAG + "str", _TAG + "timestamp", _TAG + "merge"
_KINDS = {_TAG + "int": N_("a number"), _TAG + "float": N_("a number"),
          _TAG + "bool": N_("a yes/no value"), _TAG + "null": "null", TIMESTAMP_TAG: N_("a date")}


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


def control_character(text: str) -> str | None:
    """"control character U+0007" for the first refused character in ``text``, or None."""
    match = CONTROL_RE.search(text)
    if match is None:
        return None
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return _("invalid character U+{code:04X}").format(code=code)
    return _("control character U+{code:04X}").format(code=code)


# --------------------------------------------------------------------------- reading files


def read_data_file(path: Path, problems: Problems, source=None) -> str | None:
    """The text of one data file, with CRLF line ends made LF; None (and a problem) when it
    cannot be read, is not UTF-8, starts with a byte-order mark or holds control characters."""
    try:
        # A file named on the command line: a named pipe or a device would block or never end.
        if source is None and not stat.S_ISREG(mode := Path(path).stat().st_mode):
            problems.add(path, None, refusal(mode))
            return None
        # Bytes, not path.read_text(): that would turn a lone CR into a line break unseen.
        text = Path(path).read_bytes().decode("utf-8") if source is None else source.read_text(path)
    except UnicodeDecodeError as exc:
        data = exc.object if isinstance(exc.object, bytes) else b""
        line = data[:exc.start].count(b"\n") + 1
        byte = data[exc.start:exc.start + 1]
        problems.add(path, line, _("not valid UTF-8 (byte 0x{byte}): save the file as UTF-8").format(
            byte=byte.hex() or "??"))
        return None
    except OSError as exc:
        problems.add(path, None, _("cannot read file: {reason}").format(reason=exc.strerror or exc))
        return None
    if text.startswith("\ufeff"):
        problems.add(path, 1, _("the file starts with a byte-order mark (U+FEFF): save it as "
                                "UTF-8 without BOM"))
        return None
    text = text.replace("\r\n", "\n")
    found = False
    for number, line in enumerate(text.split("\n"), 1):
        what = (_("control character U+000D (a carriage return without a line feed)")
                if "\r" in line else control_character(line))
        if what is not None:
            problems.add(path, number, what)
            found = True
    return None if found else text


# --------------------------------------------------------------------------- YAML


class _Refused(Exception):
    """Input refused while composing; nothing after it is read."""

    def __init__(self, mark, message: str):
        super().__init__(message)
        self.mark, self.message = mark, message


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and tags as it composes, before anything is
    built or expanded, and records line numbers on mappings and sequences."""

    def __init__(self, stream):
        super().__init__(stream)
        self.refused: list[tuple[Any, str]] = []
        """(mark, message) for input that is refused but lets reading go on (tags)."""
        self.depth = 0

    def get_single_node(self):
        self.get_event()  # stream start
        document = None
        if not self.check_event(yaml.StreamEndEvent):
            document = self.compose_document()
        if not self.check_event(yaml.StreamEndEvent):
            event = self.get_event()
            raise _Refused(event.start_mark, _("a second YAML document ('---'): a file holds "
                                               "one document"))
        self.get_event()
        return document

    def compose_node(self, parent, index):
        event = self.peek_event()
        if event.anchor is not None:  # an alias (*name) or a node with an anchor (&name)
            sign = "*" if isinstance(event, AliasEvent) else "&"
            raise _Refused(event.start_mark, _("anchors and aliases are not allowed ({anchor}): "
                                               "write the value out").format(
                anchor=sign + event.anchor[:40]))
        if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.tag:
            tag = event.tag.replace(_TAG, "!!", 1) if event.tag.startswith(_TAG) else event.tag
            self.refused.append((event.start_mark, _("tags are not allowed ({tag}): write the "
                                                     "plain value").format(tag=tag[:40])))
            event.tag = None
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark, _("nested more than {depth} levels deep").format(
                    depth=MAX_DEPTH))
            node = super().compose_node(parent, index)
            self.depth -= 1
            return node
        return super().compose_node(parent, index)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError):
            raise _Refused(node.start_mark, _("cannot read the value {value}").format(
                value=_raw(node.value))) from None


def _construct_mapping(loader: _Loader, node: MappingNode) -> LDict:
    result = LDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise _Refused(key_node.start_mark, _("duplicate key {key}").format(key=shown(key)))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# A lone "=" is YAML 1.1's "value" key, which SafeLoader cannot build: it is text here.
_Loader.add_constructor(_TAG + "value", yaml.constructor.SafeConstructor.construct_yaml_str)


def _raw(text: str) -> str:
    """A scalar as written in the file (it has no control characters), cut like ``shown``."""
    return text if len(text) <= 40 else text[:39] + "…"


def _node_kind(node) -> str:
    if isinstance(node, MappingNode):
        return _("a mapping")
    if isinstance(node, SequenceNode):
        return _("a list")
    kind = _(_KINDS[node.tag]) if node.tag in _KINDS else _("a value")
    return f"{kind}: {_raw(node.value)}"


def _check_node(loader: _Loader, node, where: str | None, found: list) -> None:
    """Record keys that are not text, control characters in text and dates that do not exist
    (``where``: the key the node is under, shown; None for the document)."""
    if isinstance(node, ScalarNode):
        what = control_character(node.value) if node.tag == STR_TAG else None
        if what is not None:
            found.append((node.start_mark, _("{what} in {key}").format(what=what, key=where)
                          if where else _("{what} in the document").format(what=what)))
        elif node.tag == TIMESTAMP_TAG:
            try:  # a date that does not exist ("2026-02-30") raises, as dates.parse_date refuses it
                yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
            except (ValueError, OverflowError):
                found.append((node.start_mark, _("{where}: no such date: {value}").format(
                    where=where or _("the document"), value=_raw(node.value))))
    elif isinstance(node, SequenceNode):
        for child in node.value:
            _check_node(loader, child, where, found)
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag == STR_TAG:
                what = control_character(key_node.value)
                if what is not None:
                    found.append((key_node.start_mark, _("{what} in the key {key}").format(
                        what=what, key=shown(key_node.value))))
                    continue
                _check_node(loader, value_node, shown(key_node.value), found)
            elif isinstance(key_node, ScalarNode) and key_node.tag == MERGE_TAG:
                found.append((key_node.start_mark, _("merge keys ('<<') are not allowed: "
                                                     "write the fields out")))
            elif isinstance(key_node, ScalarNode):
                found.append((key_node.start_mark, _("keys must be text, not {kind}; put the key "
                                                     "in quotes if it is meant as text").format(
                    kind=_node_kind(key_node))))
            else:
                found.append((key_node.start_mark, _("keys must be text, not {kind}").format(
                    kind=_node_kind(key_node))))


def load_yaml_text(text: str, path: Path, problems: Problems, first_line: int = 1,
                   empty: str | None = "") -> Any:
    """Parse YAML text; on any problem record ``path:line: message`` and return None.

    ``first_line`` is the file's line number of the text's first line (front matter: 2).
    An empty document (nothing, or only comments) is recorded as ``empty`` (a translated
    message; "" for "is empty"; no line number) unless ``empty`` is None; None is returned
    either way.
    """
    if empty == "":
        empty = _("is empty")
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")):
        if empty is not None:  # also when a tab is all there is, which YAML would refuse
            problems.add(path, None if first_line == 1 else first_line - 1, empty)
        return None
    loader = _Loader(text)
    found: list[tuple[Any, str]] = []
    try:
        node = loader.get_single_node()
        found = loader.refused
        if node is None or (isinstance(node, ScalarNode) and node.tag == _TAG + "null"):
            if not found and empty is not None:
                problems.add(path, None if first_line == 1 else first_line - 1, empty)
        else:
            _check_node(loader, node, None, found)
            if not found:
                return loader.construct_document(node)
    except _Refused as exc:
        found.append((exc.mark, exc.message))
    except yaml.MarkedYAMLError as exc:
        # The context mark points at the construct that is broken (the unclosed quote or
        # bracket); the problem mark at where the parser gave up, often lines later.
        mark = exc.context_mark or exc.problem_mark
        what = "; ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        found.append((mark, _("malformed YAML: {detail}").format(detail=what)))
    except yaml.YAMLError as exc:
        found.append((None, _("malformed YAML: {detail}").format(detail=str(exc).splitlines()[0])))
    except RecursionError:
        found.append((None, _("nested too deeply")))
    finally:
        loader.dispose()
    for mark, message in found:
        problems.add(path, (mark.line + first_line) if mark is not None else None, message)
    return None


def load_yaml(path: Path, problems: Problems, source=None) -> Any:
    """Read and parse one YAML file, recording problems instead of raising.

    None means a problem was recorded: the file could not be read, is empty, or is not
    plain YAML data (see load_yaml_text).
    """
    text = read_data_file(path, problems, source)
    if text is None:
        return None
    return load_yaml_text(text, path, problems)


# --------------------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes every value out (no anchors or aliases, which the loader refuses)
    and indents lists under their key, as the hand-written data files do."""

    def ignore_aliases(self, data) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _comment(text: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in text.split("\n"))


def dump_data(data: dict, header: str, notes: dict[str, str] | None = None) -> str:
    """``data`` as a YAML data file that ``load_yaml`` reads back to the same values.

    ``header`` is written first as a comment, one ``#`` line per line; ``notes`` holds a comment
    to write above a top-level key. Keys keep their order; text is quoted only where YAML would
    read it as something else (a number, a date, yes/no); long text is not wrapped.
    """
    parts = [_comment(header)]
    for key, value in data.items():
        if notes and key in notes:
            parts.append(_comment(notes[key]))
        parts.append(yaml.dump({key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                               default_flow_style=False, width=float("inf")))
    return "".join(parts)
