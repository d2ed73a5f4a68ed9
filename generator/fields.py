"""Compile field mappings from the spec into Python expressions.

A mapping such as `{field: limits.price.step, type: number}` becomes
`to_number(dig(raw, "limits", "price", "step"))`: the generated parser
calls exactly the conversion each field needs. Value tables (`map:`,
`status:`) become module-level constants that the expressions refer to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Constants:
    """Module-level constants the compiled expressions refer to, by name."""

    tables: dict[str, dict] = field(default_factory=dict)  # constant name -> its values

    def add_table(self, name: str, values: dict) -> str:
        name = _constant_name(name)
        existing = self.tables.get(name)
        if existing is not None and existing != values:
            suffix = 2
            while f"{name}_{suffix}" in self.tables and self.tables[f"{name}_{suffix}"] != values:
                suffix += 1
            name = f"{name}_{suffix}"
        self.tables[name] = values
        return name


Scalar = str | int | float | bool | None  # a value of the spec's tables


@dataclass(frozen=True)
class StatusTable:
    """A table of statuses.yaml, which `status:` mappings name: the exchange's values -> ccxt's
    unified ones. A value the table lacks passes through unchanged, unless the table sets
    `unknown` (`replaces_unknown`): then it becomes that value."""

    values: dict[str | int | bool, Scalar]
    replaces_unknown: bool = False
    unknown: Scalar = None

    @classmethod
    def from_spec(cls, table: dict) -> StatusTable:
        return cls(_plain(table["values"]), "unknown" in table, _plain(table.get("unknown")))


@dataclass(frozen=True)
class FastField:
    """A field that a list's fast path reads inline: one plain field, read as "string",
    "number" (a float; with `nonzero`, a zero or missing value is a row the fast path does not
    read), "bool", "ms" (an integer time in ms), "us" (an integer time in µs, read as ms),
    "time" (ms, else ISO text), "currency" (a currency code, looked up once per call),
    "lookup" (through `table`; `default` for a value
    it lacks, "passthrough": the value itself) or, in a structure whose numbers are Decimals
    (`exact`), "decimal": the exact sum of `terms` (one field, or a `sum:`). A number with a
    `scale` (the text of its factor) is read by a ticker's fast path only. Anything else the
    fast path reads with the field's compiled expression, as the per-row parser does."""

    kind: str
    field: str
    table: str | None = None
    default: object = None
    nonzero: bool = False
    terms: tuple[str, ...] = ()
    scale: str | None = None


_PASSTHROUGH = "passthrough"


def fast_field(spec: dict, name: str, constants: Constants, statuses: dict[str, StatusTable], exact: bool = False) -> FastField | None:
    if exact:
        terms = spec.get("sum") or [spec.get("field")]
        if set(spec) - {"field", "sum", "type"} or spec.get("type") != "number" or any(term is None or "." in term for term in terms):
            return None
        return FastField("decimal", terms[0], terms=tuple(terms))
    if set(spec) - {"field", "fields", "type", "unit", "status", "map", "nonzero", "scale"}:
        return None
    if spec.get("nonzero"):  # the usual row has its first field, not zero: the fast path reads that one
        if spec.get("type") != "number" or "scale" in spec or "." in (spec.get("field") or spec["fields"][0]):
            return None
        return FastField("number", spec.get("field") or spec["fields"][0], nonzero=True)
    if "." in spec.get("field", "."):
        return None
    field_name = spec["field"]
    if "status" in spec:
        table = statuses[spec["status"]]
        constant = constants.add_table("status " + spec["status"], dict(table.values))
        return FastField("lookup", field_name, constant, table.unknown if table.replaces_unknown else _PASSTHROUGH)
    if "map" in spec:
        return FastField("lookup", field_name, constants.add_table(name, dict(spec["map"])), None)
    kind, unit = spec.get("type", "string"), spec.get("unit")
    if kind == "timestamp" and unit in ("ms", "ms-or-iso", "us"):
        return FastField({"ms": "ms", "ms-or-iso": "time", "us": "us"}[unit], field_name)
    if "scale" in spec:
        return FastField("number", field_name, scale=str(spec["scale"])) if kind == "number" and unit is None else None
    if kind in ("string", "number", "currency", "bool") and unit is None:
        return FastField(kind, field_name)
    return None


def _constant_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)).strip("_").upper()


def source_expression(spec: dict, raw: str = "raw", market: str = "market") -> str:
    """The expression that reads a field's raw value (before conversion)."""
    if "market_info" in spec:
        return f"dig({market}, 'info', {spec['market_info']!r})"
    if "fields" in spec:
        reader = "first_nonzero" if spec.get("nonzero") else "first_present"
        return reader + "(" + ", ".join(_read(raw, path) for path in spec["fields"]) + ")"
    if "sum" in spec:
        return "decimal_sum(" + ", ".join(_read(raw, path) for path in spec["sum"]) + ")"
    return _read(raw, spec["field"])


def _read(raw: str, path: str) -> str:
    keys = path.split(".")
    if len(keys) == 1:
        return f"{raw}.get({keys[0]!r})"
    return f"dig({raw}, " + ", ".join(repr(key) for key in keys) + ")"


def compile_field(spec: dict, name: str, constants: Constants, statuses: dict[str, StatusTable], *, text: bool = False, exact: bool = False, raw: str = "raw", market: str = "market") -> str:
    """A Python expression for one mapped field.

    name      a label for the constants this field needs (e.g. 'trade public side')
    statuses  the spec's status tables, for `status:` references
    text      numbers stay decimal text (for structures ccxt derives in exact decimal)
    exact     numbers are Decimals (for structures that only add and subtract them)
    """
    if "const" in spec:
        return repr(_plain(spec["const"]))
    source = source_expression(spec, raw, market)
    if "status" in spec:
        table = statuses[spec["status"]]
        constant = constants.add_table("status " + spec["status"], dict(table.values))
        if table.replaces_unknown:
            expression = f"lookup({constant}, {source}, {table.unknown!r})"
        else:
            expression = f"lookup({constant}, {source})"
    elif "map" in spec:
        constant = constants.add_table(name, dict(spec["map"]))
        expression = f"lookup({constant}, {source}, None)"
    elif "sign" in spec:
        expression = f"sign_of({source}, {spec['sign']['positive']!r}, {spec['sign']['negative']!r})"
    else:
        expression = _convert(spec, source, text, exact)
    if "default" in spec:
        expression = f"or_default({expression}, {_plain(spec['default'])!r})"
    return expression


def _convert(spec: dict, source: str, text: bool, exact: bool = False) -> str:
    kind = spec.get("type", "string")
    unit = spec.get("unit")
    if kind == "number" and exact and set(spec) <= {"field", "fields", "sum", "type"}:
        return source if "sum" in spec else f"decimal_of({source})"
    if kind == "number" and (spec.get("abs") or (spec.get("nonzero") and "field" in spec)):
        helper = "abs_text" if spec.get("abs") else "nonzero_text"
        if spec.get("abs") and spec.get("nonzero"):
            source = f"nonzero_text({source})"
        return f"{helper}({source})" if text else f"to_number({helper}({source}))"
    if kind == "number" and spec.get("reciprocal"):
        return f"reciprocal({source})"
    if kind == "number":
        if "scale" in spec:
            factor = repr(str(spec["scale"]))
            return f"scaled_text({source}, {factor})" if text else f"scaled_number({source}, {factor})"
        return f"to_string({source})" if text else f"to_number({source})"
    if kind == "integer":
        return f"to_integer({source})"
    if kind == "bool":
        return f"to_bool({source})"
    if kind == "currency":
        return f"self.safe_currency_code(to_string({source}))"
    if kind == "network":
        return f"self.network_code(to_string({source}))"
    if kind == "decimals":
        return f"decimals_to_tick({source})"
    if kind == "duration":
        return f"ms_to_duration({source})"
    if kind == "timestamp" and unit == "date-in-text":
        return f"date_in_text({source}, {spec['pattern']!r})"
    if kind == "timestamp":
        return {"ms": "ms_time", "us": "us_to_ms", "s": "s_to_ms", "iso": "parse_iso", "ms-or-iso": "parse_time"}[unit] + f"({source})"
    return f"to_string({source})"


_NESTED = (dict, list)


def _plain(value):
    """Spec values are dict/list subclasses that remember lines; emit plain ones."""
    # scalars are most of a tree: taken as they are, without a call each
    if isinstance(value, dict):
        return {key: _plain(item) if isinstance(item, _NESTED) else item for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) if isinstance(item, _NESTED) else item for item in value]
    return value


plain = _plain
