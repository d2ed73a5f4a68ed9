"""Deposits, withdrawals, borrow/lend and account limits."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from .decimals import ZERO, has_extra_decimals, now_ms, parse_decimal
from .engine import Engine, floor_to_step
from .errors import ApiError, bad_request, enum_error
from .markets import ASSETS, TokenSpec, blockchains
from .models import Account

BLOCKCHAINS = (
    "0G",
    "Aptos",
    "Arbitrum",
    "Avalanche",
    "Base",
    "Berachain",
    "Bitcoin",
    "BitcoinCash",
    "Bsc",
    "Cardano",
    "Dogecoin",
    "Eclipse",
    "EqualsMoney",
    "Ethereum",
    "Fogo",
    "HyperEVM",
    "Hyperliquid",
    "Linea",
    "Litecoin",
    "Monad",
    "Near",
    "Optimism",
    "Plasma",
    "Polygon",
    "Sei",
    "Sui",
    "Solana",
    "Stable",
    "Story",
    "Tron",
    "XRP",
    "Zcash",
)
_EVM = {
    "Arbitrum",
    "Avalanche",
    "Base",
    "Berachain",
    "Bsc",
    "Ethereum",
    "HyperEVM",
    "Linea",
    "Monad",
    "Optimism",
    "Plasma",
    "Polygon",
    "Sei",
    "Stable",
    "Story",
    "0G",
}
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def deposit_address(account: Account, blockchain: str) -> str:
    """A stable fake address per (account, chain) in the chain's usual look."""
    if blockchain not in BLOCKCHAINS:
        raise enum_error("blockchain", "Blockchain")
    digest = hashlib.sha256(f"{account.api_key}:{blockchain}".encode()).digest()
    if blockchain in _EVM:
        return "0x" + digest[:20].hex()
    if blockchain == "Bitcoin":
        return "bc1q" + digest[:20].hex()[:38]
    number = int.from_bytes(digest, "big")
    chars = []
    while number:
        number, rest = divmod(number, 58)
        chars.append(_BASE58[rest])
    return "".join(reversed(chars))[:44]


def served_deposit_address(account: Account, blockchain) -> str:
    """GET /wapi/v1/capital/deposit/address: a Blockchain-enum value some asset is listed on."""
    if blockchain not in BLOCKCHAINS:
        raise enum_error("blockchain", "Blockchain")
    if blockchain not in blockchains():
        raise bad_request(f"Deposits are not supported on blockchain {blockchain}")
    return deposit_address(account, blockchain)


def _token(asset: str, blockchain, action: str) -> TokenSpec:
    """The asset's token on ``blockchain``; a network the asset is not listed on is refused."""
    if blockchain not in BLOCKCHAINS:
        raise enum_error("blockchain", "Blockchain")
    token = ASSETS[asset].token(blockchain)
    if token is None:
        raise ApiError("INVALID_ASSET", f"Asset {asset} is not supported on blockchain {blockchain}")
    if not (token.deposit_enabled if action == "deposit" else token.withdraw_enabled):
        raise ApiError("INVALID_ASSET", f"{action.capitalize()}s of {asset} on {blockchain} are disabled")
    return token


def deposit_source(blockchain: str) -> str:
    """Deposit.source names the chain in lower camelCase: ethereum, bitcoinCash, xRP."""
    return blockchain[:1].lower() + blockchain[1:]


def _asset(symbol) -> str:
    if not isinstance(symbol, str) or symbol not in ASSETS:
        raise ApiError("INVALID_ASSET", f"Invalid asset: {symbol}")
    return symbol


# The most one deposit or starting balance may credit: keeps balances (and the values and
# margins derived from them) well inside Decimal's 28-digit arithmetic.
MAX_CREDIT = Decimal("1000000000000000")


def starting_balances(balances) -> dict[str, Decimal]:
    """Validate ``{"USDC": "1000", ...}`` for a new account (known assets, 0..MAX_CREDIT)."""
    if not isinstance(balances, dict):
        raise bad_request("`balances` must be an object of asset: quantity")
    parsed = {}
    for symbol, value in balances.items():
        asset = _asset(symbol)
        quantity = parse_decimal(value)
        if (
            quantity is None
            or quantity < 0
            or quantity > MAX_CREDIT
            or has_extra_decimals(quantity, ASSETS[asset].step)
        ):
            raise ApiError("INVALID_QUANTITY", f"Invalid balance for {asset}: expected a decimal 0..{MAX_CREDIT}")
        parsed[asset] = quantity
    return parsed


def _positive_quantity(value, asset: str) -> Decimal:
    quantity = parse_decimal(value)
    if quantity is None or quantity <= 0:
        raise ApiError("INVALID_QUANTITY", "Quantity must be a positive decimal")
    if has_extra_decimals(quantity, ASSETS[asset].step):
        raise ApiError("INVALID_QUANTITY", "Quantity decimal too long")
    return quantity


def credit_deposit(
    engine: Engine,
    account: Account,
    symbol: str,
    quantity,
    source: str = "administrator",
    status: str = "confirmed",
    blockchain: str | None = None,
) -> dict:
    """Credit a deposit. Without ``blockchain`` it lands on the asset's primary network with the
    given ``source``; with one it is an on-chain deposit on that network (source = the chain)."""
    asset = _asset(symbol)
    amount = _positive_quantity(quantity, asset)
    if amount > MAX_CREDIT:
        raise ApiError("INVALID_QUANTITY", f"Quantity is above the maximum deposit {MAX_CREDIT}")
    from_address = None
    if blockchain is not None:
        token = _token(asset, blockchain, "deposit")
        if amount < token.minimum_deposit:
            raise ApiError("INVALID_QUANTITY", f"Quantity is below the minimum deposit {token.minimum_deposit}")
        source = deposit_source(blockchain)
        from_address = deposit_address(_External(engine.counters["deposit"] + 1), blockchain)
    else:
        blockchain = ASSETS[asset].blockchain
    row = {
        "id": engine.next_id("deposit"),
        "toAddress": deposit_address(account, blockchain),
        "fromAddress": from_address,
        "source": source,
        "status": status,
        "transactionHash": hashlib.sha256(f"deposit:{engine.counters['deposit']}".encode()).hexdigest(),
        "symbol": asset,
        "quantity": amount,
        "createdAt": now_ms(),
        "fiatAmount": None,
        "fiatCurrency": None,
        "institutionBic": None,
        "platformMemo": None,
    }
    if status == "confirmed":
        account.balance(asset).available += amount
    account.deposits.append(row)
    engine.recorder.row_changed("deposits", account, row)
    engine.recorder.account_changed(account)
    return row


class _External:
    """Stands in for an outside wallet when making up a deposit's fromAddress."""

    def __init__(self, number: int):
        self.api_key = f"external:{number}"


def request_withdrawal(engine: Engine, account: Account, payload: dict) -> dict:
    for field in ("address", "blockchain", "quantity", "symbol"):
        if payload.get(field) is None:
            raise bad_request(
                f"parse request payload error: missing field `{field}` "
                f'(occurred while parsing "AccountWithdrawalPayload")'
            )
    if payload["blockchain"] not in BLOCKCHAINS:
        raise enum_error("blockchain", "Blockchain")
    asset = _asset(payload["symbol"])
    spec = _token(asset, payload["blockchain"], "withdrawal")
    quantity = _positive_quantity(payload["quantity"], asset)
    if quantity < spec.minimum_withdrawal:
        raise ApiError("INVALID_QUANTITY", f"Quantity is below the minimum withdrawal {spec.minimum_withdrawal}")
    if spec.maximum_withdrawal is not None and quantity > spec.maximum_withdrawal:
        raise ApiError("INVALID_QUANTITY", f"Quantity is above the maximum withdrawal {spec.maximum_withdrawal}")
    balance = account.balance(asset)
    if balance.available < quantity + spec.withdrawal_fee:
        raise ApiError("INSUFFICIENT_FUNDS", "Insufficient funds")
    balance.available -= quantity + spec.withdrawal_fee
    client_id = payload.get("clientId")
    row = {
        "id": engine.next_id("withdrawal"),
        "blockchain": payload["blockchain"],
        "clientId": None if client_id is None else str(client_id),
        "identifier": None,
        "quantity": quantity,
        "fee": spec.withdrawal_fee,
        "fiatFee": None,
        "fiatState": None,
        "fiatSymbol": None,
        "providerId": None,
        "symbol": asset,
        "status": "pending",
        "subaccountId": None,
        "toAddress": str(payload["address"]),
        "transactionHash": None,
        "createdAt": now_ms(),
        "isInternal": False,
        "bankName": None,
        "bankIdentifier": None,
        "accountIdentifier": None,
        "triggerAt": None,
    }
    account.withdrawals.append(row)
    engine.recorder.row_changed("withdrawals", account, row)
    engine.recorder.account_changed(account)
    return row


def confirm_pending_withdrawals(engine: Engine) -> None:
    """Withdrawals go from pending to confirmed on the next simulator tick."""
    for account in engine.accounts.values():
        for row in account.withdrawals:
            if row["status"] == "pending":
                row["status"] = "confirmed"
                row["transactionHash"] = hashlib.sha256(f"withdrawal:{row['id']}".encode()).hexdigest()
                engine.recorder.row_changed("withdrawals", account, row)


def borrow_lend(engine: Engine, account: Account, payload: dict) -> None:
    """Lend moves available into the lend position (repaying a borrow first); Borrow the reverse."""
    for field in ("quantity", "side", "symbol"):
        if payload.get(field) is None:
            raise bad_request(
                f"parse request payload error: missing field `{field}` "
                f'(occurred while parsing "BorrowLendExecutePayload")'
            )
    if payload["side"] not in ("Borrow", "Lend"):
        raise enum_error("side", "BorrowLendSide")
    asset = _asset(payload["symbol"])
    quantity = _positive_quantity(payload["quantity"], asset)
    balance = account.balance(asset)
    net = account.lend.get(asset, ZERO)
    if payload["side"] == "Lend":
        if balance.available < quantity:
            raise ApiError("INSUFFICIENT_FUNDS", "Insufficient funds")
        balance.available -= quantity
        account.lend[asset] = net + quantity
    else:
        borrowed_after = max(-(net - quantity), ZERO)
        if borrowed_after * engine.asset_price(asset) > max_borrow_value(engine, account):
            raise ApiError("BORROW_LIMIT", "Borrow limit exceeded")
        balance.available += quantity
        account.lend[asset] = net - quantity
    if not account.lend[asset]:
        del account.lend[asset]
    event_type = _borrow_lend_event(payload["side"], net)
    row = {
        "eventType": event_type,
        "positionId": f"{account.user_id}{asset}",
        "positionQuantity": account.lend.get(asset, ZERO),
        "quantity": quantity,
        "source": "Manual",
        "symbol": asset,
        "timestamp": now_ms(),
        "spotMarginOrderId": None,
    }
    account.borrow_lend_events.append(row)
    engine.recorder.row_changed("borrow_lend_events", account, row)
    engine.recorder.account_changed(account)


def _borrow_lend_event(side: str, net_before: Decimal) -> str:
    if side == "Lend":
        return "BorrowRepay" if net_before < 0 else "Lend"
    return "LendRedeem" if net_before > 0 else "Borrow"


def max_borrow_value(engine: Engine, account: Account) -> Decimal:
    """Borrowing is allowed up to half of the account's positive collateral value."""
    value = ZERO
    for asset, balance in account.balances.items():
        total = balance.available + balance.locked + max(account.lend.get(asset, ZERO), ZERO)
        if total > 0:
            value += total * engine.asset_price(asset) * (ASSETS[asset].collateral_weight if asset in ASSETS else 1)
    return value / 2


def max_borrow_quantity(engine: Engine, account: Account, asset: str) -> Decimal:
    asset = _asset(asset)
    price = engine.asset_price(asset)
    borrowed = sum((-q * engine.asset_price(a) for a, q in account.lend.items() if q < 0), ZERO)
    room = max(max_borrow_value(engine, account) - borrowed, ZERO)
    return floor_to_step(room / price, ASSETS[asset].step) if price else ZERO


def max_withdrawal_quantity(account: Account, asset: str) -> Decimal:
    asset = _asset(asset)
    return max(account.balance(asset).available - ASSETS[asset].withdrawal_fee, ZERO)


def max_order_quantity(
    engine: Engine, account: Account, symbol: str, side: str, price: Decimal | None, reduce_only: bool
) -> Decimal:
    market = engine.market(symbol)
    spec = market.spec
    price = price or engine.estimate_fill_price(market, side == "Bid")
    if spec.is_contract:
        position = account.positions.get(symbol)
        current = position.net_quantity if position else ZERO
        reducible = abs(current) if current and (current > 0) != (side == "Bid") else ZERO
        if reduce_only:
            return reducible
        margin = max(engine.available_margin(account), ZERO)
        fraction = engine.initial_margin_fraction(account, market, margin)
        return floor_to_step(reducible + margin / fraction / price, spec.step_size)
    if side == "Bid":
        return floor_to_step(account.balance(spec.quote).available / price, spec.step_size)
    return floor_to_step(account.balance(spec.base).available, spec.step_size)
