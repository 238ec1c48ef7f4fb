"""The summary sheet as CSV, UTF-8 with a BOM so Excel on Chinese Windows opens it correctly."""

from __future__ import annotations

import csv
from pathlib import Path

from app.export.table import score_all, summary_header, summary_row
from app.review.model import ReviewDoc, ReviewError
from app.rubric import Rubric
from app.scoring.engine import fmt


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return fmt(value)  # 10, not 10.0; 7.225 without float noise
    return str(value)


def write_csv(path: str | Path, rubric: Rubric, doc: ReviewDoc) -> Path:
    path = Path(path)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(summary_header(rubric))
            for unit in score_all(rubric, doc.units):
                writer.writerow([_cell(v) for v in summary_row(rubric, unit)])
    except OSError as exc:
        raise ReviewError(
            f"无法写入 {path}：{exc.strerror or exc}。文件是否正在 Excel 中打开？请关闭后重试。"
        ) from exc
    return path
