"""``evcheck check --signals``: run the signals pass after the check and merge it into the report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app.model import Report
from app.roster import Roster
from app.rubric import Rubric
from app.signals import SignalOptions, merge_signals, run_signals

InputLoader = Callable[[argparse.Namespace], tuple[Path, Rubric, Roster | None, str | None]]
"""How the check command resolved submission, rubric, roster and unit (app/commands/check.py)."""


def add_signals(args: argparse.Namespace, report: Report, rubric: Rubric, load_inputs: InputLoader) -> None:
    """Run the signals pass on the submission the check read, with the roster it used (``load_inputs``
    is passed in by the check command, which this module therefore need not import)."""
    path, _, roster, _ = load_inputs(args)
    options = SignalOptions(timeout=max(args.timeout, 20.0), use_cache=not args.no_cache)
    gen = run_signals(path, report, rubric, roster, options)
    interactive = sys.stderr.isatty()
    try:
        while True:
            p = next(gen)
            if interactive and p.total:
                print(f"\r核查信号 {p.done}/{p.total} …", end="", file=sys.stderr, flush=True)
    except StopIteration as stop:
        merge_signals(report, stop.value)
    finally:
        if interactive:
            print("\r", end="", file=sys.stderr)
