"""templates/ and generator/ know ccxt, not Backpack: no Backpack fact may appear in them.

The facts are read from the spec itself: the exchange's id, name and hosts,
endpoint paths, signing instructions, header names, raw field names, enum
values and error codes. Plain words (symbol, price, Open) are shared with
ccxt's own vocabulary, so only distinctive identifiers are checked: camelCase,
snake/UPPER_CASE, dashed or slashed names, and the id, name and hosts.
"""

import re
from urllib.parse import urlsplit

from generator.ccxt_api import ORDER_REQUEST_KEYS, STRUCTURE_KEYS
from generator.loader import load_spec_dir
from generator.static.package import structures

from support import ROOT, SPEC

DISTINCTIVE = re.compile(r"[a-z][A-Z]|[A-Za-z][_/-][A-Za-z]")


def spec_facts():
    spec = load_spec_dir(SPEC)
    facts = {spec["exchange"]["id"], spec["exchange"]["name"]}
    facts |= {urlsplit(url).hostname for url in spec["exchange"]["urls"]["api"].values()}
    for endpoints in spec["endpoints"].values():
        for endpoint in endpoints:
            facts.add(endpoint["path"])
            facts.add(endpoint.get("instruction"))
            facts |= set(endpoint.get("params", {}))
    facts |= set(spec["signing"]["headers"].values())
    facts |= set(spec["errors"]["exact"])
    for table in spec["statuses"].values():
        facts |= {key for key in table["values"] if isinstance(key, str)}
    for values in spec["enums"].values():
        facts |= {value for value in values if isinstance(value, str)}
    facts |= set(raw_field_names(spec["structures"]))
    ws = spec.get("ws", {})
    facts |= {stream["pattern"] if isinstance(stream, dict) else stream for stream in ws.get("streams", {}).values()} | {ws.get("url")}
    facts |= {value for key, value in ws.get("requests", {}).items() if key in ("subscribe", "unsubscribe")}
    facts |= set(raw_field_names(ws.get("ws_shapes", {})))
    facts -= ccxt_vocabulary()
    return {fact for fact in facts if fact and (DISTINCTIVE.search(fact) or fact in {spec["exchange"]["id"], spec["exchange"]["name"]})}


def ccxt_vocabulary():
    """Names that are ccxt's own (unified keys), even where the exchange uses them too."""
    import ccxt

    every_key = [structures.keys(kind) for kind in structures.TYPES] + list(STRUCTURE_KEYS.values())
    words = {part for keys in every_key for key in keys for part in key.split(".")}
    words |= {part for key in ORDER_REQUEST_KEYS for part in key.split(".")}
    exchange = ccxt.Exchange()
    words |= set(exchange.safe_market_structure({})) | set(exchange.safe_currency_structure({}))
    return words


def raw_field_names(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("field", "market_id", "currency_id", "kind_field", "list", "detect", "market_info") and isinstance(value, str):
                yield from value.split(".")
            elif key == "fields" and isinstance(value, list):
                yield from value
            else:
                yield from raw_field_names(value)
    elif isinstance(node, list):
        for item in node:
            yield from raw_field_names(item)


def sources():
    for folder in ("templates", "generator"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".yaml", ".md"):
                yield path.relative_to(ROOT), path.read_text()


def test_the_spec_yields_facts_to_look_for():
    facts = spec_facts()
    for sample in ("backpack", "Backpack", "api/v1/ticker", "orderExecute", "X-API-Key", "isBuyerMaker", "INVALID_ORDER", "PartiallyFilled"):
        assert sample in facts
    assert len(facts) > 250


def test_no_backpack_fact_in_templates_or_generator():
    """Identifiers are matched exactly (an enum value PostOnly is not ccxt's postOnly); the name in any case."""
    facts = spec_facts()
    spec = load_spec_dir(SPEC)
    names = {spec["exchange"]["id"], spec["exchange"]["name"]}
    found = []
    for path, text in sources():
        # a fact the text does not hold at all cannot match: the patterns name only those it holds
        # (one pattern of hundreds of alternatives is slow to try at every position of every file)
        exact = sorted((re.escape(fact) for fact in facts - names if fact in text), key=len, reverse=True)
        any_case = [re.escape(name) for name in names if name.casefold() in text.casefold()]
        patterns = [re.compile(words_of(exact))] if exact else []
        patterns += [re.compile(words_of(any_case), re.IGNORECASE)] if any_case else []
        found += [f"{path}:{text[: match.start()].count(chr(10)) + 1}: {match.group(0)}" for pattern in patterns for match in pattern.finditer(text)]
    assert found == []


def words_of(alternatives: list[str]) -> str:
    """A pattern for any of the alternatives as a word of its own."""
    return r"(?<![A-Za-z0-9_])(" + "|".join(alternatives) + r")(?![A-Za-z0-9_])"
