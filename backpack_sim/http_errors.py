"""Every HTTP error answer is a Backpack JSON body, including the ones aiohttp makes itself.

aiohttp answers a request it cannot parse (a request line or header over 8190 bytes, too
many headers, malformed HTTP) with a plain-text 400 before any handler or middleware
runs, and an exception that escapes a handler with a plain-text 500. ``JsonErrorAppRunner``
serves the application with a request handler whose error answers are JSON instead, and
``json_errors`` turns the HTTP exceptions aiohttp raises inside handlers into JSON."""

from __future__ import annotations

from http import HTTPStatus

from aiohttp import web
from aiohttp.http_exceptions import LineTooLong
from aiohttp.web_protocol import RequestHandler

from .errors import http_status_error
from .rest_core import error_response


class JsonErrorRequestHandler(RequestHandler):
    def handle_error(self, request, status: int = 500, exc: BaseException | None = None, message: str | None = None):
        super().handle_error(request, status, exc, message)  # logs; refuses once an answer is under way
        if isinstance(exc, LineTooLong):
            message = f"Request line or header longer than {self.max_line_size} bytes"
        elif status >= 500 or not message:
            message = HTTPStatus(status).phrase
        response = error_response(http_status_error(status, message))
        response.force_close()
        return response


class _JsonErrorServer(web.Server):
    def __call__(self) -> RequestHandler:
        return JsonErrorRequestHandler(self, loop=self._loop, **self._kwargs)


class JsonErrorAppRunner(web.AppRunner):
    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = _JsonErrorServer  # the same server; only its connections' handler class differs
        return server


@web.middleware
async def json_errors(request: web.Request, handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return error_response(http_status_error(error.status, error.text or error.reason))
