"""The documented contracts match the code."""

import re
from pathlib import Path

from app.findings import CODES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_finding_code_is_documented():
    text = (DOCS / "report-format.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", text, flags=re.M))
    assert documented == set(CODES)
