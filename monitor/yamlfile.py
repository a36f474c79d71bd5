"""YAML loading that remembers where every key was written, so errors can name file:line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Parsed YAML data plus the 1-based line of every mapping key and sequence item."""

    path: Path
    data: Any
    lines: dict[Loc, int]

    def line_of(self, loc: Sequence[str | int]) -> int:
        """Line of the deepest known prefix of `loc` (1 when nothing matches)."""
        key = tuple(loc)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


class YamlSyntaxError(ValueError):
    """YAML that does not parse; message is `file:line: problem`."""


def load_yaml(path: Path, text: str | None = None) -> YamlDocument:
    """Safe-load one YAML file and index the line of each key."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(f"{path}:{line}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"{path}:1: invalid YAML: {exc}") from None
    lines: dict[Loc, int] = {}
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _index(node, (), lines)
    return YamlDocument(path=path, data=data, lines=lines)


def _index(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = (*loc, key)
            lines[child] = key_node.start_mark.line + 1
            _index(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = (*loc, i)
            lines[child] = item.start_mark.line + 1
            _index(item, child, lines)


def describe_validation_error(
    doc: YamlDocument, exc: ValidationError, prefix: Loc = (), label: str = ""
) -> list[str]:
    """One `file:line: field: message` string per pydantic error."""
    out = []
    for err in exc.errors():
        loc = (*prefix, *(part for part in err["loc"] if not _is_union_tag(part)))
        field = ".".join(str(p) for p in loc) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        elif err["type"] == "missing":
            msg = "field required"
        out.append(f"{doc.path}:{doc.line_of(loc)}: {label}{field}: {msg}")
    return out


def _is_union_tag(part: object) -> bool:
    # pydantic inserts the union member's type name into loc ("function-after[...]").
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))
