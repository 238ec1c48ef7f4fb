"""The quality gates run with the test suite, so the README's one test command (and .ci/run) runs them:
`ruff check`, `ruff format --check` and mypy on app/ (configured in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=600)


def _ruff() -> str:
    # the ruff installed with the test extra; its Python module is a thin launcher for the binary
    found = shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is not installed: pip install '.[test]'")
    return found


def _assert_clean(result: subprocess.CompletedProcess, what: str) -> None:
    assert result.returncode == 0, f"{what} failed:\n{result.stdout}\n{result.stderr}"


def test_ruff_check_is_clean():
    _assert_clean(_run(_ruff(), "check", "."), "ruff check .")


def test_ruff_format_is_clean():
    _assert_clean(_run(_ruff(), "format", "--check", "."), "ruff format --check .")


def test_mypy_on_the_core_is_clean():
    # `files`, strictness and the per-library overrides come from [tool.mypy] in pyproject.toml
    _assert_clean(_run(sys.executable, "-m", "mypy"), "mypy")
