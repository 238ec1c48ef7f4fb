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

from app.content.ocr_lines import join_split_lines, reading_order

ENGINE = "rapidocr-onnxruntime"
OCR_SIDE = 1440  # pages and photos are recognised at this longer side: A4 body text stays ~20 px high
DET_SIDE = 736  # …and their lines found on a copy this size (see _engine)
MIN_SCORE = 0.5  # recognised lines less certain than this are noise (rapidocr's own default)
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
    """RapidOCR tuned for one thread per worker (each setting measured, docs/content.md "Speed")."""
    import rapidocr_onnxruntime.utils.infer_engine as infer
    from rapidocr_onnxruntime import RapidOCR
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    plain = infer.OrtInferSession._init_sess_opts

    def with_arena(config: dict[str, Any]) -> Any:
        # rapidocr turns onnxruntime's memory arena off; with a fresh allocation for every
        # differently sized line, recognition then costs a third more CPU (page faults).
        options = plain(config)
        options.enable_cpu_mem_arena = True
        return options

    infer.OrtInferSession._init_sess_opts = staticmethod(with_arena)
    try:
        # One thread per engine: the pool runs one worker per core, and onnxruntime's own thread
        # pool on top of that would oversubscribe a 2-core laptop. Lines one at a time (batch 1):
        # a batch is padded to its widest line, and a page's lines differ in width (measured: a
        # third less recognition time). Short lines padded to 160 px, not 320.
        engine = RapidOCR(
            intra_op_num_threads=1, inter_op_num_threads=1, rec_batch_num=1, rec_img_shape=[3, 48, 160]
        )
    finally:
        infer.OrtInferSession._init_sess_opts = plain
    det = engine.text_det
    # rapidocr 1.4 ignores its det_limit_side_len for "max" (it picks 960/1500/2000 by the input
    # size), so the detector ran on the whole 1440 px page. A fixed 736 px copy finds the same lines
    # for a third of the time; the recogniser still crops them from the full-size page.
    det.get_preprocess = lambda _longest: DetPreProcess(DET_SIDE, "max", det.mean, det.std)
    return engine


def prepare() -> None:
    """Load the models now (a worker does it before its first page, outside the page's time)."""
    if available():
        _engine()


def recognize(image: Image.Image) -> str:
    """The text of ``image``: rows top to bottom, the pieces of a row left to right."""
    import numpy as np

    img = image.convert("RGB")
    if max(img.size) > OCR_SIDE:
        img.thumbnail((OCR_SIDE, OCR_SIDE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    engine = _engine()
    page = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])  # OpenCV's BGR order
    page, _h, _w = engine.preprocess(page)  # what rapidocr's own call does: tiny images enlarged…
    page, _record = engine.maybe_add_letterbox(page, {})  # …and narrow strips padded
    boxes, _elapsed = engine.auto_text_det(page)
    if boxes is None or len(boxes) == 0:
        return ""
    quads = join_split_lines([[(float(x), float(y)) for x, y in box] for box in boxes])
    crops = engine.get_crop_img_list(page, [np.array(q, dtype=np.float32) for q in quads])
    crops, _angles, _elapsed = engine.text_cls(crops)  # a line upside down is turned first
    lines, _elapsed = engine.text_rec(crops, False)
    return reading_order(
        [(q, str(text)) for q, (text, score) in zip(quads, lines, strict=True) if score >= MIN_SCORE and text]
    )
