"""The load-test helper runs against a live simulator and reports sane numbers."""

import asyncio

from backpack_sim import SimulatorThread
from backpack_sim.loadtest import run_load


def test_short_load_run_places_orders_without_errors():
    with SimulatorThread(seed=2, tick_interval=0.5) as sim:
        result = asyncio.run(run_load(sim.rest_url, clients=4, rate=200, duration=1.5, mode="mixed"))
    assert result["errors"] == {}
    assert 200 <= result["orders"] <= 320
    assert 0 < result["p50_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert result["p99_ms"] < 250
