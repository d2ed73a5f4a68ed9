"""Backpack error bodies ``{"code": ..., "message": ...}`` and the HTTP status chosen per code."""

from __future__ import annotations

# The reference never maps codes to statuses; this table is the simulator's choice
# and is used for every error it raises, so the pairing stays consistent.
STATUS_BY_CODE = {
    "UNAUTHORIZED": 401,
    "INVALID_SIGNATURE": 401,
    "FORBIDDEN": 403,
    "RESOURCE_NOT_FOUND": 404,
    "TOO_MANY_REQUESTS": 429,
    "SERVER_ERROR": 500,
    "NOT_IMPLEMENTED": 501,
    "MAINTENANCE": 503,
    "TIMEOUT": 504,
}


class ApiError(Exception):
    """An error answered to the client with Backpack's error body."""

    def __init__(self, code: str, message: str, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or STATUS_BY_CODE.get(code, 400)

    def body(self) -> dict:
        return {"code": self.code, "message": self.message}


def bad_request(message: str) -> ApiError:
    return ApiError("INVALID_CLIENT_REQUEST", message)


def not_found(message: str) -> ApiError:
    return ApiError("RESOURCE_NOT_FOUND", message)


def enum_error(param: str, enum_name: str) -> ApiError:
    return bad_request(
        f'failed to parse parameter `{param}`: failed to parse "{enum_name}": Expect a valid enumeration value.'
    )


def http_status_error(status: int, message: str) -> ApiError:
    """An error aiohttp produced itself (body too large, unparsable request...) as an ApiError."""
    code = next((c for c, s in STATUS_BY_CODE.items() if s == status), None)
    return ApiError(code or ("SERVER_ERROR" if status >= 500 else "INVALID_CLIENT_REQUEST"), message, status)
