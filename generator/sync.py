"""`python -m generator sync-openapi <document>`: follow a new version of the upstream OpenAPI document.

The mechanical part of an API change is applied to the spec's files as text edits
(generator.yaml_edit), so comments, blank lines and the order of entries stay as they
are and a diff shows only what changed:

- endpoints the document added since the snapshot, with their params, in the api group
  the spec uses for such endpoints and where the group's order puts them; endpoints it
  no longer has (unless a unified method uses them, or they say `source:`);
- params added, removed or changed (type, required, enum, values), instructions,
  answers, summaries and doc sections that changed;
- enum values added and removed, enums that new params name, enums nothing uses now;
- error codes the document dropped (from errors.exact), `unread:` entries of
  properties that are gone;
- the snapshot itself, with its sha256 and the day it was taken (upstream.yaml).

What needs a person is printed as a to-do with the file:line to edit: status values no
status table maps, new answer properties of the parsed schemas (map them or list them
under `unread:`), fields the structures read that the document lost, error codes with
no ccxt exception, endpoints a method uses that the document dropped or moved.

Additions are measured between the snapshot and the new document, so what the spec
leaves out on purpose stays out. Removals and the to-do are measured on the synced spec
against the new document, so a second run reports whatever is still left (but for the
new answer properties, which are new against the snapshot).
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import collector, spec_schema
from .errors import SpecError, SpecErrors
from .loader import SpecMap, file_label, load_yaml, merge_sections, parse_cached, spec_files
from . import openapi
from .openapi import HTTP_METHODS, DocumentError, Operation, Param, Surface, fields_read, spec_surface
from .schema import Where, check
from .yaml_edit import EditConflict, LineEdits, flow_map, flow_seq, indent_of, key_value_line, scalar, split_comment

_ENTRY_KEYS = "path method response bodiless instruction cost summary doc body source params".split()  # their order
_PARAM_KEYS = ("type", "enum", "items", "values", "required")
_SYNCED_SECTIONS = ("endpoints", "enums", "errors", "statuses", "methods", "upstream", "unread")


class SyncError(Exception):
    """The document cannot be read, or the spec cannot follow it: nothing is written."""


@dataclass(frozen=True)
class Todo:
    """What is left for a person, and the file:line where to do it."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass
class SyncResult:
    spec_dir: Path
    originals: dict[Path, str]  # every spec file the sync changes, before ...
    texts: dict[Path, str]  # ... and after
    snapshot: Path  # where the new document goes
    snapshot_bytes: bytes | None  # the new document, or None when the snapshot is it already
    todo: list[Todo] = field(default_factory=list)
    replaced: Path | None = None  # the snapshot it replaces under another name (YAML by JSON, or back)

    def diff(self) -> str:
        """The unified diff of the spec files (the snapshot is summed up, not diffed)."""
        out = []
        for path in sorted(self.texts):
            name = _relative(path, self.spec_dir)
            out += difflib.unified_diff(
                self.originals[path].splitlines(keepends=True),
                self.texts[path].splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
        if self.snapshot_bytes is not None:
            was = f" (was {_relative(self.replaced, self.spec_dir)})" if self.replaced is not None else ""
            out.append(
                f"replaced: {_relative(self.snapshot, self.spec_dir)}{was} (sha256 {hashlib.sha256(self.snapshot_bytes).hexdigest()})\n"
            )
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)

    def write(self) -> list[Path]:
        """Write every changed file, each through a temporary file renamed over it."""
        pending = [(path, text.encode("utf-8")) for path, text in sorted(self.texts.items())]
        if self.snapshot_bytes is not None:
            pending.append((self.snapshot, self.snapshot_bytes))
        staged = []
        try:
            for path, data in pending:
                temporary = path.with_name(f".{path.name}.sync-openapi")
                temporary.write_bytes(data)
                staged.append((temporary, path))
        except OSError:
            for temporary, _ in staged:
                temporary.unlink(missing_ok=True)
            raise
        for temporary, path in staged:
            temporary.replace(path)
        if self.replaced is not None and self.snapshot_bytes is not None:
            self.replaced.unlink(missing_ok=True)
        return [path for _, path in staged]


# ---------------------------------------------------------------- the document


def read_document(source: str) -> bytes:
    """The bytes of a document, from a file or an http(s) URL."""
    try:
        return openapi.read_document(source)
    except DocumentError as error:
        raise SyncError(f"{source}: {error}") from None


def parse_document(data: bytes, label: str) -> dict:
    """An OpenAPI document from YAML or JSON text, shared with other readers: the sync only reads it."""
    try:
        return openapi.shared_document(data)
    except DocumentError as error:
        raise SyncError(f"{label}: {error}") from None


# ---------------------------------------------------------------- the sync


@collector.paused
def sync_spec(spec_dir: Path, data: bytes, source: str = "", taken: str | None = None) -> SyncResult:
    """What following the document `data` changes in the spec under `spec_dir`, and what is left to do.

    Raises SpecError/SpecErrors for a bad spec and SyncError for a bad document.
    """
    spec_dir = Path(spec_dir)
    try:
        taken = datetime.date.fromisoformat(taken).isoformat() if taken else datetime.date.today().isoformat()
    except ValueError:
        raise SyncError(f"--taken {taken}: not a date (YYYY-MM-DD)") from None
    parsed: dict[Path, SpecMap] = {}
    spec = _load_sections(spec_dir, parsed=parsed)
    _check_shapes(spec)
    upstream = spec.get("upstream")
    if not upstream:
        raise SpecError(str(spec_dir), 0, "upstream", "the spec names no upstream document (an `upstream:` section)")
    snapshot = spec_dir / upstream["openapi"]
    try:
        snapshot_bytes = snapshot.read_bytes()
    except OSError as error:
        raise SpecError(
            upstream.file, upstream.line_of("openapi"), "upstream.openapi", f"cannot read {snapshot}: {error.strerror}"
        ) from None
    codes = (spec.get("errors") or {}).get("codes")
    old_raw = parse_document(snapshot_bytes, file_label(snapshot))
    new_raw = parse_document(data, source or "the document")
    try:
        surfaces = openapi.shared_surface(snapshot_bytes, codes), openapi.shared_surface(data, codes)  # read only, as the documents
    except DocumentError as error:
        raise SyncError(str(error)) from None
    sync = _Sync(spec, spec_dir, (old_raw, new_raw), surfaces, codes)
    sync.endpoints()
    sync.enums()
    sync.error_codes()
    sync.unread()
    target = snapshot
    if data != snapshot_bytes:
        target = _snapshot_name(snapshot, snapshot_bytes, data)
        sync.upstream(data, source, taken, target.relative_to(spec_dir).as_posix() if target != snapshot else None)
    texts = sync.texts()
    synced = _load_sections(spec_dir, texts, parsed)
    todo = sync.todo + _Todo(synced, sync.old, sync.new).items()
    originals = {path: sync.files[path].original for path in texts}
    new_bytes = data if data != snapshot_bytes else None
    replaced = snapshot if target != snapshot else None
    return SyncResult(spec_dir, originals, texts, target, new_bytes, _sorted(todo), replaced)


def _is_json(data: bytes) -> bool:
    return data.decode("utf-8-sig", "replace").lstrip().startswith("{")


def _snapshot_name(snapshot: Path, old: bytes, new: bytes) -> Path:
    """Where the new document goes: over the snapshot, unless it comes in the other format (a
    JSON document fetched for a YAML snapshot): then beside it, named for its format."""
    if _is_json(new) == _is_json(old):
        return snapshot
    return snapshot.with_suffix(".json" if _is_json(new) else ".yml")


def _check_shapes(spec: SpecMap) -> None:
    """The shape checks of the sections the sync reads (the rest is make generate's job)."""
    root = Where(spec, None, "")
    errors = []
    for section in _SYNCED_SECTIONS:
        schema, required = spec_schema.SECTIONS[section]
        if section in spec:
            errors += check(schema, spec[section], root.child(spec, section))
        elif required:
            errors.append(
                SpecError(str(getattr(spec, "file", "spec")), 0, section, f"missing required section '{section}'")
            )
    if errors:
        raise SpecErrors(errors)


@dataclass
class _File:
    path: Path
    original: str
    edits: LineEdits


@dataclass
class _Entry:
    """An endpoint of endpoints.yaml: its group, its mapping and the line it starts on."""

    group: str
    node: SpecMap
    operation: Operation

    @property
    def key(self) -> str:
        return self.operation.key

    @property
    def start(self) -> int:
        return self.node.line

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.operation.path, self.operation.method)


class _Sync:
    def __init__(self, spec: SpecMap, spec_dir: Path, documents: tuple[dict, dict], surfaces: tuple[Surface, Surface], codes: str | None):
        self.spec = spec
        self.spec_dir = spec_dir
        self.old_raw, self.new_raw = documents
        self.old, self.new = surfaces
        self.codes = codes
        self.files: dict[Path, _File] = {}
        self.todo: list[Todo] = []
        self.current = spec_surface(spec)
        self.entries = [
            _Entry(group, node, self.current.operations[f"{node['method']} {node['path']}"])
            for group, nodes in (spec.get("endpoints") or {}).items()
            for node in nodes or ()
        ]
        self.used = _endpoint_uses(spec.get("methods") or {})
        self.named_enums: set[str] = set()  # the enums of the params the sync writes

    # ------------------------------------------------------------ files

    def file(self, node) -> _File:
        path = Path(node.file).resolve()
        if path not in self.files:
            text = path.read_text(encoding="utf-8")
            self.files[path] = _File(path, text, LineEdits(text))
        return self.files[path]

    def texts(self) -> dict[Path, str]:
        rendered = {path: file.edits.render() for path, file in self.files.items()}
        return {path: text for path, text in rendered.items() if text != self.files[path].original}

    # ------------------------------------------------------------ endpoints

    def endpoints(self) -> None:
        known = {entry.key for entry in self.entries}
        placed: list[tuple[str, tuple[str, str], list[str]]] = []
        for entry in self.entries:
            if entry.node.get("source"):
                continue
            new = self.new.operations.get(entry.key)
            if new is None:
                if not self.used.get(entry.key):
                    edits = self.file(entry.node).edits
                    edits.delete(entry.start, edits.block_end(entry.start))
                continue
            old = self.old.operations.get(entry.key, entry.operation)
            self.update_entry(entry, old, new)
            group = self.group_for(new) if bool(old.instruction) != bool(new.instruction) else entry.group
            if group != entry.group:
                edits = self.file(entry.node).edits
                placed.append((group, entry.sort_key, edits.take(entry.start, edits.block_end(entry.start))))
        for key, operation in self.new.operations.items():
            if key not in known and key not in self.old.operations:
                group = self.group_for(operation)
                placed.append((group, (operation.path, operation.method), self.render_entry(operation)))
        for group, sort_key, lines in sorted(placed, key=lambda item: item[:2]):
            self.place(group, sort_key, lines)

    def update_entry(self, entry: _Entry, old: Operation, new: Operation) -> None:
        current = entry.operation
        if old.response != new.response and current.response != new.response:
            self.set_key(entry, "response", scalar(new.response))
        if old.bodiless != new.bodiless and current.bodiless != new.bodiless:
            self.set_key(entry, "bodiless", flow_seq(_statuses(new.bodiless)) if new.bodiless else None)
        if old.instruction != new.instruction and current.instruction != new.instruction:
            self.set_key(entry, "instruction", scalar(new.instruction) if new.instruction else None)
        if old.summary != new.summary and current.summary != new.summary:
            self.set_key(entry, "summary", scalar(new.summary) if new.summary else None)
        old_doc, new_doc = _doc_section(self.old_raw, old), _doc_section(self.new_raw, new)
        if old_doc != new_doc and dict(entry.node.get("doc") or {}) != new_doc:
            self.set_key(entry, "doc", flow_map(new_doc) if new_doc else None)
        old_body, new_body = _body_kind(self.old_raw, old), _body_kind(self.new_raw, new)
        if old_body != new_body and entry.node.get("body") != new_body:
            self.set_key(entry, "body", new_body)
        self.update_params(entry, old, new)

    def set_key(self, entry: _Entry, key: str, text: str | None) -> None:
        """Give the entry's `key` the value `text` (None: remove it), where the entry's key order puts it."""
        edits = self.file(entry.node).edits
        if key in entry.node:
            line = entry.node.line_of(key)
            if text is None:
                edits.delete(line, edits.block_end(line))
            else:
                edits.replace(line, key_value_line(edits.line(line), key, text))
            return
        if text is None:
            return
        indent = " " * (indent_of(edits.line(entry.start)) + 2)
        new_line = f"{indent}{key}: {text}\n"
        later = [name for name in _ENTRY_KEYS[_ENTRY_KEYS.index(key) + 1 :] if name in entry.node]
        if later:
            edits.insert_before(min(entry.node.line_of(name) for name in later), [new_line])
        else:
            edits.insert_after(edits.block_end(entry.start), [new_line])

    def update_params(self, entry: _Entry, old: Operation, new: Operation) -> None:
        edits = self.file(entry.node).edits
        params = entry.node.get("params") or {}
        current = entry.operation.params
        removed = [name for name in params if name not in new.params]
        added = [name for name in new.params if name not in old.params and name not in params]
        for name in params:
            if name in new.params and name in old.params:
                mapping = _changed_param(dict(params[name]), old.params[name], new.params[name], current[name])
                if mapping is not None:
                    self.named_enums.update([new.params[name].enum] if new.params[name].enum else [])
                    line = params.line_of(name)
                    edits.replace(line, key_value_line(edits.line(line), str(name), flow_map(mapping)))
        kept = [name for name in params if name not in removed]
        if removed and not kept and not added:
            line = entry.node.line_of("params")
            edits.delete(line, edits.block_end(line))
            return
        for name in removed:
            edits.delete(params.line_of(name))
        if added:
            self.add_params(entry, new, added, kept)

    def add_params(self, entry: _Entry, new: Operation, added: list[str], kept: list[str]) -> None:
        """Insert each added param after the one the document puts before it."""
        edits = self.file(entry.node).edits
        params = entry.node.get("params")
        indent = " " * (indent_of(edits.line(entry.start)) + 4)
        lines = {name: f"{indent}{scalar(name)}: {flow_map(self.param_mapping(new.params[name]))}\n" for name in added}
        if params is None:
            edits.insert_after(edits.block_end(entry.start), [f"{indent[:-2]}params:\n", *lines.values()])
            return
        order = list(new.params)
        for name in added:
            before = [other for other in order[: order.index(name)] if other in kept]
            if before:
                edits.insert_after(params.line_of(before[-1]), [lines[name]])
            elif kept:
                edits.insert_before(params.line_of(kept[0]), [lines[name]])
            else:
                edits.insert_after(entry.node.line_of("params"), [lines[name]])

    def param_mapping(self, param: Param) -> dict:
        if param.enum:
            self.named_enums.add(param.enum)
        return _param_mapping(param)

    def group_for(self, operation: Operation) -> str:
        """The group whose endpoints are most like this one: signed or not, then the first path segment."""
        signed = bool(operation.instruction)
        segment = operation.path.split("/")[0]
        score: Counter = Counter()
        for entry in self.entries:
            if not entry.node.get("source") and bool(entry.operation.instruction) == signed:
                score[entry.group] += 1000 if entry.operation.path.split("/")[0] == segment else 1
        if score:
            return score.most_common(1)[0][0]
        signing = list((self.spec.get("signing") or {}).get("apis") or ())
        groups = list(self.spec.get("endpoints") or {})
        if signed and signing:
            return signing[0]
        return next((group for group in groups if group not in signing), groups[0] if groups else "public")

    def place(self, group: str, sort_key: tuple[str, str], lines: list[str]) -> None:
        """Insert an entry where the group's order puts it: sorted by path and method
        among the group's document endpoints when they are sorted, else after them."""
        endpoints = self.spec["endpoints"]
        edits = self.file(endpoints).edits
        members = [entry for entry in self.entries if entry.group == group]
        official = [entry for entry in members if not entry.node.get("source")]
        keys = [entry.sort_key for entry in official]
        if official and keys == sorted(keys):
            later = next((entry for entry in official if entry.sort_key > sort_key), None)
            if later is not None:
                edits.insert_before(edits.comments_above(later.start), lines)
                return
        if official:
            edits.insert_after(edits.block_end(official[-1].start), lines, inner=False)
        elif members:
            edits.insert_before(edits.comments_above(members[0].start), lines)
        else:
            self.add_group(group, lines)

    def add_group(self, group: str, lines: list[str]) -> None:
        """A group the file does not have yet, at the end of the endpoints."""
        endpoints = self.spec["endpoints"]
        edits = self.file(endpoints).edits
        first = next(iter(endpoints), None)
        indent = " " * indent_of(edits.line(endpoints.line_of(first))) if first is not None else "  "
        anchor = edits.block_end(self.spec.line_of("endpoints"))
        header = f"{indent}{group}:\n"
        if header not in edits.after_outer[anchor]:  # the group's first entry writes it
            edits.insert_after(anchor, [header], inner=False)
        edits.insert_after(anchor, lines, inner=False)

    def render_entry(self, operation: Operation) -> list[str]:
        """A new endpoint in the file's style: one key a line, params as flow mappings."""
        edits = self.file(self.spec["endpoints"]).edits
        sample = self.entries[0].start if self.entries else None
        dash = " " * (indent_of(edits.line(sample)) if sample else 4)
        key = dash + "  "
        lines = [
            f"{dash}- path: {scalar(operation.path)}\n",
            f"{key}method: {operation.method}\n",
            f"{key}response: {scalar(operation.response)}\n",
        ]
        if operation.bodiless:
            lines.append(f"{key}bodiless: {flow_seq(_statuses(operation.bodiless))}\n")
        if operation.instruction:
            lines.append(f"{key}instruction: {scalar(operation.instruction)}\n")
        lines.append(f"{key}cost: 1\n")
        if operation.summary:
            lines.append(f"{key}summary: {scalar(operation.summary)}\n")
        doc = _doc_section(self.new_raw, operation)
        if doc:
            lines.append(f"{key}doc: {flow_map(doc)}\n")
        if _body_kind(self.new_raw, operation):
            lines.append(f"{key}body: {_body_kind(self.new_raw, operation)}\n")
        if operation.params:
            lines.append(f"{key}params:\n")
            lines += [
                f"{key}  {scalar(name)}: {flow_map(self.param_mapping(param))}\n"
                for name, param in operation.params.items()
            ]
        return lines

    # ------------------------------------------------------------ enums

    def enums(self) -> None:
        enums = self.spec.get("enums")
        if enums is None:
            return
        edits = self.file(enums).edits
        for name, values in enums.items():
            line = enums.line_of(name)
            if name not in self.new.enums:
                if not self.enum_used(name):
                    edits.delete(line, edits.block_end(line))
                continue
            synced = _synced_values(list(values), self.old.enums.get(name, ()), self.new.enums[name])
            if synced != list(values):
                if not split_comment(edits.line(line))[0].rstrip().endswith("]"):
                    self.todo.append(
                        Todo(
                            _at(enums, name),
                            f"`{name}` is {flow_seq(synced)} now: write it as such (sync-openapi edits one-line lists only)",
                        )
                    )
                    continue
                edits.replace(line, key_value_line(edits.line(line), str(name), flow_seq(synced)))
        self.add_enums(enums, edits)

    def add_enums(self, enums: SpecMap, edits: LineEdits) -> None:
        """The enums that the params the sync wrote name and enums.yaml lacks, where its order puts them."""
        missing = sorted(name for name in self.named_enums if name not in enums and name in self.new.enums)
        names = list(enums)
        indent = " " * (indent_of(edits.line(enums.line_of(names[0]))) if names else 2)
        for name in missing:
            line = f"{indent}{scalar(name)}: {flow_seq(self.new.enums[name])}\n"
            later = next((other for other in names if other > name), None) if names == sorted(names) else None
            if later is not None:
                edits.insert_before(edits.comments_above(enums.line_of(later)), [line])
            elif names:
                edits.insert_after(edits.block_end(enums.line_of(names[-1])), [line], inner=False)
            else:
                edits.insert_after(enums.line, [line], inner=False)

    def enum_used(self, name: str) -> bool:
        """Whether a line of the synced spec, other than the enum's own, names the enum."""
        word = re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])")
        enums = self.spec["enums"]
        own = Path(enums.file).resolve()
        for path in sorted(self.spec_dir.glob("*.yaml")):
            path = path.resolve()
            if path == own:  # its edits move lines: read it as it was
                lines = [
                    line
                    for number, line in enumerate(self.files[own].original.splitlines(), 1)
                    if number != enums.line_of(name)
                ]
            else:
                lines = (
                    self.files[path].edits.render() if path in self.files else path.read_text(encoding="utf-8")
                ).splitlines()
            if any(word.search(split_comment(line)[0]) for line in lines):
                return True
        return False

    # ------------------------------------------------------------ error codes, unread, upstream

    def error_codes(self) -> None:
        """Drop the exact mappings of codes the document no longer has (new codes are to-do)."""
        errors = self.spec["errors"]
        if not self.codes or self.codes not in self.new.enums:
            return
        exact, on_paths = errors.get("exact") or {}, errors.get("on_paths") or {}
        edits = self.file(errors).edits
        for code in exact:
            if code in self.new.error_codes:
                continue
            if code in on_paths:
                self.todo.append(
                    Todo(
                        _at(on_paths, code),
                        f"`{code}` is no longer an error code of the document: drop it here and from errors.exact",
                    )
                )
            else:
                line = exact.line_of(code)
                edits.delete(line, edits.block_end(line))

    def unread(self) -> None:
        """Drop the `unread:` entries of properties the document no longer has."""
        unread = self.spec.get("unread")
        if not unread:
            return
        edits = self.file(unread).edits
        gone = {schema: self.gone_properties(schema, properties or {}) for schema, properties in unread.items()}
        if all(len(names) == len(unread[schema] or {}) for schema, names in gone.items()):
            line = self.spec.line_of("unread")
            edits.delete(line, edits.block_end(line))
            return
        for schema, names in gone.items():
            properties = unread[schema]
            if not names:
                continue
            if not _is_block(edits, unread, schema) or not all(_is_block(edits, properties, name) for name in names):
                message = "is gone from the document: drop it from unread"
                self.todo.extend(Todo(_at(properties, name), f"`{schema}.{name}` {message}") for name in names)
                continue
            for line in [unread.line_of(schema)] if len(names) == len(properties) else map(properties.line_of, names):
                edits.delete(line, edits.block_end(line))

    def gone_properties(self, schema: str, properties: dict) -> list[str]:
        known = self.new.schemas.get(schema)
        return [name for name in properties if known is None or name not in known.properties]

    def upstream(self, data: bytes, source: str, taken: str, renamed: str | None) -> None:
        upstream = self.spec["upstream"]
        edits = self.file(upstream).edits
        values = {"taken": json.dumps(taken), "sha256": hashlib.sha256(data).hexdigest()}
        if renamed is not None:
            values["openapi"] = scalar(renamed)
        if re.match(r"https?://", source) and source != upstream.get("url"):
            values["url"] = scalar(source)
        for key, text in values.items():
            if key in upstream:
                line = upstream.line_of(key)
                edits.replace(line, key_value_line(edits.line(line), key, text))
            else:
                indent = " " * indent_of(edits.line(upstream.line_of("openapi")))
                edits.insert_after(edits.block_end(upstream.line_of("openapi")), [f"{indent}{key}: {text}\n"])


# ---------------------------------------------------------------- the to-do


class _Todo:
    """What the synced spec still needs from a person, against the new document."""

    def __init__(self, spec: SpecMap, old: Surface, new: Surface):
        self.spec, self.old, self.new = spec, old, new
        self.uses = _endpoint_uses(spec.get("methods") or {})
        self.reads = fields_read(spec, new.schemas)

    def items(self) -> list[Todo]:
        return [
            *self.endpoints(),
            *self.method_endpoints(),
            *self.status_values(),
            *self.lost_fields(),
            *self.new_properties(),
            *self.error_codes(),
            *self.lost_enums(),
        ]

    def endpoints(self) -> list[Todo]:
        found = []
        for group, nodes in (self.spec.get("endpoints") or {}).items():
            for index, node in enumerate(nodes or ()):
                key = f"{node['method']} {node['path']}"
                if node.get("source") and key in self.new.operations:
                    found.append(
                        Todo(
                            _at(nodes, index),
                            f"`{key}` (source: {node['source']}) is in the document now: drop `source:` and follow the document's definition",
                        )
                    )
                elif not node.get("source") and key not in self.new.operations:
                    for method, where, _ in self.uses.get(key, ()):
                        found.append(
                            Todo(
                                where,
                                f"`{key}` is no longer in the document, and {method} uses it: change the method, or keep the endpoint with `source:` saying where it is documented",
                            )
                        )
        return found

    def method_endpoints(self) -> list[Todo]:
        """What changed under the methods: an endpoint in another group, params, the answer."""
        groups = {
            f"{group} {node['method']} {node['path']}"
            for group, nodes in (self.spec.get("endpoints") or {}).items()
            for node in nodes or ()
        }
        located = {ref.split(" ", 1)[1]: ref.split(" ", 1)[0] for ref in groups}
        found = []
        for key, uses in self.uses.items():
            for method, where, (ref, request) in uses:
                if ref not in groups and key in located:
                    found.append(
                        Todo(where, f"{method} names `{ref}`, and the endpoint is in `{located[key]}` now: name it so")
                    )
                old, new = self.old.operations.get(key), self.new.operations.get(key)
                if old is not None and new is not None:
                    found += [Todo(where, text) for text in _changes_under(method, request, old, new)]
        return found

    def status_values(self) -> list[Todo]:
        statuses = self.spec.get("statuses") or {}
        reads = {(read.where, read.path): read for read in self.reads}
        found, seen = [], set()
        for where, raw, table in _status_mappings(self.spec.get("structures") or {}):
            read = reads.get((where, tuple(raw.split("."))))
            if read is None or read.missing or not read.chain or table not in statuses:
                continue
            schema, name = read.chain[-1]
            enum = self.new.schemas[schema].properties[name].ref
            for value in (
                self.new.enums.get(enum, ()) if self.new.schemas[schema].properties[name].type == "enum" else ()
            ):
                if value not in statuses[table]["values"] and (table, value) not in seen:
                    seen.add((table, value))
                    found.append(
                        Todo(
                            _at(statuses, table),
                            f"map `{value}` (a value of {enum}, read at {where}) in statuses.yaml table `{table}`",
                        )
                    )
        return found

    def lost_fields(self) -> list[Todo]:
        found = []
        for read in self.reads:
            if read.missing:
                schema, name = read.missing
                had = name in getattr(self.old.schemas.get(schema), "properties", {})
                found.append(
                    Todo(
                        read.where,
                        f"{read.structure} reads `{'.'.join(read.path)}`, which {schema} {'no longer has' if had else 'does not have'}",
                    )
                )
        return found

    def new_properties(self) -> list[Todo]:
        """Properties the document added to the schemas the structures parse, neither read nor listed as unread."""
        unread = self.spec.get("unread") or {}
        read = {pair for item in self.reads for pair in item.chain}
        where: dict[str, str] = {}
        for item in self.reads:
            for schema in [item.schema, *(pair[0] for pair in item.chain)]:
                where.setdefault(schema, item.where)
        where.update(_from_lines(self.spec.get("structures") or {}))
        found = []
        for schema in sorted(where):
            known, before = self.new.schemas.get(schema), self.old.schemas.get(schema)
            for name in known.properties if known else ():
                new = before is None or name not in before.properties
                if new and (schema, name) not in read and name not in (unread.get(schema) or {}):
                    text = f"map it in structures.yaml or list it under `unread: {schema}` with a reason"
                    found.append(Todo(where[schema], f"`{schema}.{name}` is new in the document: {text}"))
        return found

    def error_codes(self) -> list[Todo]:
        errors = self.spec["errors"]
        exact = errors.get("exact") or {}
        codes = errors.get("codes")
        if codes and codes not in self.new.enums:
            return [Todo(_at(errors, "codes"), f"the document has no enum `{codes}`: name the enum of its error codes")]
        return [
            Todo(
                _at(errors, "exact"),
                f"`{code}` has no ccxt exception: map it in errors.exact (until then the message and HTTP status tables classify it)",
            )
            for code in self.new.error_codes
            if code not in exact
        ]

    def lost_enums(self) -> list[Todo]:
        enums = self.spec.get("enums") or {}
        return [
            Todo(
                _at(enums, name),
                f"`{name}` is no longer in the document, but the spec still uses it: drop those uses, then the enum",
            )
            for name in enums
            if name not in self.new.enums
        ]


# ---------------------------------------------------------------- helpers


def _endpoint_uses(methods: dict) -> dict[str, list[tuple[str, str, tuple[str, dict]]]]:
    """Endpoint ("GET api/v1/x") -> (method, file:line, (reference, request params)) of each method that uses it."""
    uses: dict[str, list] = {}

    def walk(method: str, node, request: dict) -> None:
        if isinstance(node, dict):
            request = dict(node.get("request") or request)  # a history endpoint is sent its method's request
            ref = node.get("endpoint")
            if isinstance(ref, str) and len(ref.split()) == 3:
                key = " ".join(ref.split()[1:])
                uses.setdefault(key, []).append((method, _at(node, "endpoint"), (" ".join(ref.split()), request)))
            for value in node.values():
                walk(method, value, request)
        elif isinstance(node, list):
            for value in node:
                walk(method, value, request)

    for name, method in methods.items():
        walk(name, method, {})
    return uses


def _changes_under(method: str, request: dict, old: Operation, new: Operation) -> list[str]:
    """What a method that sends `request` to an endpoint must look at, now that `old` is `new`."""
    found = []
    for name, param in new.params.items():
        was = old.params.get(name)
        if param.required and not (was and was.required) and name not in request:
            found.append(f"`{new.key}` requires `{name}` now: {method} must send it (request: {name})")
    for name in request:
        if name in old.params and name not in new.params:
            found.append(f"`{new.key}` no longer takes `{name}`, which {method} sends: drop it from the request")
    if old.response != new.response:
        found.append(f"`{new.key}` answers `{new.response}` now (was `{old.response}`): check what {method} parses")
    if old.bodiless != new.bodiless:
        statuses = ", ".join(new.bodiless) or "no status"
        found.append(
            f"`{new.key}` answers without a body on {statuses} now (was {', '.join(old.bodiless) or 'none'}): check {method}"
        )
    return found


def _status_mappings(node):
    """(file:line, raw field, status table) of each field mapping that names a status table."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict) and isinstance(value.get("status"), str) and isinstance(value.get("field"), str):
                yield _at(node, key), value["field"], value["status"]
            else:
                yield from _status_mappings(value)


def _from_lines(node) -> dict[str, str]:
    """Schema -> the file:line of the first `from:` that names it."""
    found: dict[str, str] = {}
    if isinstance(node, dict):
        if isinstance(node.get("from"), str):
            found[node["from"]] = _at(node, "from")
        for value in node.values():
            for schema, where in _from_lines(value).items():
                found.setdefault(schema, where)
    return found


def _statuses(statuses: tuple[str, ...]) -> list:
    return [int(status) if status.isdigit() else status for status in statuses]


def _param_mapping(param: Param) -> dict:
    mapping: dict = {"type": param.type}
    if param.enum:
        mapping["items" if param.type == "array" else "enum"] = param.enum
    elif param.values:
        mapping["values"] = list(param.values)
    if param.required:
        mapping["required"] = True
    return mapping


def _changed_param(mapping: dict, old: Param, new: Param, current: Param) -> dict | None:
    """The spec's param with what changed between the two documents, or None if nothing did."""
    changed = False
    if old.type != new.type and current.type != new.type:
        mapping["type"], changed = new.type, True
    if old.required != new.required and current.required != new.required:
        mapping.pop("required", None)
        if new.required:
            mapping["required"] = True
        changed = True
    if old.enum != new.enum and current.enum != new.enum:
        mapping.pop("enum", None)
        mapping.pop("items", None)
        if new.enum:
            mapping["enum"] = new.enum
        changed = True
    if old.values != new.values and current.values != new.values:
        mapping.pop("values", None)
        if new.values:
            mapping["values"] = list(new.values)
        changed = True
    if not changed:
        return None
    enum = mapping.pop("enum", None) or mapping.pop("items", None)
    if enum:
        mapping["items" if mapping["type"] == "array" else "enum"] = enum
    known = [key for key in _PARAM_KEYS if key in mapping]
    return {key: mapping[key] for key in known + [key for key in mapping if key not in _PARAM_KEYS]}


def _synced_values(current: list, old: tuple, new: tuple) -> list:
    """The spec's values of an enum, less those the document dropped, plus those it added
    (each after the value the document puts before it)."""
    values = [value for value in current if value in new]
    for index, value in enumerate(new):
        if value in values or value in old:
            continue
        before = [other for other in new[:index] if other in values]
        values.insert(values.index(before[-1]) + 1 if before else 0, value)
    return values


def _raw_operation(document: dict, operation: Operation) -> dict:
    item = (
        (document.get("paths") or {}).get("/" + operation.path)
        or (document.get("paths") or {}).get(operation.path)
        or {}
    )
    method = operation.method.lower()
    return (item.get(method) or {}) if method in HTTP_METHODS else {}


def _doc_section(document: dict, operation: Operation) -> dict:
    """The endpoint's section of the API docs: its first tag and its operationId."""
    raw = _raw_operation(document, operation)
    section = {}
    if raw.get("tags"):
        section["tag"] = str(raw["tags"][0]).replace(" ", "-")
    if raw.get("operationId"):
        section["operation"] = str(raw["operationId"])
    return section


def _body_kind(document: dict, operation: Operation) -> str | None:
    """`list` when the request body is an array (a batch)."""
    body = _raw_operation(document, operation).get("requestBody") or {}
    for content in (body.get("content") or {}).values():
        schema = (content or {}).get("schema") or {}
        if "$ref" in schema:
            schema = ((document.get("components") or {}).get("schemas") or {}).get(
                schema["$ref"].rsplit("/", 1)[-1], {}
            )
        return "list" if schema.get("type") == "array" else None
    return None


def _is_block(edits: LineEdits, container, key) -> bool:
    """Whether `key` of `container` has a line of its own (not a flow mapping's part)."""
    content = split_comment(edits.line(container.line_of(key)))[0].strip()
    return content.startswith((f"{key}:", f'"{key}":', f"'{key}':", f"- {key}:"))


def _load_sections(
    spec_dir: Path, texts: dict[Path, str] | None = None, parsed: dict[Path, SpecMap] | None = None
) -> SpecMap:
    """The spec's top-level sections, as loader.load_spec_dir reads them but without the
    fixtures, which the sync neither reads nor edits. `texts` stands in for files on disk;
    `parsed` keeps each file's document, so that a second load parses only the edited files."""
    parsed = {} if parsed is None else parsed
    documents = []
    for path in spec_files(spec_dir):
        label = file_label(path)
        text = (texts or {}).get(path.resolve())
        if text is not None:
            document = _parse_synced(text, label)
        elif path.resolve() in parsed:
            document = parsed[path.resolve()]
        else:
            document = parsed[path.resolve()] = load_yaml(path, label)
        documents.append((label, document))
    return merge_sections(spec_dir, documents)


def _parse_synced(text: str, label: str):
    try:
        return parse_cached(text, label)  # what builds the synced spec in this process (a test) loads it again
    except SpecError as error:
        raise EditConflict(f"the synced {label} is not YAML: {error}") from None


def _at(container, key) -> str:
    return f"{getattr(container, 'file', '?')}:{container.line_of(key) if hasattr(container, 'line_of') else 0}"


def _sorted(todo: list[Todo]) -> list[Todo]:
    def position(item: Todo):
        file, _, line = item.where.rpartition(":")
        return (file, int(line) if line.isdigit() else 0)

    unique = list(dict.fromkeys(todo))
    return sorted(unique, key=position)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------- the command


def run(document: str, spec_dir: Path, dry_run: bool = False, taken: str | None = None) -> int:
    """Sync the spec with `document`; 0 nothing left to do, 1 a to-do, 2 an error (nothing written), 3 a bug."""
    out, err = sys.stdout, sys.stderr
    try:
        data = read_document(document)
        result = sync_spec(spec_dir, data, document, taken)
    except (SpecError, SpecErrors) as error:
        print(f"spec error:\n{error}" if isinstance(error, SpecErrors) else f"spec error: {error}", file=err)
        print("nothing was written.", file=err)
        return 2
    except SyncError as error:
        print(f"error: {error}", file=err)
        print("nothing was written.", file=err)
        return 2
    except EditConflict as error:
        print(f"generator bug: {error}", file=err)
        print("nothing was written.", file=err)
        return 3
    if dry_run:
        diff = result.diff()
        print(diff if diff else "no change to the spec.\n", end="", file=out)
    else:
        for path in result.write():
            print(f"updated {file_label(path)}", file=out)
        if result.replaced is not None and result.snapshot_bytes is not None:
            print(f"removed {file_label(result.replaced)} (the document came in the other format)", file=out)
        if not result.texts and result.snapshot_bytes is None:
            print("the spec follows the document already.", file=out)
    return _print_todo(result.todo, out)


def _print_todo(todo: list[Todo], out) -> int:
    if not todo:
        print("nothing to do by hand: run `make generate` and `make test`.", file=out)
        return 0
    print(f"\nto do by hand ({len(todo)}), then `make generate` and `make test`:", file=out)
    for item in todo:
        print(f"  {item}", file=out)
    return 1
