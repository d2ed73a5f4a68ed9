"""Constants and helpers shared by the hand-written tests."""

import json
import sys
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
    document = json.loads((GENERATED / "tests" / "static" / "response" / "backpack.json").read_text())
    return document["methods"][method][index]
