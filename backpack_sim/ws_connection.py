"""One WebSocket connection of the hub: its outgoing queue and writer, the ways it ends
(a cut without Close, a Close frame then a grace period, a Close after a missed pong), the
way it hangs (silent: open, and nothing comes), the server's keepalive, and the counters
tests read through ``GET /_sim/ws/stats``."""

from __future__ import annotations

import asyncio
import struct
from dataclasses import asdict, dataclass, fields

from aiohttp import WSMsgType, web

CLOSE_GOING_AWAY = 1001  # server shutdown: Backpack then gives the client a grace period
CLOSE_PONG_MISSING = 1008  # the reference names no code for this close; 1008 keeps it apart from 1001


@dataclass
class WsTotals:
    """Counters over the simulator's life (or since the last reset)."""

    connections_opened: int = 0
    depth_frames_withheld: int = 0  # ws_loss_rate: depth frames a subscriber never got
    sequence_gaps_injected: int = 0  # ws_gap_rate: depth messages followed by skipped update ids
    update_ids_skipped: int = 0
    connections_dropped: int = 0  # cut without a Close frame, whatever the cause (the three below)
    dropped_by_fault: int = 0  # ws_drop_rate
    dropped_by_admin: int = 0  # /_sim/ws/drop, Simulator.drop_ws_connections
    dropped_slow_consumer: int = 0  # outgoing queue over MAX_QUEUE
    close_1001_sent: int = 0  # /_sim/ws/close, Simulator.close_ws_connections
    connections_silenced: int = 0  # /_sim/ws/silence, Simulator.silence_ws_connections
    closed_after_grace: int = 0  # connections still open when their grace period ended
    pings_sent: int = 0
    pong_deadline_closes: int = 0  # Close 1008 after a ping went unanswered ws_pong_deadline s

    def reset(self) -> None:
        for field in fields(self):
            setattr(self, field.name, 0)

    def to_json(self) -> dict:
        return asdict(self)


class Connection:
    def __init__(self, connection_id: int, ws: web.WebSocketResponse, request: web.Request, totals: WsTotals):
        self.id = connection_id
        self.ws = ws
        self.transport = request.transport
        self.peer = _address(self.transport)
        self.totals = totals
        self.queue: asyncio.Queue = asyncio.Queue()
        self.streams: set[str] = set()  # keys in the hub's subscription table
        self.account = None
        self.closed = False
        self.silent = False  # a hung server: nothing is sent (no data, no pong, no ping), nothing read
        self.close_code_sent: int | None = None
        self.frames_sent = 0
        self.depth_frames_withheld = 0
        self.pings_sent = 0
        self.pongs_received = 0
        self.unanswered_ping_since: float | None = None  # loop time of the oldest unanswered ping

    # ------------------------------------------------------------ sending
    def send(self, text: str) -> None:
        if not self.closed and not self.silent:
            self.queue.put_nowait(text)

    async def writer(self) -> None:
        try:
            while True:
                text = await self.queue.get()
                if self.closed:
                    return
                if self.silent:  # queued before it went silent: never sent either
                    continue
                await self.ws.send_str(text)
                self.frames_sent += 1
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            return

    def withhold_depth_frame(self) -> None:
        self.depth_frames_withheld += 1
        self.totals.depth_frames_withheld += 1

    # ------------------------------------------------------------- ending
    def drop(self, counter: str) -> None:
        """Simulate a network failure: cut the TCP connection without a close frame."""
        if self.closed:
            return
        self.closed = True
        self.totals.connections_dropped += 1
        setattr(self.totals, counter, getattr(self.totals, counter) + 1)
        if self.transport is not None:
            self.transport.abort()

    async def send_close_frame(self, code: int, reason: str) -> None:
        """Write a Close frame but keep the connection usable: aiohttp's own close() would stop
        every later frame, and Backpack goes on delivering during its shutdown grace period."""
        self.close_code_sent = code
        writer = self.ws._writer  # noqa: SLF001 - see above
        send_frame = getattr(writer, "send_frame", None) or writer._send_frame  # aiohttp < 3.11: private
        try:
            await send_frame(struct.pack("!H", code) + reason.encode(), WSMsgType.CLOSE)
        except (ConnectionError, RuntimeError):
            pass

    def silence(self) -> None:
        """Hang: the TCP connection stays open and nothing more comes (see ``silent``)."""
        if not self.closed and not self.silent:
            self.silent = True
            self.totals.connections_silenced += 1

    def close_transport(self) -> None:
        """End the connection after our Close frame (what is queued in the socket is still sent)."""
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    # ---------------------------------------------------------- keepalive
    async def ping(self, now: float) -> None:
        await self.ws.ping()
        self.pings_sent += 1
        self.totals.pings_sent += 1
        if self.unanswered_ping_since is None:
            self.unanswered_ping_since = now

    def pong_received(self) -> None:
        self.pongs_received += 1
        self.unanswered_ping_since = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "peer": self.peer,
            "open": not self.closed,
            "silent": self.silent,
            "streams": sorted(key.partition("|")[2] or key for key in self.streams),
            "frames_sent": self.frames_sent,
            "depth_frames_withheld": self.depth_frames_withheld,
            "close_code_sent": self.close_code_sent,
            "pings_sent": self.pings_sent,
            "pongs_received": self.pongs_received,
        }


async def keep_alive(connection: Connection, interval: float, deadline: float) -> None:
    """Ping every ``interval`` s; once a ping has gone ``deadline`` s without any pong, send
    Close and end the connection (Backpack: ping every 60 s, Close after 120 s without a pong).
    ``deadline`` 0 never closes."""
    loop = asyncio.get_running_loop()
    next_ping = loop.time() + interval
    while not connection.closed and not connection.silent:
        wake = next_ping
        if deadline and connection.unanswered_ping_since is not None:
            wake = min(wake, connection.unanswered_ping_since + deadline)
        await asyncio.sleep(max(0.0, wake - loop.time()))
        now = loop.time()
        if connection.closed or connection.silent:
            return
        if deadline and connection.unanswered_ping_since is not None:
            if now >= connection.unanswered_ping_since + deadline:
                connection.totals.pong_deadline_closes += 1
                await connection.send_close_frame(CLOSE_PONG_MISSING, "Pong not received")
                connection.close_transport()
                return
        if now >= next_ping:
            try:
                await connection.ping(now)
            except (ConnectionError, RuntimeError):
                return
            next_ping = now + interval


def _address(transport) -> str | None:
    peer = transport.get_extra_info("peername") if transport is not None else None
    return f"{peer[0]}:{peer[1]}" if peer else None
