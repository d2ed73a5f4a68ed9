"""Whether an account can afford an order (funds on spot, margin on perps), the lock a resting
spot order takes, and the margin figures the REST views show."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from ..decimals import ONE, ZERO
from ..errors import ApiError
from ..markets import ASSETS
from ..models import Account, Order, Position
from .journal import Recorder
from .state import USDC, MarketState, floor_to_step


@dataclass(eq=False)
class Margin:
    markets: dict[str, MarketState]
    recorder: Recorder

    # ------------------------------------------------------------ order checks
    def reserve(self, market: MarketState, order: Order) -> None:
        """Check funds/margin and lock what a resting order needs. Raises ApiError."""
        account = order.account
        if account.internal:
            return
        if market.spec.is_contract:
            self._check_margin(market, order)
        elif order.order_type == "Limit":
            self._lock(market, order)
        else:
            needed_asset, needed = self._market_order_cost(market, order)
            if account.balance(needed_asset).available < needed:
                raise ApiError("INSUFFICIENT_FUNDS", "Insufficient funds")

    def estimate_fill_price(self, market: MarketState, is_bid: bool) -> Decimal:
        level = market.book.side(not is_bid).best()
        return level.price if level else market.mark_price

    def _lock(self, market: MarketState, order: Order) -> None:
        spec = market.spec
        asset, amount = (spec.quote, order.price * order.quantity) if order.is_bid else (spec.base, order.quantity)
        balance = order.account.balance(asset)
        if balance.available < amount:
            raise ApiError("INSUFFICIENT_FUNDS", "Insufficient funds")
        balance.available -= amount
        balance.locked += amount
        order.locked, order.locked_asset = amount, asset
        self.recorder.account_changed(order.account)

    def _market_order_cost(self, market: MarketState, order: Order) -> tuple[str, Decimal]:
        """What a spot market order will consume, walking the opposite side of the book
        (only the part the book can fill; the rest expires for lack of liquidity)."""
        spec = market.spec
        if order.is_bid and order.quote_quantity is not None:
            return spec.quote, order.quote_quantity
        if not order.is_bid and order.quantity is not None:
            return spec.base, order.quantity
        levels = market.book.side(not order.is_bid).iter_best()
        if order.is_bid:  # buying a base quantity: sum the quote it costs
            left, cost = order.quantity, ZERO
            for level in levels:
                take = min(left, level.quantity)
                cost += take * level.price
                left -= take
                if not left:
                    break
            return spec.quote, cost
        left, base = order.quote_quantity, ZERO  # selling for a quote amount: sum the base it needs
        for level in levels:
            take = min(left / level.price, level.quantity)
            base += take
            left -= take * level.price
            if left <= 0:
                break
        return spec.base, floor_to_step(base, spec.step_size)

    def _check_margin(self, market: MarketState, order: Order) -> None:
        account = order.account
        position = account.positions.get(market.spec.symbol)
        current = position.net_quantity if position else ZERO
        quantity = order.quantity
        price = order.price or self.estimate_fill_price(market, order.is_bid)
        if quantity is None:
            quantity = order.quote_quantity / price
        signed = quantity if order.is_bid else -quantity
        increase = abs(current + signed) - abs(current)
        if increase <= 0 or order.reduce_only:
            return
        required = increase * price * self.initial_margin_fraction(account, market, increase * price)
        if self.available_margin(account) < required:
            raise ApiError("INSUFFICIENT_MARGIN", "Insufficient margin")

    # ---------------------------------------------------------------- figures
    def initial_margin_fraction(self, account: Account, market: MarketState, notional: Decimal) -> Decimal:
        fraction = _sqrt_function(market.spec.imf, notional)
        return max(fraction, ONE / account.settings["leverageLimit"])

    def maintenance_margin_fraction(self, market: MarketState, notional: Decimal) -> Decimal:
        return _sqrt_function(market.spec.mmf, notional)

    def asset_price(self, asset: str) -> Decimal:
        if asset == USDC:
            return ONE
        market = self.markets.get(f"{asset}_USDC")
        return market.index_price if market else ZERO

    @staticmethod
    def unrealized_pnl(market: MarketState, position: Position) -> Decimal:
        return (market.mark_price - position.entry_price) * position.net_quantity

    def available_margin(self, account: Account) -> Decimal:
        """Collateral of free balances (after haircuts) + unrealized PnL - margin in use."""
        total = ZERO
        for asset, balance in account.balances.items():
            total += self._collateral(asset, balance.available)
        for asset, quantity in account.lend.items():
            total += self._collateral(asset, quantity)
        for symbol, position in account.positions.items():
            market = self.markets[symbol]
            notional = abs(position.net_quantity) * market.mark_price
            total += self.unrealized_pnl(market, position)
            total -= notional * self.initial_margin_fraction(account, market, notional)
        for symbol, notional in account.open_perp_notional.items():
            if notional > 0:
                total -= notional * self.initial_margin_fraction(account, self.markets[symbol], notional)
        return total

    def _collateral(self, asset: str, quantity: Decimal) -> Decimal:
        weight = ASSETS[asset].collateral_weight if asset in ASSETS and quantity > 0 else ONE
        return quantity * self.asset_price(asset) * weight


def _sqrt_function(function: dict, notional: Decimal) -> Decimal:
    """An IMF/MMF of the exchange's "sqrt" type: base + factor * sqrt(notional)."""
    return Decimal(function["base"]) + Decimal(function["factor"]) * Decimal(math.sqrt(max(float(notional), 0.0)))
