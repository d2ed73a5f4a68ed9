"""An API as the generator compares it: operations, named enums and answer schemas.

Two readers give the same `Surface`. `document_surface` reads an OpenAPI 3 document
(the upstream snapshot kept beside the spec, or a newer copy of it); `spec_surface`
reads the spec's endpoints, enums and error table. The generate-time check, the drift
report and `sync-openapi` all compare two surfaces. `fields_read` lists the answer
properties the spec's structures read, each with the file:line that reads it.

Parameter types use the spec's words (string, decimal, integer, number, boolean,
array, object) and answers the spec's notation (`Name`, `Name[]`, `map<Name>`, `text`,
`empty`, `object`), so a document and a spec compare value for value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
_INSTRUCTION = re.compile(r"\*\*(?:Batch commands )?[Ii]nstruction:\*\*\s*`(\w+)`")
_REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Param:
    """A query or body parameter of an operation."""

    name: str
    type: str  # string, decimal, integer, number, boolean, array, object
    required: bool = False
    enum: str | None = None  # the named enum its value (an array's items) comes from
    values: tuple = ()  # the values it takes when they are listed inline
    where: str = ""  # spec side: file:line

    def signature(self) -> tuple:
        """What a change to the parameter is measured on."""
        return (self.type, self.required, self.enum, self.values)


@dataclass(frozen=True)
class Operation:
    """One HTTP method on one path."""

    method: str  # GET, POST, ...
    path: str  # without the leading slash: v1/items
    params: dict[str, Param] = field(default_factory=dict, hash=False)
    instruction: str | None = None  # the signed action, for signed requests
    response: str = "empty"  # the answer: Name, Name[], map<Name>, text, empty, object
    bodiless: tuple[str, ...] = ()  # the 2xx statuses that answer without a body
    summary: str = ""
    source: str | None = None  # spec side: where an endpoint the document lacks comes from
    where: str = ""  # spec side: file:line

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Property:
    """A property of an answer schema, and the schema its value is made of, if any."""

    name: str
    type: str  # the spec's parameter words, or `enum`
    ref: str | None = None  # the schema of an object, of an array's items or of a map's values
    required: bool = False


@dataclass
class Schema:
    name: str
    properties: dict[str, Property] = field(default_factory=dict)


@dataclass
class Surface:
    operations: dict[str, Operation] = field(default_factory=dict)  # "GET v1/items" -> Operation
    enums: dict[str, tuple] = field(default_factory=dict)  # enum name -> its values
    schemas: dict[str, Schema] = field(default_factory=dict)  # object schemas by name
    error_codes: tuple[str, ...] = ()


# ---------------------------------------------------------------- an OpenAPI document


def document_surface(document: dict, error_enum: str | None = None) -> Surface:
    """The operations, enums and object schemas of an OpenAPI 3 document.

    `error_enum` names the enum of the API's error codes (the spec's errors.codes).
    """
    schemas = (document.get("components") or {}).get("schemas") or {}
    reader = _DocumentReader(schemas)
    surface = Surface()
    for name, schema in schemas.items():
        if "enum" in schema:
            surface.enums[name] = tuple(schema["enum"])
        else:
            surface.schemas[name] = Schema(name, reader.properties(schema))
    for path, item in (document.get("paths") or {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                found = reader.operation(method.upper(), path.lstrip("/"), operation, item.get("parameters") or [])
                surface.operations[found.key] = found
    if error_enum:
        surface.error_codes = surface.enums.get(error_enum, ())
    return surface


class _DocumentReader:
    def __init__(self, schemas: dict):
        self.schemas = schemas

    def operation(self, method: str, path: str, operation: dict, shared_params: list) -> Operation:
        params = {}
        for param in [*shared_params, *(operation.get("parameters") or [])]:
            param = self.resolve(param)
            if param.get("in") in ("query", "path"):
                params[param["name"]] = self.param(param["name"], param.get("schema") or {}, bool(param.get("required")))
        params.update(self.body_params(operation.get("requestBody")))
        description = operation.get("description") or ""
        instruction = _INSTRUCTION.search(description)
        response, bodiless = self.answer(operation.get("responses") or {})
        return Operation(
            method,
            path,
            params,
            instruction.group(1) if instruction else None,
            response,
            bodiless,
            (operation.get("summary") or "").strip(),
        )

    def body_params(self, body: dict | None) -> dict[str, Param]:
        schema = self.content_schema(body or {})
        if schema is None:
            return {}
        schema = self.resolve(schema)
        if schema.get("type") == "array":  # a batch: each item carries the parameters
            schema = self.resolve(schema.get("items") or {})
        required = set(schema.get("required") or ())
        return {name: self.param(name, value, name in required) for name, value in self.flat_properties(schema).items()}

    def answer(self, responses: dict) -> tuple[str, tuple[str, ...]]:
        """The answer of the first successful status with a body, and the statuses without one."""
        response, bodiless = "empty", []
        for status, answer in sorted(responses.items(), key=lambda item: str(item[0])):
            if not str(status).startswith("2"):
                continue
            schema = self.content_schema(self.resolve(answer))
            if schema is None:
                bodiless.append(str(status))
            elif response == "empty":
                response = self.answer_notation(schema)
        return response, tuple(bodiless)

    def answer_notation(self, schema: dict) -> str:
        name = _ref_name(schema)
        if name:
            return name
        if schema.get("type") == "array":
            item = _ref_name(schema.get("items") or {})
            return f"{item}[]" if item else "object"
        if isinstance(schema.get("additionalProperties"), dict) and _ref_name(schema["additionalProperties"]):
            return f"map<{_ref_name(schema['additionalProperties'])}>"
        if schema.get("type") == "string":
            return "text"
        return "object"

    def param(self, name: str, schema: dict, required: bool) -> Param:
        enum = self.enum_name(schema)
        kind = self.kind(schema)
        if kind == "array":
            enum = self.enum_name(schema.get("items") or {})
        inline = tuple(schema.get("enum") or ()) if not enum else ()
        return Param(name, kind, required, enum, inline)

    def kind(self, schema: dict) -> str:
        """The spec's word for a value's type."""
        target = self.resolve(_unwrap(schema))
        kind = target.get("type")
        if kind == "string":
            return "decimal" if target.get("format") == "decimal" else "string"
        if kind in ("integer", "number", "boolean", "array"):
            return kind
        return "object"

    def enum_name(self, schema: dict) -> str | None:
        name = _ref_name(_unwrap(schema))
        return name if name and "enum" in self.schemas.get(name, {}) else None

    def properties(self, schema: dict) -> dict[str, Property]:
        required = set(schema.get("required") or ())
        found = {}
        for name, value in self.flat_properties(schema).items():
            unwrapped = _unwrap(value)
            ref = _ref_name(unwrapped)
            if ref and "enum" in self.schemas.get(ref, {}):
                found[name] = Property(name, "enum", ref, name in required)
                continue
            target = self.resolve(unwrapped)
            inner = _ref_name(target.get("items") or {}) or _ref_name(target.get("additionalProperties") or {})
            found[name] = Property(name, self.kind(unwrapped), ref or inner, name in required)
        return found

    def flat_properties(self, schema: dict) -> dict[str, dict]:
        """A schema's properties, with those of its allOf parts and anyOf/oneOf variants."""
        schema = self.resolve(schema)
        found = dict(schema.get("properties") or {})
        for part in (*(schema.get("allOf") or ()), *(schema.get("anyOf") or ()), *(schema.get("oneOf") or ())):
            for name, value in self.flat_properties(part).items():
                found.setdefault(name, value)
        return found

    def content_schema(self, holder: dict) -> dict | None:
        for content in (holder.get("content") or {}).values():
            if isinstance(content, dict) and content.get("schema"):
                return content["schema"]
        return None

    def resolve(self, node: dict) -> dict:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 20:
            node = self.schemas.get(_ref_name(node), {}) if node["$ref"].startswith(_REF_PREFIX) else {}
            seen += 1
        return node if isinstance(node, dict) else {}


def _ref_name(node: dict) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref[len(_REF_PREFIX) :] if isinstance(ref, str) and ref.startswith(_REF_PREFIX) else None


def _unwrap(schema: dict) -> dict:
    """`allOf: [{$ref: X}, {description}]`, the document's way to describe a reference, as the reference."""
    parts = schema.get("allOf") if isinstance(schema, dict) else None
    if parts and len([part for part in parts if "$ref" in part]) == 1 and not schema.get("properties"):
        return next(part for part in parts if "$ref" in part)
    return schema


# ---------------------------------------------------------------- the spec


def spec_surface(spec: dict) -> Surface:
    """The API as the loaded spec (generator.loader) describes it. Schemas are left empty."""
    surface = Surface()
    for api, endpoints in (spec.get("endpoints") or {}).items():
        for index, endpoint in enumerate(endpoints or ()):
            found = _spec_operation(endpoint, _where(endpoints, index))
            surface.operations[found.key] = found
    surface.enums = {name: tuple(values or ()) for name, values in (spec.get("enums") or {}).items()}
    surface.error_codes = tuple((spec.get("errors") or {}).get("exact") or ())
    return surface


def _spec_operation(endpoint: dict, where: str) -> Operation:
    params = {}
    for name, param in (endpoint.get("params") or {}).items():
        kind = param.get("type", "string")
        enum = param.get("enum") or (param.get("items") if kind == "array" else None)
        enum = enum if isinstance(enum, str) else None
        values = param.get("values") or (param.get("enum") if isinstance(param.get("enum"), list) else ())
        params[name] = Param(name, kind, bool(param.get("required")), enum, tuple(values or ()), _where(endpoint.get("params"), name))
    return Operation(
        endpoint["method"],
        endpoint["path"],
        params,
        endpoint.get("instruction"),
        endpoint.get("response", "empty"),
        tuple(str(status) for status in endpoint.get("bodiless") or ()),
        endpoint.get("summary", ""),
        endpoint.get("source"),
        where,
    )


def _where(container, key) -> str:
    line = container.line_of(key) if hasattr(container, "line_of") else 0
    return f"{getattr(container, 'file', '?')}:{line}"


# ---------------------------------------------------------------- what the structures read


@dataclass(frozen=True)
class FieldRead:
    """A raw field path a structure reads, resolved through the answer schemas.

    `chain` holds the (schema, property) pairs the path walks through. `missing` is the
    first pair the schemas do not have (then the chain stops before it), or None.
    """

    structure: str  # the structure (and shape) that reads it, e.g. balance.collateral
    schema: str  # the schema the path starts at
    path: tuple[str, ...]
    where: str  # file:line of the mapping that reads it
    chain: tuple[tuple[str, str], ...] = ()
    missing: tuple[str, str] | None = None


_FIELD_KEYS = ("field", "fields", "sum")  # the keys of a field mapping that name raw fields
_SHAPE_KEYS = ("market_id", "currency_id", "kind_field")  # ... of a structure or shape, read on its items
_NOT_SHAPES = ("fields", "bids", "asks", "kinds", "level", "map")  # the mappings below a shape that are not shapes


def fields_read(spec: dict, schemas: dict[str, Schema]) -> list[FieldRead]:
    """Every raw field the spec's structures read, resolved against `schemas`.

    A mapping with `from: Schema` sets the schema of the fields below it. With `list: L`
    beside it, when Schema has the property L, the fields are those of L's items (the
    collateral list of a margin account); otherwise `from` names the items' schema and L
    belongs to the enclosing schema (the networks of an asset).
    """
    found: list[FieldRead] = []
    for name, structure in (spec.get("structures") or {}).items():
        if isinstance(structure, dict):
            found += _Reads(schemas).of(structure, name, None)
    return found


class _Reads:
    def __init__(self, schemas: dict[str, Schema]):
        self.schemas = schemas

    def of(self, node: dict, label: str, outer: str | None) -> list[FieldRead]:
        schema = node.get("from", outer)
        found = []
        if isinstance(node.get("detect"), str):  # a shape is told apart by a field of the answer
            found.append(self.read(label, schema, node["detect"], _where(node, "detect")))
        list_field = node.get("list")
        if isinstance(list_field, str) and schema:
            holder = self.schemas.get(schema)
            if holder and list_field in holder.properties:
                found.append(self.read(label, schema, list_field, _where(node, "list")))
                schema = holder.properties[list_field].ref or schema
            elif outer:
                found.append(self.read(label, outer, list_field, _where(node, "list")))
        for key in _SHAPE_KEYS:
            if isinstance(node.get(key), str):
                found.append(self.read(label, schema, node[key], _where(node, key)))
        for side in ("bids", "asks"):
            if isinstance(node.get(side), dict) and isinstance(node[side].get("field"), str):
                found.append(self.read(label, schema, node[side]["field"], _where(node, side)))
        for key, mapping in (node.get("fields") or {}).items():
            for raw in _raw_fields(mapping):
                found.append(self.read(label, schema, raw, _where(node["fields"], key)))
        for key, child in node.items():
            if key not in _NOT_SHAPES and isinstance(child, dict):
                found += self.of(child, f"{label}.{key}", schema)
        return found

    def read(self, label: str, schema: str | None, raw: str, where: str) -> FieldRead:
        path = tuple(raw.split("."))
        chain, missing = [], None
        current = schema
        for name in path:
            holder = self.schemas.get(current) if current else None
            if holder is None or name not in holder.properties:
                missing = (current or "?", name)
                break
            chain.append((current, name))
            current = holder.properties[name].ref
        return FieldRead(label, schema or "?", path, where, tuple(chain), missing)


def _raw_fields(mapping) -> Iterator[str]:
    if not isinstance(mapping, dict) or "market_info" in mapping:
        return
    for key in _FIELD_KEYS:
        value = mapping.get(key)
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (item for item in value if isinstance(item, str))
