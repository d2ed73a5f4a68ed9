"""backpack_sim: a local Backpack-Exchange-compatible server (REST + WebSocket).

from backpack_sim import Simulator, SimulatorThread
sim = await Simulator(seed=1).start("127.0.0.1", 0)    # sim.rest_url, sim.ws_url
await sim.stop()
"""

from .server import DEMO_API_KEY, DEMO_SECRET, Simulator, SimulatorThread
from .signing import KeyPair, batch_signing_string, signing_string

__all__ = [
    "Simulator",
    "SimulatorThread",
    "KeyPair",
    "DEMO_SECRET",
    "DEMO_API_KEY",
    "signing_string",
    "batch_signing_string",
]
