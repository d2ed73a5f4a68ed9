"""The spec checked against its upstream OpenAPI document, at generate time.

When the spec has an `upstream` section, `check_upstream` loads the document it names
(relative to the spec directory), verifies its sha256 and reports, each with file, line
and key, whatever the spec says that the document does not: an endpoint, a parameter, an
enum or enum value, an error code, an instruction or an answer, and a raw field a
structure reads that the answer schema lacks. What the spec knows from elsewhere it says
so, with its source: `source:` on an endpoint, `upstream:` on a parameter, and the
section's `enum_sources`, `enums_left_out` and `unlisted` lists.

Coverage: every property of every answer schema the structures parse is read, or listed
under `unread:` with a reason. An unlisted property is drift; a listed one that the schema
lacks or that a structure reads is a stale entry. `coverage` gives the counts per schema.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


from . import cache, openapi
from .cache import source_digest
from .errors import SpecError
from .openapi import DocumentError, parse_document, FieldRead, Operation, Param, Surface, _spec_operation, document_surface, fields_read, schema_names
from .schema import Where

_DIGESTS: dict[tuple, str] = {}  # (resolved path, size, mtime_ns) -> sha256 of the file
_SURFACES: dict[tuple, Surface] = {}  # (sha256, error enum) -> the document's surface


class DocumentProblem(Exception):
    """The upstream document cannot be read as an OpenAPI document."""


@dataclass(frozen=True)
class Upstream:
    path: Path
    sha256: str
    surface: Surface


def load_upstream(spec) -> Upstream:
    """The upstream document the spec's `upstream` section names, read once per content in a process."""
    section = spec["upstream"]
    at = _root(spec).child(spec, "upstream").child(section, "openapi")
    path = Path(getattr(spec, "spec_dir", ".")) / section["openapi"]
    error_enum = (spec.get("errors") or {}).get("codes")
    try:
        digest, surface = _document(path, error_enum)
    except DocumentProblem as problem:
        raise at.error(f"{section['openapi']}: {problem}") from None
    return Upstream(path, digest, surface)


def _document(path: Path, error_enum: str | None) -> tuple[str, Surface]:
    """The sha256 and the surface of a document. Parsing costs a fifth of a second, so a
    file is hashed once per (path, size, mtime) and parsed once per content: a copy of the
    spec (the tests make many) costs a read and a hash."""
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        data = None if key in _DIGESTS else path.read_bytes()
    except OSError as error:
        raise DocumentProblem(f"cannot read the upstream document: {error.strerror}") from None
    digest = _DIGESTS.get(key) or hashlib.sha256(data).hexdigest()
    surface = _SURFACES.get((digest, error_enum))
    if surface is None:
        key = f"{digest}-{error_enum}-{source_digest(openapi)}"  # the reader's code is part of the key
        surface = cache.load("openapi", key)
        if surface is None:
            try:
                surface = document_surface(_parsed(data if data is not None else path.read_bytes()), error_enum)
            except DocumentError as error:
                raise DocumentProblem(str(error)) from None
            cache.store("openapi", key, surface, keep=128)  # the snapshot's, and the tests' changed documents
        _SURFACES[(digest, error_enum)] = surface
    _DIGESTS[key] = digest
    return digest, surface


def _parsed(data: bytes) -> dict:
    try:
        return parse_document(data)
    except DocumentError as error:
        raise DocumentProblem(str(error)) from None


def check_upstream(spec) -> list[SpecError]:
    """Every problem of the spec against its upstream document; none when it has no upstream section."""
    if "upstream" not in spec:
        if spec.get("unread"):
            return [_root(spec).child(spec, "unread").error("lists properties of upstream schemas, but the spec has no upstream section")]
        return []
    try:
        upstream = load_upstream(spec)
    except SpecError as error:
        return [error]
    check = _Check(spec, upstream.surface)
    check.digest(upstream)
    check.endpoints()
    check.enums()
    check.error_codes()
    check.schemas_from()
    check.stale_unlisted(check.fields())
    check.unread_properties()
    return check.errors


# ---------------------------------------------------------------- coverage


@dataclass
class SchemaCoverage:
    """How much of an answer schema the structures account for."""

    schema: str
    properties: tuple[str, ...]  # the document's
    read: set[str] = field(default_factory=set)
    unread: set[str] = field(default_factory=set)  # listed under `unread:` (those the schema has, and no structure reads)
    place: tuple[str, int, str] = ("?", 0, "")  # file, line and key of the spec that first parses it

    @property
    def neither(self) -> tuple[str, ...]:
        return tuple(name for name in self.properties if name not in self.read and name not in self.unread)


def coverage(spec) -> list[SchemaCoverage]:
    """Per answer schema the structures parse: its properties read, listed as unread, or neither."""
    upstream = load_upstream(spec)
    return list(_Check(spec, upstream.surface).covered().values())


# ---------------------------------------------------------------- the checks


class _Check:
    def __init__(self, spec, surface: Surface):
        self.spec = spec
        self.surface = surface
        self.root = _root(spec)
        self.section = spec["upstream"]
        self.errors: list[SpecError] = []
        self.reads: list[FieldRead] = fields_read(spec, surface.schemas)

    def at(self, *keys) -> Where:
        """The location of spec[keys[0]][keys[1]]..."""
        node, container = self.root, self.spec
        for key in keys:
            node = node.child(container, key)
            container = container[key] if isinstance(container, (dict, list)) else None
        return node

    def error(self, where: Where, message: str) -> None:
        self.errors.append(where.error(message))

    def digest(self, upstream: Upstream) -> None:
        recorded = self.section.get("sha256")
        if recorded is not None and recorded.lower() != upstream.sha256:
            self.error(
                self.at("upstream", "sha256"),
                f"{self.section['openapi']} has sha256 {upstream.sha256}, not the one recorded here: "
                "run `python -m generator sync-openapi <document>` to take a new document, or update the hash to the file's",
            )

    # --- endpoints -------------------------------------------------------------

    def endpoints(self) -> None:
        for api, entries in (self.spec.get("endpoints") or {}).items():
            for index, entry in enumerate(entries or ()):
                self.endpoint(entry, self.at("endpoints", api, index))

    def endpoint(self, entry, at: Where) -> None:
        ours = _spec_operation(entry, "")
        theirs = self.surface.operations.get(ours.key)
        if theirs is None:
            if not entry.get("source"):
                self.error(at, f"{ours.key} is not in the upstream document; an endpoint from elsewhere says where with `source:`")
            return
        if entry.get("source"):
            self.error(at.child(entry, "source"), f"{ours.key} is in the upstream document now: drop `source:`")
        self.params(entry, at, ours, theirs)
        if ours.instruction != theirs.instruction:
            expected = f"`{theirs.instruction}`" if theirs.instruction else "none"
            where = at.child(entry, "instruction") if "instruction" in entry else at
            self.error(where, f"the upstream instruction of {ours.key} is {expected}, not {_shown(ours.instruction)}")
        if "response" in entry and ours.response != theirs.response:
            self.error(at.child(entry, "response"), f"{ours.key} answers {theirs.response} upstream, not {ours.response}")

    def params(self, entry, at: Where, ours: Operation, theirs: Operation) -> None:
        params = entry.get("params") or {}
        left_out = self.section.get("enums_left_out") or {}
        for name, param in params.items():
            where = at.child(entry, "params").child(params, name)
            marked = isinstance(param, dict) and "upstream" in param
            upstream = theirs.params.get(name)
            if upstream is None:
                if not marked:
                    self.error(where, f"{ours.key} has no parameter `{name}` upstream; one from elsewhere says where with `upstream:`")
                continue
            differences = _param_differences(ours.params[name], upstream, left_out)
            if differences and not marked:
                self.error(where, f"differs from the upstream parameter: {'; '.join(differences)} (a deliberate difference says why with `upstream:`)")
            elif marked and not differences:
                self.error(where.child(param, "upstream"), "the parameter is as the upstream document has it now: drop `upstream:`")

    # --- enums and error codes -----------------------------------------------------

    def enums(self) -> None:
        enums = self.spec.get("enums") or {}
        sources = self.section.get("enum_sources") or {}
        for name, values in enums.items():
            theirs = self.surface.enums.get(name)
            if name in sources:
                if theirs is not None and all(value in theirs for value in values):
                    self.error(self.at("upstream", "enum_sources", name), f"the upstream enum {name} has every value now: drop it from here")
                continue
            if theirs is None:
                self.error(self.at("enums", name), f"the upstream document has no enum {name}; one from elsewhere says where in upstream.enum_sources")
                continue
            for index, value in enumerate(values):
                if value not in theirs:
                    self.error(self.at("enums", name, index), f"{value!r} is not a value of the upstream enum {name}; values from elsewhere say where in upstream.enum_sources")
        for name in sources:
            if name not in enums:
                self.error(self.at("upstream", "enum_sources", name), f"the spec has no enum {name}")
        for name in self.section.get("enums_left_out") or {}:
            if name not in self.surface.enums:
                self.error(self.at("upstream", "enums_left_out", name), f"the upstream document has no enum {name}")
            elif name in enums:
                self.error(self.at("upstream", "enums_left_out", name), f"the spec has the enum {name}: it is not left out")

    def error_codes(self) -> None:
        errors = self.spec.get("errors") or {}
        enum = errors.get("codes")
        if enum is None:
            return
        if enum not in self.surface.enums:
            self.error(self.at("errors", "codes"), f"the upstream document has no enum {enum}")
            return
        for table in ("exact", "on_paths"):
            for code in errors.get(table) or {}:
                if code not in self.surface.error_codes:
                    self.error(self.at("errors", table, code), f"{code!r} is not an upstream error code ({enum}); texts within messages belong in errors.broad")

    # --- what the structures read ------------------------------------------------

    def fields(self) -> set[tuple[str, str]]:
        """Each raw field read is in its schema, or in `unlisted` with the evidence that the API sends
        it; returns the (schema, property) pairs of `unlisted` that excuse a read."""
        unlisted = self.section.get("unlisted") or {}
        used = set()
        by_place: dict[tuple, list[FieldRead]] = {}
        for read in self.reads:
            if read.missing is not None:
                by_place.setdefault((read.key, read.where, read.path), []).append(read)
        unchecked = set()
        for reads in by_place.values():
            first = reads[0]
            if not first.chain and first.schema not in self.surface.schemas:
                # no schema to read from: reported once per structure; a `from` the document lacks at
                # the `from`; a method's answer that is no object (or not the document's) at its response
                if first.schema == "?" and first.key.startswith("structures."):
                    unchecked.add(first.structure)
                continue
            excused = [read.missing for read in reads if read.missing[1] in unlisted.get(read.missing[0], {})]
            used.update(excused)
            if not excused:
                self.errors.append(_missing_field(reads))
        for label in sorted(unchecked):
            self.error(self.at("structures", *label.split(".")), "names no upstream answer schema: `from:` says which, so that what it reads is checked")
        return used

    def stale_unlisted(self, used: set[tuple[str, str]]) -> None:
        """An `unlisted` property the schema has now, or that no structure reads."""
        for schema, properties in (self.section.get("unlisted") or {}).items():
            for name in properties:
                where = self.at("upstream", "unlisted", schema, name)
                known = self.surface.schemas.get(schema)
                if known is not None and name in known.properties:
                    self.error(where, f"the upstream schema {schema} lists `{name}` now: drop it from here")
                elif (schema, name) not in used:
                    self.error(where, f"no structure reads `{name}` of {schema}")

    def schemas_from(self) -> None:
        """Reports each `from` that names no object schema of the document."""
        for where, names in _froms(self.spec.get("structures") or {}, self.at("structures")):
            for name in names:
                if name not in self.surface.schemas:
                    what = "an enum, not an object schema" if name in self.surface.enums else "no schema of that name"
                    self.error(where, f"the upstream document has {what}: {name}")

    def covered(self) -> dict[str, SchemaCoverage]:
        """The schemas the structures parse (their `from` and those their reads walk through)."""
        found: dict[str, SchemaCoverage] = {}
        unread = self.spec.get("unread") or {}

        def add(name: str, place: tuple[str, int, str]) -> SchemaCoverage | None:
            schema = self.surface.schemas.get(name)
            if schema is None:
                return None
            if name not in found:
                listed = set(unread.get(name) or ()) & set(schema.properties)
                found[name] = SchemaCoverage(name, tuple(schema.properties), unread=listed, place=place)
            return found[name]

        for where, names in _froms(self.spec.get("structures") or {}, self.at("structures")):
            for name in names:
                add(name, (where.file, where.line, where.path))
        for read in self.reads:
            for schema, name in read.chain:
                add(schema, _place(read)).read.add(name)
        for schema in found.values():
            schema.unread -= schema.read  # listed though read: a stale entry, counted as read
        return dict(sorted(found.items()))

    def unread_properties(self) -> None:
        """Every property of a parsed schema is read or listed as unread; an entry of `unread` that the
        schema lacks or that a structure reads is stale."""
        covered = self.covered()
        for schema in covered.values():
            for name in schema.neither:
                self.errors.append(
                    SpecError(
                        *schema.place,
                        f"the upstream schema {schema.schema} has `{name}`, which no structure reads and unread.{schema.schema} does not list "
                        "(new properties are drift: map it, or list it under unread with the reason it is not read)",
                    )
                )
        unread = self.spec.get("unread") or {}
        for schema, properties in unread.items():
            known = self.surface.schemas.get(schema)
            if schema not in covered:
                what = "no structure parses" if known is not None else "the upstream document has no"
                self.error(self.at("unread", schema), f"{what} schema {schema}: a stale entry")
                continue
            for name in properties:
                where = self.at("unread", schema, name)
                if name not in known.properties:
                    self.error(where, f"the upstream schema {schema} has no `{name}`: a stale entry")
                elif name in covered[schema].read:
                    reader = next(read for read in self.reads if (schema, name) in read.chain)
                    self.error(where, f"{reader.key} ({reader.where}) reads it: a stale entry")


def _param_differences(ours: Param, theirs: Param, left_out: dict) -> list[str]:
    """How a spec parameter differs from the document's; an enum the spec leaves out is a plain value."""
    found = []
    if ours.type != theirs.type:
        found.append(f"type {theirs.type} upstream, {ours.type} here")
    if ours.required != theirs.required:
        found.append("required upstream, optional here" if theirs.required else "optional upstream, required here")
    their_enum = None if theirs.enum in left_out else theirs.enum
    if ours.enum != their_enum:
        found.append(f"enum {their_enum or 'none'} upstream, {ours.enum or 'none'} here")
    if set(ours.values) != set(theirs.values):
        found.append(f"values {list(theirs.values) or 'none'} upstream, {list(ours.values) or 'none'} here")
    return found


def _missing_field(reads: list[FieldRead]) -> SpecError:
    first = reads[0]
    schemas = ", ".join(dict.fromkeys(read.missing[0] for read in reads))
    name = first.missing[1]
    if first.missing[0] == "?":  # the path goes on below a property that holds no object
        schema, property = first.chain[-1]
        message = f"`{property}` of the upstream schema {schema} is not an object: it has no `{name}`"
    else:
        message = f"the upstream schema{'s' if len(reads) > 1 else ''} {schemas} {'have' if len(reads) > 1 else 'has'} no property `{name}`"
    if len(first.path) > 1:
        message += f" (reading {'.'.join(first.path)} from {first.schema})"
    return SpecError(*_place(first), message)


def _froms(node, at: Where):
    """(location, schema names) of each `from` in the structures, shapes and nested mappings."""
    if not isinstance(node, dict):
        return
    if "from" in node:
        yield at.child(node, "from"), schema_names(node["from"])
    for key, child in node.items():
        if key not in ("fields", "kinds", "level", "map") and isinstance(child, dict):
            yield from _froms(child, at.child(node, key))


def _place(read: FieldRead) -> tuple[str, int, str]:
    """The file, line and key of the spec that reads a field."""
    file, _, line = read.where.rpartition(":")
    return file, int(line) if line.isdigit() else 0, read.key


def _root(spec) -> Where:
    return Where(spec, None, "")


def _shown(instruction: str | None) -> str:
    return f"`{instruction}`" if instruction else "none"
