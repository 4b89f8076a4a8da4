"""The JSON Schemas in data/schema/: compiled once, and their errors turned into positioned problems."""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import jsonschema_rs

from kb.paths import schema_dir
from kb.problems import Level, Problem, shorten
from kb.yamlload import Document

SCHEMA_FILES = {
    "therapy": "therapy.schema.json",
    "condition": "condition.schema.json",
    "source": "source.schema.json",
    "situations": "situations.schema.json",
    "red-flags": "red-flags.schema.json",
    "translation": "translation.schema.json",
    "glossary": "glossary.schema.json",
}
# Schemas of data that is not a YAML file of its own (so has no editor mapping): a translated page's front matter.
FRONT_MATTER_FILES = {"translated-page": "translated-page.schema.json"}
_ALL_FILES = {**SCHEMA_FILES, **FRONT_MATTER_FILES}
_REGISTERED = [*_ALL_FILES.values(), "common.schema.json"]
_TYPE_WORDS = {"string": "text", "object": "a mapping of fields", "array": "a list", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "empty"}


@lru_cache(maxsize=None)
def _load_json(folder: Path, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator(kind: str, folder: Path | None = None):
    """jsonschema's validator for one kind, with format checking on and the sibling schemas resolvable.
    It explains what is wrong; imported only when a document is invalid (it takes a while to import)."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    folder = folder or schema_dir()
    registry = Registry().with_resources(
        (name, Resource.from_contents(_load_json(folder, name), default_specification=DRAFT7))
        for name in _REGISTERED
    )
    schema = _load_json(folder, _ALL_FILES[kind])
    return jsonschema.Draft7Validator(schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@lru_cache(maxsize=None)
def fast_validator(kind: str, folder: Path | None = None):
    """A compiled (Rust) validator for the same schema: about 100 times quicker for the yes/no answer.
    Only used to skip the slow path for valid documents; tests check both validators agree."""
    folder = folder or schema_dir()
    registry = jsonschema_rs.Registry([(name, _load_json(folder, name)) for name in _REGISTERED])
    return jsonschema_rs.Draft7Validator(_load_json(folder, _ALL_FILES[kind]), validate_formats=True,
                                         registry=registry)


def labels(kind: str, *pointer: str) -> dict[str, str]:
    """The `x-labels` of an enum in a schema: the single place where display names of codes live."""
    node: Any = _load_json(schema_dir(), SCHEMA_FILES.get(kind, kind))
    for part in pointer:
        node = node[part]
    return node.get("x-labels") or node.get("items", {}).get("x-labels", {})


def _closest(value: str, options: list[str]) -> list[str]:
    """A likely intended option: same words with hyphens ('hands on' -> 'hands-on-...'), or a near spelling."""
    normal = "-".join(value.lower().replace("_", " ").split())
    prefixed = [o for o in options if normal and o.startswith(normal)]
    return prefixed[:1] or difflib.get_close_matches(value, options, n=1, cutoff=0.5)


def field_name(path) -> str:
    """`evidence[0].certainty` from ('evidence', 0, 'certainty')."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _describe(value: Any) -> str:
    kind = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number",
            type(None): "null"}.get(type(value), "value")
    return _TYPE_WORDS[kind]


def _messages(error) -> Iterator[tuple[tuple, bool, str, str]]:
    """(path, point-at-key, message, rule) for one schema error, in words an editor understands."""
    path = tuple(error.absolute_path)
    where = field_name(path)
    v, inst, val = error.validator, error.instance, error.validator_value
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(inst) - set(allowed)):
            hint = difflib.get_close_matches(key, allowed, n=1)
            tip = f"; did you mean {hint[0]!r}?" if hint else f"; allowed here: {', '.join(allowed)}"
            yield path + (key,), True, f"unknown field {shorten(key, 40)!r}{tip}", "unknown-field"
    elif v == "required":
        missing = ", ".join(repr(name) for name in val if name not in inst)
        prefix = f"{where}: " if path else ""
        plural = "s" if "," in missing else ""
        yield path, False, f"{prefix}missing required field{plural} {missing}", "required"
    elif v == "type":
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in ([val] if isinstance(val, str) else val))
        extra = " (put yes/no/on/off in quotes if you mean the word)" if isinstance(inst, bool) else ""
        yield path, False, f"{where} should be {wanted}, not {_describe(inst)}{extra}", "type"
    elif v == "enum":
        hint = _closest(str(inst), [str(x) for x in val])
        tip = f"; did you mean {hint[0]!r}?" if hint else ""
        yield path, False, f"{where}: {shorten(inst, 40)!r} is not one of: {', '.join(map(str, val))}{tip}", "enum"
    elif v == "format" and val == "date":
        yield path, False, f"{where}: {shorten(inst, 30)!r} is not a real date (YYYY-MM-DD)", "date"
    elif v == "pattern":
        what = error.schema.get("title") or "value"
        example = (error.schema.get("examples") or [None])[0]
        tip = f", e.g. {example!r}" if example else ""
        yield path, False, f"{where}: {shorten(inst, 40)!r} is not a valid {what.lower()}{tip}", "pattern"
    elif v in ("maxLength", "maxItems"):
        size = len(inst)
        unit = "characters" if v == "maxLength" else "items"
        yield path, False, f"{where} is {size:,} {unit} long; the limit is {val:,}", "too-long"
    elif v in ("minLength", "minItems"):
        unit = "characters" if v == "minLength" else "items"
        message = "must not be empty" if val == 1 else f"needs at least {val} {unit}"
        yield path, False, f"{where} {message}", "too-short"
    elif v == "uniqueItems":
        yield path, False, f"{where} lists the same item twice", "duplicate-item"
    elif v == "anyOf" and all(set(s) == {"required"} for s in val):
        names = " or ".join(s["required"][0] for s in val)
        yield path, False, f"{where}: give at least one of {names}", "required"
    elif v in ("minimum", "maximum"):
        yield path, False, f"{where}: {inst!r} is {'below' if v == 'minimum' else 'above'} the limit {val!r}", "range"
    else:
        yield path, False, f"{where}: {shorten(error.message, 120)}", v


def check(doc: Document, kind: str) -> list[Problem]:
    """Every schema problem of one document, each at the line and column of the offending node."""
    try:
        if fast_validator(kind).is_valid(doc.data):
            return []
    except (ValueError, TypeError, OverflowError):
        pass  # a value the compiled validator cannot take: let jsonschema judge it

    problems = []
    for error in validator(kind).iter_errors(doc.data):
        for path, at_key, message, rule in _messages(error):
            line, column = doc.position(path, key=at_key)
            problems.append(Problem(doc.path, line, column, Level.ERROR, message, rule))
    return problems
