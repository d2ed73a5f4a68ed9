"""Hand-written for fetchConvertQuote and createConvertTrade: on Backpack a conversion is an RFQ.

The spec cannot express it: a quote means submitting an RFQ, then polling the
open RFQs until market makers have answered, then picking the best answer.
The methods are written once, async; the generator derives the sync class's
copy by dropping async/await (ccxt's sync and async bases share method names,
sleep included).
"""

from typing import TYPE_CHECKING, Any

from ccxt.base.errors import BadResponse, BadSymbol, RequestTimeout
from ccxt.base.types import Conversion, Market, Num, Str

from ..runtime import ms_time, to_number, to_string

POLL_INTERVAL_MS = 200


class MixedIntoExchange:
    """Both classes are mixed into the generated exchange class: to a type checker, `self` has
    every attribute of it (ccxt's methods, the implicit API, the generated checks)."""

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...


class Methods(MixedIntoExchange):
    async def fetch_convert_quote(self, fromCode: str, toCode: str, amount: Num = None, params: dict = {}) -> Conversion:
        """Submit an RFQ to convert `amount` of fromCode and wait for the best maker quote.

        params['timeout'] (ms, default options['convertQuoteTimeout'] or 5000) bounds the wait.
        The result's id is the quote id that createConvertTrade accepts.
        """
        self.check_amount("fetchConvertQuote", "amount", amount)
        await self.load_markets()
        market, selling = self.conversion_market(fromCode, toCode)
        timeout = self.check_count("fetchConvertQuote", "timeout", params.get("timeout", self.options.get("convertQuoteTimeout", 5000)))
        request = {"symbol": market["rfq_id"], "side": "Ask" if selling else "Bid", "executionMode": "AwaitAccept"}
        if selling:
            request["quantity"] = self.amount_to_precision(market["symbol"], amount)
        else:
            request["quoteQuantity"] = self.cost_to_precision(market["symbol"], amount)
        rfq = await self.private_post_api_v1_rfq(self.extend(request, self.omit(params, ["timeout"])))
        if not isinstance(rfq, dict) or rfq.get("rfqId") is None:
            raise BadResponse(self.id + " fetchConvertQuote() got no RFQ back: " + repr(rfq)[:200])
        deadline = self.milliseconds() + timeout
        for poll in range(int(timeout // POLL_INTERVAL_MS) + 1):  # bounded by count too, should the clock stall
            if poll:
                await self.sleep(POLL_INTERVAL_MS)
            quotes = self.rfq_quotes(await self.private_get_api_v1_rfqs({"rfqId": rfq["rfqId"]}))
            if quotes or self.milliseconds() >= deadline:
                break
        if not quotes:
            raise RequestTimeout(f"{self.id} fetchConvertQuote() no quote for RFQ {rfq['rfqId']} within {timeout} ms")
        price_key = "bidPrice" if selling else "askPrice"
        best = (max if selling else min)(quotes, key=lambda quote: float(quote[price_key]))  # numbers: rfq_quotes checked
        return self.parse_rfq_conversion(rfq, market, selling, best[price_key], to_string(best["quoteId"]), best, amount)

    async def create_convert_trade(self, id: str, fromCode: str, toCode: str, amount: Num = None, params: dict = {}) -> Conversion:
        """Accept the quote `id` (from fetchConvertQuote): the RFQ fills at the quoted price."""
        self.check_id("createConvertTrade", id, params, False)
        await self.load_markets()
        market, selling = self.conversion_market(fromCode, toCode)
        rfq = await self.private_post_api_v1_rfq_accept(self.extend({"quoteId": str(id)}, params))
        if not isinstance(rfq, dict):
            raise BadResponse(self.id + " createConvertTrade() got no RFQ back: " + repr(rfq)[:200])
        # the RFQ object has no fill price: the fill history of the quote does
        fills = await self.private_get_wapi_v1_history_rfq_fill({"quoteId": str(id)})
        fill = fills[0] if isinstance(fills, list) and fills and isinstance(fills[0], dict) else {}
        filled = self.extend(rfq, {key: fill[key] for key in ("quantity", "quoteQuantity") if fill.get(key) is not None})
        return self.parse_rfq_conversion(filled, market, selling, fill.get("fillPrice", rfq.get("price")), str(id), {"rfq": rfq, "fill": fill}, amount)


class Mixin(MixedIntoExchange):
    def conversion_market(self, from_code: str, to_code: str) -> tuple[dict, bool]:
        """The market that converts one currency into the other, and whether that sells its base.

        An RFQ market of the pair if there is one, else the spot market of the pair
        (the RFQ desk takes its id with the suffix _RFQ).
        """
        for kind in ("RFQ", "SPOT"):
            for market in self.markets.values():
                if market["info"].get("marketType") != kind or {market["base"], market["quote"]} != {from_code, to_code}:
                    continue
                rfq_id = market["id"] if kind == "RFQ" else market["id"] + "_RFQ"
                return dict(market, rfq_id=rfq_id), market["base"] == from_code
        raise BadSymbol(f"{self.id} has no market that converts {from_code} into {to_code}")

    def rfq_quotes(self, listed: Any) -> list[dict]:
        """The live quotes of GET /api/v1/rfqs answers ([{rfq, quotes}]) that have an id and both prices."""
        quotes = []
        for entry in self.answer_list(listed, "fetchConvertQuote"):
            offered = entry.get("quotes") if isinstance(entry, dict) else None
            for quote in offered if isinstance(offered, list) else []:
                if (
                    isinstance(quote, dict)
                    and quote.get("status") in (None, "New")
                    and to_string(quote.get("quoteId")) is not None
                    and to_number(quote.get("bidPrice")) is not None
                    and to_number(quote.get("askPrice")) is not None
                ):
                    quotes.append(quote)
        return quotes

    def parse_rfq_conversion(
        self, rfq: dict, market: Market, selling: bool, price: Any, quote_id: Str, info: Any, amount: Num
    ) -> Conversion:
        """A ccxt conversion: what goes out, what comes in, at what price."""
        price, amount = to_number(price), to_number(amount)
        base = to_number(rfq.get("quantity"))
        quote = to_number(rfq.get("quoteQuantity"))
        if selling:
            base = base if base is not None else amount
            quote = quote if quote is not None else (base * price if price else None)
            from_amount, to_amount = base, quote
        else:
            quote = quote if quote is not None else amount
            base = base if base is not None else (quote / price if price else None)
            from_amount, to_amount = quote, base
        timestamp = ms_time(info.get("createdAt")) or ms_time(rfq.get("submissionTime"))
        return {
            "info": info,
            "timestamp": timestamp,
            "datetime": self.iso8601(timestamp),
            "id": quote_id,
            "fromCurrency": market["base"] if selling else market["quote"],
            "fromAmount": from_amount,
            "toCurrency": market["quote"] if selling else market["base"],
            "toAmount": to_amount,
            "price": price,
            "fee": None,
        }
