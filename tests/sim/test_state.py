"""--state: a restarted simulator keeps accounts, balances, open orders and history."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from backpack_sim import SimulatorThread
from backpack_sim.signing import KeyPair
from simclient import Client, limit

ROOT = Path(__file__).resolve().parents[2]
SECOND = KeyPair.generate()


def snapshot(client: Client) -> dict:
    get = client.signed
    return {
        "balances": client.balances(),
        "open": get("GET", "/api/v1/orders").json(),
        "orders": get("GET", "/wapi/v1/history/orders").json(),
        "fills": get("GET", "/wapi/v1/history/fills").json(),
        "deposits": get("GET", "/wapi/v1/capital/deposits").json(),
        "withdrawals": get("GET", "/wapi/v1/capital/withdrawals").json(),
        "positions": get("GET", "/api/v1/position").json(),
        "account": get("GET", "/api/v1/account").json(),
    }


def test_restart_with_state_loses_nothing(tmp_path):
    state = str(tmp_path / "state.db")
    options = dict(
        market_maker=False,
        history=False,
        state_path=state,
        tick_interval=3600,
        accounts={SECOND.secret: {"USDC": "5000", "SOL": "50"}},
    )
    with SimulatorThread(**options) as sim:
        demo, other = Client(sim.rest_url), Client(sim.rest_url, SECOND.secret)
        resting = limit(demo, "Bid", "140", "2", clientId=11)
        limit(other, "Ask", "150", "3")
        limit(demo, "Bid", "150", "1")
        limit(other, "Ask", "150", "1", "SOL_USDC_PERP")
        limit(demo, "Bid", "150", "1", "SOL_USDC_PERP")
        trigger = demo.order(
            symbol="SOL_USDC", side="Ask", orderType="Market", triggerPrice="100", triggerQuantity="1"
        ).json()
        sim.call(sim.sim.credit_deposit, demo.keys.api_key, "ETH", "1.5")
        demo.signed(
            "POST",
            "/wapi/v1/capital/withdrawals",
            body={"address": "0xabc", "blockchain": "Ethereum", "quantity": "10", "symbol": "USDC"},
        )
        demo.signed("PATCH", "/api/v1/account", body={"leverageLimit": "3"})
        before = {"demo": snapshot(demo), "other": snapshot(other)}
        depth_before = demo.public("/api/v1/depth", symbol="SOL_USDC").json()

    with SimulatorThread(**options) as sim:
        demo, other = Client(sim.rest_url), Client(sim.rest_url, SECOND.secret)
        after = {"demo": snapshot(demo), "other": snapshot(other)}
        for who in before:
            for key in before[who]:
                if key == "positions":  # mark-dependent fields aside, the position is the same
                    strip = [
                        {k: v for k, v in p.items() if k not in ("markPrice", "pnlUnrealized", "estLiquidationPrice")}
                        for p in before[who][key]
                    ]
                    assert strip == [{k: v for k, v in p.items() if k in strip[0]} for p in after[who][key]]
                else:
                    assert after[who][key] == before[who][key], (who, key)
        assert {o["id"] for o in after["demo"]["open"]} == {resting["id"], trigger["id"]}
        depth_after = demo.public("/api/v1/depth", symbol="SOL_USDC").json()
        assert (depth_after["bids"], depth_after["asks"]) == (depth_before["bids"], depth_before["asks"])
        # the restored orders are live: their client ids are still taken, and they match
        reuse = dict(symbol="SOL_USDC", side="Bid", orderType="Limit", price="141", quantity="1", clientId=11)
        assert demo.order(**reuse).json()["code"] == "INVALID_ORDER"
        assert limit(other, "Ask", "140", "2")["status"] == "Filled"
        assert demo.order(**reuse).status_code == 200  # 11 was freed by the fill
        new_ids = int(limit(demo, "Bid", "141", "1")["id"])
        assert new_ids > max(int(o["id"]) for o in before["demo"]["orders"])


def test_cli_serves_prints_urls_and_stops_on_sigterm(tmp_path):
    state = str(tmp_path / "cli.db")
    command = [
        sys.executable,
        "-m",
        "backpack_sim",
        "--port",
        "0",
        "--no-market-maker",
        "--no-history",
        "--state",
        state,
        "--account",
        f"{SECOND.secret}:USDC=100,SOL=2",
    ]

    def start():
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        rest = process.stdout.readline().split()[-1]
        ws = process.stdout.readline().split()[-1]
        return process, rest, ws

    def stop(process):
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
        assert process.returncode == 0, err
        assert "stopped" in out

    process, rest, ws = start()
    try:
        assert rest.startswith("http://127.0.0.1:") and ws == rest.replace("http", "ws") + "/ws"
        other = Client(rest, SECOND.secret)
        assert other.balances()["SOL"]["available"] == "2"
        order = limit(other, "Ask", "160", "1")
    finally:
        stop(process)
    process, rest, _ = start()
    try:
        other = Client(rest, SECOND.secret)
        assert [o["id"] for o in other.signed("GET", "/api/v1/orders").json()] == [order["id"]]
        assert other.balances()["SOL"] == {"available": "1", "locked": "1", "staked": "0"}
    finally:
        stop(process)
