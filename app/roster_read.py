"""Reading a roster file into plain sheets of text cells, whatever program made it.

The format is told by the content, not the name: an OLE compound file is read as a BIFF ``.xls``
(xlrd), a zip as an ``.xlsx`` (openpyxl), anything else named ``.csv``/``.txt``/``.tsv`` (or
nothing) as delimited text.  WPS ``.et`` files are either kind; when neither library can read one,
the message asks for an ``.xlsx``.  Merged cells are filled in: every cell of a merged range gets
the range's value, so a 单位 merged over five rows applies to all five.

Text is decoded from UTF-8 (± BOM), UTF-16 with BOM (Excel's “Unicode 文本”, tab-separated) or
GB18030 (Excel's CSV on Chinese Windows).  The delimiter is a tab when tabbed lines are at least as
many as lines with an ASCII comma, else a comma; the Chinese comma “，” is never a delimiter.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.cntext import decode_chinese

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv", "")
BOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ett", ".xlt", ".xltx")
MAX_BYTES = 30 * 1024 * 1024  # a roster is a few hundred rows; anything this big is not one
MAX_ROWS, MAX_COLUMNS = 20_000, 60  # caps the cells walked on a sheet whose used range is inflated
_WPS_HINT = "请在 WPS 中另存为 .xlsx 后重新选择花名册。"


class RosterReadError(ValueError):
    """A roster file that cannot be read; the message is for the user and names the file."""


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None for a text file (there are no sheets)
    rows: list[list[str]]  # rows[r][c] is row r+1, column c+1 as the user sees it
    hidden: bool = False


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the roster at ``path``, merged cells filled in; raises :class:`RosterReadError`."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + BOOK_SUFFIXES:
        raise RosterReadError(
            f"花名册 {path} 的格式“{path.suffix}”不支持。请使用 Excel（.xlsx/.xls）、WPS（.et）或 CSV 文件。"
        )
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RosterReadError(f"花名册 {path} 超过 30 MB，不像是花名册。请选择学校名单文件。")
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterReadError(
            f"无法读取花名册 {path}：{exc.strerror or exc}。请确认文件存在且未被占用。"
        ) from exc
    if raw.startswith(OLE_MAGIC):
        return _read_ole(raw, path)
    if raw.startswith(ZIP_MAGIC):
        return _read_zip(raw, path)
    if suffix in TEXT_SUFFIXES:
        return [Sheet(None, _read_text(raw, path))]
    head = raw[:4096].lower()
    if b"<html" in head or b"<table" in head or b"<?xml" in head:
        # Web systems export an HTML or XML-2003 table named .xls; Excel opens it, libraries don't.
        raise RosterReadError(
            f"花名册 {path} 是网页格式的表格，并不是真正的 Excel 文件。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新选择花名册。"
        )
    raise RosterReadError(_unreadable(path))


def _unreadable(path: Path) -> str:
    if path.suffix.lower() in (".et", ".ett"):
        return f"无法读取 WPS 表格 {path}。{_WPS_HINT}"
    return f"无法打开花名册 {path}：文件不是有效的 Excel 工作簿。请用 Excel 或 WPS 打开后另存为 .xlsx 再试。"


# ── text ────────────────────────────────────────────────────────────────────────────────────


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")  # the BOM picks the byte order
        except UnicodeDecodeError:
            pass
    else:
        text = decode_chinese(raw, "utf-8-sig")
        if text is not None:
            return text
    raise RosterReadError(
        f"花名册 {path} 的编码无法识别。请在 Excel 中“另存为 CSV UTF-8”或另存为 .xlsx 后重试。"
    )


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    tabbed = sum("\t" in line for line in lines)
    commas = sum("," in line for line in lines)
    return "\t" if tabbed and tabbed >= commas else ","


def _read_text(raw: bytes, path: Path) -> list[list[str]]:
    text = _decode(raw, path)
    if "\x00" in text:
        raise RosterReadError(
            f"花名册 {path} 不是可识别的文本表格。请在 Excel 中“另存为 CSV UTF-8”或 .xlsx 后重试。"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [[_text(c) for c in row] for row in reader]
    except csv.Error as exc:
        raise RosterReadError(f"花名册 {path} 第 {reader.line_num} 行无法按 CSV 读取：{exc}。") from exc


# ── workbooks ─────────────────────────────────────────────────────────────────────────────


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 序号 1.0 reads as "1"
    return str(value)


def _fill_merged(rows: list[list[str]], ranges: Iterable[tuple[int, int, int, int]]) -> None:
    """Copy each merged range's top-left value into all its cells (ranges are 0-based, end-exclusive)."""
    for r0, r1, c0, c1 in ranges:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows))):
            row = rows[r]
            if len(row) < c1:
                row.extend([""] * (min(c1, MAX_COLUMNS) - len(row)))
            for c in range(c0, min(c1, len(row))):
                row[c] = value


def _read_zip(raw: bytes, path: Path) -> list[Sheet]:
    from openpyxl import load_workbook  # imported here: start-up cost only when an xlsx roster is used

    try:
        with warnings.catch_warnings():  # "no default style" and the like: nothing the user can act on
            warnings.simplefilter("ignore")
            # A file object, not the path: openpyxl refuses names it does not know, such as .et.
            book = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise RosterReadError(f"{_unreadable(path)}（{type(exc).__name__}）") from exc
    sheets = []
    try:
        for ws in book.worksheets:
            height, width = min(ws.max_row, MAX_ROWS), min(ws.max_column, MAX_COLUMNS)
            rows = [
                [_text(v) for v in row]
                for row in ws.iter_rows(min_row=1, max_row=height, max_col=width, values_only=True)
            ]
            spans = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ws.merged_cells.ranges]
            _fill_merged(rows, spans)
            sheets.append(Sheet(ws.title, rows, hidden=ws.sheet_state != "visible"))
    finally:
        book.close()
    return sheets


def _read_ole(raw: bytes, path: Path) -> list[Sheet]:
    import xlrd  # imported here: only an .xls/.et roster needs it

    if "EncryptedPackage".encode("utf-16-le") in raw:
        raise RosterReadError(f"花名册 {path} 设有打开密码。请在 Excel 或 WPS 中取消密码后另存，再重新选择。")
    book: Any = None
    error: Exception | None = None
    for formatting in (True, False):  # merged cells need formatting_info; some writers' records break it
        try:
            book = xlrd.open_workbook(file_contents=raw, formatting_info=formatting, logfile=io.StringIO())
            break
        except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error … on odd files
            error = exc
    if book is None:
        if "encrypted" in str(error).lower():
            raise RosterReadError(
                f"花名册 {path} 设有打开密码。请在 Excel 或 WPS 中取消密码后另存，再重新选择。"
            ) from error
        raise RosterReadError(f"{_unreadable(path)}（{type(error).__name__}）") from error
    sheets = []
    try:
        for sh in book.sheets():
            height, width = min(sh.nrows, MAX_ROWS), min(sh.ncols, MAX_COLUMNS)
            rows = [
                [_xls_text(sh.cell(r, c)) for c in range(min(width, sh.row_len(r)))] for r in range(height)
            ]
            _fill_merged(rows, sh.merged_cells)
            sheets.append(Sheet(sh.name, rows, hidden=bool(sh.visibility)))
    finally:
        book.release_resources()
    return sheets


def _xls_text(cell: Any) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER):
        return _text(cell.value)
    return ""  # empty, blank, boolean, error and date cells carry no school name
