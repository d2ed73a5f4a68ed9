"""What the docstring of each unified method says, as typed values; the exchange template
composes them in the shape of ccxt's own docstrings: what the method does (the summaries of
the endpoints it calls), links to the API docs, its arguments, the params it reads and what
it returns, linked to ccxt's docs of the structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .ccxt_api import ARGUMENT_DOCS, ARGUMENT_DOCS_BY_METHOD, PARAM_DOCS, Signature, items_of, structure_link
from .kinds import Source

if TYPE_CHECKING:
    from .model import Method, Model

# The type ccxt's docstrings give a value of each endpoint parameter type.
DOC_TYPES = {"string": "str", "decimal": "float", "integer": "int", "number": "float", "boolean": "boolean", "array": "list", "object": "dict"}


@dataclass(frozen=True)
class Read:
    """An endpoint a method calls, and when it does (None: always)."""

    endpoint: Any  # model.Endpoint
    when: str | None = None

    @property
    def summary(self) -> str:
        """The endpoint's summary as a clause: no final period."""
        return docstring_text(self.endpoint.summary).rstrip(".")


@dataclass(frozen=True)
class ParamDoc:
    name: str  # an argument, or a key of params
    type: str  # as ccxt's docstrings write it: str, int, float, boolean, dict, str[]
    text: str
    optional: bool = True


@dataclass(frozen=True)
class ReturnDoc:
    type: str
    text: str


@dataclass(frozen=True)
class MethodDoc:
    lines: tuple[str, ...]  # what it does beyond the endpoints it calls (hand-written text, delegation)
    reads: tuple[Read, ...]
    arguments: tuple[ParamDoc, ...]
    params: tuple[ParamDoc, ...]  # the keys of params it reads
    returns: ReturnDoc

    @property
    def links(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(read.endpoint.doc_url for read in self.reads if read.endpoint.doc_url))


def docstring_text(text: str) -> str:
    """Text from the spec, safe inside a docstring."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def method_doc(method: Method, model: Model) -> MethodDoc:
    lines, reads = _what(method, model)
    arguments = _arguments(method.signature, method.unified.structure, method.symbol_required, method.client_order_id is not None)
    return MethodDoc(tuple(docstring_text(line) for line in lines), tuple(reads), arguments, _params(method, model), _returns(method))


def _what(method: Method, model: Model) -> tuple[list[str], list[Read]]:
    """Lines that say what the method does, and the endpoints it calls."""
    delegates = _delegates(method, model)
    summary = method.kind.summary([delegate.name for delegate in delegates])
    lines = [summary] if summary else _handwritten_lines(method, model)
    return lines, _reads(method, model, delegates)


def _handwritten_lines(method: Method, model: Model) -> list[str]:
    """The docstring of a method written whole by hand (class Methods)."""
    if not method.whole:
        return []
    hand = next(hand for hand in model.handwritten if method.python_name in hand.methods)
    return hand.docs.get(method.python_name, "").splitlines()


def _reads(method: Method, model: Model, delegates: list[Method]) -> list[Read]:
    """The endpoints it reads: those of the methods it calls, else its own and its kind's others."""
    if delegates:
        return [read for delegate in delegates for read in _what(delegate, model)[1]]
    own = _endpoint_reads(method) if method.kind.requests_endpoint else []
    others = method.kind.other_reads(items_of(method.unified.structure))
    return own + [Read(endpoint, when) for endpoint, when in others]


def _endpoint_reads(method: Method) -> list[Read]:
    """Its endpoint, and the history endpoint it pages, if another."""
    read = Read(method.endpoint, f"read by the hand-written {method.hook}()" if method.hook and not method.whole else None)
    paging = method.paging
    if paging is None:
        return [read]
    if paging.endpoint is method.endpoint:
        return [Read(method.endpoint, method.kind.history_when)]
    return [read, Read(paging.endpoint, method.kind.history_when)]


def _delegates(method: Method, model: Model) -> list[Method]:
    """The unified methods it calls, passing its params on."""
    return [_by_python_name(model, name) for name in method.kind.delegates]


def _by_python_name(model: Model, python_name: str) -> Method:
    return next(m for m in model.methods.values() if m.python_name == python_name)


def helper_doc(helper: Signature, create: Method) -> MethodDoc:
    """The docstring of one of ccxt's create*WithCost helpers, which createOrder serves."""
    lines = (f"ccxt's {helper.name}, passing the cost as a cost (ccxt's own passes it as the amount).",)
    return MethodDoc(lines, (Read(create.endpoint),), _arguments(helper), (), _returns(create))


def _arguments(signature: Signature, structure: str = "", symbol_required: bool = False, by_client_id: bool = False) -> tuple[ParamDoc, ...]:
    items = items_of(structure)
    found = []
    for argument in signature.args:
        text = ARGUMENT_DOCS_BY_METHOD.get((signature.name, argument.name)) or ARGUMENT_DOCS[argument.name]
        if argument.name == "symbol" and symbol_required and not argument.required:
            text += " (required here)"
        if argument.name == "id" and by_client_id:
            text += ", or None with params['clientOrderId']"
        found.append(ParamDoc(argument.name, argument.annotation.doc, text.format(items=items), optional=not argument.required))
    return tuple(found)


def _params(method: Method, model: Model) -> tuple[ParamDoc, ...]:
    """The keys of params the method reads: ccxt's unified params, then the spec's param.<name>."""
    items = items_of(method.unified.structure)
    found: dict[str, ParamDoc] = {}

    def add(name: str, doc_type: str | None = None, text: str | None = None):
        known_type, known_text = PARAM_DOCS.get(name, ("str", ""))
        found.setdefault(name, ParamDoc(name, doc_type or known_type, docstring_text((text or known_text).format(items=items))))

    for delegate in _delegates(method, model):  # params go on to the methods it calls
        for param in _params(delegate, model):
            found.setdefault(param.name, param)
    if "since" in method.argument_names:
        add("until")
    for name in method.kind.reads_params:
        add(name)
    if method.paging is not None and method.kind.pages_for_caller:
        add("paginate")
        add(method.paging.offset, "int", "read the one page at this offset")
    if method.client_order_id:
        add("clientOrderId")
    for name, doc_type, text in method.kind.param_docs():
        add(name, doc_type, text)
    if method.kind.documents_order_params:
        _order_params(method, model, add)
    for p in method.request:
        if p.source is Source.UNTIL:
            add("until")
        elif p.source is Source.NETWORK_ID:
            add("network")
        elif p.source is Source.PARAM:
            table = next((t.table for t in p.transforms if t.table), None)
            endpoint_param = method.endpoint.params.get(p.name) if method.endpoint else None
            values = list(model.constants.tables[table]) if table else _values(endpoint_param, model)
            doc_type = "str" if table else DOC_TYPES.get(endpoint_param.type, "str") if endpoint_param else "str"
            add(p.key, doc_type, (f"one of {', '.join(map(str, values))}" if values else "sent as it is") + f" (the exchange's {p.name})")
    return tuple(found.values())


def _values(endpoint_param, model: Model) -> list:
    if endpoint_param is None:
        return []
    return list(endpoint_param.values or (model.enums[endpoint_param.enum] if endpoint_param.enum else []))


def _order_params(method: Method, model: Model, add) -> None:
    """createOrder's params: ccxt's order params the spec maps, then the exchange's own."""
    options = model.order_options()
    order = {p.key: p for p in method.kind.params}
    for name in options["unified_order_params"]:
        _, text = PARAM_DOCS[name]
        if name == "clientOrderId":
            text = "a client order id for the new order"
        elif name == "marginMode":
            text = f"{text}: {options['margin_mode']} only"
        elif name in order and order[name].table:
            text = f"{text}: one of {', '.join(map(str, model.constants.tables[order[name].table]))}"
        add(name, None, text)
    if method.kind.resend:
        add("maxRetriesOnFailure")
        add("maxRetriesOnFailureDelay")
    for name, values in options["order_extras"].items():
        if isinstance(values, list):
            add(name, "str", "the exchange's own order option: one of " + ", ".join(values))
        else:
            add(name, DOC_TYPES.get(values, "str"), "the exchange's own order option")


def _returns(method: Method) -> ReturnDoc:
    unified = method.unified
    noun = method.validated_as.replace("_", " ")
    link = structure_link(unified.python_name, unified.structure)
    if not link:
        return ReturnDoc(unified.returns.doc, method.kind.returns_text())
    article = "an" if noun[:1] in "aeiou" else "a"
    text = {
        "dict": f"a dictionary of `{noun} structures <{link}>`",
        "list": f"a list of `{noun} structures <{link}>`",
    }.get(method.result, f"{article} `{noun} structure <{link}>`")
    endpoint = method.endpoint
    if endpoint is not None and endpoint.bodiless and method.kind.without_body:
        text += f"; for an answer without a body ({', '.join(map(str, endpoint.bodiless))}), {method.kind.without_body}"
    return ReturnDoc(unified.returns.doc, text)
