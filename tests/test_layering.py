"""The core never imports Qt widgets or Qt GUI classes: it must run, and be tested, without a window."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
FORBIDDEN = ("PySide6.QtWidgets", "PySide6.QtGui", "ui")


def _imports(tree: ast.AST) -> list[tuple[str, int, bool]]:
    """(module, line, at module level) for every import."""
    top = {id(node) for node in getattr(tree, "body", [])}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{a.name}" for a in node.names]
            found += [(n, node.lineno, id(node) in top) for n in [node.module, *names]]
    return found


def test_app_imports_no_widgets_at_module_level():
    offenders = []
    for path in APP.rglob("*.py"):
        for module, line, top in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            forbidden = any(module == f or module.startswith(f + ".") for f in FORBIDDEN)
            # app/commands/gui.py may import ui inside the function that opens the window
            if forbidden and (top or not module.startswith("ui")):
                offenders.append(f"{path.relative_to(APP.parent)}:{line} {module}")
    assert offenders == []
