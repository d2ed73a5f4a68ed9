"""Run the simulator (python -m backpack_sim) as a separate process for the demo and the load test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The demo account of the simulator: the seed 01..20 key pair of backpack-api.md §2.4.
DEMO_KEYS = {"apiKey": "ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=", "secret": "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="}


class SimulatorProcess:
    """with SimulatorProcess("--seed", "7") as url: ...  (url is the REST base URL)"""

    def __init__(self, *arguments: str):
        self.arguments = arguments
        self.process = None

    def __enter__(self) -> str:
        command = [sys.executable, "-m", "backpack_sim", "--host", "127.0.0.1", "--port", "0", *self.arguments]
        environment = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("REST"):
                return line.split()[-1]
            if not line and self.process.poll() is not None:
                break
        self.__exit__(None, None, None)
        raise RuntimeError("the simulator did not start")

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
