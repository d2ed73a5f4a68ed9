"""--state: what the simulator acknowledged survives a SIGKILL (it commits before answering)."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import requests

from simclient import Client

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("SIM_KILL_CYCLES", "5"))  # raise it for a longer soak
STREAM_THREADS = 4
DEMO_USDC = Decimal("1000000")


def start_simulator(state: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "backpack_sim", "--port", "0", "--no-market-maker", "--no-history"]
        + ["--rate-limit", "0", "--state", state],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    rest_url = process.stdout.readline().split()[-1]  # "REST      http://127.0.0.1:PORT"
    return process, rest_url


class Acknowledged:
    """What the server answered 2xx to: placed orders (id -> order) and cancelled order ids;
    plus the cancels sent, which may have been executed without their answer arriving."""

    def __init__(self):
        self.orders: dict[str, dict] = {}
        self.cancelled: set[str] = set()
        self.cancels_sent: set[str] = set()
        self.other_answers: list[str] = []  # what else the stream saw, to explain a failure
        self.lock = threading.Lock()

    def note(self, answer: str) -> None:
        with self.lock:
            self.other_answers = self.other_answers[-9:] + [answer]


def stream(url: str, seed: int, acknowledged: Acknowledged, stop: threading.Event) -> None:
    """Place resting bids (and cancel some) as fast as answers come, until the server dies."""
    rng = random.Random(seed)
    client = Client(url)
    mine = []
    while not stop.is_set():
        try:
            if mine and rng.random() < 0.25:
                order_id = mine.pop(rng.randrange(len(mine)))
                with acknowledged.lock:
                    acknowledged.cancels_sent.add(order_id)
                response = client.signed("DELETE", "/api/v1/order", body={"symbol": "SOL_USDC", "orderId": order_id})
                if response.status_code == 200:
                    with acknowledged.lock:
                        acknowledged.cancelled.add(order_id)
                else:
                    acknowledged.note(f"{response.status_code} {response.text[:200]}")
                continue
            price = Decimal("120") + Decimal(rng.randrange(1000)) / 100
            quantity = Decimal(rng.randrange(1, 100)) / 100
            response = client.order(
                symbol="SOL_USDC", side="Bid", orderType="Limit", price=str(price), quantity=str(quantity)
            )
        except requests.RequestException as error:
            acknowledged.note(repr(error)[:200])
            return
        if response.status_code != 200:
            acknowledged.note(f"{response.status_code} {response.text[:200]}")
            continue
        order = response.json()
        with acknowledged.lock:
            acknowledged.orders[order["id"]] = order
        mine.append(order["id"])


def kill_mid_stream(url: str, process: subprocess.Popen, acknowledged: Acknowledged, seed: int) -> None:
    """SIGKILL the simulator at a random moment after the stream got at least 30 answers."""
    stop = threading.Event()
    threads = [
        threading.Thread(target=stream, args=(url, seed * 100 + i, acknowledged, stop)) for i in range(STREAM_THREADS)
    ]
    enough = len(acknowledged.orders) + 30
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while len(acknowledged.orders) < enough and time.monotonic() < deadline and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    time.sleep(random.Random(seed).uniform(0, 0.1))
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    stop.set()
    for thread in threads:
        thread.join(15)


def order_history(client: Client) -> list[dict]:
    rows = []
    while True:
        page = client.signed("GET", "/wapi/v1/history/orders", params={"limit": 1000, "offset": len(rows)}).json()
        rows += page
        if len(page) < 1000:
            return rows


def check_nothing_acknowledged_was_lost(url: str, acknowledged: Acknowledged) -> None:
    client = Client(url)
    open_orders = {o["id"]: o for o in client.signed("GET", "/api/v1/orders").json()}
    history = {o["id"]: o for o in order_history(client)}
    for order_id, acked in acknowledged.orders.items():
        assert order_id in history, f"acknowledged order {order_id} was lost"
        if order_id in acknowledged.cancelled:
            assert order_id not in open_orders and history[order_id]["status"] == "Cancelled"
        elif order_id in acknowledged.cancels_sent and order_id not in open_orders:
            assert history[order_id]["status"] == "Cancelled"  # cancelled, the answer lost in the kill
        else:
            restored = open_orders[order_id]
            assert (restored["status"], restored["price"], restored["quantity"]) == (
                acked["status"],
                acked["price"],
                acked["quantity"],
            )
    # Orders and balances were committed together: the lock is exactly what the open orders hold.
    usdc = client.balances()["USDC"]
    locked = sum((Decimal(o["price"]) * Decimal(o["quantity"]) for o in open_orders.values()), Decimal(0))
    assert Decimal(usdc["locked"]) == locked
    assert Decimal(usdc["available"]) + Decimal(usdc["locked"]) == DEMO_USDC


def test_acknowledged_orders_and_cancels_survive_sigkill(tmp_path):
    state = str(tmp_path / "state.db")
    acknowledged = Acknowledged()
    process, url = start_simulator(state)
    try:
        for cycle in range(KILLS):
            placed_before = len(acknowledged.orders)
            kill_mid_stream(url, process, acknowledged, seed=cycle)
            placed = len(acknowledged.orders) - placed_before
            assert placed > 20, f"the kill did not land mid-stream: {placed} orders; {acknowledged.other_answers}"
            process, url = start_simulator(state)
            check_nothing_acknowledged_was_lost(url, acknowledged)
        assert acknowledged.cancelled
    finally:
        process.kill()
        process.wait(10)
