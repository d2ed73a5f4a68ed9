"""Request-for-quote conversions; the internal market maker answers every RFQ with one quote."""

from __future__ import annotations

from decimal import Decimal

from .decimals import fmt, iso_ms, now_ms, now_us, parse_decimal
from .engine import Engine, floor_to_step
from .errors import ApiError, bad_request, enum_error, not_found
from .models import Account
from .order_input import parse_client_id

RFQ_LIFETIME_MS = 30_000
QUOTE_HALF_SPREAD = Decimal("0.001")


class Rfq:
    def __init__(self, rfq_id, account, symbol, market_symbol, side, quantity, quote_quantity, price, client_id, mode):
        self.id = rfq_id
        self.account = account
        self.symbol = symbol
        self.market_symbol = market_symbol
        self.side = side
        self.quantity = quantity
        self.quote_quantity = quote_quantity
        self.price = price
        self.client_id = client_id
        self.mode = mode
        self.created_at = now_ms()
        self.expiry = self.created_at + RFQ_LIFETIME_MS
        self.status = "New"
        self.quotes: list[dict] = []
        self.fill: dict | None = None

    def to_json(self, historical: bool = False) -> dict:
        time = iso_ms if historical else (lambda ms: ms)
        body = {
            "rfqId": str(self.id),
            "clientId": self.client_id,
            "symbol": self.symbol,
            "side": self.side,
            "price": None if self.price is None else fmt(self.price),
            "quantity": None if self.quantity is None else fmt(self.quantity),
            "quoteQuantity": None if self.quote_quantity is None else fmt(self.quote_quantity),
            "submissionTime": time(self.created_at),
            "expiryTime": time(self.expiry),
            "status": self.status,
            "executionMode": self.mode,
            "createdAt": time(self.created_at),
            "systemOrderType": None,
        }
        if historical:
            body["deferredSettlementQuoteId"] = None
        return body


def quote_json(quote: dict) -> dict:
    return {
        "rfqId": str(quote["rfqId"]),
        "quoteId": str(quote["quoteId"]),
        "clientId": None,
        "bidPrice": fmt(quote["bidPrice"]),
        "askPrice": fmt(quote["askPrice"]),
        "status": quote["status"],
        "createdAt": quote["createdAt"],
    }


class RfqDesk:
    def __init__(self, engine: Engine, sink=None):
        self.engine = engine
        self.sink = sink
        self.rfqs: dict[int, Rfq] = {}
        self.quotes: dict[int, dict] = {}

    def submit(self, account: Account, payload: dict) -> Rfq:
        symbol, side = payload.get("symbol"), payload.get("side")
        if symbol is None or side is None:
            raise bad_request("RFQ must specify `symbol` and `side`")
        if side not in ("Bid", "Ask"):
            raise enum_error("side", "Side")
        if not isinstance(symbol, str):
            raise ApiError("INVALID_SYMBOL", "Invalid market symbol")
        market_symbol = symbol[:-4] if symbol.endswith("_RFQ") else symbol
        market = self.engine.market(market_symbol)
        if market.spec.is_contract:
            raise ApiError("INVALID_MARKET", "RFQ is only available for spot conversions")
        quantity, quote_quantity = parse_decimal(payload.get("quantity")), parse_decimal(payload.get("quoteQuantity"))
        if (quantity is None) == (quote_quantity is None):
            raise bad_request("RFQ must specify either `quantity` or `quoteQuantity`")
        if (quantity or quote_quantity) <= 0:
            raise ApiError("INVALID_QUANTITY", "Quantity must be positive")
        mode = payload.get("executionMode") or "AwaitAccept"
        if mode not in ("AwaitAccept", "Immediate"):
            raise enum_error("executionMode", "RfqExecutionMode")
        price = parse_decimal(payload.get("price"))
        if mode == "Immediate" and price is None:
            raise bad_request("Immediate RFQs must specify a `price`")
        rfq = Rfq(
            self.engine.next_id("rfq"),
            account,
            symbol,
            market_symbol,
            side,
            quantity,
            quote_quantity,
            price,
            parse_client_id(payload.get("clientId")),
            mode,
        )
        self.rfqs[rfq.id] = rfq
        account.rfqs.append(rfq)
        self._answer(rfq)
        return rfq

    def _answer(self, rfq: Rfq) -> None:
        market = self.engine.markets[rfq.market_symbol]
        tick = market.spec.tick_size
        reference = market.index_price
        quote = {
            "rfqId": rfq.id,
            "quoteId": self.engine.next_id("quote"),
            "bidPrice": floor_to_step(reference * (1 - QUOTE_HALF_SPREAD), tick),
            "askPrice": floor_to_step(reference * (1 + QUOTE_HALF_SPREAD), tick) + tick,
            "status": "New",
            "createdAt": now_ms(),
        }
        rfq.quotes.append(quote)
        self.quotes[quote["quoteId"]] = quote
        price = quote["askPrice"] if rfq.side == "Bid" else quote["bidPrice"]
        self._notify(rfq, "rfqCandidate", {"u": str(quote["quoteId"]), "p": fmt(price)})
        if rfq.mode == "Immediate" and (price <= rfq.price if rfq.side == "Bid" else price >= rfq.price):
            self._fill(rfq, quote)

    def accept(self, account: Account, payload: dict) -> Rfq:
        quote_id = payload.get("quoteId")
        try:
            quote = self.quotes.get(int(str(quote_id)))
        except ValueError:
            quote = None
        if quote is None:
            raise not_found("Quote not found")
        rfq = self.rfqs[quote["rfqId"]]
        if rfq.account is not account:
            raise not_found("Quote not found")
        self._expire_if_due(rfq)
        if rfq.status != "New" or quote["status"] != "New":
            raise ApiError("INVALID_ORDER", f"RFQ is not active: {rfq.status}")
        self._fill(rfq, quote)
        return rfq

    def _fill(self, rfq: Rfq, quote: dict) -> None:
        spec = self.engine.markets[rfq.market_symbol].spec
        price = quote["askPrice"] if rfq.side == "Bid" else quote["bidPrice"]
        quantity = (
            rfq.quantity if rfq.quantity is not None else floor_to_step(rfq.quote_quantity / price, spec.step_size)
        )
        if quantity <= 0:
            raise ApiError("INVALID_QUANTITY", "Quantity is below the step size")
        account = rfq.account
        base, quote_balance = account.balance(spec.base), account.balance(spec.quote)
        cost = quantity * price
        if rfq.side == "Bid":
            if quote_balance.available < cost:
                raise ApiError("INSUFFICIENT_FUNDS", "Insufficient funds")
            quote_balance.available -= cost
            base.available += quantity
        else:
            if base.available < quantity:
                raise ApiError("INSUFFICIENT_FUNDS", "Insufficient funds")
            base.available -= quantity
            quote_balance.available += cost
        self.engine.recorder.account_changed(account)
        rfq.status = quote["status"] = "Filled"
        rfq.fill = {
            "quantity": quantity,
            "quoteQuantity": cost,
            "price": price,
            "quoteId": quote["quoteId"],
            "filledAt": now_ms(),
        }
        self._notify(rfq, "rfqFilled", {"u": str(quote["quoteId"]), "p": fmt(price), "q": fmt(quantity)})

    def cancel(self, account: Account, payload: dict) -> Rfq:
        rfq = self._find(account, payload)
        self._expire_if_due(rfq)
        if rfq.status != "New":
            raise ApiError("INVALID_ORDER", f"RFQ is not active: {rfq.status}")
        rfq.status = "Cancelled"
        for quote in rfq.quotes:
            quote["status"] = "Cancelled"
        self._notify(rfq, "rfqCancelled", {})
        return rfq

    def refresh(self, account: Account, payload: dict) -> Rfq:
        rfq = self._find(account, payload)
        self._expire_if_due(rfq)
        if rfq.status != "New":
            raise ApiError("INVALID_ORDER", f"RFQ is not active: {rfq.status}")
        rfq.expiry = now_ms() + RFQ_LIFETIME_MS
        for quote in rfq.quotes:
            quote["status"] = "Cancelled"
        self._notify(rfq, "rfqRefreshed", {})
        self._answer(rfq)
        return rfq

    def _find(self, account: Account, payload: dict) -> Rfq:
        rfq_id, client_id = payload.get("rfqId"), payload.get("clientId")
        if rfq_id is None and client_id is None:
            raise bad_request("Must specify either `rfqId` or `clientId`")
        for rfq in reversed(account.rfqs):
            if (rfq_id is not None and str(rfq.id) == str(rfq_id)) or (
                rfq_id is None and rfq.client_id == parse_client_id(client_id) and rfq.status == "New"
            ):
                return rfq
        raise not_found("RFQ not found")

    @staticmethod
    def _expire_if_due(rfq: Rfq) -> None:
        if rfq.status == "New" and now_ms() > rfq.expiry:
            rfq.status = "Expired"
            for quote in rfq.quotes:
                if quote["status"] == "New":
                    quote["status"] = "Expired"

    def query(self, account: Account, symbol: str | None, rfq_id) -> list[dict]:
        result = []
        for rfq in account.rfqs:
            self._expire_if_due(rfq)
            if symbol and rfq.symbol != symbol:
                continue
            if rfq_id is not None and str(rfq.id) != str(rfq_id):
                continue
            if rfq.status != "New" and rfq_id is None:
                continue
            result.append({"rfq": rfq.to_json(), "quotes": [quote_json(q) for q in rfq.quotes]})
        return result

    def history(self, account: Account) -> list[Rfq]:
        for rfq in account.rfqs:
            self._expire_if_due(rfq)
        return list(account.rfqs)

    def fill_rows(self, account: Account) -> list[dict]:
        rows = []
        for rfq in account.rfqs:
            if rfq.fill:
                rows.append(
                    {
                        "rfqId": str(rfq.id),
                        "clientId": rfq.client_id,
                        "quoteId": str(rfq.fill["quoteId"]),
                        "symbol": rfq.symbol,
                        "side": rfq.side,
                        "quantity": fmt(rfq.fill["quantity"]),
                        "quoteQuantity": fmt(rfq.fill["quoteQuantity"]),
                        "fillPrice": fmt(rfq.fill["price"]),
                        "createdAt": iso_ms(rfq.created_at),
                        "filledAt": iso_ms(rfq.fill["filledAt"]),
                        "systemOrderType": None,
                        "_time": rfq.fill["filledAt"],
                    }
                )
        return rows

    def _notify(self, rfq: Rfq, event: str, extra: dict) -> None:
        if self.sink is None:
            return
        data = {
            "e": event,
            "E": now_us(),
            "R": rfq.id,
            "C": rfq.client_id,
            "s": rfq.symbol,
            "S": rfq.side,
            "X": rfq.status,
            "T": now_us(),
        }
        if rfq.quantity is not None:
            data["q"] = fmt(rfq.quantity)
        else:
            data["Q"] = fmt(rfq.quote_quantity)
        data.update(extra)
        self.sink.rfq_update(rfq.account, rfq.symbol, data)
