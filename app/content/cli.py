"""``evcheck check --content``: the content pass after the check, merged into the report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app.model import Report
from app.roster import Roster
from app.rubric import Rubric

InputLoader = Callable[[argparse.Namespace], tuple[Path, Rubric, Roster | None, str | None]]


def add_content(args: argparse.Namespace, report: Report, rubric: Rubric, load_inputs: InputLoader) -> None:
    """Read every PDF and photo (progress on stderr), attach the content and re-evaluate.

    ``load_inputs`` is the check command's own (the same roster the check used), passed in so this
    module does not import the command back."""
    from app.check import apply_corrections
    from app.content import ocr
    from app.content.run import ContentOptions, attach_content, run_content

    path, _, roster, _ = load_inputs(args)
    if not ocr.available():
        print(f"evcheck: {ocr.NOT_INSTALLED}", file=sys.stderr)
    options = ContentOptions(use_cache=not args.no_cache)
    gen = run_content(path, report, options)
    interactive = sys.stderr.isatty()
    try:
        while True:
            p = next(gen)
            if p.total:
                end = "" if interactive else "\n"
                print(f"\r读取内容 {p.done}/{p.total} …", end=end, file=sys.stderr, flush=True)
    except StopIteration as stop:
        contents = stop.value
    finally:
        gen.close()
        if interactive:
            print("\r", end="", file=sys.stderr)
    attach_content(report, contents, rubric, roster)
    apply_corrections(report, None, rubric)
