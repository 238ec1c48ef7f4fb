"""Entry point of the frozen build (PyInstaller): the same ``evcheck`` command line as ``python -m app``.

Worker processes of a frozen program are started by re-running this executable; the multiprocessing
hand-off must be recognised before anything else runs, hence ``freeze_support()`` first thing.
"""

import multiprocessing
import sys


def _main() -> int:
    multiprocessing.freeze_support()
    from app.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_main())
