import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import pytest  # noqa: E402

from backpack_sim import SimulatorThread  # noqa: E402


@pytest.fixture
def quiet_sim():
    """A simulator without market maker or seeded history: the books start empty."""
    with SimulatorThread(market_maker=False, history=False, tick_interval=3600) as sim:
        yield sim


@pytest.fixture(scope="module")
def live_sim():
    """A simulator with the market maker quoting (shared by a module's read-mostly tests)."""
    with SimulatorThread(seed=7, tick_interval=0.2) as sim:
        yield sim
