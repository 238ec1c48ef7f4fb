"""The real main window offers every port its helpers are typed with (ui/ports.py): a helper that
starts reading something new of the window must say so in its port, and the window must have it."""

import inspect

import pytest

from app.rubric import load_rubric
from tests.gui_session import Session
from ui import ports


def _ports() -> list[type]:
    return [
        cls
        for _, cls in inspect.getmembers(ports, inspect.isclass)
        if cls.__module__ == ports.__name__ and getattr(cls, "_is_runtime_protocol", False)
    ]


def test_every_window_port_is_checked():
    names = {cls.__name__ for cls in _ports()}
    assert {"OpenerWindow", "NavigatorWindow", "CorrectorWindow", "ModesWindow", "ScoringWindow"} <= names


def _wanted(port: type) -> set[str]:
    """The attributes and methods a port (and the ports it extends) names."""
    names: set[str] = set()
    for base in port.__mro__:
        if base.__module__ == ports.__name__:
            names |= set(vars(base).get("__annotations__", {}))
            names |= {n for n, v in vars(base).items() if callable(v) and not n.startswith("_")}
    return names


@pytest.mark.parametrize("port", _ports(), ids=lambda cls: cls.__name__)
def test_the_window_satisfies_the_port(qtbot, tmp_path, port):
    session = Session(qtbot, load_rubric(), tmp_path)
    window = session.open(show=False)
    try:
        missing = sorted(name for name in _wanted(port) if not hasattr(window, name))
        assert missing == [] and isinstance(window, port)
    finally:
        session.close()


def test_a_window_missing_a_port_attribute_is_caught():
    class Half:
        acts = workspace = tasks = None

        def menuBar(self):
            return None

    assert not isinstance(Half(), ports.ClerkWindow)  # statusBar() is missing
