"""Constants and helpers shared by the hand-written tests."""

import functools
import io
import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "backpack"
GENERATED = ROOT / "generated"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The seed 01..20 test vector of backpack-api.md §2.4.
SECRET = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
API_KEY = "ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ="


def response_fixture(method, index=0):
    """A fresh copy of one case of the generated response fixtures (the caller may change it)."""
    return json.loads(_response_case(method, index))


@functools.cache
def _response_case(method, index):
    # the fixture file is 280 KB of JSON: parsed once per process, not once per call (hundreds of tests)
    return json.dumps(_response_document()["methods"][method][index])


@functools.cache
def _response_document():
    return json.loads((GENERATED / "tests" / "static" / "response" / "backpack.json").read_text())


def run_generator(*args, in_process=True, env=None):
    """`python -m generator generate ARGS`, by default in this process, where repeated renders are memoised
    (`env`: variables to add to the environment of a separate process)."""
    argv = ["generate", *map(str, args)]
    if not in_process:
        environment = {**os.environ, **env} if env else None
        return subprocess.run([sys.executable, "-m", "generator", *argv], cwd=ROOT, capture_output=True, text=True, env=environment)
    assert env is None, "the environment of this process is not changed"
    from generator.__main__ import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main(argv)
    return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())


@contextmanager
def http_server(handler):
    """A local HTTP server whose requests `handler` (a BaseHTTPRequestHandler class) answers; its URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # polled every 10 ms for shutdown, not 0.5 s: shutdown() waits for the next poll
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
