"""A small declarative checker for the shape of spec documents.

A schema is built from the node types below. `check(schema, value, where)`
returns a list of SpecErrors, each naming file, line and dotted key path.
Semantic checks (does this endpoint exist, is this a ccxt exception) live
in `model.py`; this module only checks shapes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property

from .errors import SpecError


class Where:
    """The location of a value: its container, its key in it and its dotted path.

    A check makes one for every value it visits and almost never reports one, so a child keeps
    its parent and spells out its path only when asked (in an error)."""

    __slots__ = ("container", "key", "_parent", "_path")

    def __init__(self, container, key, path: str = "", parent: Where | None = None):
        self.container = container
        self.key = key
        self._path = path  # the root's own; a child's comes from its parent
        self._parent = parent

    @property
    def path(self) -> str:
        if self._parent is None:
            return self._path
        parent = self._parent.path
        if isinstance(self.key, int):
            return f"{parent}[{self.key}]"
        return f"{parent}.{self.key}" if parent else str(self.key)

    @property
    def file(self) -> str:
        return getattr(self.container, "file", "?")

    @property
    def line(self) -> int:
        line_of = getattr(self.container, "line_of", None)
        return line_of(self.key) if line_of else 0

    def child(self, container, key) -> Where:
        return Where(container, key, parent=self)

    def error(self, message: str) -> SpecError:
        return SpecError(self.file, self.line, self.path, message)

    def __repr__(self) -> str:
        return f"Where({self.file}:{self.line}: {self.path})"


class Node:
    description = "a value"

    def check(self, value, where: Where) -> list:
        raise NotImplementedError

    def check_entry(self, value, container, key, parent: Where) -> list:
        """check() of container[key], whose container is at `parent`."""
        return self.check(value, parent.child(container, key))


class Scalar(Node):
    def __init__(self, *types, description: str):
        self.types = types
        self.description = description
        self.takes_bool = bool in types  # True is an int too, but not an integer of the spec

    def matches(self, value) -> bool:
        return isinstance(value, self.types) and (self.takes_bool or value.__class__ is not bool)

    def check_entry(self, value, container, key, parent):
        # most values a check visits are scalars that pass: they need no Where of their own
        return [] if self.matches(value) else self.check(value, parent.child(container, key))

    def check(self, value, where):
        if isinstance(value, bool) and not self.takes_bool:
            return [where.error(f"expected {self.description}, got {value!r}")]
        if not isinstance(value, self.types):
            return [where.error(f"expected {self.description}, got {_show(value)}")]
        return []


Str = Scalar(str, description="a string")
Int = Scalar(int, description="an integer")
Bool = Scalar(bool, description="true or false")
Number = Scalar(int, float, description="a number")
ScalarValue = Scalar(str, int, float, bool, type(None), description="a scalar")


class AnyValue(Node):
    description = "any value"

    def check(self, value, where):
        return []

    def check_entry(self, value, container, key, parent):
        return []


Any = AnyValue()


class Choice(Node):
    def __init__(self, values):
        self.values = list(values)
        self.description = "one of " + ", ".join(map(str, self.values))

    def check_entry(self, value, container, key, parent):
        return [] if value in self.values else self.check(value, parent.child(container, key))

    def check(self, value, where):
        if value not in self.values:
            return [where.error(f"expected {self.description}, got {value!r}")]
        return []


class OneOf(Node):
    """The first alternative whose own type matches decides."""

    def __init__(self, *alternatives):
        self.alternatives = alternatives
        self.description = " or ".join(a.description for a in alternatives)

    def check(self, value, where):
        for alternative in self.alternatives:
            if _shape_matches(alternative, value):
                return alternative.check(value, where)
        return [where.error(f"expected {self.description}, got {_show(value)}")]


class ListOf(Node):
    def __init__(self, item: Node, non_empty: bool = False):
        self.item = item
        self.non_empty = non_empty
        self.description = f"a list of {item.description}"

    def check(self, value, where):
        if not isinstance(value, list):
            return [where.error(f"expected {self.description}, got {_show(value)}")]
        if self.non_empty and not value:
            return [where.error("the list must not be empty")]
        errors = []
        for index, item in enumerate(value):
            errors += self.item.check_entry(item, value, index, where)
        return errors


class MapOf(Node):
    def __init__(self, value: Node, key: Node = Str):
        self.value = value
        self.key = key
        self.description = f"a mapping of {value.description}"

    def check(self, value, where):
        if not isinstance(value, dict):
            return [where.error(f"expected {self.description}, got {_show(value)}")]
        errors = []
        for key, item in value.items():
            errors += self.key.check_entry(key, value, key, where)
            errors += self.value.check_entry(item, value, key, where)
        return errors


@dataclass
class Record(Node):
    required: dict = field(default_factory=dict)
    optional: dict = field(default_factory=dict)
    description: str = "a mapping"

    @cached_property
    def known(self) -> dict:
        return {**self.required, **self.optional}

    def check(self, value, where):
        if not isinstance(value, dict):
            return [where.error(f"expected {self.description}, got {_show(value)}")]
        errors = []
        for key in self.required:
            if key not in value:
                errors.append(where.error(f"missing required key '{key}'"))
        known = self.known
        for key, item in value.items():
            if key not in known:
                errors.append(where.child(value, key).error(f"unknown key{_suggest(key, known)}"))
                continue
            errors += known[key].check_entry(item, value, key, where)
        return errors


def check(schema: Node, value, where: Where) -> list:
    return schema.check(value, where)


def _shape_matches(node: Node, value) -> bool:
    if isinstance(node, Scalar):
        return node.matches(value)
    if isinstance(node, (Record, MapOf)):
        return isinstance(value, dict)
    if isinstance(node, ListOf):
        return isinstance(value, list)
    if isinstance(node, Choice):
        return value in node.values
    return True


def _suggest(key, known) -> str:
    close = difflib.get_close_matches(str(key), [str(k) for k in known], n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _show(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return repr(value)
