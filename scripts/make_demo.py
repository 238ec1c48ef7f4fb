"""Regenerate resources/demo/ (the bundled demo submission, roster, README and expected results).

Same as ``python -m app.demo``; run from the repository root after changing app/demo.py.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo import write_demo  # after the path tweak: runs from a checkout

if __name__ == "__main__":
    print(f"演示材料已写入 {write_demo()}")
