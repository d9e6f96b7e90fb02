"""The layers hold and no import runs in a circle (docs/architecture.md).

Every import of the project's code counts, at module level and inside functions (a function-level
import that closes a circle is still a circle: it only moves the failure to run time). The tests
and the benchmarks sit above everything and are not checked.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOT_PRODUCT = {"tests", "bench", "deploy", "docs", "data", "test-artifacts"}

# Which top-level units each unit may import, bottom to top. A new package must be entered here,
# with its place in the picture of docs/architecture.md.
BASE = {"schemas", "settings", "cli_common"}
ALLOWED: dict[str, set[str]] = {
    "schemas": set(),  # the models and words every layer shares: imports nothing of the project
    "settings": set(),
    "cli_common": set(),
    "questionnaire": {"schemas"},  # the engine: pure
    "certificates": {"schemas", "questionnaire"},  # the renderer: pure
    "documents": {"schemas", "questionnaire", "certificates"},  # pure file producers
    "ops": {"schemas", "settings", "cli_common"},  # logs, health, backup: below the store
    "security": {"schemas", "settings", "certificates"},  # passwords, bounded uploads, set-up code: pure
    "store": {"schemas", "questionnaire", "certificates", "documents", "ops", "security", "settings"},
    "web": {"schemas", "ops", "store", "settings"},  # HTTP routes and middleware (Starlette), below the pages
    "ui": {"schemas", "questionnaire", "certificates", "documents", "ops", "security", "store", "settings", "web"},
    "demo": {"schemas", "questionnaire", "store", "settings"},
    "commands": BASE | {"questionnaire", "certificates", "documents", "ops", "security", "store", "demo"},
    "manage": {"commands", "cli_common"},
    "streamlit_app": {"ui"},
    "asgi_app": {"web"},  # the server: st.App around streamlit_app.py with web's routes and middleware
}
# Modules (and their submodules) a unit must not import although it may import their package:
# pages, commands and demo data use the store's functions, never its tables or SQL of their own.
FORBIDDEN: dict[str, set[str]] = {
    "schemas": {"sqlalchemy", "streamlit", "alembic", "reportlab"},
    "questionnaire": {"sqlalchemy", "streamlit", "alembic", "reportlab"},
    "certificates": {"sqlalchemy", "streamlit", "alembic"},
    "documents": {"sqlalchemy", "streamlit", "alembic"},
    "security": {"sqlalchemy", "streamlit", "alembic"},
    "ops": {"streamlit"},
    "store": {"streamlit"},
    "ui": {"store.models", "sqlalchemy", "alembic"},
    "web": {"store.models", "sqlalchemy", "alembic", "streamlit"},
    "demo": {"store.models", "store.db", "sqlalchemy", "streamlit"},
    "commands": {"store.models", "sqlalchemy", "streamlit"},
}


def product_modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every Python file of the product under ``root``."""
    modules: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in NOT_PRODUCT or any(part.startswith(".") for part in rel.parts):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path) -> Iterable[str]:
    """Every name an import statement anywhere in the file asks for, absolute and dotted: ``import a.b``
    gives ``a.b``; ``from a import b`` gives ``a.b`` (b may be a module or a name in a)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from .x import y / from .. import y
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            yield from (f"{source}.{alias.name}" for alias in node.names)


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an imported name lives in (the longest matching prefix), or None."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph(root: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(module -> project modules it imports, module -> every dotted name it imports)."""
    modules = product_modules(root)
    edges: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        for name in imported_names(module, path):
            names[module].add(name)
            target = _owner(name, modules)
            if target is not None and target != module:
                edges[module].add(target)
    return edges, names


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    nodes = sorted(set(edges) | {t for targets in edges.values() for t in targets})
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(found)


def layer_violations(edges: dict[str, set[str]], names: dict[str, set[str]]) -> list[str]:
    problems = []
    for module in sorted(set(edges) | set(names)):
        unit = module.split(".")[0]
        if unit not in ALLOWED:
            problems.append(f"{unit}: not in the layer table of tests/test_architecture.py (docs/architecture.md)")
            continue
        for target in sorted(edges.get(module, ())):
            other = target.split(".")[0]
            if other != unit and other not in ALLOWED[unit]:
                problems.append(f"{module} imports {target}: {unit} must not depend on {other}")
        for name in sorted(names.get(module, ())):
            bad = [f for f in FORBIDDEN.get(unit, ()) if name == f or name.startswith(f + ".")]
            problems += [f"{module} imports {name}: {unit} must not use {f}" for f in bad]
    return sorted(set(problems))


def test_no_import_circles() -> None:
    found = cycles(import_graph(ROOT)[0])
    assert not found, "import circles (break each so that one module no longer imports the other):\n" + "\n".join(
        " <-> ".join(component) for component in found
    )


def test_every_import_runs_down_the_layers() -> None:
    problems = layer_violations(*import_graph(ROOT))
    assert not problems, "\n".join(problems)


def test_only_the_command_line_acts_as_the_command_line() -> None:
    """``store.access.COMMAND_LINE`` (an admin without an account) is for commands/ alone, never a
    page or demo data (tests/store/test_boundaries.py checks ui/ by name as well)."""
    users = {
        str(path.relative_to(ROOT))
        for module, path in product_modules(ROOT).items()
        if "COMMAND_LINE" in path.read_text(encoding="utf-8") and module.split(".")[0] not in ("store", "commands")
    }
    assert not users, sorted(users)


@pytest.fixture
def tangled(tmp_path: Path) -> Path:
    """A small project with a circle closed by a function-level import, and imports against the layers."""
    files = {
        "schemas/__init__.py": "",
        "store/__init__.py": "",
        "store/a.py": "from store.b import thing\n",
        "store/b.py": "def thing():\n    from store import a\n    return a\n",
        "store/c.py": "from .b import thing\nimport sqlalchemy\n",
        "questionnaire/__init__.py": "def f():\n    import store.c\n",
        "ui/page.py": "from store.models import Learner\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_checks_see_what_they_are_meant_to(tangled: Path) -> None:
    edges, names = import_graph(tangled)
    assert cycles(edges) == [["store.a", "store.b"]]
    assert edges["store.c"] == {"store.b"}  # relative import resolved
    assert layer_violations(edges, names) == [
        "questionnaire imports store.c: questionnaire must not depend on store",
        "ui.page imports store.models.Learner: ui must not use store.models",
    ]


def test_imports_inside_functions_in_the_store_say_why() -> None:
    """A function-local import hides a dependency from the reader and from static tools (issue 13): in
    store/ it is allowed only with a comment on its line saying why (a real circle, or the cost of a
    heavy import that most runs never need)."""
    silent = []
    for path in sorted((ROOT / "store").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom) and "#" not in lines[inner.lineno - 1]:
                        silent.append(f"{path.relative_to(ROOT)}:{inner.lineno}: {lines[inner.lineno - 1].strip()}")
    assert not silent, "function-local imports without a reason:\n" + "\n".join(silent)


PACKAGES = (
    "store",
    "ui",
    "questionnaire",
    "schemas",
    "certificates",
    "documents",
    "security",
    "commands",
    "demo",
    "ops",
    "web",
)


def _code_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _product_files() -> list[Path]:
    """The product's Python files (the store's Alembic migrations included)."""
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    entries = ("settings.py", "cli_common.py", "manage.py", "asgi_app.py", "streamlit_app.py")
    return files + [ROOT / name for name in entries]


def test_no_module_is_longer_than_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _product_files() if (n := _code_lines(p)) > 400}  # migrations too
    assert not long, long


def test_no_package_holds_30_percent_of_the_code() -> None:
    """The store was the house's attic (38 % of the lines, issue 13); every package stays under 30 %."""
    files = _product_files()
    total = sum(_code_lines(p) for p in files)
    shares = {
        pkg: sum(_code_lines(p) for p in files if p.relative_to(ROOT).parts[0] == pkg) / total for pkg in PACKAGES
    }
    assert max(shares.values()) < 0.30, {k: f"{v:.1%}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1])}
