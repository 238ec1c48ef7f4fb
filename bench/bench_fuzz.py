"""Mutation fuzzing of inspection: every file gets a verdict, nothing hangs, and we agree with the reference tools.

    python3 bench/bench_fuzz.py [N]      # N mutated files (default 600), about a minute per 600

Seeds are well-formed PDFs (Pillow, pypdf, hand-written, encrypted), JPEGs (with EXIF) and PNGs;
each mutant gets bit flips, a truncation, a duplicated or deleted span, a changed number, or
inserted garbage. All mutants go through ``inspect_many`` (worker pool, 10 s limit). Then:

- a PDF that ``pdfinfo`` (poppler) opens but evcheck calls unusable is a *false alarm*;
- an image that Pillow fully decodes but evcheck calls unusable is a false alarm; one that does not
  decode but evcheck calls usable is a *miss* (a truncated photo that passes);
- ``file.timeout`` counts files whose verdict needed the kill switch.

Prints one table. The mutants live in a temporary folder and are deleted afterwards.
"""

from __future__ import annotations

import io
import random
import re
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.discover import discover
from app.inspect_batch import inspect_many
from tests import hostile


def seeds() -> dict[str, bytes]:
    rng = random.Random(7)
    out = {
        "pillow.pdf": hostile.pdf_bytes(3),
        "handmade.pdf": hostile.huge_length_pdf_bytes().replace(b"99999999999999", b"5"),
        "owner-only.pdf": hostile.encrypted_pdf_bytes(user_password=""),
        "photo.jpg": hostile.jpeg_bytes((640, 480), exif_date="2020:10:15 09:30:00"),
        "screen.png": hostile.png_bytes((300, 200)),
    }
    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    out["pypdf.pdf"] = buf.getvalue()
    noisy = Image.effect_noise((400, 300), 50).convert("RGB")
    buf = io.BytesIO()
    noisy.save(buf, "JPEG", quality=85, progressive=True)
    out["progressive.jpg"] = buf.getvalue()
    assert rng  # seeds are deterministic; mutation randomness comes from the caller's generator
    return out


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    b = bytearray(data)
    how = rng.choice(["flip", "truncate", "duplicate", "delete", "number", "garbage"])
    if how == "flip":
        for _ in range(rng.randint(1, 12)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
    elif how == "truncate":
        del b[rng.randrange(1, len(b)) :]
    elif how == "duplicate":
        i = rng.randrange(len(b))
        j = min(len(b), i + rng.randint(1, 2000))
        b[j:j] = b[i:j]
    elif how == "delete":
        i = rng.randrange(len(b))
        del b[i : i + rng.randint(1, 2000)]
    elif how == "number":
        numbers = list(re.finditer(rb"\d+", bytes(b)))
        if numbers:
            m = rng.choice(numbers)
            b[m.start() : m.end()] = str(rng.choice([0, 1, 7, 10**9, 2**31, rng.randrange(10**6)])).encode()
    else:
        i = rng.randrange(len(b))
        b[i:i] = rng.randbytes(rng.randint(1, 500))
    return how, bytes(b)


def pdfinfo_pages(path: Path) -> int | None:
    """Pages poppler finds, or None when it cannot open the file."""
    try:
        done = subprocess.run(["pdfinfo", str(path)], capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return None
    match = re.search(rb"^Pages:\s+(\d+)", done.stdout, re.M)
    return int(match.group(1)) if match else 0


def pillow_decodes(path: Path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "corrupt EXIF" and the like: the picture still shows
            with Image.open(path) as img:
                img.load()
        return True
    except Exception:
        return False


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    rng = random.Random(20201015)
    base = seeds()
    with tempfile.TemporaryDirectory(prefix="evcheck-fuzz-") as tmp_name:
        root = Path(tmp_name) / "fuzz"
        root.mkdir()
        methods: dict[str, str] = {}
        for i in range(n):
            name = rng.choice(sorted(base))
            how, data = mutate(base[name], rng)
            rel = f"{i:05}-{how}-{name}"
            (root / rel).write_bytes(data)
            methods[rel] = how
        entries = discover(root).entries
        t = time.perf_counter()
        results = {e.rel: r for e, r in inspect_many(entries, timeout=10.0, use_cache=False)}
        seconds = time.perf_counter() - t

        verdicts = Counter()
        false_alarms: list[str] = []
        misses: list[str] = []
        for rel, r in results.items():
            verdicts["usable" if r.usable else "unusable"] += 1
            for f in r.findings:
                verdicts[f.code] += 1
            path = root / rel
            if rel.endswith(".pdf") and not r.usable and r.detected == "pdf":
                encrypted = any(f.code == "file.encrypted" for f in r.findings)
                if not encrypted and (pdfinfo_pages(path) or 0) > 0:
                    false_alarms.append(f"{rel}: {r.findings[0].message if r.findings else ''}")
            if rel.endswith((".jpg", ".png")) and r.kind == "image":
                decodes = pillow_decodes(path)
                if decodes and not r.usable:
                    false_alarms.append(f"{rel}: {r.findings[0].message}")
                if not decodes and r.usable:
                    misses.append(rel)

    print("| measure | value |")
    print("|---|---:|")
    print(f"| mutated files | {n} |")
    print(f"| verdicts returned | {len(results)} |")
    print(f"| time, s (2-core pool) | {seconds:.1f} |")
    for key in ("usable", "unusable", "file.unreadable", "file.timeout", "file.encrypted", "file.empty"):
        print(f"| {key} | {verdicts.get(key, 0)} |")
    print(f"| false alarms (reference opens/decodes it, evcheck says unusable) | {len(false_alarms)} |")
    print(f"| misses (image does not decode, evcheck says usable) | {len(misses)} |")
    # grouped by seed and message, so a pattern worth fixing stands out
    groups = Counter(re.sub(r"^\d+-\w+-", "", line) for line in false_alarms)
    for line, count in groups.most_common():
        print(f"  false alarm ×{count}: {line}", file=sys.stderr)
    for line, count in Counter(re.sub(r"^\d+-", "", m) for m in misses).most_common():
        print(f"  miss ×{count}: {line}", file=sys.stderr)


if __name__ == "__main__":
    main()
