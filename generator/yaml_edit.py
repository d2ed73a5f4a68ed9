"""Edit YAML text line by line, keeping every comment, blank line and the order of keys.

The spec's files have a regular layout: block mappings and sequences whose leaves are
scalars or one-line flow collections (`{type: string, required: true}`, `[a, b]`). A
change is made to the lines that hold it, never by dumping the document again, so a
diff of the result shows only what changed. Line numbers are 1-based, as the loader's.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import yaml

_PLAIN = re.compile(r"[A-Za-z_][\w .,/()'+-]*(\[\])?")  # a trailing [] for the spec's `Name[]`
_FLOW_SPECIAL = re.compile(r"[,\[\]{}]")


class EditConflict(Exception):
    """Two edits claim the same line: a bug of the caller, not of the spec."""


def scalar(value, flow: bool = False) -> str:
    """A scalar as YAML text: plain when it reads back as itself, double-quoted otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if _reads_back_plain(text, flow):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back_plain(text: str, flow: bool) -> bool:
    if not _PLAIN.fullmatch(text) or text != text.strip() or ": " in text or " #" in text:
        return False
    if flow and _FLOW_SPECIAL.search(text):
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def flow_seq(values) -> str:
    return "[" + ", ".join(flow_value(value) for value in values) + "]"


def flow_map(pairs: dict) -> str:
    return "{" + ", ".join(f"{scalar(key, flow=True)}: {flow_value(value)}" for key, value in pairs.items()) + "}"


def flow_value(value) -> str:
    if isinstance(value, dict):
        return flow_map(value)
    if isinstance(value, (list, tuple)):
        return flow_seq(value)
    return scalar(value, flow=True)


def split_comment(line: str) -> tuple[str, str]:
    """A line without its newline, cut into content and trailing comment (with its spaces)."""
    text = line.rstrip("\n")
    quote = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            content = text[:index].rstrip()
            return content, text[len(content) :]
    return text, ""


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def key_value_line(line: str, key: str, value_text: str) -> str:
    """`line` (which holds `key: value`) with a new value, and its comment kept."""
    content, comment = split_comment(line)
    match = re.match(rf"^(\s*(?:- )?{re.escape(key)}:)", content)
    if not match:
        raise EditConflict(f"expected `{key}:` on the line {line!r}")
    return f"{match.group(1)} {value_text}{comment}\n"


class LineEdits:
    """Pending edits of one text, applied all at once by `render`.

    Each original line may be replaced (by any number of lines, none to delete it) once.
    Insertions go before a line, or after it: `inner` ones belong to the item that ends
    there (a parameter appended to an endpoint), the others follow it (a new endpoint).
    `take` cuts out a block with the edits inside it, to be inserted elsewhere.
    """

    def __init__(self, text: str):
        self.final_newline = text.endswith("\n") or not text
        self.lines = [line if line.endswith("\n") else line + "\n" for line in text.splitlines(keepends=True)]
        self.replaced: dict[int, list[str]] = {}
        self.before: dict[int, list[str]] = defaultdict(list)
        self.after_inner: dict[int, list[str]] = defaultdict(list)
        self.after_outer: dict[int, list[str]] = defaultdict(list)
        self.taken: list[tuple[int, int]] = []

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def replace(self, number: int, lines: list[str] | str) -> None:
        if number in self.replaced or self._in_taken(number):
            raise EditConflict(f"line {number} is edited twice")
        self.replaced[number] = [lines] if isinstance(lines, str) else list(lines)

    def delete(self, first: int, last: int | None = None) -> None:
        for number in range(first, (last or first) + 1):
            self.replace(number, [])

    def insert_before(self, number: int, lines: list[str]) -> None:
        self.before[number] += lines

    def insert_after(self, number: int, lines: list[str], inner: bool = True) -> None:
        (self.after_inner if inner else self.after_outer)[number] += lines

    def block_end(self, start: int) -> int:
        """The last line of the item that starts at `start`: the lines indented deeper
        than it, with the comments and blank lines between them but not after them."""
        own = indent_of(self.line(start))
        end = start
        for number in range(start + 1, len(self.lines) + 1):
            text = self.line(number)
            if is_blank_or_comment(text):
                continue
            if indent_of(text) <= own:
                break
            end = number
        return end

    def comments_above(self, start: int) -> int:
        """The first line of the comment lines directly above `start` at its indentation."""
        own = indent_of(self.line(start))
        first = start
        while first > 1 and self.line(first - 1).strip().startswith("#") and indent_of(self.line(first - 1)) == own:
            first -= 1
        return first

    def take(self, first: int, last: int) -> list[str]:
        """Cut out lines first..last with the edits inside them, and return them."""
        block = []
        for number in range(first, last + 1):
            if number != first:
                block += self.before.get(number, [])
            block += self.replaced.get(number, [self.line(number)])
            block += self.after_inner.get(number, [])
        self.taken.append((first, last))
        return block

    def _in_taken(self, number: int) -> bool:
        return any(first <= number <= last for first, last in self.taken)

    def _taken_inside(self, number: int) -> bool:
        return any(first < number <= last for first, last in self.taken)

    def render(self) -> str:
        out: list[str] = []
        for number in range(1, len(self.lines) + 2):
            if not self._taken_inside(number):
                out += self.before.get(number, [])
            if number > len(self.lines):
                break
            if not self._in_taken(number):
                out += self.replaced.get(number, [self.line(number)])
                out += self.after_inner.get(number, [])
            out += self.after_outer.get(number, [])
        text = "".join(out)
        return text if self.final_newline or not text.endswith("\n") else text[:-1]
