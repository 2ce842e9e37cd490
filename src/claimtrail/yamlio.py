"""Safe YAML reading: no aliases (no "billion laughs"), line numbers for messages."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import ClaimtrailError

LINE_KEY = "__line__"
# Per mapping: each key's line and, for a scalar, its value as written (`published: 0001` keeps
# "0001", which YAML reads as the integer 1), so messages can quote what the user wrote.
KEYS_KEY = "__keys__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and records the line of every mapping."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                "while reading",
                None,
                "aliases (*name) are not allowed in claimtrail files",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # e.g. "!!int abc", an integer of 5,000 digits
            raise yaml.constructor.ConstructorError(
                None, None, f"the value cannot be read: {str(exc).split(';')[0]}", node.start_mark
            ) from None

    line_offset = 0  # lines of the file above the YAML text (front matter starts on line 2)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        self.flatten_mapping(node)
        keys: dict[Any, tuple[int, str | None]] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + self.line_offset
            if isinstance(key, str) and key in (LINE_KEY, KEYS_KEY):
                raise yaml.constructor.ConstructorError(None, None, f"the key {key} is reserved", key_node.start_mark)
            try:
                first = keys.get(key)
            except TypeError:  # a mapping or list as a key: SafeConstructor says so below
                continue
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key {_shown(key_node)} is given twice (first on line {first[0]})",
                    key_node.start_mark,
                )
            written = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
            keys[key] = (line, written)
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1 + self.line_offset
        mapping[KEYS_KEY] = keys
        return mapping


def _shown(node: Any) -> str:
    return f"'{node.value}'" if isinstance(node, yaml.ScalarNode) else "(a mapping or list)"


def _no_timestamps(loader: _LineLoader, node: yaml.Node) -> str:
    value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return str(value)


# Dates stay strings: the build validates them itself, and "2016-02-30" must be
# reported as an impossible date, not crash the YAML reader.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _no_timestamps)


def load_yaml(text: str, file: str, *, line_offset: int = 0) -> Any:
    """Parse YAML text; errors become a ClaimtrailError naming file and line."""
    loader: _LineLoader | None = None
    try:
        loader = _LineLoader(text)  # what yaml.load does, keeping the loader for its position
        loader.line_offset = line_offset
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark is not None else None
        problem = str(exc.problem or exc.context)
        start = exc.context_mark
        if exc.problem and exc.context and start is not None and start.line + 1 + line_offset != line:
            problem += f" ({exc.context} that begins on line {start.line + 1 + line_offset})"  # an unclosed quote
        raise ClaimtrailError(
            file,
            f"this is not valid YAML: {problem}",
            "write the value out in full instead of an &anchor and *alias"
            if "aliases" in problem
            else "keep one of the two lines: YAML would silently use the last one"
            if "given twice" in problem
            else "rename the key: names starting and ending in __ are claimtrail's own"
            if "is reserved" in problem
            else "correct the YAML syntax at that line (indentation, quoting, a missing colon); "
            "quote strings that contain ': ' or start with a special character",
            line=line,
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow, e.g. ESC or U+FFFE
        before = text[: exc.position]
        line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1 + line_offset
        raise ClaimtrailError(
            file,
            f"this is not valid YAML: character U+{exc.character:04X} is not allowed in a YAML file",
            "delete the character, or write it as an escape (e.g. \\x1b) inside a double-quoted string",
            line=line,
        ) from None
    except RecursionError:  # "[[[[...]]]]" thousands deep
        raise ClaimtrailError(
            file,
            "lists or mappings are nested thousands of levels deep",
            "write the file with the structure of docs/curating.md (a few levels of nesting)",
            line=loader.get_mark().line + 1 + line_offset if loader is not None else None,
        ) from None
    except yaml.YAMLError as exc:
        raise ClaimtrailError(
            file,
            f"this is not valid YAML: {exc}",
            "correct the YAML syntax",
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def key_line(mapping: Any, key: str) -> int | None:
    """The line of `key` in a mapping loaded by load_yaml (the mapping's own line if the key is absent)."""
    keys = mapping.get(KEYS_KEY) if isinstance(mapping, dict) else None
    if isinstance(keys, dict) and key in keys:
        return int(keys[key][0])
    return line_of(mapping)


def written(mapping: Any, key: str) -> str:
    """A scalar value as the file writes it ("0001", not the integer 1 YAML reads), else str(value)."""
    keys = mapping.get(KEYS_KEY) if isinstance(mapping, dict) else None
    if isinstance(keys, dict) and key in keys and keys[key][1] is not None:
        return str(keys[key][1])
    return str(mapping.get(key)) if isinstance(mapping, dict) else ""


def user_keys(mapping: dict[Any, Any]) -> list[Any]:
    """The keys the file wrote, without the line records load_yaml adds."""
    return [k for k in mapping if k not in (LINE_KEY, KEYS_KEY)]


def line_of(mapping: Any, default: int | None = None) -> int | None:
    """The line a mapping started on, as recorded by load_yaml."""
    if isinstance(mapping, dict):
        value = mapping.get(LINE_KEY, default)
        return value if isinstance(value, int) else default
    return default


def strip_lines(value: Any) -> Any:
    """A copy of a loaded YAML value without the recorded line numbers."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k not in (LINE_KEY, KEYS_KEY)}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
