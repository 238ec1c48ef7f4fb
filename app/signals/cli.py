"""``evcheck check --signals``: run the signals pass after the check and merge it into the report."""

from __future__ import annotations

import argparse
import sys

from app.model import Report
from app.rubric import Rubric
from app.signals import SignalOptions, merge_signals, run_signals


def add_signals(args: argparse.Namespace, report: Report, rubric: Rubric) -> None:
    from app.commands.check import load_inputs  # the same roster the check used

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
