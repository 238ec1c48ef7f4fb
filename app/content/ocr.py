"""The OCR engine: RapidOCR (PP-OCRv4 Chinese models shipped inside its wheel) on onnxruntime.

An optional extra (``pip install ".[ocr]"``): without it the content pass reads PDF text layers
only and says so (:data:`NOT_INSTALLED`). The engine is created once per worker process and
nothing is ever downloaded: rapidocr-onnxruntime 1.4 loads its models from its own package folder
and has no download code (docs/content.md: how this was verified with the network cut off).
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from typing import Any

from PIL import Image

ENGINE = "rapidocr-onnxruntime"
OCR_SIDE = 1440  # pages and photos are recognised at this longer side: A4 body text stays ~20 px high
NOT_INSTALLED = (
    "未安装文字识别组件：只读取 PDF 文字层；扫描件和照片未识别。"
    '安装方法：在 evcheck 目录运行 pip install ".[ocr]"，或改用带文字识别的安装包（evcheck-ocr）。'
)


def available() -> bool:
    """Whether the OCR extra is installed (without importing it: onnxruntime takes ~0.5 s)."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "onnxruntime"))
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    # One thread per engine: the pool runs one worker per core, and onnxruntime's own thread pool
    # on top of that would oversubscribe a 2-core laptop (measured: slower, docs/content.md).
    # Detection on at most 960 px (the default scales *up* to a 736 px shorter side): as accurate on
    # A4 pages and phone photos at 1440 px, 40 % less detection time (docs/content.md).
    return RapidOCR(
        intra_op_num_threads=1, inter_op_num_threads=1, det_limit_side_len=960, det_limit_type="max"
    )


def prepare() -> None:
    """Load the models now (a worker does it before its first page, outside the page's time)."""
    if available():
        _engine()


def recognize(image: Image.Image) -> str:
    """The text of ``image``, one detected line per line, top to bottom."""
    import numpy as np

    img = image.convert("RGB")
    if max(img.size) > OCR_SIDE:
        img.thumbnail((OCR_SIDE, OCR_SIDE), Image.Resampling.LANCZOS)
    # RapidOCR expects OpenCV's BGR order for arrays.
    result, _elapsed = _engine()(np.asarray(img)[:, :, ::-1])
    if not result:
        return ""
    lines = sorted(result, key=lambda r: (round(_top(r[0]) / 12), _left(r[0])))
    return "\n".join(str(r[1]) for r in lines)


def _top(box: Any) -> float:
    return float(min(p[1] for p in box))


def _left(box: Any) -> float:
    return float(min(p[0] for p in box))
