# Copied by the generator from generator/static/tests/test_fuzz.py: edit it there.
"""Hostile answers for every unified method of the generated adapter.

Property-based (hypothesis, derandomized so that CI repeats itself) over every
response fixture. Two properties, each for every method:

* any answer: the transport returns any JSON value, or a text body that is
  not JSON. The call returns a structure that passes ccxt's validators, or
  raises a ccxt exception.
* a damaged answer: one to three values of the fixture's answer are replaced
  by hostile ones ("NaN", "1e999", "²", null, a list where a number belongs,
  a row that is not an object...) or deleted. The call returns numbers that
  are finite numbers or None, and integers that are integers, or it raises a
  ccxt exception.

In both, a ccxt exception must be the adapter's own decision: one that only
wraps a Python error (TypeError, decimal.InvalidOperation, ...) fails the test.
FUZZ_EXAMPLES (default 12 per method and property) sets the budget; `make fuzz`
runs a long randomised session.
"""

import copy
import os

import ccxt
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from adapter_harness import (
    FAST_PATHS,
    ITEM_FAST_PATHS,
    AsyncExchange,
    MalformedItem,
    METHODS,
    RESPONSES,
    SyncExchange,
    assert_numbers,
    call,
    install_transport,
    items_of,
    prepared,
    validate,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
DERANDOMIZE = os.environ.get("FUZZ_RANDOM") is None
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)

HOSTILE_TEXT = [
    "",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "1e60",
    "1e-999999999",
    "1e999999999",
    "²",
    "١٢",
    "abc",
    "0",
    "-0",
    "1_000",
    "9" * 400,
    " 1 ",
    "0x10",
]
TEXT_BODIES = ["<html><body>Bad gateway</body></html>", '{"a": [1, 2', "null", "12", "not json", "", "[1, 2"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)  # ccxt's validators cannot print bigger ones
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(HOSTILE_TEXT)
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
any_answer = json_values | st.sampled_from(TEXT_BODIES)
hostile_values = scalars | st.sampled_from([[], {}, [None], {"a": None}, [1, "2"]]) | json_values


def fixture_cases():
    """(method, case) of every response fixture that answers successfully."""
    return [
        pytest.param(method, case, id=f"{method}-{index}")
        for method, cases in RESPONSES["methods"].items()
        for index, case in enumerate(cases)
        if "expectedError" not in case and method in METHODS
    ]


def answer_of(case, url):
    if "httpResponseByUrl" in case:
        return next(answer for fragment, answer in case["httpResponseByUrl"].items() if fragment in url)
    return case.get("httpResponse")


def run(flavour, method, case, answer):
    """Call the method with `answer(url, fixture answer)` as the transport; its result, or the ccxt error."""
    exchange = prepared(flavour, RESPONSES, case)
    install_transport(
        exchange, lambda url, http_method, headers, body: answer(url, copy.deepcopy(answer_of(case, url)))
    )
    try:
        return exchange, call(exchange, method, case["input"])
    except ccxt.BaseError as error:
        cause = error.__cause__
        # the adapter decided this error; a wrapped Python error means an answer it did not foresee
        assert cause is None or isinstance(
            cause, ccxt.BaseError
        ), f"{method} let a {type(cause).__name__} through: {cause!r}"
        return exchange, error


def locations(value, path=()):
    """Every path into a JSON value: dict keys and list indexes (the first three items of a list)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from locations(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield from locations(item, path + (index,))


def damage(answer, choices):
    """The answer with each (path index, action, value) of `choices` applied."""
    answer = copy.deepcopy(answer)
    for pick, action, value in choices:
        value = copy.deepcopy(value)  # hypothesis may hand out one object twice: no cycles
        paths = [path for path in locations(answer) if path]
        if not paths:
            return value
        path = paths[pick % len(paths)]
        parent = answer
        for key in path[:-1]:
            parent = parent[key]
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "insert" and isinstance(parent, list):
            parent.insert(path[-1], value)
        else:
            parent[path[-1]] = value
    return answer


damages = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10**6), st.sampled_from(["replace", "delete", "insert"]), hostile_values
    ),
    min_size=1,
    max_size=3,
)


@pytest.mark.parametrize("flavour", [SyncExchange, AsyncExchange], ids=["sync", "async"])
@pytest.mark.parametrize("method,case", fixture_cases())
@FUZZ
@given(body=any_answer)
def test_any_answer_is_a_valid_structure_or_a_ccxt_error(method, case, flavour, body):
    exchange, result = run(flavour, method, case, lambda url, fixture: copy.deepcopy(body))
    if isinstance(result, ccxt.BaseError):
        return
    kind, structure = METHODS[method]
    skipped = RESPONSES.get("skipProperties", {}).get(method, {})
    for item in items_of(kind, result):
        assert_numbers(structure, item)
        if not deliberately_incomplete(structure, item):
            validate(exchange, method, structure, item, case, skipped)


def deliberately_incomplete(structure, item):
    """Items the adapter returns on purpose although ccxt's validator rejects them (the fixtures
    list them under knownInvalid): a batch order the exchange did not accept (it has no id),
    and the empty position that says there is none."""
    if structure == "order":
        return item["id"] is None and item["status"] in ("rejected", None)
    if structure == "position":
        return item["id"] is None and item["contracts"] is None
    return False


@pytest.mark.parametrize("flavour", [SyncExchange, AsyncExchange], ids=["sync", "async"])
@pytest.mark.parametrize("method,case", fixture_cases())
@FUZZ
@given(choices=damages)
def test_a_damaged_answer_keeps_the_types_or_is_a_ccxt_error(method, case, flavour, choices):
    exchange, result = run(flavour, method, case, lambda url, fixture: damage(fixture, choices))
    if isinstance(result, ccxt.BaseError):
        return
    kind, structure = METHODS[method]
    for item in items_of(kind, result):
        assert_numbers(structure, item)


def list_answer(case):
    """The fixture's answer when it is a list of rows (the first such of httpResponseByUrl)."""
    answers = [case.get("httpResponse")] + list((case.get("httpResponseByUrl") or {}).values())
    return next((answer for answer in answers if isinstance(answer, list) and answer), None)


def fast_path_cases():
    return [
        pytest.param(method, case, id=f"{method}-{index}")
        for method in sorted(FAST_PATHS)
        for index, case in enumerate(RESPONSES["methods"].get(method, []))
        if "expectedError" not in case and list_answer(case) is not None
    ]


def outcome(parse):
    """What a parse gives: its result, or the class of the error it raises."""
    try:
        return parse()
    except Exception as error:  # the two must fail alike too
        return type(error)


def both_parsers(method, case, rows):
    """(the fast path's outcome, the per-row parser's) on `rows`, in the case's market."""
    fast, per_row = FAST_PATHS[method]
    exchange = prepared(SyncExchange, RESPONSES, case)
    symbol = case["input"][0] if case["input"] and isinstance(case["input"][0], str) else None
    market = exchange.market(symbol) if symbol in exchange.markets else None

    def one_by_one():
        parsed = []
        for raw in rows:
            if isinstance(raw, dict):
                try:
                    parsed.append(getattr(exchange, per_row)(raw, market))
                except MalformedItem:
                    continue
        return parsed

    return outcome(lambda: getattr(exchange, fast)(rows, market)), outcome(one_by_one)


@pytest.mark.parametrize("method,case", fast_path_cases())
def test_a_list_fast_path_reads_the_fixture_as_the_per_row_parser_does(method, case):
    fast, per_row = both_parsers(method, case, list_answer(case))
    assert fast == per_row and isinstance(fast, list) and fast


@pytest.mark.parametrize("method,case", fast_path_cases())
@FUZZ
@given(choices=damages)
def test_a_list_fast_path_reads_altered_rows_as_the_per_row_parser_does(method, case, choices):
    rows = damage(list_answer(case), choices)
    fast, per_row = both_parsers(method, case, rows if isinstance(rows, list) else [rows])
    assert fast == per_row


# Numbers as an API may write them, and as it should not: long, tiny, huge, signed, zero.
number_texts = (
    st.decimals(allow_nan=True, allow_infinity=True).map(str)
    | st.floats().map(repr)
    | st.integers(min_value=-(10**45), max_value=10**45).map(str)
    | st.from_regex(r"-?[0-9]{1,45}(\.[0-9]{0,25})?", fullmatch=True)
)
number_damages = st.lists(
    st.tuples(st.integers(min_value=0, max_value=10**6), st.just("replace"), number_texts | hostile_values),
    min_size=1,
    max_size=4,
)


def item_fast_path_cases():
    return [
        pytest.param(method, case, id=f"{method}-{index}")
        for method in sorted(ITEM_FAST_PATHS)
        for index, case in enumerate(RESPONSES["methods"].get(method, []))
        if "expectedError" not in case and any(items(answer) for answer in answers(case))
    ]


def answers(case):
    """Every answer of the fixture (httpResponseByUrl has one per endpoint)."""
    return list(case["httpResponseByUrl"].values()) if "httpResponseByUrl" in case else [case.get("httpResponse")]


def items(answer):
    """The items of an answer: the object itself, or the objects of a list."""
    if isinstance(answer, dict):
        return [answer]
    return [row for row in answer if isinstance(row, dict)] if isinstance(answer, list) else []


def both_item_parsers(method, case, answer):
    """For each item of the answer: (the fast parser's outcome, the reference's), in the case's market."""
    fast, reference = ITEM_FAST_PATHS[method]
    exchange = prepared(SyncExchange, RESPONSES, case)
    symbol = case["input"][0] if case["input"] and isinstance(case["input"][0], str) else None
    market = exchange.market(symbol) if symbol in exchange.markets else None
    return [
        (
            outcome(lambda: getattr(exchange, fast)(copy.deepcopy(item), market)),
            outcome(lambda: getattr(exchange, reference)(copy.deepcopy(item), market)),
        )
        for item in items(answer)
    ]


@pytest.mark.parametrize("method,case", item_fast_path_cases())
def test_an_item_fast_path_reads_the_fixture_as_the_reference_does(method, case):
    pairs = [pair for answer in answers(case) for pair in both_item_parsers(method, case, answer)]
    assert all(fast == reference for fast, reference in pairs) and any(isinstance(fast, dict) for fast, _ in pairs)


@pytest.mark.parametrize("method,case", item_fast_path_cases())
@settings(FUZZ, max_examples=max(EXAMPLES, 100))  # one parse each: cheap
@given(choices=number_damages)
def test_an_item_fast_path_reads_altered_items_as_the_reference_does(method, case, choices):
    for answer in answers(case):
        for fast, reference in both_item_parsers(method, case, damage(answer, choices)):
            assert fast == reference
