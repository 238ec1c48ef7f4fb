"""How long from launching evcheck to its main window being on screen?  Target: ≤ 2 s.

Launches the program several times with EVCHECK_STARTUP_PROBE=1 (ui/startup_probe.py): it prints
when the main window got its first show event and its first paint/expose, measured from the moment
this script started the process, then quits.  Each run gets a fresh empty HOME (no saved settings,
an empty inspection cache), so nothing is remembered between runs except the OS file cache.

    python3 bench/bench_startup.py                       # from source (python installer/entry.py)
    python3 bench/bench_startup.py --bundle dist/evcheck # the PyInstaller one-folder build too
    python3 bench/bench_startup.py --runs 7 --demo       # open the demo at start as well

The first run of each program is listed apart: it pays for a cold disk cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0


def launch(command: list[str], extra: list[str]) -> tuple[float, float, float]:
    """One start: (first show, first paint, whole process) in seconds since launch."""
    with tempfile.TemporaryDirectory(prefix="evcheck-bench-") as home:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "XDG_CONFIG_HOME": str(Path(home) / ".config"),
            "XDG_CACHE_HOME": str(Path(home) / ".cache"),
            "XDG_DATA_HOME": str(Path(home) / ".local" / "share"),
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "PYTHONPATH": str(ROOT),
            "EVCHECK_STARTUP_PROBE": "1",
        }
        for key in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "SYSTEMROOT", "TEMP", "TMP"):
            if key in os.environ:
                env[key] = os.environ[key]
        env["EVCHECK_PROBE_T0"] = repr(time.time())
        started = time.monotonic()
        done = subprocess.run([*command, "gui", *extra], env=env, capture_output=True, text=True, timeout=120)
        total = time.monotonic() - started
    line = next((x for x in done.stdout.splitlines() if x.startswith("EVCHECK_STARTUP")), None)
    if line is None:
        raise SystemExit(f"no probe output from {command} (exit {done.returncode}):\n{done.stderr[-2000:]}")
    values = dict(part.split("=") for part in line.split()[1:])
    return float(values["show"]), float(values["paint"]), total


def measure(label: str, command: list[str], runs: int, extra: list[str]) -> list[tuple[str, str, str, str]]:
    results = [launch(command, extra) for _ in range(runs)]
    rows = [(label + " (first run)", *(f"{v:.2f}" for v in results[0]))]
    rest = results[1:] or results
    for name, pick in (("median", statistics.median), ("best", min), ("worst", max)):
        rows.append(
            (f"{label} ({name} of {len(rest)})", *(f"{pick(r[i] for r in rest):.2f}" for i in range(3)))
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, help="a PyInstaller one-folder build (dist/evcheck)")
    parser.add_argument("--no-source", action="store_true", help="only time the bundle")
    parser.add_argument("--demo", action="store_true", help="start with --demo (the check starts too)")
    args = parser.parse_args()
    extra = ["--demo"] if args.demo else []
    rows = []
    if not args.no_source:
        rows += measure("source", [sys.executable, str(ROOT / "installer" / "entry.py")], args.runs, extra)
    if args.bundle:
        program = args.bundle / ("evcheck.exe" if sys.platform == "win32" else "evcheck")
        rows += measure("bundle", [str(program)], args.runs, extra)
    header = ("program", "window shown s", "first paint s", "process s")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    print(
        f"evcheck gui {' '.join(extra)} start-up, target ≤ {TARGET_S:.0f} s to the window; {os.cpu_count()} CPUs"
    )
    for row in [header, *rows]:
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
