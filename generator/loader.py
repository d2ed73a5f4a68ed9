"""Read a spec directory: YAML documents that remember where each key came from.

Every mapping is loaded as a `SpecMap` and every sequence as a `SpecList`.
Both remember the file and the line of each of their entries, so that a
validation error can say `methods.yaml:42: methods.fetchTicker.endpoint: ...`.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import yaml

from . import cache, collector
from .cache import source_digest
from .errors import SpecError


class SpecMap(dict):
    """A dict that knows the file and line of itself and of each key."""

    file: str = "?"
    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class SpecList(list):
    """A list that knows the file and line of itself and of each item."""

    file: str = "?"
    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list = []

    def line_of(self, index) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


# libyaml's parser when PyYAML was built with it (several times faster); it gives the same marks
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _make_loader(file_label: str):
    class Loader(_BASE_LOADER):
        pass

    def construct_mapping(loader, node):
        loader.flatten_mapping(node)
        result = SpecMap()
        result.file = file_label
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise SpecError(file_label, key_node.start_mark.line + 1, str(key), "a key must be a plain scalar")
            if key in result:
                raise SpecError(file_label, key_node.start_mark.line + 1, str(key), "duplicate key")
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(loader, node):
        result = SpecList(loader.construct_object(child, deep=True) for child in node.value)
        result.file = file_label
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


# Parsed documents by their text. A process that loads the same files again (the tests build
# hundreds of specs that differ from the repository's in one file, and load a synced file
# again from disk) parses each text once; every load gets its own copy, labelled with its own
# path (a copy costs a tenth of a parse). The text loaded least recently makes way for a new one.
_TREES: dict[str, Any] = {}
_CACHE_LIMIT = 64


def load_yaml(path: Path, label: str):
    """Parse one YAML (or JSON) file; syntax errors become SpecError."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SpecError(label, 0, "", f"cannot read the file: {error.strerror}") from None
    return parse_cached(text, label)


def parse_cached(text: str, label: str):
    """parse_text of a text this process may load again: a copy of the tree kept for the text."""
    tree = cache.remembered(_TREES, text, _CACHE_LIMIT, lambda: _kept_or_parsed(text, label))
    return _labelled_copy(tree, label)


_KEPT_FILES = 400  # the spec's files a few dozen times over: the tests' edited copies come and go


def _kept_or_parsed(text: str, label: str):
    """parse_text, with the tree kept between runs in the generator's cache (generator/cache.py):
    a new process reads a spec's files a tenth of the time it takes to parse them."""
    key = hashlib.sha256(f"{yaml.__version__}\0{text}".encode()).hexdigest() + "-" + source_digest(sys.modules[__name__])
    tree = cache.load("spec", key)
    if tree is None:
        tree = parse_text(text, label)
        cache.store("spec", key, tree, keep=_KEPT_FILES)
    return tree


def parse_text(text: str, label: str):
    """Parse YAML text as the file `label`; syntax errors become SpecError."""
    try:
        return yaml.load(text, Loader=_make_loader(label))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        problem = error.problem or error.context or "invalid YAML"
        raise SpecError(label, line, "", f"YAML syntax error: {problem}") from None


_TREE = (SpecMap, SpecList)


def _labelled_copy(node, label: str):
    """A copy of a parsed tree whose mappings and lists say they come from `label`.

    Every load of a spec copies every file's tree, so this is lean: a mapping is copied whole and
    then only its nested mappings and lists are replaced by their copies, and the copies are made
    without __init__ (whose empty key_lines would be replaced at once)."""
    if node.__class__ is SpecMap:
        copied = SpecMap.__new__(SpecMap)
        dict.update(copied, node)
        for key, value in node.items():
            if value.__class__ in _TREE:
                copied[key] = _labelled_copy(value, label)
        copied.key_lines = node.key_lines
    elif node.__class__ is SpecList:
        copied = SpecList.__new__(SpecList)
        list.extend(copied, [_labelled_copy(item, label) if item.__class__ in _TREE else item for item in node])
        copied.item_lines = node.item_lines
    else:
        return node  # a file that holds a single scalar
    copied.file, copied.line = label, node.line
    return copied


@collector.paused
def load_spec_dir(spec_dir: Path) -> SpecMap:
    """Merge the top-level sections of every *.yaml file under spec_dir.

    Each file holds one or more top-level sections (`exchange:`, `methods:`,
    ...). A section may appear in only one file. Fixture files live under
    `fixtures/` and are loaded into the `fixtures` section, keyed by file stem.
    """
    spec_dir = Path(spec_dir)
    cwd = Path.cwd().resolve()
    labels = {path: _label(path, cwd) for path in spec_files(spec_dir)}
    documents = [(label, load_yaml(path, label)) for path, label in labels.items()]
    merged = merge_sections(spec_dir, documents)
    fixtures = SpecMap()
    fixtures.file = _label(spec_dir / "fixtures", cwd)
    for path in sorted((spec_dir / "fixtures").glob("*.json")) + sorted((spec_dir / "fixtures").glob("*.yaml")):
        document = load_yaml(path, _label(path, cwd))
        fixtures[path.stem] = document
        fixtures.key_lines[path.stem] = 1
    merged["fixtures"] = fixtures
    merged.spec_dir = spec_dir
    return merged


def spec_files(spec_dir: Path) -> list[Path]:
    """The spec's *.yaml files, in the order their sections are merged."""
    if not spec_dir.is_dir():
        raise SpecError(str(spec_dir), 0, "", "the spec directory does not exist")
    return sorted(spec_dir.glob("*.yaml"))


def merge_sections(spec_dir: Path, documents: list) -> SpecMap:
    """One mapping of the sections of the (label, document) pairs; a section defined twice is an error."""
    merged = SpecMap()
    merged.file = str(spec_dir)
    for label, document in documents:
        if document is None:
            continue
        if not isinstance(document, SpecMap):
            raise SpecError(label, 1, "", "the file must be a mapping of top-level sections")
        for section, value in document.items():
            if section in merged:
                where = getattr(merged[section], "file", "another file")
                raise SpecError(label, document.line_of(section), section, f"section already defined in {where}")
            merged[section] = value
            merged.key_lines[section] = document.line_of(section)
    return merged


def file_label(path: Path) -> str:
    """The path shown in messages: relative to the current directory when possible."""
    return _label(path, Path.cwd().resolve())


def _label(path: Path, cwd: Path) -> str:
    """file_label, with the current directory resolved once for all of a spec's files."""
    try:
        return str(path.resolve().relative_to(cwd))
    except ValueError:
        return str(path)
