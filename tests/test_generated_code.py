"""The generated package is clean code: no unused imports or local names, no undefined names,
no condition whose value is fixed when the code is generated (pyflakes, and an AST walk), and
type hints that mypy finds consistent."""

import ast
import functools
import re

import pytest
from mypy import api as mypy_api
from pyflakes import api as pyflakes_api
from pyflakes import checker, messages
from pyflakes.reporter import Reporter

from support import GENERATED, ROOT

CHECKED = (messages.UnusedVariable, messages.UndefinedName, messages.UndefinedLocal, messages.RedefinedWhileUnused)
MODULES = sorted(GENERATED.rglob("*.py"))
PACKAGE = sorted((GENERATED / "ccxt_backpack").rglob("*.py"))


class Collect(Reporter):
    def __init__(self):
        self.found = []

    def flake(self, message):
        if isinstance(message, CHECKED):
            self.found.append(str(message))

    def unexpectedError(self, filename, message):
        self.found.append(f"{filename}: {message}")

    def syntaxError(self, filename, message, line, offset, text):
        self.found.append(f"{filename}:{line}: {message}")


@pytest.fixture(scope="module")
def parsed():
    """The syntax tree of a generated file, parsed once for all the checks of this module (the
    biggest take a twentieth of a second each), which only read it."""
    return functools.cache(lambda path: ast.parse(path.read_text(), filename=str(path)))


def flakes(tree, filename: str) -> list:
    """What pyflakes.api.check reports of a file that parses to `tree`: its findings of the CHECKED kinds, by line."""
    reporter = Collect()
    for message in sorted(checker.Checker(tree, filename=filename).messages, key=lambda message: message.lineno):
        reporter.flake(message)
    return reporter.found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(GENERATED)))
def test_no_unused_or_undefined_names(path, parsed):
    assert flakes(parsed(path), str(path)) == []


@pytest.mark.parametrize("path", PACKAGE, ids=lambda path: str(path.relative_to(GENERATED)))
def test_the_package_imports_only_what_it_uses(path, parsed):
    """Imports are made from what each module's code uses (render.names_from, imports_of): none is dead.
    (The generated tests' harness re-exports names for the test modules, so it is not checked.)"""
    unused = [message for message in checker.Checker(parsed(path), filename=str(path)).messages if isinstance(message, messages.UnusedImport)]
    assert [str(message) for message in unused] == []


def fixed_names(tree):
    """(function, name) of the locals bound once, to a constant (`timestamp = None`): their
    comparisons with constants are fixed too."""
    fixed = set()
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        bindings: dict = {}  # name -> how many times the function binds it
        constants = []  # the names assigned a constant
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bindings[node.id] = bindings.get(node.id, 0) + 1
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant):
                constants.append(node.targets[0].id)
        fixed |= {(function, name) for name in constants if bindings[name] == 1}
    return fixed


def constant_conditions(tree):
    """Conditions that are True or False whatever happens at run time."""
    names_of: dict = {}  # function -> its fixed names
    for function, name in fixed_names(tree):
        names_of.setdefault(function, set()).add(name)
    fixed_in: dict = {}  # id of a node -> the fixed names of the functions it is in
    for function, names in names_of.items():
        for node in ast.walk(function):
            fixed_in[id(node)] = fixed_in.get(id(node), set()) | names

    def constant(side, scope):
        return isinstance(side, ast.Constant) or (isinstance(side, ast.Name) and side.id in scope)

    for node in ast.walk(tree):
        scope = fixed_in.get(id(node), set())
        tests = []
        if isinstance(node, (ast.If, ast.IfExp, ast.While, ast.Assert)):
            tests.append(node.test)
        if isinstance(node, ast.BoolOp):
            tests.extend(node.values[:-1])  # the last operand is the value, as in `x or 0`
        if isinstance(node, ast.comprehension):
            tests.extend(node.ifs)
        for test in tests:
            if isinstance(test, ast.Constant) or (isinstance(test, ast.Compare) and all(constant(side, scope) for side in [test.left, *test.comparators])):
                if not (isinstance(node, ast.While) and test.value is True):  # `while True` is a loop, not a condition
                    yield f"line {test.lineno}: {ast.unparse(test)}"  # a comprehension has no line of its own


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(GENERATED)))
def test_no_constant_conditions(path, parsed):
    assert list(constant_conditions(parsed(path))) == []


def test_the_checks_find_what_they_look_for(tmp_path):
    code = "def f(x):\n    unused = 1\n    if True and x:\n        return 'a' if False else y or 0\n"
    assert [line for line in constant_conditions(ast.parse(code))] == ["line 3: True", "line 4: False"]
    fixed = "def g(x):\n    t = None\n    u = None\n    u = x\n    return (t if t is not None else 0, u if u is not None else 0)\n"
    assert [line for line in constant_conditions(ast.parse(fixed))] == ["line 5: t is not None"]  # u is bound twice
    assert list(constant_conditions(ast.parse("def h(x):\n    return [i for i in x if 1 == 1]\n"))) == ["line 2: 1 == 1"]
    path = tmp_path / "bad.py"
    path.write_text(code)
    reporter = Collect()
    pyflakes_api.checkPath(str(path), reporter)
    assert any("unused" in found for found in reporter.found) and any("undefined name 'y'" in found for found in reporter.found)
    assert flakes(ast.parse(code), str(path)) == reporter.found  # the checks above report what pyflakes' own API does


SNAKE_CALL = re.compile(r"\b[a-z]+_[a-z0-9_]+\(\)")


@pytest.mark.parametrize("path", PACKAGE, ids=lambda path: str(path.relative_to(GENERATED)))
def test_messages_name_methods_as_ccxt_does(path, parsed):
    """ccxt's messages say `fetchOrder()`, never `fetch_order()`."""
    tree = parsed(path)
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings, constants = set(), []
    for node in ast.walk(tree):  # one walk for both: the big modules have a hundred thousand nodes
        if isinstance(node, documented) and ast.get_docstring(node) is not None:
            docstrings.add(id(node.body[0].value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            constants.append(node)
    texts = [node.value for node in constants if id(node) not in docstrings]
    assert [text for text in texts if SNAKE_CALL.search(text)] == []


def test_mypy_finds_no_type_errors_in_the_generated_package():
    """With the configuration of pyproject.toml ([tool.mypy]); its cache in .mypy_cache makes
    a run after the first one take a second or less (the first, about 7 s, reads typeshed)."""
    stdout, stderr, status = mypy_api.run(
        [str(GENERATED / "ccxt_backpack"), "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache")]
    )
    assert status == 0, stdout + stderr
    assert stdout.startswith("Success: no issues found")


def test_the_unified_methods_say_what_they_take_and_return(parsed):
    """Every unified method is annotated and has a docstring in ccxt's shape."""
    tree = parsed(GENERATED / "ccxt_backpack" / "backpack.py")
    exchange = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "backpack")
    methods = [node for node in exchange.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
    unannotated = [node.name for node in methods if node.returns is None or any(arg.annotation is None for arg in node.args.args[1:])]
    assert unannotated == []
    unified = [node for node in methods if any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "guarded" for d in node.decorator_list)]
    assert len(unified) > 40
    for node in unified:
        doc = ast.get_docstring(node)
        assert ":param dict [params]:" in doc and ":returns " in doc, node.name
    by_name = {node.name: node for node in methods}
    assert ast.unparse(by_name["fetch_tickers"].args) + " -> " + ast.unparse(by_name["fetch_tickers"].returns) == "self, symbols: Strings=None, params: dict={} -> Tickers"
    assert ast.unparse(by_name["create_order"].args) == "self, symbol: str, type: OrderType, side: OrderSide, amount: float, price: Num=None, params: dict={}"
    ticker = ast.get_docstring(by_name["fetch_ticker"])
    assert "https://docs.backpack.exchange/#tag/Markets/operation/get_ticker" in ticker
    assert ":returns dict: a `ticker structure <https://docs.ccxt.com/?id=ticker-structure>`" in ticker


def test_the_watch_methods_link_the_docs_of_their_streams(parsed):
    """Each watch and unWatch method's docstring in ccxt's shape: what it does, the section of the
    API docs on the stream it reads, its arguments, what it returns."""
    tree = parsed(GENERATED / "ccxt_backpack" / "pro" / "backpack.py")
    pro = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "backpack")
    watches = {node.name: ast.get_docstring(node).splitlines() for node in pro.body if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith(("watch_", "un_watch_"))}
    assert len(watches) >= 40
    for name, lines in watches.items():
        assert lines[1] == "" and lines[2].startswith("https://docs.backpack.exchange/#tag/Streams/") and lines[3] == "", name
        assert lines[4].startswith(":param ") and lines[-1].startswith(":returns "), name
    assert watches["watch_trades"][2] == "https://docs.backpack.exchange/#tag/Streams/Public/Trade"
    assert watches["watch_bids_asks"][2] == "https://docs.backpack.exchange/#tag/Streams/Public/Book-ticker"
    assert watches["un_watch_orders"][2] == "https://docs.backpack.exchange/#tag/Streams/Private/Order-update"


@pytest.mark.parametrize("module", ["base.py", "runtime.py", "checks.py", "encoding.py", "pro/backpack.py", "ws_runtime.py", "ws_books.py", "handwritten/convert.py"])
def test_every_parser_and_runtime_function_is_annotated(module, parsed):
    """The parsers of the generated classes and the functions of the runtime and the hand-written code say what they take
    and return (mypy checks only the bodies of annotated functions)."""
    tree = parsed(GENERATED / "ccxt_backpack" / module)
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    class_module = module in ("base.py", "pro/backpack.py")  # there: the parsers; in the runtime: every function
    checked = [node for node in functions if node.name.startswith("parse_") or not class_module]
    assert checked
    unannotated = [
        f"{node.name}:{node.lineno}"
        for node in checked
        if (node.returns is None and node.name != "__init__")
        or any(arg.annotation is None for arg in node.args.args + node.args.kwonlyargs if arg.arg not in ("self", "cls"))
    ]
    assert unannotated == []
