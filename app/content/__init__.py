"""The content pass: what the documents say (issue 15, docs/content.md).

- ``app.content.run``: the pass itself (``run_content``), text layers and OCR in the killable
  workers, cached by file identity (``app.content.cache``).
- ``app.content.attribute``: what the text says (schools, 文号, date, indicator) and the evaluation
  seam ``apply_content`` (imported by app/evaluate.py, so this package's import stays light).
- ``app.content.seal``: red official seals; ``app.content.ocr``: the optional OCR engine;
  ``app.content.search``: full-text search.
"""
