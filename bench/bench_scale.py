"""City-scale benchmark: evcheck against the standard-tool pipeline on the same files, in the same run.

    python3 bench/bench_scale.py            # unit corpus (~40 schools, ~500 files, ~0.5 GB) + 10,000-file run
    python3 bench/bench_scale.py --small    # ~1 minute: ~100 files + a 2,000-file run

The corpora are generated once under bench/_corpus_* (git-ignored, seeded, reused; --rebuild to
regenerate). For each corpus, in one run:

- standard tools:   ``file`` on every file, ``pdfinfo`` on each PDF, ``identify -ping`` on each
                    image, ``sha256sum`` on everything — batched with xargs and run on every core,
                    the way a careful admin would script it
- cold check:       ``app.check.run_check`` with an empty inspection cache, in a fresh process (so
                    the worker pool starts cold too); timed around run_check — what the GUI waits for
- re-check:         the same again in a new process (unchanged folder, warm cache)
- CLI cold/re-check: ``python3 -m app check CORPUS --roster R --format json -o FILE`` wall time,
                    including interpreter start-up and imports — what a command-line user waits for

Peak memory is the largest sum of RSS over the whole process tree (sampled every 20 ms). Both
pipelines read from a warm page cache (the corpus is read once before timing). One table is printed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import defaultdict
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
UNIT = "奎文区教管办"
PAGE = os.sysconf("SC_PAGE_SIZE")
IMAGE_EXTS = {".jpg", ".jpeg", ".png"}


# ---------------------------------------------------------------- corpus


def school_names(n: int) -> list[str]:
    kinds = ["实验小学", "中心小学", "初级中学", "小学", "学校"]
    return [f"潍坊市奎文区第{i + 1}{kinds[i % len(kinds)]}" for i in range(n)]


def base_photos(rng: random.Random, sizes: list[tuple[int, int]]) -> list[bytes]:
    """Phone-like photos: smooth structure plus sensor noise, 1-2 MB at 8-12 MP."""
    photos = []
    for w, h in sizes:
        coarse = Image.effect_noise((w // 4, h // 4), 40).resize((w, h), Image.BILINEAR)
        grad = Image.linear_gradient("L").resize((w, h))
        img = Image.merge("RGB", (coarse, grad, Image.blend(coarse, grad, 0.5)))
        fine = Image.effect_noise((w, h), 12)
        img = Image.merge("RGB", [Image.blend(c, fine, 0.25) for c in img.split()])
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = f"2020:{rng.randint(9, 12):02}:{rng.randint(1, 28):02} 10:00:00"
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=82, exif=exif.tobytes())
        photos.append(buf.getvalue())
    return photos


def vary_jpeg(base: bytes, rng: random.Random) -> bytes:
    """A distinct file (size and hash) from a base photo: a comment segment of random bytes."""
    n = rng.randint(100, 60_000)
    comment = b"\xff\xfe" + (n + 2).to_bytes(2, "big") + rng.randbytes(n)
    return base[:2] + comment + base[2:]


def scan_page(rng: random.Random) -> tuple[bytes, int, int]:
    w, h = 1240, 1754  # A4 at 150 dpi, greyscale, as office scanners produce
    speck = Image.effect_noise((w, h), 20).point(lambda v: 30 if v < 85 else 250)
    buf = io.BytesIO()
    speck.save(buf, "JPEG", quality=70)
    return buf.getvalue(), w, h


def scanned_pdf(pages: list[tuple[bytes, int, int]], rng: random.Random) -> bytes:
    """A PDF of JPEG page images (DCTDecode, not re-encoded), like a scanner's output."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}

    def obj(number: int, body: bytes) -> None:
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    n = len(pages)
    kids = b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(n))
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n))
    for i, (jpeg, w, h) in enumerate(pages):
        page, content, image = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        obj(
            page,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (content, image),
        )
        ops = zlib.compress(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
        obj(content, b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(ops) + ops + b"\nendstream")
        salt = rng.randbytes(rng.randint(16, 4000))  # distinct bytes per file, as real scans are
        obj(
            image,
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
            % (w, h, len(jpeg) + len(salt))
            + jpeg
            + salt
            + b"\nendstream",
        )
    start = out.tell()
    count = 3 + 3 * n
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
    for number in range(1, count):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, start))
    return out.getvalue()


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def build_unit_corpus(
    dest: Path, schools: int, photos_per_school: int, big: bool, rng: random.Random
) -> None:
    """One 教管办's submission: per-school evidence by indicator folder, unit-level files, some mess."""
    sizes = [(4000, 3000), (3264, 2448), (2560, 1920)] if big else [(1280, 960), (1024, 768)]
    photos = base_photos(rng, sizes)
    pages = [scan_page(rng) for _ in range(4)]
    names = school_names(schools)
    school_folders = ["1.1十二项教育惠民制度", "1.4实施进程台账", "1.5专题宣传活动"]
    for i, school in enumerate(names):
        short = school.removeprefix("潍坊市奎文区")
        for indicator in ("1.1十二项教育惠民制度", "1.2一把手负责制", "1.4实施进程台账", "1.7家校沟通桥"):
            pdf = scanned_pdf([rng.choice(pages) for _ in range(rng.randint(1, 2))], rng)
            write(dest / indicator / f"{school}{indicator[3:]}.pdf", pdf)
        for k in range(photos_per_school):
            folder = school_folders[k % len(school_folders)]
            write(
                dest / folder / short / f"IMG_{20201000 + i * 50 + k}.jpg", vary_jpeg(rng.choice(photos), rng)
            )
    for k in range(max(2, schools // 4)):
        write(dest / "1.3领导小组" / f"领导小组文件{k}.pdf", scanned_pdf([rng.choice(pages)], rng))
        write(
            dest / "3.1媒体报道" / f"2020.10.{10 + k}潍坊日报-{UNIT}.jpg", vary_jpeg(rng.choice(photos), rng)
        )
        write(dest / "3.3宣传周" / f"宣传周活动{k}.jpg", vary_jpeg(rng.choice(photos), rng))
        write(dest / "说明" / f"工作说明{k}.txt", ("教育惠民工作说明。" * rng.randint(20, 400)).encode())
    write(dest / "1.1十二项教育惠民制度" / "Thumbs.db", b"\x00" * 1024)  # junk, skipped quietly


def build_many_corpus(dest: Path, files: int, rng: random.Random) -> None:
    """Many small files (the memory run): small photos, one-page scans, a few text files."""
    photos = base_photos(rng, [(640, 480), (480, 640)])
    page = scan_page(rng)
    names = school_names(40)
    folders = ["1.1十二项教育惠民制度", "1.4实施进程台账", "1.5专题宣传活动", "1.7家校沟通桥"]
    for n in range(files):
        school = names[n % len(names)]
        folder = dest / folders[n % len(folders)] / school
        if n % 10 < 7:
            write(folder / f"IMG_{n:05}.jpg", vary_jpeg(rng.choice(photos), rng))
        elif n % 10 < 9:
            write(folder / f"{school}材料{n:05}.pdf", scanned_pdf([page], rng))
        else:
            write(folder / f"说明{n:05}.txt", f"说明 {n}".encode() * rng.randint(1, 50))


def roster(dest: Path) -> Path:
    lines = ["单位,学校,别名"] + [f"{UNIT},{s},{s.removeprefix('潍坊市奎文区')}" for s in school_names(40)]
    path = dest.parent / f"{dest.name}-roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def corpus(name: str, build, *args) -> Path:
    dest = BENCH / name / UNIT
    marker = dest.parent / "complete"
    if not marker.exists():
        shutil.rmtree(dest.parent, ignore_errors=True)
        t = time.perf_counter()
        build(dest, *args, random.Random(20201015))
        marker.write_text("ok")
        print(f"built {name} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return dest


# ---------------------------------------------------------------- measuring


class TreeMemory:
    """Peak of the summed RSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def tree_rss(root: int) -> int:
    children: dict[int, list[int]] = defaultdict(list)
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(children.get(pid, ()))
    return total


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """(seconds, peak tree RSS in bytes, exit status) of one command."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t
    peak = memory.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return seconds, peak, proc.returncode


def all_files(dest: Path) -> list[Path]:
    return sorted(p for p in dest.rglob("*") if p.is_file())


def warm_page_cache(files: list[Path]) -> int:
    total = 0
    for p in files:
        with open(p, "rb") as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
    return total


def standard_tools(files: list[Path], tmp: Path) -> tuple[float, int]:
    jobs = str(os.cpu_count() or 1)
    lists = {
        "all": files,
        "pdf": [p for p in files if p.suffix.lower() == ".pdf"],
        "img": [p for p in files if p.suffix.lower() in IMAGE_EXTS],
    }
    for name, paths in lists.items():
        (tmp / f"{name}.lst").write_bytes(b"".join(os.fsencode(p) + b"\0" for p in paths))
    script = f"""
        cd {tmp}
        xargs -0 -P{jobs} -n64 file -- < all.lst > /dev/null
        xargs -0 -P{jobs} -n1 pdfinfo < pdf.lst > /dev/null 2>&1
        xargs -0 -P{jobs} -n64 identify -ping < img.lst > /dev/null 2>&1
        xargs -0 -P{jobs} -n64 sha256sum -- < all.lst > /dev/null
        exit 0
    """
    seconds, peak, _ = timed(["bash", "-c", script])
    return seconds, peak


def evcheck(dest: Path, roster_path: Path, cache_home: Path, out: Path) -> tuple[float, int]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    cmd = [
        sys.executable,
        "-m",
        "app",
        "check",
        str(dest),
        "--roster",
        str(roster_path),
        "--format",
        "json",
        "-o",
        str(out),
    ]
    seconds, peak, _ = timed(cmd, env)
    return seconds, peak


RUN_CHECK_CHILD = """
import json, sys, time
from pathlib import Path
if __name__ == "__main__":
    from app.workers import freeze_support
    freeze_support()
    from app.check import drain, run_check
    from app.roster import load_roster
    from app.rubric import load_rubric
    rubric, roster = load_rubric(), load_roster(sys.argv[2])
    t = time.perf_counter()
    report = drain(run_check(Path(sys.argv[1]), rubric=rubric, roster=roster))
    print(json.dumps({"seconds": time.perf_counter() - t, "files": len(report.files)}))
"""


def run_check_in_process(dest: Path, roster_path: Path, cache_home: Path) -> tuple[float, int, int]:
    """(seconds inside run_check, peak tree RSS, files reported): what the GUI waits for."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    script = cache_home.parent / "run_check_child.py"
    script.write_text(RUN_CHECK_CHILD, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(dest), str(roster_path)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    peak = memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"run_check failed: {err.decode(errors='replace')[-2000:]}")
    import json

    result = json.loads(out.decode().strip().splitlines()[-1])
    return result["seconds"], peak, result["files"]


def measure(dest: Path, label: str) -> dict[str, float]:
    files = all_files(dest)
    size = warm_page_cache(files)
    with tempfile.TemporaryDirectory(prefix="evcheck-bench-") as tmp_name:
        tmp = Path(tmp_name)
        std_s, std_mem = standard_tools(files, tmp)
        cold_s, cold_mem, reported = run_check_in_process(dest, roster(dest), tmp / "cache-a")
        re_s, re_mem, _ = run_check_in_process(dest, roster(dest), tmp / "cache-a")
        cli_cold_s, _ = evcheck(dest, roster(dest), tmp / "cache-b", tmp / "cold.json")
        cli_re_s, _ = evcheck(dest, roster(dest), tmp / "cache-b", tmp / "re.json")
    return {
        "cli_cold_s": cli_cold_s,
        "cli_re_s": cli_re_s,
        "label": label,
        "files": len(files),
        "reported": reported,
        "mb": size / 1e6,
        "std_s": std_s,
        "std_mem": std_mem,
        "cold_s": cold_s,
        "cold_mem": cold_mem,
        "re_s": re_s,
        "re_mem": re_mem,
    }


def table(runs: list[dict[str, float]]) -> str:
    mb = 1024 * 1024
    rows = [
        "| corpus | measure | evcheck | standard tools | ratio | target |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in runs:
        name = f"{r['label']}: {r['files']} files, {r['mb']:.0f} MB"
        rows += [
            f"| {name} | cold check (run_check), s | {r['cold_s']:.2f} | {r['std_s']:.2f} | {r['cold_s'] / r['std_s']:.2f}× | ≤ 0.5× |",
            f"| | re-check (run_check), s | {r['re_s']:.2f} | {r['std_s']:.2f} | {r['re_s'] / r['std_s']:.2f}× | ≤ 0.1× |",
            f"| | files/s (cold) | {r['files'] / r['cold_s']:.0f} | {r['files'] / r['std_s']:.0f} | "
            f"{r['std_s'] / r['cold_s']:.1f}× faster | |",
            f"| | peak RSS, process tree, MB (cold) | {r['cold_mem'] / mb:.0f} | {r['std_mem'] / mb:.0f} | "
            f"{r['cold_mem'] / max(r['std_mem'], 1):.1f}× | ≤ 300 MB{' (10,000 files)' if r['files'] >= 10_000 else ''} |",
            f"| | peak RSS, re-check, MB | {r['re_mem'] / mb:.0f} | | | |",
            f"| | CLI cold `evcheck check`, s (incl. start-up) | {r['cli_cold_s']:.2f} | {r['std_s']:.2f} | "
            f"{r['cli_cold_s'] / r['std_s']:.2f}× | |",
            f"| | CLI re-check, s (incl. start-up) | {r['cli_re_s']:.2f} | {r['std_s']:.2f} | "
            f"{r['cli_re_s'] / r['std_s']:.2f}× | |",
        ]
        if r["reported"] < r["files"] - 1:  # the Thumbs.db is skipped quietly, everything else reported
            rows.append(f"| | WARNING: report lists {r['reported']} of {r['files']} files | | | | |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", action="store_true", help="small corpora, about a minute in all")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the corpora")
    args = parser.parse_args()
    if args.rebuild:
        for old in BENCH.glob("_corpus*"):
            shutil.rmtree(old)
    for tool in ("file", "pdfinfo", "identify", "sha256sum", "xargs"):
        if shutil.which(tool) is None:
            raise SystemExit(
                f"missing {tool}: apt-get install file poppler-utils imagemagick coreutils findutils"
            )
    load = os.getloadavg()[0]
    if args.small:
        unit = corpus("_corpus_small_unit", build_unit_corpus, 10, 6, True)
        many = corpus("_corpus_small_2000", build_many_corpus, 2000)
        runs = [measure(unit, "unit (small)"), measure(many, "many (small)")]
    else:
        unit = corpus("_corpus_unit", build_unit_corpus, 40, 7, True)
        many = corpus("_corpus_10000", build_many_corpus, 10_000)
        runs = [measure(unit, "unit"), measure(many, "city memory run")]
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, load average before: {load:.1f}")
    print(table(runs))


if __name__ == "__main__":
    main()
