"""Conversions where a requirement cannot be met as submitted, written beside the originals.

- Photos or scans (JPEG, PNG, HEIC …) of a document where only a PDF counts → one PDF, pages in
  the natural order of the file names (扫描1, 扫描2, … 扫描10).
- HEIC (iPhone) photos → JPEG.
- Word/WPS/Excel files → advice only: no office suite is bundled, so the clerk exports a PDF.

Originals are never replaced or changed.  Every new file is listed in a journal (written before
anything is created), so ``evcheck undo`` removes exactly what was made.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps

from app.check import drain, run_check
from app.formats import PHOTO_FORMATS
from app.journal import Journal, Op, abs_path, apply_op, move_no_overwrite, save, sha256_of
from app.model import FileKind, FileRecord, Report
from app.rename import safe_component
from app.roster import Roster
from app.rubric import Rubric

_BROKEN = frozenset({"file.empty", "file.unreadable", "file.timeout", "file.encrypted"})
_PART = ".evcheck-part"  # suffix of a conversion being written; undo removes leftovers


def _register_heif() -> None:
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # pragma: no cover — a dependency; HEIC then reports as unreadable
        pass


def natural_key(name: str) -> list[object]:
    """Sort key putting 扫描2 before 扫描10."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


def _page(path: Path) -> Image.Image:
    with Image.open(path) as im:
        page = ImageOps.exif_transpose(im)  # phones store rotation in EXIF; a PDF page must be upright
        return page.convert("RGB")


def images_to_pdf(sources: list[Path], out: Path) -> None:
    """One PDF of ``sources``, one page each, in the given order."""
    _register_heif()
    pages = [_page(p) for p in sources]
    try:
        pages[0].save(out, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    finally:
        for p in pages:
            p.close()


def heic_to_jpeg(source: Path, out: Path) -> None:
    _register_heif()
    page = _page(source)
    try:
        page.save(out, "JPEG", quality=90)
    finally:
        page.close()


@dataclass(frozen=True)
class Conversion:
    action: str  # "images_to_pdf" | "heic_to_jpeg"
    sources: tuple[str, ...]  # relative paths, in page order
    target: str
    reason: str


@dataclass
class ConvertPlan:
    root: Path
    conversions: list[Conversion] = field(default_factory=list)
    advice: list[tuple[str, str]] = field(default_factory=list)  # (path, what to do by hand)

    @property
    def aside(self) -> Path:
        """Where ``set_aside`` moves converted originals: a sibling of the submission folder."""
        return self.root.parent / safe_component(f"{self.root.name}-已转换的原件")

    def journal(self, set_aside: bool = False) -> Journal:
        """Creates; with ``set_aside``, then the folders and moves that put the originals aside.

        With ``set_aside`` the journal's root is the submission's parent folder, so it can name
        both the submission and the folder beside it.
        """
        if not set_aside:
            return Journal(str(self.root), "convert", [Op("create", path=c.target) for c in self.conversions])
        inside, aside = self.root.name, self.aside.name
        ops = [Op("create", path=f"{inside}/{c.target}") for c in self.conversions]
        sources = list(dict.fromkeys(s for c in self.conversions for s in c.sources))
        folders = sorted({f"{aside}/{s}".rsplit("/", 1)[0] for s in sources}, key=lambda d: (d.count("/"), d))
        for folder in folders:  # every level, parents first, but only those not there yet
            parts = folder.split("/")
            for depth in range(1, len(parts) + 1):
                level = "/".join(parts[:depth])
                if not (self.root.parent / level).exists() and all(o.path != level for o in ops):
                    ops.append(Op("mkdir", path=level))
        ops += [Op("move", src=f"{inside}/{s}", dst=f"{aside}/{s}") for s in sources]
        return Journal(str(self.root.parent), "convert", ops)


def _usable_image(rec: FileRecord) -> bool:
    return rec.detected in PHOTO_FORMATS and not any(f.code in _BROKEN for f in rec.findings)


def plan_conversions(
    folder: Path,
    rubric: Rubric,
    roster: Roster | None = None,
    unit: str | None = None,
    report: Report | None = None,
) -> ConvertPlan:
    """What convert would create in ``folder``; changes nothing."""
    folder = Path(os.path.abspath(folder))
    if report is None:
        report = drain(run_check(folder, rubric=rubric, roster=roster, unit=unit))
    plan = ConvertPlan(folder)
    taken = {p.relative_to(folder).as_posix().lower() for p in folder.rglob("*")}
    for rec in report.files:
        ind = rubric.get(rec.indicator)
        if rec.detected == "heic" and _usable_image(rec):
            target = _free(f"{rec.path.rsplit('.', 1)[0]}.jpg", taken)
            plan.conversions.append(Conversion("heic_to_jpeg", (rec.path,), target, "HEIC 照片转为 JPG"))
        elif rec.kind == FileKind.DOCUMENT and ind and ind.evidence and "pdf" in ind.evidence.accepted_kinds:
            plan.advice.append(
                (rec.path, "请用 Word/WPS 打开，选择“文件→另存为→PDF”，保存到同一文件夹，原文件可保留。")
            )
    for gap in report.gaps:
        ind = rubric.indicator(gap.indicator)
        if gap.need != "pdf" or ind.evidence is None or "image" in ind.evidence.accepted_kinds:
            continue  # photos count there as photos; turning them into the PDF would be a guess
        photos = sorted(
            (
                r
                for r in report.files
                if r.indicator == gap.indicator
                and (gap.school is None or r.school == gap.school)
                and _usable_image(r)
            ),
            key=lambda r: natural_key(r.name),
        )
        if not photos:
            continue
        who = gap.school or report.unit or ""
        label = re.sub(r"PDF版?", "", ind.evidence.parts[0].label) or ind.title
        folder_rel = photos[0].path.rsplit("/", 1)[0] if "/" in photos[0].path else ""
        name = safe_component(f"{ind.code} {who}-{label}（{len(photos)}页）.pdf")
        target = _free(f"{folder_rel}/{name}" if folder_rel else name, taken)
        reason = f"{ind.code} 只认 PDF：把 {len(photos)} 张照片/扫描件按文件名顺序合成一个 PDF"
        plan.conversions.append(Conversion("images_to_pdf", tuple(r.path for r in photos), target, reason))
    return plan


def _free(rel: str, taken: set[str]) -> str:
    head, _, name = rel.rpartition("/")
    stem, _, ext = name.rpartition(".")
    candidate, n = rel, 2
    while candidate.lower() in taken:
        candidate = f"{head}/{stem}（{n}）.{ext}" if head else f"{stem}（{n}）.{ext}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def apply_conversions(plan: ConvertPlan, journal_path: Path, set_aside: bool = False) -> Journal:
    """Save the journal, then write each conversion beside its originals (never overwriting).

    With ``set_aside``, the originals of every successful conversion are then moved to
    :attr:`ConvertPlan.aside`, out of the submission, so the check no longer flags them.
    """
    journal = plan.journal(set_aside)
    journal.status = "applying"
    save(journal, journal_path)
    failed_sources: set[str] = set()
    for conv, op in zip(plan.conversions, journal.ops, strict=False):
        target = abs_path(plan.root, conv.target)
        part = target.with_name(target.name + _PART)
        try:
            sources = [abs_path(plan.root, s) for s in conv.sources]
            if conv.action == "heic_to_jpeg":
                heic_to_jpeg(sources[0], part)
            else:
                images_to_pdf(sources, part)
            move_no_overwrite(part, target)
            op.sha256, op.result = sha256_of(target), "done"
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            op.result = f"失败：{getattr(exc, 'strerror', None) or exc}"
            failed_sources.update(conv.sources)
        finally:
            with contextlib.suppress(OSError):
                part.unlink()
    inside = plan.root.name + "/"
    for op in journal.ops[len(plan.conversions) :]:
        if op.op == "move" and op.src.removeprefix(inside) in failed_sources:
            op.result = "跳过：转换未成功，原件留在原处"
            continue
        try:
            op.result = apply_op(Path(journal.root), op)
        except OSError as exc:
            op.result = f"失败：{exc.strerror or exc}"
    journal.status = "applied" if all(o.result == "done" for o in journal.ops) else "failed"
    with contextlib.suppress(OSError):
        save(journal, journal_path)
    return journal
