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
