"""ED25519 request signing exactly as Backpack does it (reference §2).

The same helpers sign (tests, load test) and verify (server)."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import nacl.exceptions
import nacl.signing

DEFAULT_WINDOW = 5000
MAX_WINDOW = 60000

# (method, path) -> instruction, from reference §2.5 and the OpenAPI descriptions.
INSTRUCTIONS: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/account"): "accountQuery",
    ("PATCH", "/api/v1/account"): "accountUpdate",
    ("POST", "/api/v1/account/convertDust"): "convertDust",
    ("GET", "/api/v1/account/limits/borrow"): "maxBorrowQuantity",
    ("GET", "/api/v1/account/limits/order"): "maxOrderQuantity",
    ("GET", "/api/v1/account/limits/withdrawal"): "maxWithdrawalQuantity",
    ("GET", "/api/v1/capital"): "balanceQuery",
    ("GET", "/api/v1/capital/collateral"): "collateralQuery",
    ("GET", "/wapi/v1/capital/deposits"): "depositQueryAll",
    ("GET", "/wapi/v1/capital/deposit/address"): "depositAddressQuery",
    ("GET", "/wapi/v1/capital/withdrawals"): "withdrawalQueryAll",
    ("POST", "/wapi/v1/capital/withdrawals"): "withdraw",
    ("GET", "/api/v1/borrowLend/positions"): "borrowLendPositionQuery",
    ("POST", "/api/v1/borrowLend"): "borrowLendExecute",
    ("GET", "/api/v1/order"): "orderQuery",
    ("POST", "/api/v1/order"): "orderExecute",
    ("DELETE", "/api/v1/order"): "orderCancel",
    ("GET", "/api/v1/orders"): "orderQueryAll",
    ("POST", "/api/v1/orders"): "orderExecute",
    ("DELETE", "/api/v1/orders"): "orderCancelAll",
    ("GET", "/api/v1/position"): "positionQuery",
    ("POST", "/api/v1/rfq"): "rfqSubmit",
    ("POST", "/api/v1/rfq/accept"): "quoteAccept",
    ("POST", "/api/v1/rfq/refresh"): "rfqRefresh",
    ("POST", "/api/v1/rfq/cancel"): "rfqCancel",
    ("POST", "/api/v1/rfq/quote"): "quoteSubmit",
    ("GET", "/api/v1/rfqs"): "rfqQuery",
    ("GET", "/api/v1/strategy"): "strategyQuery",
    ("POST", "/api/v1/strategy"): "strategyCreate",
    ("DELETE", "/api/v1/strategy"): "strategyCancel",
    ("GET", "/api/v1/strategies"): "strategyQueryAll",
    ("DELETE", "/api/v1/strategies"): "strategyCancelAll",
    ("GET", "/wapi/v1/history/orders"): "orderHistoryQueryAll",
    ("GET", "/wapi/v1/history/fills"): "fillHistoryQueryAll",
    ("GET", "/wapi/v1/history/funding"): "fundingHistoryQueryAll",
    ("GET", "/wapi/v1/history/position"): "positionHistoryQueryAll",
    ("GET", "/wapi/v1/history/borrowLend"): "borrowHistoryQueryAll",
    ("GET", "/wapi/v1/history/borrowLend/positions"): "borrowPositionHistoryQueryAll",
    ("GET", "/wapi/v1/history/interest"): "interestHistoryQueryAll",
    ("GET", "/wapi/v1/history/dust"): "dustHistoryQueryAll",
    ("GET", "/wapi/v1/history/settlement"): "settlementHistoryQueryAll",
    ("GET", "/wapi/v1/history/strategies"): "strategyHistoryQueryAll",
    ("GET", "/wapi/v1/history/rfq"): "rfqHistoryQueryAll",
    ("GET", "/wapi/v1/history/quote"): "quoteHistoryQueryAll",
    ("GET", "/wapi/v1/history/rfq/fill"): "rfqFillHistoryQueryAll",
    ("GET", "/wapi/v1/history/quote/fill"): "quoteFillHistoryQueryAll",
}

BATCH_PATHS = {("POST", "/api/v1/orders")}


def render_value(value) -> str:
    """Render one parameter value the way the official clients do: raw, bools lower-case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, separators=(",", ":"), default=str)


def param_string(params) -> str:
    """``k1=v1&k2=v2`` sorted by key; None values are left out.

    ``params`` is a mapping or a list of (key, value) pairs (repeated query keys)."""
    items = params.items() if hasattr(params, "items") else params
    pairs = sorted(((k, v) for k, v in items if v is not None), key=lambda kv: kv[0])
    return "&".join(f"{k}={render_value(v)}" for k, v in pairs)


def instruction_block(instruction: str, params) -> str:
    rendered = param_string(params) if params else ""
    return f"instruction={instruction}&{rendered}" if rendered else f"instruction={instruction}"


def signing_string(instruction: str, params, timestamp: int | str, window: int | str = DEFAULT_WINDOW) -> str:
    """The full string to sign for one request (``params`` = body dict or query pairs)."""
    return f"{instruction_block(instruction, params)}&timestamp={timestamp}&window={window}"


def batch_signing_string(instruction: str, items: list, timestamp, window=DEFAULT_WINDOW) -> str:
    """Batch body: one instruction block per item, joined, then timestamp/window once."""
    blocks = "&".join(instruction_block(instruction, item) for item in items)
    return f"{blocks}&timestamp={timestamp}&window={window}"


class KeyPair:
    """An ED25519 key pair from a base64 32-byte seed (64-byte seed||pub also accepted)."""

    def __init__(self, secret_b64: str):
        raw = base64.b64decode(secret_b64)
        if len(raw) not in (32, 64):
            raise ValueError("secret must be a base64 32-byte ed25519 seed")
        self.secret = base64.b64encode(raw[:32]).decode()
        self._signing_key = nacl.signing.SigningKey(raw[:32])
        self.api_key = base64.b64encode(bytes(self._signing_key.verify_key)).decode()

    @classmethod
    def generate(cls) -> "KeyPair":
        return cls(base64.b64encode(bytes(nacl.signing.SigningKey.generate())).decode())

    def sign(self, message: str) -> str:
        return base64.b64encode(self._signing_key.sign(message.encode()).signature).decode()

    def headers(
        self,
        instruction: str,
        params=None,
        timestamp: int | None = None,
        window: int = DEFAULT_WINDOW,
        batch: bool = False,
    ) -> dict:
        """Headers for a signed request; ``params`` is the body (dict or list) or the query."""
        from .decimals import now_ms

        timestamp = now_ms() if timestamp is None else timestamp
        if batch:
            message = batch_signing_string(instruction, params or [], timestamp, window)
        else:
            message = signing_string(instruction, params or {}, timestamp, window)
        return {
            "X-API-Key": self.api_key,
            "X-Signature": self.sign(message),
            "X-Timestamp": str(timestamp),
            "X-Window": str(window),
        }

    def ws_signature(self, timestamp: int | None = None, window: int = DEFAULT_WINDOW) -> list[str]:
        from .decimals import now_ms

        timestamp = now_ms() if timestamp is None else timestamp
        message = f"instruction=subscribe&timestamp={timestamp}&window={window}"
        return [self.api_key, self.sign(message), str(timestamp), str(window)]


class Verifier:
    """Verifies signatures with one cached nacl VerifyKey per API key."""

    def __init__(self):
        self._keys: dict[str, nacl.signing.VerifyKey] = {}

    def add_key(self, api_key: str) -> None:
        self._keys[api_key] = nacl.signing.VerifyKey(base64.b64decode(api_key))

    def knows(self, api_key: str) -> bool:
        return api_key in self._keys

    def verify(self, api_key: str, message: str, signature_b64: str) -> bool:
        key = self._keys.get(api_key)
        if key is None:
            return False
        try:
            signature = base64.b64decode(signature_b64, validate=True)
            key.verify(message.encode(), signature)
            return True
        except (ValueError, nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, TypeError):
            return False
