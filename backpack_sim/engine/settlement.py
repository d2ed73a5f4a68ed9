"""What a fill does to the two accounts (spot balances or a contract position, and the fee
the market charges) and its history row; funding payments on perp positions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..decimals import ZERO, now_ms, now_us
from ..market_data import Trade
from ..models import Account, Order, Position
from .events import EventOutbox
from .journal import Recorder
from .state import USDC, IdCounters, MarketState


@dataclass(eq=False)
class Settlement:
    markets: dict[str, MarketState]
    accounts: dict[str, Account]
    ids: IdCounters
    events: EventOutbox
    recorder: Recorder

    # ------------------------------------------------------------------ fills
    def settle_fill(
        self, market: MarketState, order: Order, price: Decimal, quantity: Decimal, is_maker: bool
    ) -> tuple[Decimal, str]:
        """Move balances (spot) or update the position (contract); return (fee, fee symbol)."""
        spec = market.spec
        account = order.account
        fee_symbol = spec.fee_asset(order.is_bid)
        fee = ZERO if account.internal else spec.trading_fee(order.is_bid, is_maker, price, quantity)
        if spec.is_contract:
            realized = self._update_position(market, account, order, price, quantity, fee)
            if not account.internal:
                account.balance(USDC).available += realized - fee
                self.recorder.account_changed(account)
        elif not account.internal:
            self._move_spot_balances(market, order, price, quantity, fee)
        return fee, fee_symbol

    def record_fill(self, order: Order, trade: Trade, fee: Decimal, fee_symbol: str, is_maker: bool) -> dict:
        fill = {
            "tradeId": trade.id,
            "orderId": order.id,
            "clientId": order.client_id,
            "symbol": order.symbol,
            "side": order.side,
            "price": trade.price,
            "quantity": trade.quantity,
            "fee": fee,
            "feeSymbol": fee_symbol,
            "isMaker": is_maker,
            "timestamp": trade.timestamp,
        }
        if not order.account.internal:
            order.account.fills.append(fill)
            self.recorder.row_changed("fills", order.account, fill)
        return fill

    def _move_spot_balances(self, market: MarketState, order: Order, price: Decimal, quantity: Decimal, fee) -> None:
        """The order receives what it bought minus the fee and pays from its lock (refunding
        the price improvement) or, without one, from its available balance."""
        spec = market.spec
        account = order.account
        base, quote_balance = account.balance(spec.base), account.balance(spec.quote)
        quote = price * quantity
        if order.is_bid:
            base.available += quantity - fee
            if order.locked_asset:
                release = order.price * quantity
                quote_balance.locked -= release
                order.locked -= release
                quote_balance.available += release - quote
            else:
                quote_balance.available -= quote
        else:
            quote_balance.available += quote - fee
            if order.locked_asset:
                base.locked -= quantity
                order.locked -= quantity
            else:
                base.available -= quantity
        self.recorder.account_changed(account)

    def _update_position(self, market, account: Account, order: Order, price, quantity, fee) -> Decimal:
        symbol = market.spec.symbol
        position = account.positions.get(symbol)
        event = "positionAdjusted"
        if position is None:
            position = account.positions[symbol] = Position(self.ids.next("position"), symbol, now_ms())
            event = "positionOpened"
        before = position.net_quantity
        realized = position.apply_fill(quantity if order.is_bid else -quantity, price)
        position.fees += fee
        market.open_interest += max(position.net_quantity, ZERO) - max(before, ZERO)
        if not position.net_quantity:
            position.closed_at = now_ms()
            position.closing_price = price
            del account.positions[symbol]
            if not account.internal:
                account.closed_positions.append(position)
            event = "positionClosed"
        if not account.internal:
            self.recorder.position_changed(account, position)
            self.events.position_update(account, market, position, event, now_us())
        return realized

    # ---------------------------------------------------------------- funding
    def settle_funding(self, now: int | None = None) -> list[dict]:
        """Pay funding on every open perp position at the current rate; returns payment rows."""
        now = now or now_ms()
        payments = []
        for market in self.markets.values():
            if not market.spec.has_funding:
                continue
            rate = market.funding_rate
            market.funding_history.append((now, rate))
            self.recorder.funding_rate_added(market.spec.symbol, now, rate)
            for account in self.accounts.values():
                position = account.positions.get(market.spec.symbol)
                if position is None or account.internal:
                    continue
                payments.append(self._pay_funding(market, account, position, rate, now))
        return payments

    def _pay_funding(self, market, account: Account, position: Position, rate: Decimal, now: int) -> dict:
        amount = (-position.net_quantity * market.mark_price * rate).quantize(Decimal("0.000001"))
        account.balance(USDC).available += amount
        position.cumulative_funding += amount
        row = {
            "userId": account.user_id,
            "subaccountId": None,
            "symbol": market.spec.symbol,
            "quantity": amount,
            "intervalEndTimestamp": now,
            "fundingRate": rate,
        }
        account.funding_payments.append(row)
        self.recorder.row_changed("funding_payments", account, row)
        self.recorder.account_changed(account)
        self.recorder.position_changed(account, position)
        return row
