"""Strict YAML loading with positions.

PyYAML's defaults are wrong for hand-edited medical data: duplicate keys win silently, `no` becomes
False, dates become `date` objects and aliases expand without limit. This loader reads the event
stream of the libyaml parser (fast, with line/column marks) and builds plain Python values itself in
one pass, with the YAML 1.2 core schema: only `true`/`false` are booleans, timestamps stay text, duplicate keys,
aliases and custom tags are errors. Every value's position is kept, keyed by its path.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.problems import Level, Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path_ = tuple  # a path into the document: keys and list indexes

_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_INT = re.compile(r"^[-+]?[0-9]+$")
_CORE_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_STANDARD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STANDARD + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
MAX_FILE_BYTES = 5_000_000


@dataclass
class Document:
    """A loaded file: its data, and the 1-based (line, column) of every key and value by path."""

    path: str
    data: Any
    value_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    texts: list[tuple[Path_, str]] = field(default_factory=list)  # every text value, in file order

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            table = self.key_pos if key and path in self.key_pos else self.value_pos
            if path in table:
                return table[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class LoadError(Exception):
    """The file cannot be turned into data; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def _mark(node_or_mark) -> tuple[int, int]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return (mark.line + 1, mark.column + 1)


def _fail(path: str, pos: tuple[int, int], message: str, rule: str) -> LoadError:
    return LoadError(Problem(path, pos[0], pos[1], Level.ERROR, message, rule))


def decode(raw: bytes, path: str) -> str:
    """UTF-8 (a BOM is allowed); anything else is reported at the first bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(path, (1, 1), f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}", "file-too-large")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _fail(path, (line, column), f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                    "encoding") from None


def _plain(value: str) -> Any:
    """A plain (unquoted, untagged) scalar under the YAML 1.2 core schema."""
    if _CORE_NULL.match(value):
        return None
    if value in _CORE_BOOL:
        return _CORE_BOOL[value]
    if _CORE_INT.match(value):
        return int(value)
    if _CORE_FLOAT.match(value):
        return float(value)
    return value  # text, including yes/no/on/off and dates: the schema decides what they may be


def _events(text: str):
    """libyaml's parse events (yaml.parse without its extra check per event)."""
    loader = Loader(text)
    try:
        while True:
            event = loader.get_event()
            yield event
            if type(event) is yaml.StreamEndEvent:
                return
    finally:
        loader.dispose()


_NO_KEY = object()  # a mapping waiting for its next key
_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def _build(events, doc: Document) -> Any:
    """Build plain values from libyaml's event stream in one pass, recording positions.

    Working on events rather than composed nodes means anchors, aliases, custom tags and duplicate
    keys are caught as they stream past, and the text is parsed only once.
    """
    path, value_pos, key_pos, texts = doc.path, doc.value_pos, doc.key_pos, doc.texts
    stack: list[list] = []  # [container, its path, pending key]
    root: Any = None
    documents = 0
    for event in events:
        kind = type(event)
        if kind in _NODE_EVENTS:
            pos = (event.start_mark.line + 1, event.start_mark.column + 1)
            if event.anchor:
                raise _fail(path, pos, f"anchors (&{event.anchor}) are not allowed; write the value out", "no-aliases")
            tag = event.tag
            if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
                raise _fail(path, pos, f"tag {tag!r} is not allowed", "no-custom-tags")
            if not stack:
                here: Path_ = ()
            else:
                frame = stack[-1]
                parent = frame[0]
                if type(parent) is list:
                    here = frame[1] + (len(parent),)
                elif frame[2] is _NO_KEY:  # this event is a key
                    if kind is not yaml.ScalarEvent:
                        raise _fail(path, pos, "keys must be plain text", "key-type")
                    key = event.value
                    key_path = frame[1] + (key,)
                    if key in parent:
                        raise _fail(path, pos, f"duplicate key {key!r} (first defined on line {key_pos[key_path][0]})",
                                    "duplicate-key")
                    key_pos[key_path] = pos
                    frame[2] = key
                    continue
                else:
                    here = frame[1] + (frame[2],)
            value_pos[here] = pos
            if kind is yaml.ScalarEvent:
                value = event.value
                if not (event.style or tag is not None):  # quoted, block, or tagged !!str / ! stays text
                    value = _plain(value)
                elif tag not in (None, "!", _STANDARD + "str"):
                    value = _plain(value)  # an explicit standard tag such as !!int: resolved as usual
                if type(value) is str:
                    texts.append((here, value))
            else:
                value = {} if kind is yaml.MappingStartEvent else []
            if stack:
                frame = stack[-1]
                if type(frame[0]) is list:
                    frame[0].append(value)
                else:
                    frame[0][frame[2]] = value
                    frame[2] = _NO_KEY
            else:
                root = value
            if kind is not yaml.ScalarEvent:
                stack.append([value, here, _NO_KEY])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            raise _fail(path, _mark(event), "aliases (*name) are not allowed; write the value out", "no-aliases")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _fail(path, _mark(event), "only one YAML document per file is allowed (remove the second '---')",
                            "yaml-syntax")
    if documents == 0:
        raise _fail(path, (1, 1), "file is empty (only comments or blank lines)", "empty-file")
    return root


# Faults inside these constructs start where the construct opens, not where the parser gave up.
_OPENING_CONTEXTS = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a block scalar")


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> LoadError:
    """Report a syntax error at the line where the fault starts, in words an editor understands."""
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and exc.context and exc.context.startswith(_OPENING_CONTEXTS):
        mark = exc.context_mark
        problem = f"{exc.context.removeprefix('while ')} that starts here: {problem}"
    runaway = _runaway_quote(text, mark)
    if runaway is not None:
        mark, problem = runaway, "quoted text that starts here is not closed on its line"
    pos = _mark(mark) if mark else (1, 1)
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem = "a tab character cannot be used for indentation or layout; use spaces"
    return _fail(path, pos, f"YAML syntax: {problem}", "yaml-syntax")


_KEY_AFTER_NEWLINE = re.compile(r"\n[ \t]*[\w-]+:[ \t]")


def _runaway_quote(text: str, error_mark):
    """A quote left open swallows the following lines until the next quote, and the parser fails far
    below. Find such a quoted scalar (it spans lines that look like `key:` lines) before the error."""
    if error_mark is None:
        return None
    try:
        for token in yaml.scan(text[: error_mark.index + 1], Loader=Loader):
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line != token.end_mark.line
                    and _KEY_AFTER_NEWLINE.search(text[token.start_mark.index: token.end_mark.index])):
                return token.start_mark
    except yaml.YAMLError:
        pass
    return None


def load_text(text: str, path: str) -> Document:
    """Parse one YAML document strictly. Raises LoadError with a positioned problem."""
    doc = Document(path=path, data=None)
    try:
        doc.data = _build(_events(text), doc)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from None
    except yaml.reader.ReaderError as exc:  # control characters: no mark, only an offset
        before = text[: exc.position]
        pos = (before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        raise _fail(path, pos, f"control character U+{exc.character:04X} is not allowed in YAML", "yaml-syntax") from None
    except yaml.YAMLError as exc:
        raise _fail(path, (1, 1), f"YAML syntax: {' '.join(str(exc).split())}", "yaml-syntax") from None
    return doc


def load_file(file: Path, display: str | None = None) -> Document:
    """Read and parse a file; `display` is the path shown in messages."""
    display = display or str(file)
    return load_text(decode(file.read_bytes(), display), display)
