"""What a unified method returns, and how: one class per result kind.

ccxt_api.UNIFIED names each unified method's kind. The model gives every method
an instance, which carries what its template needs from the spec (the paging of
a history endpoint, a candle window, a batch's answer, ...), and the class names
its template under templates/package/methods/. Adding a kind is adding a class
here and a template there; no template branches on a kind's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # the model imports this module
    from .model import Endpoint, OrderParam, Shape


# --- request parameters --------------------------------------------------------------------


class Source(str, Enum):
    """Where the value of a request parameter comes from."""

    ARGUMENT = "argument"  # a unified argument: `key` names it (limit, since, id, amount, ...)
    PARAM = "param"  # params[key], which the method removes from params
    UNTIL = "until"  # params['until'] (ccxt's end time), removed from params
    TIMEFRAME = "timeframe"  # the API's name of the timeframe argument
    MARKET_ID = "market_id"  # the resolved market's id
    CURRENCY_ID = "currency_id"  # the resolved currency's id
    NETWORK_ID = "network_id"  # the API's id of params['network'], else of the currency's only network
    CONSTANT = "constant"  # `constant`, always


@dataclass(frozen=True)
class Transform:
    """A runtime function applied to a request value: `function(table, value)` with a
    translation table (a module constant), else `function(value[, literal])`."""

    function: str
    table: str | None = None
    literal: Any = None


@dataclass(frozen=True)
class RequestParam:
    name: str  # the API's parameter
    source: Source
    key: str | None = None  # the argument or params key
    constant: Any = None
    transforms: tuple[Transform, ...] = ()
    always: bool = False  # set even when None: constants and values that cannot be None

    @property
    def popped(self) -> tuple[str, ...]:
        """The params keys this parameter consumes."""
        if self.source is Source.PARAM:
            return (self.key,)
        if self.source is Source.UNTIL:
            return ("until",)
        if self.source is Source.NETWORK_ID:
            return ("network", "networkCode")
        return ()

    def reads(self, argument: str) -> bool:
        return self.source is Source.ARGUMENT and self.key == argument


# --- what kinds carry ----------------------------------------------------------------------


@dataclass(frozen=True)
class Paging:
    """A history endpoint read page by page with a limit and an offset."""

    endpoint: Endpoint
    limit: str  # the API's limit parameter
    offset: str  # the API's offset parameter
    max: int  # rows per page at most
    sort: str | None = None  # the API's sort-direction parameter, if any
    ascending: str | None = None
    descending: str | None = None


@dataclass(frozen=True)
class CandleWindow:
    """A candle endpoint that takes a start and an end time instead of a limit."""

    start: str
    end: str
    unit: str  # "s" or "ms"
    max: int  # candles per request at most


@dataclass(frozen=True)
class BatchAnswer:
    """How each item of a batch answer says whether its order was placed."""

    field: str
    ok: str
    error_code: str
    error_message: str


@dataclass(frozen=True)
class MakerTaker:
    maker: str  # the API's field of the maker fee
    taker: str


@dataclass(frozen=True)
class FeeFields:
    """The account's fee fields per market kind, and the scale that makes them rates."""

    spot: MakerTaker
    contract: MakerTaker
    scale: float


@dataclass(frozen=True)
class EndpointShape:
    """Another endpoint a method reads, with the shape that parses its items."""

    endpoint: Endpoint
    shape: Shape
    request: tuple[RequestParam, ...] = ()


# --- the kinds ---------------------------------------------------------------------------


@dataclass
class Kind:
    template: ClassVar[str]  # under templates/package/methods/
    result: ClassVar[str]  # "one" structure, a "dict" of them, a "list", or "other"
    validated_as: ClassVar[str | None] = None  # ccxt's validator of the items, when not the structure's
    loads_markets: ClassVar[bool] = True  # the markets are loaded before the request
    checks_amount: ClassVar[bool] = False  # the kind checks the amount argument itself
    parses: ClassVar[bool] = True  # items are read by a structure of the spec (its `parse`)
    reads_params: ClassVar[tuple[str, ...]] = ()  # ccxt's params its template reads (beyond the request's)
    # what an answer without a body (the endpoint's `bodiless` statuses) means as its result, if its template knows
    without_body: ClassVar[str | None] = None

    # What its docstring says (docs.py asks): the defaults suit a method that requests its own endpoint.
    requests_endpoint: ClassVar[bool] = True  # the docstring names its endpoint among those it reads
    history_when: ClassVar[str] = "page by page, with since, an offset or paginate"  # when it reads its `paging` endpoint
    pages_for_caller: ClassVar[bool] = True  # the caller steers that paging (params paginate and the offset)
    documents_order_params: ClassVar[bool] = False  # its params are ccxt's order params the spec maps

    @classmethod
    def from_spec(cls, spec) -> Kind:
        """The kind of one method from its spec (model.MethodSpec: the definition, its request
        and readers of the parts that need checking); most kinds carry nothing more."""
        return cls()

    @property
    def delegates(self) -> tuple[str, ...]:
        """The Python names of the unified methods it calls, passing its params on."""
        return ()

    def summary(self, delegates: list[str]) -> str | None:
        """What it does, when the endpoints it reads do not say it; `delegates`: ccxt's names of the methods it calls."""
        return None

    def other_reads(self, items: str) -> list[tuple[Any, str]]:
        """The endpoints it reads besides its own (or instead, without requests_endpoint), each with
        when it reads them; `items`: what its result holds, as "trades"."""
        return []

    def param_docs(self) -> list[tuple[str, str, str]]:
        """Keys of params it reads that its docstring explains in words of its own: (name, type, text)."""
        return []

    def returns_text(self) -> str:
        """What it returns, as its docstring says when ccxt documents no structure of it."""
        return "the value the exchange answers"

    @property
    def capability_source(self) -> str | None:
        """What the capability table says it reads, when it has no endpoint of its own (Markdown)."""
        return None


@dataclass
class PlainObject(Kind):
    """fetchStatus and the like: one object, no market."""

    template: ClassVar[str] = "plain_object.py.j2"
    result: ClassVar[str] = "one"


@dataclass
class Value(Kind):
    """fetchTime and the like: the body is a plain value."""

    template: ClassVar[str] = "value.py.j2"
    result: ClassVar[str] = "other"
    parses: ClassVar[bool] = False
    is_time: bool = False

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(is_time=spec.definition.get("returns") == "time")

    def returns_text(self) -> str:
        return "the exchange's time in ms" if self.is_time else super().returns_text()


@dataclass
class Markets(Kind):
    template: ClassVar[str] = "markets.py.j2"
    result: ClassVar[str] = "list"
    loads_markets: ClassVar[bool] = False  # they are what load_markets loads


@dataclass
class Currencies(Kind):
    template: ClassVar[str] = "currencies.py.j2"
    result: ClassVar[str] = "dict"
    loads_markets: ClassVar[bool] = False


@dataclass
class One(Kind):
    """One structure of the market; `first_of_list`: the endpoint answers a list of one."""

    template: ClassVar[str] = "one.py.j2"
    result: ClassVar[str] = "one"
    without_body: ClassVar[str | None] = "the market's structure with every value None (the exchange has nothing to report)"
    first_of_list: bool = False

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(first_of_list=spec.definition.get("pick") == "first")


@dataclass
class BySymbol(Kind):
    """fetchTickers, fetchFundingRates, ...: {symbol: structure}."""

    template: ClassVar[str] = "by_symbol.py.j2"
    result: ClassVar[str] = "dict"
    reads_params: ClassVar[tuple[str, ...]] = ("type",)


@dataclass
class OrderBook(Kind):
    template: ClassVar[str] = "order_book.py.j2"
    result: ClassVar[str] = "one"


@dataclass
class History(Kind):
    """Rows with since and limit, from one endpoint or paged from a history endpoint; these
    items are read per market (the subclasses read trades, orders and transactions)."""

    template: ClassVar[str] = "history_records.py.j2"
    result: ClassVar[str] = "list"
    paging: Paging | None = None
    server_until: bool = False  # the API filters by the end time itself
    server_since: bool = False  # ... and by the start time

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(
            paging=spec.paging(),
            server_until=any(p.source is Source.UNTIL for p in spec.request),
            server_since=any(p.reads("since") for p in spec.request),
        )


@dataclass
class TradeHistory(History):
    template: ClassVar[str] = "history_trades.py.j2"


@dataclass
class OrderHistory(History):
    template: ClassVar[str] = "history_orders.py.j2"


@dataclass
class TransactionHistory(History):
    template: ClassVar[str] = "history_transactions.py.j2"


@dataclass
class OrdersOfStatus(Kind):
    """fetchClosedOrders and the like: the orders another method reads, of one status."""

    template: ClassVar[str] = "orders_of_status.py.j2"
    result: ClassVar[str] = "list"
    source: str = ""  # the Python name of the method that reads the orders
    status: str = ""

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(source=spec.method_name("orders_of"), status=spec.required("status"))

    @property
    def delegates(self) -> tuple[str, ...]:
        return (self.source,)

    def summary(self, delegates: list[str]) -> str | None:
        return f"The orders of {delegates[0]}() whose status is {self.status}."

    @property
    def capability_source(self) -> str | None:
        return f"{self.status} orders of `{self.source}()`"


@dataclass
class PlacedOrder(Kind):
    """createOrder. With `resend`, a lost answer resolves to the order placed, by its client id."""

    template: ClassVar[str] = "placed_order.py.j2"
    result: ClassVar[str] = "one"
    checks_amount: ClassVar[bool] = True  # against the market's limits, in create_order_request
    documents_order_params: ClassVar[bool] = True
    params: tuple[OrderParam, ...] = ()  # ccxt's order arguments and params -> the API's
    duplicate_message: str | None = None  # the exchange's answer to a client id in use
    resend: bool = False  # set by the model once it knows fetchOrder finds orders by client id

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(params=spec.order_params(), duplicate_message=spec.definition.get("duplicate_client_order_id"))

    @property
    def client_id(self) -> OrderParam | None:
        """The order param that carries ccxt's clientOrderId, if the API has one."""
        return next((p for p in self.params if p.key == "clientOrderId"), None)


@dataclass
class PlacedOrders(Kind):
    template: ClassVar[str] = "placed_orders.py.j2"
    result: ClassVar[str] = "list"
    batch: BatchAnswer | None = None

    @classmethod
    def from_spec(cls, spec) -> Kind:
        batch = spec.required("batch")
        return cls(batch=BatchAnswer(**batch) if batch else None)


@dataclass
class CanceledOrder(Kind):
    template: ClassVar[str] = "canceled_order.py.j2"
    result: ClassVar[str] = "one"
    without_body: ClassVar[str | None] = "the order as the caller named it (id, clientOrderId, symbol), its status None: accepted, not carried out yet"


@dataclass
class CanceledOrders(Kind):
    template: ClassVar[str] = "canceled_orders.py.j2"
    result: ClassVar[str] = "list"
    without_body: ClassVar[str | None] = "that id's order as the caller named it, its status None: accepted, not carried out yet"


@dataclass
class CanceledAll(Kind):
    template: ClassVar[str] = "canceled_all.py.j2"
    result: ClassVar[str] = "list"
    without_body: ClassVar[str | None] = "[]: accepted, not carried out yet, and the exchange names no orders"


@dataclass
class OneOrder(Kind):
    template: ClassVar[str] = "one_order.py.j2"
    result: ClassVar[str] = "one"


@dataclass
class OrderOpenElseHistory(Kind):
    """fetchOrder: among the open orders, else in the order history."""

    template: ClassVar[str] = "order_open_else_history.py.j2"
    result: ClassVar[str] = "one"
    history_when: ClassVar[str] = "when the order is not open"
    pages_for_caller: ClassVar[bool] = False  # it pages until it finds the order
    paging: Paging | None = None

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(paging=spec.paging(required=True))


@dataclass
class Combined(Kind):
    """fetchDepositsWithdrawals and the like: the results of other methods, merged."""

    template: ClassVar[str] = "combined.py.j2"
    result: ClassVar[str] = "list"
    parts: tuple[str, ...] = ()  # Python names of the methods merged

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(parts=spec.method_names("combine"))

    @property
    def delegates(self) -> tuple[str, ...]:
        return self.parts

    def summary(self, delegates: list[str]) -> str | None:
        return f"The results of {' and '.join(name + '()' for name in delegates)}, merged."


@dataclass
class DepositAddress(Kind):
    template: ClassVar[str] = "deposit_address.py.j2"
    result: ClassVar[str] = "one"
    network_params: tuple[str, ...] = ()  # the API parameters that carry the network

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(network_params=tuple(p.name for p in spec.request if p.source is Source.NETWORK_ID))


@dataclass
class Withdrawal(Kind):
    template: ClassVar[str] = "withdrawal.py.j2"
    result: ClassVar[str] = "one"
    reads_params: ClassVar[tuple[str, ...]] = ("tag",)
    sends_tag: bool = False

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(sends_tag=any(p.reads("tag") for p in spec.request))


@dataclass
class DepositWithdrawFees(Kind):
    template: ClassVar[str] = "deposit_withdraw_fees.py.j2"
    result: ClassVar[str] = "dict"
    validated_as: ClassVar[str | None] = "deposit_withdraw_fee"


@dataclass
class AccountFees(Kind):
    template: ClassVar[str] = "trading_fees.py.j2"
    result: ClassVar[str] = "dict"
    parses: ClassVar[bool] = False  # the spec names the account's fee fields instead
    fees: FeeFields | None = None

    @classmethod
    def from_spec(cls, spec) -> Kind:
        fees = spec.required("fees")
        if not fees:
            return cls()
        spot, contract = (MakerTaker(**fees[kind]) for kind in ("spot", "contract"))
        return cls(fees=FeeFields(spot, contract, fees["scale"]))


@dataclass
class Leverage(Kind):
    template: ClassVar[str] = "leverage.py.j2"
    result: ClassVar[str] = "one"


@dataclass
class SetLeverage(Kind):
    template: ClassVar[str] = "set_leverage.py.j2"
    result: ClassVar[str] = "one"
    account_wide: bool = False  # one setting covers every market: a symbol is told so

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(account_wide=spec.definition.get("scope") == "account")


@dataclass
class MarginMode(Kind):
    template: ClassVar[str] = "margin_mode.py.j2"
    result: ClassVar[str] = "one"
    parses: ClassVar[bool] = False  # the spec says the one mode
    requests_endpoint: ClassVar[bool] = False
    mode: str = ""

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(mode=spec.required("margin_mode"))

    def summary(self, delegates: list[str]) -> str | None:
        return f"Every market trades in {self.mode} margin: no request is needed."


@dataclass
class Positions(Kind):
    template: ClassVar[str] = "positions.py.j2"
    result: ClassVar[str] = "list"


@dataclass
class OnePosition(Kind):
    template: ClassVar[str] = "one_position.py.j2"
    result: ClassVar[str] = "one"


@dataclass
class MarginLoan(Kind):
    template: ClassVar[str] = "margin_loan.py.j2"
    result: ClassVar[str] = "one"


@dataclass
class Ledger(Kind):
    template: ClassVar[str] = "ledger.py.j2"
    result: ClassVar[str] = "list"
    requests_endpoint: ClassVar[bool] = False  # it reads its sources instead
    sources: tuple[EndpointShape, ...] = ()

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(sources=spec.sources())

    def other_reads(self, items: str) -> list[tuple[Any, str]]:
        return [(source.endpoint, f"read as {source.shape.name} {items}") for source in self.sources]


@dataclass
class Balance(Kind):
    """fetchBalance; params['type'] may name another endpoint (`variants`)."""

    template: ClassVar[str] = "balance.py.j2"
    result: ClassVar[str] = "one"
    variants: dict[str, EndpointShape] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec) -> Kind:
        return cls(variants=spec.variants())

    def other_reads(self, items: str) -> list[tuple[Any, str]]:
        return [(variant.endpoint, f"with params['type'] = {name!r}") for name, variant in self.variants.items()]

    def param_docs(self) -> list[tuple[str, str, str]]:
        if not self.variants:
            return []
        return [("type", "str", "the balance to fetch: " + ", ".join(self.variants) + " (else the default one)")]


@dataclass
class Candles(Kind):
    template: ClassVar[str] = "candles.py.j2"
    result: ClassVar[str] = "list"
    reads_params: ClassVar[tuple[str, ...]] = ("paginate",)
    window: CandleWindow | None = None

    @classmethod
    def from_spec(cls, spec) -> Kind:
        window = spec.required("window")
        return cls(window=CandleWindow(**window) if window else None)


@dataclass
class ByCurrency(Kind):
    template: ClassVar[str] = "by_currency.py.j2"
    result: ClassVar[str] = "dict"


@dataclass
class OneOfCurrency(Kind):
    template: ClassVar[str] = "one_of_currency.py.j2"
    result: ClassVar[str] = "one"


@dataclass
class Conversion(Kind):
    """A conversion through a request for quote: written by hand (class Methods)."""

    template: ClassVar[str] = ""
    result: ClassVar[str] = "other"


@dataclass
class ReadByHand(Kind):
    """A method whose answer a hand-written hook turns into the result."""

    template: ClassVar[str] = "read_by_hand.py.j2"
    result: ClassVar[str] = "other"
    hook: str = ""
