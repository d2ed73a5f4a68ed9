"""Parsing and static validation of OrderExecutePayload (before any state is touched)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .decimals import parse_decimal
from .errors import ApiError, bad_request, enum_error

SIDES = ("Bid", "Ask")
ORDER_TYPES = ("Market", "Limit")
TIME_IN_FORCE = ("GTC", "IOC", "FOK")
SELF_TRADE_PREVENTION = ("RejectTaker", "RejectMaker", "RejectBoth")
TRIGGER_BY = ("MarkPrice", "LastPrice", "IndexPrice")
SLIPPAGE_TYPES = ("TickSize", "Percent")
UINT32_MAX = 2**32 - 1


@dataclass
class OrderRequest:
    symbol: str
    side: str
    order_type: str
    quantity: Decimal | None = None
    quote_quantity: Decimal | None = None
    price: Decimal | None = None
    time_in_force: str = "GTC"
    post_only: bool = False
    reduce_only: bool | None = None
    stp: str = "RejectTaker"
    client_id: int | None = None
    trigger_price: Decimal | None = None
    trigger_quantity: str | None = None
    trigger_by: str | None = None
    tp_trigger_price: Decimal | None = None
    tp_limit_price: Decimal | None = None
    tp_trigger_by: str | None = None
    sl_trigger_price: Decimal | None = None
    sl_limit_price: Decimal | None = None
    sl_trigger_by: str | None = None
    slippage_tolerance: Decimal | None = None
    slippage_tolerance_type: str | None = None


def _payload_error(message: str) -> ApiError:
    return bad_request(f'parse request payload error: {message} (occurred while parsing "OrderExecutePayload")')


def _enum(payload, key, values, enum_name, default=None):
    value = payload.get(key)
    if value is None:
        return default
    if value not in values:
        raise enum_error(key, enum_name)
    return value


def _decimal(payload, key) -> Decimal | None:
    value = payload.get(key)
    if value is None:
        return None
    number = parse_decimal(value)
    if number is None:
        raise _payload_error(f"failed to parse `{key}`: invalid decimal")
    return number


def _bool(payload, key) -> bool | None:
    value = payload.get(key)
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise _payload_error(f"failed to parse `{key}`: expected a boolean")


def parse_client_id(value) -> int | None:
    if value is None:
        return None
    number = _whole_number(value)
    if number is None or not 0 <= number <= UINT32_MAX:
        raise bad_request("Invalid clientId: expected an unsigned 32-bit integer")
    return number


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):  # bounded first: int(Decimal("1E+999999")) takes seconds
        number = parse_decimal(value)
        return int(number) if number is not None and number == number.to_integral_value() else None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_order_request(payload) -> OrderRequest:
    if not isinstance(payload, dict):
        raise bad_request(f'Expected input type "OrderExecutePayload", found {type(payload).__name__}')
    for required in ("symbol", "side", "orderType"):
        if payload.get(required) is None:
            raise _payload_error(f"missing field `{required}`")
    symbol = payload["symbol"]
    if not isinstance(symbol, str):
        raise _payload_error('failed to parse "MarketSymbol": Invalid market symbol')
    request = OrderRequest(
        symbol=symbol,
        side=_enum(payload, "side", SIDES, "Side"),
        order_type=_enum(payload, "orderType", ORDER_TYPES, "OrderTypeEnum"),
        quantity=_decimal(payload, "quantity"),
        quote_quantity=_decimal(payload, "quoteQuantity"),
        price=_decimal(payload, "price"),
        time_in_force=_enum(payload, "timeInForce", TIME_IN_FORCE, "TimeInForce", "GTC"),
        post_only=bool(_bool(payload, "postOnly")),
        reduce_only=_bool(payload, "reduceOnly"),
        stp=_enum(payload, "selfTradePrevention", SELF_TRADE_PREVENTION, "SelfTradePrevention", "RejectTaker"),
        client_id=parse_client_id(payload.get("clientId")),
        trigger_price=_decimal(payload, "triggerPrice"),
        trigger_by=_enum(payload, "triggerBy", TRIGGER_BY, "TriggerBy"),
        tp_trigger_price=_decimal(payload, "takeProfitTriggerPrice"),
        tp_limit_price=_decimal(payload, "takeProfitLimitPrice"),
        tp_trigger_by=_enum(payload, "takeProfitTriggerBy", TRIGGER_BY, "TriggerBy"),
        sl_trigger_price=_decimal(payload, "stopLossTriggerPrice"),
        sl_limit_price=_decimal(payload, "stopLossLimitPrice"),
        sl_trigger_by=_enum(payload, "stopLossTriggerBy", TRIGGER_BY, "TriggerBy"),
        slippage_tolerance=_decimal(payload, "slippageTolerance"),
        slippage_tolerance_type=_enum(payload, "slippageToleranceType", SLIPPAGE_TYPES, "SlippageToleranceType"),
    )
    trigger_quantity = payload.get("triggerQuantity")
    request.trigger_quantity = None if trigger_quantity is None else str(trigger_quantity)
    _check_consistency(request)
    return request


def _check_consistency(request: OrderRequest) -> None:
    if (request.trigger_price is None) != (request.trigger_quantity is None):
        raise bad_request("Must specify both `triggerPrice` and `triggerQuantity` or neither")
    if request.trigger_quantity is not None:
        parse_trigger_quantity(request.trigger_quantity)
    if request.order_type == "Limit":
        if request.price is None:
            raise bad_request("Limit orders must specify a `price`")
        if request.quantity is None and request.trigger_price is None:
            raise bad_request("Limit orders must specify a `quantity`")
        if request.quote_quantity is not None:
            raise bad_request("`quoteQuantity` can only be used with market orders")
    else:
        if request.quantity is None and request.quote_quantity is None and request.trigger_price is None:
            raise bad_request("Market orders must specify a `quantity` or `quoteQuantity`")
        if request.quantity is not None and request.quote_quantity is not None:
            raise bad_request("Market orders must specify either `quantity` or `quoteQuantity`, not both")
        if request.post_only:
            raise ApiError("INVALID_ORDER", "Post only orders must be limit orders")
        if request.price is not None:
            raise bad_request("Market orders must not specify a `price`")
    if request.post_only and request.time_in_force != "GTC":
        raise ApiError("INVALID_ORDER", "Post only orders must use time in force GTC")
    if request.quote_quantity is not None and request.quote_quantity <= 0:
        raise ApiError("INVALID_QUANTITY", "Quote quantity must be positive")


def parse_trigger_quantity(text: str) -> tuple[Decimal, bool]:
    """'0.5' -> (0.5, False); '80%' -> (80, True)."""
    is_percent = text.endswith("%")
    number = parse_decimal(text[:-1] if is_percent else text)
    if number is None or number <= 0 or (is_percent and number > 100):
        raise ApiError("INVALID_QUANTITY", "Invalid trigger quantity")
    return number, is_percent
