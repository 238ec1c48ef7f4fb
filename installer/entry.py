"""Entry point of the frozen build (PyInstaller): the same ``evcheck`` program as ``python -m evcheck``.

Worker processes of a frozen program are started by re-running this executable; the multiprocessing
hand-off must be recognised before anything else runs, hence ``freeze_support()`` first thing.
"""

import os
import sys


def _main() -> int:
    from app.workers import freeze_support

    freeze_support()
    if os.environ.get("EVCHECK_STARTUP_PROBE") == "1":  # bench/bench_startup.py
        from ui.startup_probe import install

        install()
    from evcheck.main import main

    return main()


if __name__ == "__main__":
    sys.exit(_main())
