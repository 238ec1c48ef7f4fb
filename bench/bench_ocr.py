"""The content pass on generated scans and photos: attribution, seals, speed, cache, and OCR engines.

    python3 bench/bench_ocr.py            # 200 files (about 10 minutes on 2 busy cores)
    python3 bench/bench_ocr.py --small    # 24 files, a quick look

The corpus (tests/content_corpus.py): official documents (红头文件, 文号, most with a red seal) as
scanner-app PDFs and phone photos, and photos of wall posters (red banners, a few sealed), slightly
rotated, blurred, noisy and JPEG-compressed, named like phone and scanner files — so no name or
folder says the school or the indicator. 80 % name a school of the unit, 10 % another unit's school,
10 % none. The whole check runs (``run_check`` + the content pass + re-evaluation), with fresh
caches in a temporary folder, then again to time the cached re-run.

The engine comparison runs RapidOCR (the pass's engine) and Tesseract chi_sim on the same pages,
one thread each, in this process: character accuracy (1 − edit distance / length, whitespace
ignored) and school-name hit rate. Tesseract is skipped with a note when it is not installed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import content_corpus as cc  # noqa: E402


@dataclass
class Truth:
    path: str
    school: str | None  # the school the text names
    own: bool  # …and it is one of the unit's
    sealed: bool
    text: str


def build(folder: Path, n: int, font: str, seed: int = 7) -> tuple[list[Truth], dict[str, object]]:
    rng = random.Random(seed)
    truths: list[Truth] = []
    images: dict[str, object] = {}
    for i in range(n):
        roll = rng.random()
        if roll < 0.8:
            school, own = rng.choice(cc.SCHOOLS), True
        elif roll < 0.9:
            school, own = rng.choice(cc.OTHER_SCHOOLS), False
        else:
            school, own = None, False
        if rng.random() < 0.6:
            doc = cc.document(
                font,
                school,
                seal=rng.random() < 0.75,
                red_head=rng.random() < 0.7,
                seed=i,
                date="2020年10月15日",
            )
            page = cc.degrade(doc.image, i)
            as_pdf = rng.random() < 0.5
        else:
            doc = cc.poster(font, school, seal=rng.random() < 0.1, seed=i)
            page = cc.degrade(doc.image, i, photo=True)
            as_pdf = False
        name = cc.phone_name(i, as_pdf)
        if as_pdf:
            cc.image_pdf([page], folder / name)
        else:
            cc.jpeg(page, folder / name, quality=85)
        images[name] = page
        truths.append(Truth(name, school, own, doc.sealed, "".join(doc.lines)))
    return truths, images


def run_pass(folder: Path, roster_path: Path, cache: Path) -> tuple[object, float, float]:
    from app.check import apply_corrections, drain, run_check
    from app.content.run import ContentOptions, attach_content, run_content
    from app.roster import load_roster
    from app.rubric import load_rubric

    rubric, roster = load_rubric(), load_roster(roster_path)
    t0 = time.perf_counter()
    report = drain(run_check(folder, rubric=rubric, roster=roster, unit=cc.UNIT))
    t1 = time.perf_counter()
    contents = drain(run_content(folder, report, ContentOptions(cache_dir=str(cache))))
    attach_content(report, contents, rubric, roster)
    apply_corrections(report, None, rubric)
    return report, t1 - t0, time.perf_counter() - t1


def _flat(text: str) -> str:
    from app.content.search import folded

    return "".join(folded(text).split())


def char_accuracy(got: str, want: str) -> float:
    from rapidfuzz.distance import Levenshtein

    a, b = _flat(got), _flat(want)
    return max(0.0, 1.0 - Levenshtein.distance(a, b) / max(1, len(b)))


def tesseract(image: object, workdir: Path) -> str:
    path = workdir / "page.png"
    image.save(path)  # type: ignore[attr-defined]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(
        ["tesseract", str(path), "stdout", "-l", "chi_sim"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return out.stdout


def compare_engines(
    truths: list[Truth], images: dict[str, object], pages: int, workdir: Path
) -> list[list[str]]:
    from app.content import ocr

    sample = truths[:pages]
    rows = []
    engines: list[tuple[str, object]] = [("RapidOCR PP-OCRv4 (onnxruntime)", ocr.recognize)]
    has_tess = shutil.which("tesseract") is not None
    if has_tess:
        engines.append(("Tesseract chi_sim", lambda im: tesseract(im, workdir)))
    ocr.prepare()
    for label, fn in engines:
        acc, hits, named, spent, cpu = 0.0, 0, 0, 0.0, 0.0
        for t in sample:
            t0, c0 = time.perf_counter(), _cpu()
            text = fn(images[t.path])  # type: ignore[operator]
            spent += time.perf_counter() - t0
            cpu += _cpu() - c0
            acc += char_accuracy(text, t.text)
            if t.school:
                named += 1
                hits += t.school in _flat(text)
        n = len(sample)
        rows.append([label, f"{acc / n:.1%}", f"{hits}/{named}", f"{spent / n:.2f} s", f"{cpu / n:.2f} s"])
    if not has_tess:
        rows.append(
            ["Tesseract chi_sim", "—", "—", "—", "not installed (apt-get install tesseract-ocr-chi-sim)"]
        )
    return rows


def table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--small", action="store_true", help="24 files instead of 200")
    ap.add_argument("--engine-pages", type=int, default=None, help="pages for the engine comparison")
    args = ap.parse_args()
    font = cc.cjk_font()
    if font is None:
        print("no CJK font found by fontconfig (fc-list :lang=zh): install fonts-wqy-microhei")
        return 2
    from app.content import ocr

    if not ocr.available():
        print(ocr.NOT_INSTALLED)
    n = 24 if args.small else 200
    engine_pages = args.engine_pages or (8 if args.small else 40)
    with tempfile.TemporaryDirectory(prefix="evcheck-bench-ocr-") as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp, "cache"))  # fresh inspection cache too
        folder = Path(tmp, "青云街道教管办")
        folder.mkdir()
        t0 = time.perf_counter()
        truths, images = build(folder, n, font)
        made = time.perf_counter() - t0
        roster_path = cc.roster_csv(Path(tmp, "roster.csv"))
        cache = Path(tmp, "content-cache")
        report, check_s, content_s = run_pass(folder, roster_path, cache)
        _r2, check2_s, content2_s = run_pass(folder, roster_path, cache)
        by_path = {r.path: r for r in report.files}  # type: ignore[attr-defined]
        own = [t for t in truths if t.own]
        right = sum(by_path[t.path].school == t.school for t in own)
        wrong = sum(by_path[t.path].school not in (None, t.school) for t in truths if t.school)
        other_flagged = sum(
            any(f.code == "content.other_school" for f in by_path[t.path].findings)
            for t in truths
            if t.school and not t.own
        )
        sealed = [t for t in truths if t.sealed]
        unsealed = [t for t in truths if not t.sealed]

        def seal_found(t: Truth) -> bool:
            c = by_path[t.path].content or {}
            return bool(c.get("seal_pages"))

        found = sum(map(seal_found, sealed))
        false = sum(map(seal_found, unsealed))
        pages = len(truths)
        gaps_left = [g for g in report.gaps if g.school in cc.SCHOOLS]  # type: ignore[attr-defined]
        rows = [
            ["files (pages)", f"{n} ({pages})", "", f"generated in {made:.0f} s"],
            [
                "named school → right school",
                f"{right}/{len(own)} = {right / max(1, len(own)):.1%}",
                "≥ 95%",
                _ok(right / max(1, len(own)) >= 0.95),
            ],
            [
                "named school → wrong school",
                f"{wrong}/{len([t for t in truths if t.school])} = {wrong / max(1, len(own)):.1%}",
                "≤ 1%",
                _ok(wrong / max(1, len(own)) <= 0.01),
            ],
            [
                "other unit's school flagged",
                f"{other_flagged}/{len([t for t in truths if t.school and not t.own])}",
                "",
                "",
            ],
            [
                "seals found on sealed pages",
                f"{found}/{len(sealed)} = {found / max(1, len(sealed)):.1%}",
                "≥ 95%",
                _ok(found / max(1, len(sealed)) >= 0.95),
            ],
            [
                "seals on unsealed pages (false)",
                f"{false}/{len(unsealed)} = {false / max(1, len(unsealed)):.1%}",
                "≤ 2%",
                _ok(false / max(1, len(unsealed)) <= 0.02),
            ],
            [
                "content pass, first run",
                f"{content_s:.1f} s = {pages / content_s:.2f} pages/s",
                "≥ 1 page/s",
                _ok(pages / content_s >= 1),
            ],
            [
                "content pass, re-run (cached)",
                f"{content2_s:.2f} s = {content2_s / content_s:.1%} of first",
                "< 5%",
                _ok(content2_s / content_s < 0.05),
            ],
            ["check before it (first / re-run)", f"{check_s:.1f} s / {check2_s:.1f} s", "", ""],
            ["gaps of the unit's schools left", str(len(gaps_left)), "", ""],
        ]
        print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, OCR: {ocr.available()}")
        print(table(rows, ["measure", "result", "target", ""]))
        print()
        with tempfile.TemporaryDirectory() as work:
            rows = compare_engines(truths, images, min(engine_pages, n), Path(work))
        print(f"engines on the same {min(engine_pages, n)} pages, one thread each:")
        print(table(rows, ["engine", "character accuracy", "school named", "wall per page", "CPU per page"]))
    return 0


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as one)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _ok(flag: bool) -> str:
    return "ok" if flag else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
