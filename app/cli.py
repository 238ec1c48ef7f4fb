"""The ``evcheck`` command line: one parser, one module per subcommand under app/commands/.

Exit status (stable contract): 0 clean, 1 error findings or gaps found, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from app import __version__

# Each module defines ``register(subparsers)``; the parser sets ``func(args) -> int``.
SUBCOMMANDS: tuple[str, ...] = (
    "check",
    "gui",
    "score",
    "review",
    "export",
    "template",
    "rename",
    "undo",
    "pack",
    "convert",
    "search",
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage or unusable input: printed in Chinese, exit status 2."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand's module is imported (start-up time: the
    review and export commands pull in sqlite-utils and openpyxl, which a check never needs)."""
    parser = argparse.ArgumentParser(
        prog="evcheck",
        description="教育惠民考核佐证材料核查：按考核细则检查单位提交的佐证材料，并离线评分。",
    )
    parser.add_argument("--version", action="version", version=f"evcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in SUBCOMMANDS:
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(f"app.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.commands.{name}":
                raise
            continue  # a subcommand not built yet
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `evcheck` alone, or `evcheck PATH`/`evcheck --demo`, opens the window (gui is the default).
    first = next((a for a in args_list if a not in ("-h", "--help", "--version")), None)
    if (not args_list or (first is not None and first not in SUBCOMMANDS)) and not any(
        a in ("-h", "--help", "--version") for a in args_list[:1]
    ):
        args_list.insert(0, "gui")
    if args_list[:1] == ["--version"]:
        only: str | None = ""  # nothing to import for the version
    else:
        only = args_list[0] if args_list and args_list[0] in SUBCOMMANDS else None
    parser = build_parser(only=only)
    args = parser.parse_args(args_list)
    if not hasattr(args, "func"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"evcheck: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("evcheck: 已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
