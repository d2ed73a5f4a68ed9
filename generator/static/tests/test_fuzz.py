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
FUZZ_EXAMPLES sets the budget. make test runs a smoke run that keeps the same
examples from run to run: 6 fixed (derandomized) examples per fixture case and
property, each case on one class (sync or async, taking turns; the other property
takes it on the other class). The differential tests that alter every value
of the fixtures' first rows (and items) make a share of those alterations in make test:
every key still meets every edge value, on one of the rows that have it (RowShares).
`make fuzz` runs a long randomised session on both classes, and every alteration.
"""

import copy
import os
import re

import ccxt
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from adapter_harness import (
    BALANCE_PATHS,
    FAST_PATHS,
    ITEM_FAST_PATHS,
    AsyncExchange,
    MalformedItem,
    METHODS,
    NOT_COPIED,
    RESPONSES,
    SyncExchange,
    assert_numbers,
    call,
    SHARED,
    assert_templates_untouched,
    fresh,
    install_transport,
    items_of,
    prepared,
    template,
    validate,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
DERANDOMIZE = os.environ.get("FUZZ_RANDOM") is None
SMOKE = DERANDOMIZE and "FUZZ_EXAMPLES" not in os.environ  # make test's run, not make fuzz's
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def templates_stay_untouched():
    """Each example's exchange is a copy of a template (fresh()) sharing its large read-only tables:
    no test may change them, or one example's exchange would not be the next one's."""
    yield
    assert_templates_untouched()


# --- fresh(): each example's exchange is one that prepared() would build, and its own

PLAIN = (
    dict,
    list,
    set,
    str,
    int,
    float,
    bool,
    type(None),
    tuple,
    frozenset,
    type,
    type(len),
    type(lambda: None),
    re.Pattern,
)


@pytest.mark.parametrize("flavour", [SyncExchange, AsyncExchange], ids=["sync", "async"])
def test_a_fresh_copy_is_the_exchange_prepared_builds(flavour):
    case = {}
    built, copied, original = (
        prepared(flavour, RESPONSES, case),
        fresh(flavour, RESPONSES, case),
        template(flavour, RESPONSES),
    )
    assert vars(copied).keys() == vars(built).keys()
    for name, value in vars(built).items():
        mine = vars(copied)[name]
        if name == "origin":  # a uuid of each instance's own
            assert mine != original.origin and len(mine) == len(value)
        elif name == "milliseconds":  # pinned alike
            assert mine() == value()
        elif name == "sleep":  # not waiting alike
            assert mine.__code__ is value.__code__
        elif isinstance(value, PLAIN):
            assert mine == value, name
        else:
            assert type(mine) is type(value), name
        # nothing but the shared tables, the unused HTTP session and SSL context, and what deepcopy keeps as it is
        # (values that cannot change) is the template's
        assert mine is not vars(original).get(name) or name in NOT_COPIED or copy.deepcopy(mine) is mine, name


@pytest.mark.parametrize("flavour", [SyncExchange, AsyncExchange], ids=["sync", "async"])
def test_what_a_fresh_copy_changes_the_next_one_does_not_see(flavour):
    first = fresh(flavour, RESPONSES, {})
    own = [name for name, value in vars(first).items() if name not in SHARED and isinstance(value, (dict, list, set))]
    assert "options" in own
    for name in own:  # every attribute the copy has its own of, changed in place
        value = getattr(first, name)
        if isinstance(value, dict):
            value["changed"] = 1
        elif isinstance(value, list):
            value.append("changed")
        else:
            value.add("changed")
    first.apiKey = "changed"
    second = fresh(flavour, RESPONSES, {})
    built = prepared(flavour, RESPONSES, {})
    for name in own + ["apiKey"]:
        assert getattr(second, name) == getattr(built, name), name


def test_a_change_to_a_shared_table_is_found():
    exchange = fresh(SyncExchange, RESPONSES, {})
    if not exchange.markets:
        pytest.skip("no fixture markets")
    market = next(iter(exchange.markets.values()))
    market["changed"] = True  # the template's market too: the tables are shared
    try:
        with pytest.raises(AssertionError, match="markets"):
            assert_templates_untouched()
    finally:
        del market["changed"]
    assert_templates_untouched()


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


FLAVOURS = {"sync": SyncExchange, "async": AsyncExchange}


def flavoured_cases(first):
    """(method, case, class) of every fixture case. `make fuzz` runs each case on both classes;
    make test's smoke run on one, the classes taking turns from case to case. The two properties
    start with different classes (`first`), so each case meets both classes in make test too."""
    names = list(FLAVOURS)
    params = []
    for position, param in enumerate(fixture_cases()):
        method, case = param.values
        chosen = [names[(position + first) % 2]] if SMOKE else names
        params += [pytest.param(method, case, FLAVOURS[name], id=f"{param.id}-{name}") for name in chosen]
    return params


def fixture_cases():
    """(method, case) of every response fixture that answers successfully with a body (a case
    without one, at another httpStatus, has nothing to damage)."""
    return [
        pytest.param(method, case, id=f"{method}-{index}")
        for method, cases in RESPONSES["methods"].items()
        for index, case in enumerate(cases)
        if "expectedError" not in case and "httpStatus" not in case and method in METHODS
    ]


def answer_of(case, url):
    if "httpResponseByUrl" in case:
        return next(answer for fragment, answer in case["httpResponseByUrl"].items() if fragment in url)
    return case.get("httpResponse")


def run(flavour, method, case, answer):
    """Call the method with `answer(url, fixture answer)` as the transport; its result, or the ccxt error."""
    exchange = fresh(flavour, RESPONSES, case)
    install_transport(exchange, lambda url, http_method, headers, body: answer(url, clone(answer_of(case, url))))
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


def clone(value):
    """A copy of a decoded JSON value: copy.deepcopy's result at a fraction of its cost (the
    differential tests copy every item twice per alteration, and deepcopy was most of their time)."""
    if value.__class__ is dict:
        return {key: clone(item) for key, item in value.items()}
    if value.__class__ is list:
        return [clone(item) for item in value]
    return value if value.__class__ in (str, int, float, bool) or value is None else copy.deepcopy(value)


def damage(answer, choices):
    """The answer with each (path index, action, value) of `choices` applied."""
    answer = clone(answer)
    for pick, action, value in choices:
        value = clone(value)  # hypothesis may hand out one object twice: no cycles
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


# ccxt's validators also judge whether values are plausible: a time after 2038, ahead of the
# clock or off a candle's minute, a currency code the exchange does not list, an asset whose
# deposits and withdrawals are not known. A hostile answer's values need not be (the adapter keeps
# any time from 1970 to 9999 and any code it is given, and says None of what an asset without its
# list of networks does not say): here only the shape and the types are the property, so those
# checks are skipped.
IMPLAUSIBLE_VALUES = {
    "timestamp": "a hostile answer's time",
    0: "a hostile candle's time",
    "currency": "a hostile answer's currency code",
    "currencyIdAndCode": "a hostile answer's currency code",
    "deposit": "a hostile asset without its networks",
    "withdraw": "a hostile asset without its networks",
}


@pytest.mark.parametrize("method,case,flavour", flavoured_cases(first=0))
@FUZZ
@given(body=any_answer)
def test_any_answer_is_a_valid_structure_or_a_ccxt_error(method, case, flavour, body):
    exchange, result = run(flavour, method, case, lambda url, fixture: clone(body))
    if isinstance(result, ccxt.BaseError):
        return
    kind, structure = METHODS[method]
    skipped = {**RESPONSES.get("skipProperties", {}).get(method, {}), **IMPLAUSIBLE_VALUES}
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


@pytest.mark.parametrize("method,case,flavour", flavoured_cases(first=1))
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


# What one value of a row becomes in test_*_reads_every_altered_value_*: the hostile texts and
# the values next to the usual ones, of every JSON type (None: the key deleted)
EDGE_VALUES = HOSTILE_TEXT + [
    "0.0",
    "0.00",
    "5.",
    ".5",
    "+1",
    "-1",
    "-0.5",
    "1e-5",
    "1E5",
    "12.5",
    "1e-45",
    "0.000000000000000000001",
    None,
    True,
    False,
    0,
    1,
    -1,
    0.0,
    1.5,
    2**63,
    [],
    {},
    ["1"],
]
DELETED = object()


def altered_rows(rows, taken=None):
    """Copies of `rows` with one value of one row (of the first three) set to an EDGE_VALUE or
    deleted: every such alteration, or in make test's smoke run those `taken(row index, key, edge
    value's position)` chooses (by default RowShares of the rows)."""
    taken = taken or RowShares(rows[:3]).taken
    for index, row in enumerate(rows[:3]):
        for key in row if isinstance(row, dict) else ():
            for position, value in enumerate(EDGE_VALUES + [DELETED]):
                if not taken(index, key, position):
                    continue
                changed = clone(rows)
                if value is DELETED:
                    del changed[index][key]
                else:
                    changed[index][key] = clone(value)
                yield changed


class RowShares:
    """Which alterations make test's smoke run makes: each (key, edge value) on one of the rows
    that have the key, the rows taking turns, so that every key meets every edge value and every
    row is altered. `make fuzz` makes them all, on every row."""

    def __init__(self, rows):
        keys = sorted({key for row in rows if isinstance(row, dict) for key in row}, key=str)
        self.key_numbers = {key: number for number, key in enumerate(keys)}
        self.holders = {
            key: [index for index, row in enumerate(rows) if isinstance(row, dict) and key in row] for key in keys
        }

    def taken(self, index, key, value_position):
        holders = self.holders[key]
        turn = (self.key_numbers[key] + value_position) % min(3, len(holders))
        return not SMOKE or holders.index(index) % min(3, len(holders)) == turn


def typed(value):
    """A structure with each scalar's type made part of it, so that 1 == 1.0 == True no longer holds."""
    kind = value.__class__
    if kind is dict:
        return {key: typed(item) for key, item in value.items()}
    if kind is list:
        return [typed(item) for item in value]
    return (kind, value)


def outcome(parse):
    """What a parse gives (each scalar typed): its result, or the class of the error it raises."""
    try:
        return typed(parse())
    except Exception as error:  # the two must fail alike too
        return type(error)


def list_parsers(method, case):
    """(exchange, market, the fast parser, the per-row parser) of a method's list, in the case's market."""
    fast, per_row = FAST_PATHS[method]
    exchange = fresh(SyncExchange, RESPONSES, case)
    symbol = case["input"][0] if case["input"] and isinstance(case["input"][0], str) else None
    market = exchange.market(symbol) if symbol in exchange.markets else None
    return exchange, market, getattr(exchange, fast), getattr(exchange, per_row)


def both_parsers(parsers, rows):
    """(the fast path's outcome, the per-row parser's) on `rows`."""
    exchange, market, fast, per_row = parsers

    def one_by_one():
        parsed = []
        for raw in rows:
            try:
                parsed.append(per_row(raw, market))
            except MalformedItem:
                continue
            except (AttributeError, TypeError):  # a row the per-row parser does not take is left out
                if isinstance(raw, dict):
                    raise
        return parsed

    return outcome(lambda: fast(rows, market)), outcome(one_by_one)


def rows_read_by_reference(exchange, name, parse):
    """How many rows `parse()` hands to the exchange's method `name` (the per-row reference)."""
    reference, calls = getattr(exchange, name), []

    def counted(*args):
        calls.append(args)
        return reference(*args)

    setattr(exchange, name, counted)
    try:
        parse()
    finally:
        delattr(exchange, name)
    return len(calls)


@pytest.mark.parametrize("method,case", fast_path_cases())
def test_a_list_fast_path_reads_the_fixture_as_the_per_row_parser_does(method, case):
    parsers = list_parsers(method, case)
    fast, per_row = both_parsers(parsers, list_answer(case))
    assert fast == per_row and isinstance(fast, list) and fast
    exchange, market, parse, _ = parsers
    rows = list_answer(case)
    by_reference = rows_read_by_reference(exchange, FAST_PATHS[method][1], lambda: parse(rows, market))
    assert by_reference < len(rows), "the fast path reads none of the fixture's rows itself"


@pytest.mark.parametrize("method,case", fast_path_cases())
@FUZZ
@given(choices=damages)
def test_a_list_fast_path_reads_altered_rows_as_the_per_row_parser_does(method, case, choices):
    rows = damage(list_answer(case), choices)
    fast, per_row = both_parsers(list_parsers(method, case), rows if isinstance(rows, list) else [rows])
    assert fast == per_row


def test_the_alterations_made_alter_every_key_with_every_edge_value_and_every_row():
    """make test's share of the alterations (RowShares) still gives every key of a list's first
    rows, and of an item pool, every edge value, and alters every row and every item."""
    lists = [list_answer(case)[:3] for _, case in (param.values for param in fast_path_cases())]
    pools = [[item for item, _ in pool] for _, pool, _ in (param.values for param in item_pools())]
    for rows in [rows for rows in lists + pools if all(isinstance(row, dict) for row in rows)]:
        shares, positions = RowShares(rows), range(len(EDGE_VALUES) + 1)
        every = {(index, key, position) for index, row in enumerate(rows) for key in row for position in positions}
        taken = {(index, key, position) for index, key, position in every if shares.taken(index, key, position)}
        assert {(key, position) for _, key, position in taken} == {(key, position) for _, key, position in every}
        assert {index for index, _, _ in taken} == set(range(len(rows)))


@pytest.mark.parametrize("method,case", fast_path_cases())
def test_a_list_fast_path_reads_every_altered_value_as_the_per_row_parser_does(method, case):
    parsers = list_parsers(method, case)
    for rows in altered_rows(list_answer(case)):
        fast, per_row = both_parsers(parsers, rows)
        assert fast == per_row, rows


# --- balances: each shape's parser reads the usual row inline, the per-row parser any other


def balance_cases():
    return [
        pytest.param(shape, case, id=f"{shape}-{index}")
        for shape in sorted(BALANCE_PATHS)
        for index, case in enumerate(RESPONSES["methods"].get("fetchBalance", []))
        if "expectedError" not in case and isinstance(case.get("httpResponse"), dict)
    ]


def balance_of_rows(exchange, shape, answer):
    """The balance the per-row parser gives for `answer`, put together as the balance parsers do."""
    _, per_row, list_field = BALANCE_PATHS[shape]
    parse = getattr(exchange, per_row)
    if list_field is None:
        rows = [parse(raw, currency_id) for currency_id, raw in answer.items()] if isinstance(answer, dict) else []
    else:
        listed = answer.get(list_field) if isinstance(answer, dict) else None
        rows = [parse(raw) for raw in listed] if isinstance(listed, list) else []
    balance = {"info": answer, "timestamp": None, "datetime": None}
    free, used, total = {}, {}, {}
    for code, free[code], used[code], total[code] in filter(None, rows):
        balance[code] = {"free": free[code], "used": used[code], "total": total[code]}
    balance.update(free=free, used=used, total=total)
    return balance


def balance_parsers(shape, case):
    """An exchange that has met the fixture's currencies (their codes are remembered) and the shape's parser."""
    exchange = fresh(SyncExchange, RESPONSES, case)
    parse = getattr(exchange, BALANCE_PATHS[shape][0])
    parse(clone(case["httpResponse"]))
    return exchange, parse


def both_balances(exchange, parse, shape, answer):
    """(the fast path's outcome, the per-row parser's) on `answer`."""
    return outcome(lambda: parse(answer)), outcome(lambda: balance_of_rows(exchange, shape, answer))


@pytest.mark.parametrize("shape,case", balance_cases())
def test_a_balance_fast_path_reads_the_fixture_as_the_per_row_parser_does(shape, case):
    exchange, parse = balance_parsers(shape, case)
    answer = case["httpResponse"]
    fast, per_row = both_balances(exchange, parse, shape, answer)
    assert fast == per_row
    rows = len(fast["free"])
    by_reference = rows_read_by_reference(exchange, BALANCE_PATHS[shape][1], lambda: parse(answer))
    assert not rows or by_reference < rows, "the fast path reads none of the fixture's rows itself"


@pytest.mark.parametrize("shape,case", balance_cases())
@FUZZ
@given(choices=damages)
def test_a_balance_fast_path_reads_an_altered_answer_as_the_per_row_parser_does(shape, case, choices):
    exchange, parse = balance_parsers(shape, case)
    answer = damage(case["httpResponse"], choices)
    fast, per_row = both_balances(exchange, parse, shape, answer)
    assert fast == per_row


@pytest.mark.parametrize("shape,case", balance_cases())
def test_a_balance_fast_path_reads_every_altered_value_as_the_per_row_parser_does(shape, case):
    exchange, parse = balance_parsers(shape, case)
    answer = case["httpResponse"]
    list_field = BALANCE_PATHS[shape][2]
    listed = answer.get(list_field) if list_field else None
    if list_field and not isinstance(listed, list):
        return  # an answer of another shape
    for rows in altered_rows(listed if list_field else list(answer.values())):
        if list_field:
            changed = dict(answer, **{list_field: rows})
        else:
            changed = dict(zip(answer, rows))
        fast, per_row = both_balances(exchange, parse, shape, changed)
        assert fast == per_row, changed


# --- one item's fast paths (a ticker's, an order's): the usual item read inline, the reference any other

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


def case_market(exchange, case):
    """The market of the case's symbol (its first argument), or None."""
    symbol = case["input"][0] if case["input"] and isinstance(case["input"][0], str) else None
    return exchange.market(symbol) if symbol in exchange.markets else None


def item_parsers(method, case):
    """(exchange, market, the fast parser of one item, the reference) of a method, in the case's market."""
    exchange = fresh(SyncExchange, RESPONSES, case)
    return pair_parsers(exchange, ITEM_FAST_PATHS[method], case_market(exchange, case))


def pair_parsers(exchange, pair, market):
    fast, reference = pair
    return exchange, market, getattr(exchange, fast), getattr(exchange, reference)


def both_item_parsers(parsers, answer):
    """For each item of the answer: (the fast parser's outcome, the reference's)."""
    exchange, market, fast, reference = parsers
    return [
        (outcome(lambda: fast(clone(item), market)), outcome(lambda: reference(clone(item), market)))
        for item in items(answer)
    ]


@pytest.mark.parametrize("method,case", item_fast_path_cases())
def test_an_item_fast_path_reads_the_fixture_as_the_reference_does(method, case):
    parsers = item_parsers(method, case)
    pairs = [pair for answer in answers(case) for pair in both_item_parsers(parsers, answer)]
    assert all(fast == reference for fast, reference in pairs) and any(isinstance(fast, dict) for fast, _ in pairs)


@pytest.mark.parametrize("method", sorted({param.values[0] for param in item_fast_path_cases()}))
def test_an_item_fast_path_reads_fixture_items_itself(method):
    """Of a method's fixture items (an unusual one may go to the reference: an order whose amount
    is in its second field), the fast path reads some itself."""
    read, by_reference = 0, 0
    for case in RESPONSES["methods"][method]:
        if "expectedError" in case:
            continue
        exchange, market, parse, _ = item_parsers(method, case)
        fixture_items = [item for answer in answers(case) for item in items(answer)]

        def parse_all():
            for item in fixture_items:
                outcome(lambda: parse(clone(item), market))

        read += len(fixture_items)
        by_reference += rows_read_by_reference(exchange, ITEM_FAST_PATHS[method][1], parse_all)
    assert by_reference < read, "the fast path reads none of the fixture's items itself"


# The fuzzed item fast-path tests below go by parser pair, not by method: many methods (an order's
# creation, its cancellation, the open orders...) read their items with the same pair. Each pair's
# pool holds the distinct items of all their fixtures, each with its case's market; hypothesis
# picks the item as well as the damage.


def item_pools():
    """[(the pair, its pool: the distinct (item, symbol of its market or None), how many method cases fed it)]"""
    markets = template(SyncExchange, RESPONSES).markets
    pools = {}
    for param in item_fast_path_cases():
        method, case = param.values
        symbol = case["input"][0] if case["input"] and isinstance(case["input"][0], str) else None
        symbol = symbol if symbol in markets else None
        pool, cases = pools.setdefault(ITEM_FAST_PATHS[method], ([], [0]))
        cases[0] += 1
        for answer in answers(case):
            for item in items(answer):
                if (item, symbol) not in pool:
                    pool.append((item, symbol))
    return [pytest.param(pair, pool, cases[0], id=pair[0]) for pair, (pool, cases) in sorted(pools.items())]


def pooled_parsers(pair, symbol):
    """(exchange, market, fast, reference) of a pair on a fresh exchange, in the symbol's market."""
    exchange = fresh(SyncExchange, RESPONSES, {})
    return pair_parsers(exchange, pair, exchange.market(symbol) if symbol is not None else None)


def check_pooled(pair, pool, examples, damage_strategy):
    """Hypothesis: a pool item damaged by `damage_strategy` reads alike by the pair's two parsers."""

    @settings(FUZZ, max_examples=examples)
    @given(entry=st.sampled_from(pool), choices=damage_strategy)
    def check(entry, choices):
        item, symbol = entry
        for fast, reference in both_item_parsers(pooled_parsers(pair, symbol), damage(item, choices)):
            assert fast == reference

    check()


@pytest.mark.parametrize("pair,pool,cases", item_pools())
def test_an_item_fast_path_reads_altered_items_as_the_reference_does(pair, pool, cases):
    # one parse each: cheap. At least 200 examples a pair (the pair's pool takes 20 items at most);
    # in `make fuzz`, FUZZ_EXAMPLES for each method case that feeds the pool
    check_pooled(pair, pool, max(EXAMPLES * cases, 200), number_damages)


@pytest.mark.parametrize("pair,pool,cases", item_pools())
def test_an_item_fast_path_reads_damaged_items_as_the_reference_does(pair, pool, cases):
    check_pooled(pair, pool, EXAMPLES * cases, damages)


@pytest.mark.parametrize("pair,pool,cases", item_pools())
def test_an_item_fast_path_reads_every_altered_value_as_the_reference_does(pair, pool, cases):
    shares = RowShares([item for item, _ in pool])
    for index, (item, symbol) in enumerate(pool):  # every distinct item of the pair's fixtures, in its market
        parsers = pooled_parsers(pair, symbol)
        for changed in altered_rows([item], lambda _, key, position: shares.taken(index, key, position)):
            for fast, reference in both_item_parsers(parsers, changed):
                assert fast == reference, changed
