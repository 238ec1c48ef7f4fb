"""The core never imports Qt widgets, Qt GUI classes or the Qt layer (ui/): it must run, and be tested,
without a window. The composition root (evcheck/) is the one place that joins the two."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
FORBIDDEN = ("PySide6.QtWidgets", "PySide6.QtGui", "ui", "evcheck")


def _imports(tree: ast.AST) -> list[tuple[str, int]]:
    """(module, line) for every import, at module level or inside a function alike."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [
                (n, node.lineno) for n in [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            ]
    return found


def _offenders(tree: ast.AST) -> list[str]:
    return [
        f"{line} {module}"
        for module, line in _imports(tree)
        if any(module == f or module.startswith(f + ".") for f in FORBIDDEN)
    ]


def test_app_imports_nothing_from_ui_or_qt_widgets_anywhere():
    offenders = []
    for path in APP.rglob("*.py"):
        offenders += [f"{path.relative_to(ROOT)}:{o}" for o in _offenders(ast.parse(path.read_text("utf-8")))]
    assert offenders == []


def test_an_import_inside_a_function_is_found_too():
    tree = ast.parse("def f():\n    if True:\n        from ui.app import run_gui\n    import PySide6.QtGui\n")
    assert sorted(_offenders(tree)) == ["3 ui.app", "3 ui.app.run_gui", "4 PySide6.QtGui"]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def test_the_core_command_line_without_the_root_says_where_the_window_is(tmp_path):
    out = _run("-m", "app", "gui", "--demo")
    assert out.returncode == 2
    assert "python -m evcheck" in out.stderr
    export = _run("-m", "app", "export", str(tmp_path / "none.sqlite"), "-o", str(tmp_path / "x.pdf"))
    assert export.returncode == 2 and not (tmp_path / "x.pdf").exists()


def test_the_root_wires_the_window_without_loading_qt():
    code = (
        "import sys, evcheck.main, app.frontend; evcheck.main.wire(); "
        "print(app.frontend.gui_runner() is not None, app.frontend.pdf_writer() is not None, "
        "any(m.startswith(('PySide6', 'ui')) for m in sys.modules))"
    )
    assert _run("-c", code).stdout.split() == ["True", "True", "False"]


def _module_graph(package: Path = APP) -> dict[str, set[str]]:
    """A package's own modules → the modules of that package each imports (anywhere in the file, so
    an import under ``if TYPE_CHECKING:`` counts too: a type named is a dependency all the same)."""
    names = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        edges = set()
        for module, _ in _imports(ast.parse(path.read_text("utf-8"))):
            # `from app.review import rows` names the submodule; otherwise the longest module named
            while module and module not in names:
                module = module.rpartition(".")[0]
            if module and module != name:
                edges.add(module)
        graph[name] = edges
    for name in graph:  # `from pkg import submodule` also lists `pkg`: drop it where a submodule is named
        graph[name] = {m for m in graph[name] if not any(o.startswith(m + ".") for o in graph[name])}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Groups of modules that import each other, directly or round about."""

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reachable = {m: reach(m) for m in graph}
    groups = {
        frozenset({m} | {o for o in reachable[m] if m in reachable[o]}) for m in graph if m in reachable[m]
    }
    return sorted((set(g) for g in groups), key=sorted)


# The archive front door dispatches to its readers, which share its error types and Member: still a
# cycle, left for later (move the shared types to a leaf module).
KNOWN_CYCLES = [{"app.archive", "app.archive_7z", "app.archive_rar", "app.archive_zip"}]


def test_the_core_has_no_new_import_cycles():
    assert _cycles(_module_graph()) == KNOWN_CYCLES


def test_the_window_layer_has_no_import_cycles():
    """The main window's helpers see it through the narrow ports of ui/ports.py, never by importing
    ui.main_window; TYPE_CHECKING imports count, or a helper typed with the whole window would pass."""
    graph = _module_graph(ROOT / "ui")
    assert _cycles(graph) == []
    assert sorted(m for m, edges in graph.items() if "ui.main_window" in edges) == [
        "ui.app",  # the Qt entry point builds the window
        "ui.screenshot",
        "ui.startup_probe",
    ]


def test_a_type_checking_import_is_an_edge():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ui.main_window import MainWindow\n"
    )
    assert ("ui.main_window", 3) in _imports(tree)


def test_a_cycle_through_a_function_level_import_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [{"a", "b", "c"}]
