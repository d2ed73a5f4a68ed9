"""JSON shapes of the REST responses and WebSocket payloads (reference §5, §9)."""

from __future__ import annotations

from decimal import Decimal

from .decimals import ONE, ZERO, fmt, fmt_fixed, iso_ms
from .markets import ASSETS
from .models import Order, Position


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)


def _opt_id(value) -> str | None:
    return None if value is None else str(value)


# ------------------------------------------------------------------ orders
def _order_common(order: Order) -> dict:
    return {
        "id": str(order.id),
        "clientId": order.client_id,
        "createdAt": order.created_at,
        "executedQuantity": fmt(order.executed_quantity),
        "executedQuoteQuantity": fmt(order.executed_quote_quantity),
        "orderType": order.order_type,
        "reduceOnly": order.reduce_only,
        "relatedOrderId": _opt_id(order.related_order_id),
        "selfTradePrevention": order.stp,
        "side": order.side,
        "status": order.status,
        "stopLossLimitPrice": _opt(order.sl_limit_price),
        "stopLossTriggerBy": order.sl_trigger_by,
        "stopLossTriggerPrice": _opt(order.sl_trigger_price),
        "strategyId": order.strategy_id,
        "symbol": order.symbol,
        "takeProfitLimitPrice": _opt(order.tp_limit_price),
        "takeProfitTriggerBy": order.tp_trigger_by,
        "takeProfitTriggerPrice": _opt(order.tp_trigger_price),
        "timeInForce": order.time_in_force,
        "triggerBy": order.trigger_by,
        "triggerPrice": _opt(order.trigger_price),
        "triggerQuantity": order.trigger_quantity,
        "triggeredAt": order.triggered_at,
    }


def _market_order_quote(order: Order) -> str | None:
    if order.quote_quantity is not None:
        return fmt(order.quote_quantity)
    return fmt(order.executed_quote_quantity)


def order_json(order: Order) -> dict:
    """Live order object (POST/GET/DELETE /order, GET /orders): ``createdAt`` in ms."""
    body = _order_common(order)
    if order.order_type == "Limit":
        body["postOnly"] = order.post_only
        body["price"] = fmt(order.price)
        body["quantity"] = fmt(order.quantity or ZERO)
    else:
        body["quantity"] = _opt(order.quantity)
        body["quoteQuantity"] = _market_order_quote(order)
        body["slippageTolerance"] = _opt(order.slippage_tolerance)
        body["slippageToleranceType"] = order.slippage_tolerance_type
    return body


def order_history_json(order: Order) -> dict:
    """Order row of /wapi/v1/history/orders: naive ISO ``createdAt``, ``expiryReason``."""
    return {
        "id": str(order.id),
        "createdAt": iso_ms(order.created_at),
        "executedQuantity": fmt(order.executed_quantity),
        "executedQuoteQuantity": fmt(order.executed_quote_quantity),
        "expiryReason": order.expiry_reason,
        "orderType": order.order_type,
        "postOnly": order.post_only if order.order_type == "Limit" else None,
        "price": _opt(order.price),
        "quantity": _opt(order.quantity),
        "quoteQuantity": _market_order_quote(order) if order.order_type == "Market" else None,
        "selfTradePrevention": order.stp,
        "status": order.status,
        "side": order.side,
        "stopLossTriggerPrice": _opt(order.sl_trigger_price),
        "stopLossLimitPrice": _opt(order.sl_limit_price),
        "stopLossTriggerBy": order.sl_trigger_by,
        "symbol": order.symbol,
        "takeProfitTriggerPrice": _opt(order.tp_trigger_price),
        "takeProfitLimitPrice": _opt(order.tp_limit_price),
        "takeProfitTriggerBy": order.tp_trigger_by,
        "timeInForce": order.time_in_force,
        "triggerBy": order.trigger_by,
        "triggerPrice": _opt(order.trigger_price),
        "triggerQuantity": order.trigger_quantity,
        "clientId": order.client_id,
        "systemOrderType": order.system_order_type,
        "strategyId": order.strategy_id,
        "slippageTolerance": _opt(order.slippage_tolerance),
        "slippageToleranceType": order.slippage_tolerance_type,
    }


def batch_ok(order: Order) -> dict:
    body = order_json(order)
    body["operation"] = "Ok"
    return body


def batch_err(code: str, message: str) -> dict:
    return {"operation": "Err", "code": code, "message": message}


# ------------------------------------------------------------- history rows
def fill_json(fill: dict) -> dict:
    return {
        "clientId": None if fill["clientId"] is None else str(fill["clientId"]),
        "fee": fmt(fill["fee"]),
        "feeSymbol": fill["feeSymbol"],
        "isMaker": fill["isMaker"],
        "orderId": str(fill["orderId"]),
        "price": fmt(fill["price"]),
        "quantity": fmt(fill["quantity"]),
        "side": fill["side"],
        "symbol": fill["symbol"],
        "systemOrderType": None,
        "timestamp": iso_ms(fill["timestamp"]),
        "tradeId": fill["tradeId"],
    }


def funding_payment_json(row: dict) -> dict:
    return {
        "userId": row["userId"],
        "subaccountId": row["subaccountId"],
        "symbol": row["symbol"],
        "quantity": fmt(row["quantity"]),
        "intervalEndTimestamp": iso_ms(row["intervalEndTimestamp"])[:19],
        "fundingRate": fmt(row["fundingRate"]),
    }


def deposit_json(row: dict) -> dict:
    body = dict(row)
    body["quantity"] = fmt(row["quantity"])
    body["createdAt"] = iso_ms(row["createdAt"])
    return body


def withdrawal_json(row: dict) -> dict:
    body = dict(row)
    body["quantity"] = fmt(row["quantity"])
    body["fee"] = fmt(row["fee"])
    body["createdAt"] = iso_ms(row["createdAt"])
    return body


def balances_json(account) -> dict:
    return {
        asset: {"available": fmt(b.available), "locked": fmt(b.locked), "staked": fmt(b.staked)}
        for asset, b in sorted(account.balances.items())
    }


# ---------------------------------------------------------------- positions
def position_figures(engine, account, market, position: Position) -> dict:
    notional = abs(position.net_quantity) * market.mark_price
    return {
        "notional": notional,
        "imf": engine.initial_margin_fraction(account, market, notional),
        "mmf": engine.maintenance_margin_fraction(market, notional),
        "unrealized": engine.unrealized_pnl(market, position),
        "break_even": _break_even(position),
        "liquidation": _liquidation_price(engine, account, market, position, notional),
    }


def _break_even(position: Position) -> Decimal:
    if not position.net_quantity:
        return ZERO
    return position.entry_price + position.fees / position.net_quantity


def _liquidation_price(engine, account, market, position: Position, notional: Decimal) -> Decimal:
    """Mark price at which equity would fall to the maintenance requirement (rough estimate)."""
    quantity = position.net_quantity
    if not quantity:
        return ZERO
    equity = engine.available_margin(account) + notional * engine.initial_margin_fraction(account, market, notional)
    mmf = engine.maintenance_margin_fraction(market, notional)
    denominator = quantity * (ONE - mmf) if quantity > 0 else quantity * (ONE + mmf)
    price = (quantity * market.mark_price - equity) / denominator
    return max(price, ZERO).quantize(market.spec.tick_size)


def position_json(engine, account, market, position: Position) -> dict:
    f = position_figures(engine, account, market, position)
    spec = market.spec
    return {
        "breakEvenPrice": fmt(f["break_even"].quantize(Decimal("0.000001"))),
        "cumulativeFundingPayment": fmt(position.cumulative_funding),
        "cumulativeInterest": "0",
        "entryPrice": fmt(position.entry_price.quantize(Decimal("0.000001"))),
        "estLiquidationPrice": fmt(f["liquidation"]),
        "imf": fmt(f["imf"].quantize(Decimal("0.00000001"))),
        "imfFunction": dict(spec.imf),
        "markPrice": fmt(market.mark_price),
        "mmf": fmt(f["mmf"].quantize(Decimal("0.00000001"))),
        "mmfFunction": dict(spec.mmf),
        "netCost": fmt(position.net_quantity * position.entry_price),
        "netExposureNotional": fmt(f["notional"]),
        "netExposureQuantity": fmt(abs(position.net_quantity)),
        "netQuantity": fmt(position.net_quantity),
        "pnlRealized": fmt(position.pnl_realized),
        "pnlUnrealized": fmt(f["unrealized"].quantize(Decimal("0.000001"))),
        "positionId": str(position.id),
        "subaccountId": None,
        "symbol": position.symbol,
        "userId": account.user_id,
    }


def position_history_json(engine, account, position: Position) -> dict:
    market = engine.markets[position.symbol]
    notional = abs(position.net_quantity) * market.mark_price
    return {
        "id": str(position.id),
        "symbol": position.symbol,
        "netQuantity": fmt(position.net_quantity),
        "netExposureQuantity": fmt(abs(position.net_quantity)),
        "netExposureNotional": fmt(notional),
        "netCost": fmt(position.net_quantity * position.entry_price),
        "markPrice": fmt(market.mark_price),
        "entryPrice": fmt(position.entry_price.quantize(Decimal("0.000001"))),
        "cumulativePnlRealized": fmt(position.pnl_realized),
        "unrealizedPnl": fmt(engine.unrealized_pnl(market, position).quantize(Decimal("0.000001"))),
        "fundingQuantity": fmt(position.cumulative_funding),
        "interest": "0",
        "liquidated": False,
        "imf": fmt(engine.initial_margin_fraction(account, market, notional).quantize(Decimal("0.00000001"))),
        "fees": fmt(position.fees),
        "state": "Open" if position.is_open else "Closed",
        "closedVolume": fmt(position.closed_volume),
        "liquidationFees": "0",
        "closingPrice": _opt(position.closing_price),
        "accountLeverage": fmt(account.settings["leverageLimit"]),
        "openedAt": iso_ms(position.opened_at),
        "closedAt": iso_ms(position.closed_at) if position.closed_at else None,
    }


# -------------------------------------------------------------- collateral
def collateral_json(engine, account) -> dict:
    rows, assets_value, liabilities, collateral_value = [], ZERO, ZERO, ZERO
    symbols = sorted(set(account.balances) | set(account.lend))
    for asset in symbols:
        balance = account.balance(asset)
        lend = account.lend.get(asset, ZERO)
        total = balance.available + balance.locked + lend
        price = engine.asset_price(asset)
        weight = ASSETS[asset].collateral_weight if asset in ASSETS else ONE
        notional = total * price
        value = notional * weight if total > 0 else notional
        if total > 0:
            assets_value += notional
        else:
            liabilities -= notional
        collateral_value += value
        rows.append(
            {
                "symbol": asset,
                "assetMarkPrice": fmt(price),
                "totalQuantity": fmt(total),
                "balanceNotional": fmt(notional),
                "collateralWeight": fmt(weight),
                "collateralValue": fmt(value),
                "openOrderQuantity": fmt(balance.locked),
                "lendQuantity": fmt(max(lend, ZERO)),
                "availableQuantity": fmt(balance.available),
            }
        )
    unrealized, exposure, initial, maintenance = ZERO, ZERO, ZERO, ZERO
    for symbol, position in account.positions.items():
        market = engine.markets[symbol]
        f = position_figures(engine, account, market, position)
        unrealized += f["unrealized"]
        exposure += f["notional"]
        initial += f["notional"] * f["imf"]
        maintenance += f["notional"] * f["mmf"]
    for symbol, notional in account.open_perp_notional.items():
        if notional > 0:
            exposure += notional
            initial += notional * engine.initial_margin_fraction(account, engine.markets[symbol], notional)
    locked_value = sum((b.locked * engine.asset_price(a) for a, b in account.balances.items()), ZERO)
    net_equity = collateral_value + unrealized
    net_locked = initial + locked_value
    q = Decimal("0.000001")
    return {
        "assetsValue": fmt(assets_value.quantize(q)),
        "borrowLiability": fmt(liabilities.quantize(q)),
        "collateral": rows,
        "imf": fmt((initial / exposure).quantize(Decimal("0.00000001"))) if exposure else "0",
        "unsettledEquity": "0",
        "liabilitiesValue": fmt(liabilities.quantize(q)),
        "marginFraction": fmt((net_equity / exposure).quantize(Decimal("0.00000001"))) if exposure else None,
        "mmf": fmt((maintenance / exposure).quantize(Decimal("0.00000001"))) if exposure else "0",
        "netEquity": fmt(net_equity.quantize(q)),
        "netEquityAvailable": fmt((net_equity - net_locked).quantize(q)),
        "netEquityLocked": fmt(net_locked.quantize(q)),
        "netExposureFutures": fmt(exposure.quantize(q)),
        "pnlUnrealized": fmt(unrealized.quantize(q)),
    }


# --------------------------------------------------------------- WebSocket
def ws_order_update(order: Order, event: str, event_us: int, engine_us: int, fill: dict | None) -> dict:
    data = {
        "e": event,
        "E": event_us,
        "s": order.symbol,
        "i": str(order.id),
        "S": order.side,
        "o": order.order_type.upper(),
        "f": order.time_in_force,
        "X": order.status,
        "z": fmt(order.executed_quantity),
        "Z": fmt(order.executed_quote_quantity),
        "V": order.stp,
        "O": "USER",
        "T": engine_us,
        "r": bool(order.reduce_only),
        "t": None,
    }
    if order.client_id is not None:
        data["c"] = order.client_id
    if order.quantity is not None:
        data["q"] = fmt(order.quantity)
    if order.price is not None:
        data["p"] = fmt(order.price)
        if order.quantity is not None:
            data["Q"] = fmt(order.price * order.quantity)
    if order.quote_quantity is not None:
        data["Q"] = fmt(order.quote_quantity)
    if order.trigger_price is not None:
        data["P"] = fmt(order.trigger_price)
        data["B"] = order.trigger_by
        data["Y"] = order.trigger_quantity
    for key, value in (
        ("a", order.tp_trigger_price),
        ("b", order.sl_trigger_price),
        ("j", order.tp_limit_price),
        ("k", order.sl_limit_price),
    ):
        if value is not None:
            data[key] = fmt(value)
    if order.tp_trigger_by:
        data["d"] = order.tp_trigger_by
    if order.sl_trigger_by:
        data["g"] = order.sl_trigger_by
    if event == "orderExpired" and order.expiry_reason:
        data["R"] = order.expiry_reason
    if order.related_order_id is not None:
        data["I"] = str(order.related_order_id)
    if order.post_only:
        data["y"] = True
    if fill is not None:
        data.update(
            {
                "t": fill["tradeId"],
                "l": fmt(fill["quantity"]),
                "L": fmt(fill["price"]),
                "m": fill["isMaker"],
                "n": fmt(fill["fee"]),
                "N": fill["feeSymbol"],
            }
        )
    return data


def ws_position(engine, account, market, position: Position, event: str | None, event_us: int, engine_us: int) -> dict:
    f = position_figures(engine, account, market, position)
    data = {
        "E": event_us,
        "T": engine_us,
        "s": position.symbol,
        "b": fmt(f["break_even"].quantize(Decimal("0.000001"))),
        "B": fmt(position.entry_price.quantize(Decimal("0.000001"))),
        "f": fmt(f["imf"].quantize(Decimal("0.00000001"))),
        "m": fmt(f["mmf"].quantize(Decimal("0.00000001"))),
        "M": fmt(market.mark_price),
        "q": fmt(position.net_quantity),
        "Q": fmt(abs(position.net_quantity)),
        "n": fmt(f["notional"]),
        "i": position.id,
        "p": fmt(position.pnl_realized),
        "P": fmt(f["unrealized"].quantize(Decimal("0.000001"))),
        "l": "0",
    }
    if event:
        data["e"] = event
    return data


def ws_depth(market, first_id: int, last_id: int, bids, asks, event_us: int, engine_us: int) -> dict:
    spec = market.spec
    return {
        "e": "depth",
        "E": event_us,
        "s": spec.symbol,
        "a": [[fmt_fixed(p, spec.tick_size), fmt_fixed(q, spec.step_size)] for p, q in asks],
        "b": [[fmt_fixed(p, spec.tick_size), fmt_fixed(q, spec.step_size)] for p, q in bids],
        "U": first_id,
        "u": last_id,
        "T": engine_us,
    }


def ws_trade(market, trade, event_us: int, engine_us: int) -> dict:
    return {
        "e": "trade",
        "E": event_us,
        "s": market.spec.symbol,
        "p": fmt(trade.price),
        "q": fmt(trade.quantity),
        "b": str(trade.buyer_order_id),
        "a": str(trade.seller_order_id),
        "t": trade.id,
        "T": trade.timestamp * 1000,
        "m": trade.is_buyer_maker,
    }
