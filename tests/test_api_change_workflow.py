"""The maintainer's routine when Backpack changes its API, end to end on a copy of the spec:
drift -> sync-openapi -> what generate refuses -> the to-do done by hand -> generate -> no drift.

The change is the kind the OpenAPI changelog lists every few weeks, three at once: a new
endpoint (like 2024-12-02's borrow-lend history per position), a new order status (like the
enum values of 2025-02-11) and a new answer field (like 2025-02-03's `openInterestLimit`).
Each step must say exactly what is left, and the regenerated adapter must differ from the
repository's only where the change reaches.
"""

from __future__ import annotations

import difflib
import io
import json
import shutil
from contextlib import redirect_stderr, redirect_stdout

import pytest

from generator.__main__ import main
from generator.errors import SpecErrors
from generator.loader import load_spec_dir
from generator.model import build_model
from generator.openapi import parse_document
from generator.render import render

from support import GENERATED, SPEC

NEW_PATH = "/api/v1/openInterest/history"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        status = main(list(args))
    return status, out.getvalue()


def changed_document() -> dict:
    """The snapshot with the three changes."""
    snapshot = SPEC / "upstream" / "backpack-openapi.yml"
    document = parse_document(snapshot.read_bytes())  # a copy of its own, read as the commands read it
    schemas = document["components"]["schemas"]
    schemas["OrderStatus"]["enum"].append("Replaced")
    schemas["Ticker"]["properties"]["vwap"] = {"type": "string", "format": "decimal", "description": "Volume weighted average price."}
    interest = document["paths"]["/api/v1/openInterest"]["get"]
    document["paths"][NEW_PATH] = {
        "get": {
            "tags": interest["tags"],
            "summary": "Get open interest history.",
            "operationId": "get_open_interest_history",
            "parameters": [
                {"name": "symbol", "in": "query", "required": True, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "format": "uint64"}},
            ],
            "responses": interest["responses"],
        }
    }
    return document


@pytest.fixture(scope="module")
def workflow(tmp_path_factory):
    """Every step's outcome, on a copy of spec/backpack (its fixtures too: generate needs them)."""
    root = tmp_path_factory.mktemp("workflow")
    spec_dir = root / "backpack"
    shutil.copytree(SPEC, spec_dir)
    document = root / "new-openapi.json"
    document.write_text(json.dumps(changed_document()), encoding="utf-8")
    steps = {"drift": run("drift", "--spec", str(spec_dir), "--openapi", str(document))}
    steps["sync"] = run("sync-openapi", str(document), "--spec", str(spec_dir), "--taken", "2026-12-01")
    try:
        build_model(load_spec_dir(spec_dir))
        steps["generate"] = None
    except SpecErrors as errors:
        steps["generate"] = str(errors)
    do_the_todo(spec_dir)
    steps["files"] = render(build_model(load_spec_dir(spec_dir)), "spec/backpack")
    steps["drift after"] = run("drift", "--spec", str(spec_dir))
    steps["sync after"] = run("sync-openapi", str(document), "--spec", str(spec_dir), "--dry-run")
    return steps


def do_the_todo(spec_dir) -> None:
    """What the maintainer writes by hand: the new status's unified meaning, and why the new
    field is not read."""
    statuses = spec_dir / "statuses.yaml"
    statuses.write_text(statuses.read_text().replace("      TriggerFailed: rejected\n", "      TriggerFailed: rejected\n      Replaced: canceled\n", 1))
    structures = spec_dir / "structures.yaml"
    text = structures.read_text()
    anchor = "\n  Ticker:\n"
    assert anchor in text, "the unread section lists Ticker's properties"
    structures.write_text(text.replace(anchor, anchor + "    vwap: ccxt derives vwap from the volumes, exactly\n", 1))


def test_drift_classifies_each_change(workflow):
    status, report = workflow["drift"]
    assert status == 2, report  # breaking: a status no table maps
    lines = [line.strip() for line in report.splitlines() if line.strip().startswith(("BREAKS", "extends"))]
    assert len(lines) == 3, report
    assert any(line.startswith("BREAKS   OrderStatus.Replaced") and "statuses.yaml" in line for line in lines)
    assert any(line.startswith("extends  GET api/v1/openInterest/history") for line in lines)
    assert any(line.startswith("extends  Ticker.vwap") for line in lines)


def test_sync_writes_the_mechanical_part_and_lists_the_rest(workflow):
    status, output = workflow["sync"]
    assert status == 1, output
    todo = [line.strip() for line in output.split("to do by hand", 1)[1].splitlines()[1:] if line.strip()]
    assert len(todo) == 2, output
    assert any("`Replaced`" in item and "statuses.yaml" in item and "`order`" in item for item in todo)
    assert any("Ticker.vwap" in item and "unread" in item for item in todo)


def test_generate_refuses_the_unlisted_field_naming_where_to_decide(workflow):
    assert workflow["generate"] is not None
    assert "structures.yaml" in workflow["generate"] and "vwap" in workflow["generate"]


def test_the_regenerated_adapter_differs_only_where_the_change_reaches(workflow):
    files = workflow["files"]
    changed = {}
    for name, text in files.items():
        old = (GENERATED / name).read_text(encoding="utf-8")
        if text == old:
            continue  # no line to diff (and diffing the big unchanged modules is most of this test's time)
        lines = [line for line in difflib.unified_diff(old.splitlines(), text.splitlines(), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        if lines:
            changed[name] = lines
    touched = {line for lines in changed.values() for line in lines}
    reasons = ("openInterest/history", "OpenInterestHistory", "open_interest_history", "openinterest_history", "Replaced", "REST endpoints")
    unexplained = [line for line in touched if line[1:].strip(" ()[]{},") and not any(reason.lower() in line.lower() for reason in reasons)]
    assert changed and not unexplained, unexplained
    assert any("Replaced" in line for line in touched)  # the status table
    assert any("openinterest" in line.lower() and "history" in line.lower() for line in touched)  # the implicit API


def test_after_the_todo_nothing_is_left(workflow):
    assert workflow["drift after"][0] == 0, workflow["drift after"][1]
    assert workflow["sync after"] == (0, "no change to the spec.\nnothing to do by hand: run `make generate` and `make test`.\n")
