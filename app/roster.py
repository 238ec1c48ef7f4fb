"""The roster: units (考核单位), their schools and the schools' aliases.

A roster is a CSV (UTF-8 with or without BOM, or GB18030 as Excel saves it on Chinese Windows) or an
XLSX with the columns ``单位,学校,别名``.  Several aliases are separated by ``;`` or ``；``.  A 市直学校
is its own unit: its row's 学校 is blank or equal to its 单位.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ("单位", "学校", "别名")
_ALIAS_SPLIT = re.compile(r"[;；]")


class RosterError(ValueError):
    """An unusable roster; the message names the file and row."""


@dataclass(frozen=True)
class School:
    name: str  # full name
    unit: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The full name first, then the aliases."""
        return (self.name, *self.aliases)


@dataclass
class Roster:
    source: str
    units: dict[str, list[School]] = field(default_factory=dict)  # unit → schools (a 市直学校 lists itself)

    def schools_of(self, unit: str) -> list[School]:
        return self.units.get(unit, [])

    @property
    def all_schools(self) -> list[School]:
        return [s for schools in self.units.values() for s in schools]

    def is_school_unit(self, unit: str) -> bool:
        """A 市直学校: a unit whose only school is itself."""
        schools = self.schools_of(unit)
        return len(schools) == 1 and schools[0].name == unit

    def find_unit(self, text: str) -> str | None:
        """The unit named in ``text`` (a folder or zip name), by unit name or a school's name or alias.

        The longest matching name wins, so "奎文区教管办" beats a school alias such as "奎文".
        """
        best: tuple[int, str] | None = None
        for unit, schools in self.units.items():
            candidates = [unit, *(n for s in schools for n in s.names if len(schools) == 1)]
            for name in candidates:
                if name and name in text and (best is None or len(name) > best[0]):
                    best = (len(name), unit)
        return best[1] if best else None


def _decode(raw: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError(f"花名册 {source} 的编码无法识别。请在 Excel 中“另存为 CSV UTF-8”后重试。")


def _clean(value: object) -> str:
    return "" if value is None else str(value).strip().replace("\u3000", " ").strip()


def _rows_from_csv(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterError(
            f"无法读取花名册 {path}：{exc.strerror or exc}。请确认文件存在且未被占用。"
        ) from exc
    text = _decode(raw, str(path))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t")
    except csv.Error:
        dialect = csv.excel
    return [[_clean(c) for c in row] for row in csv.reader(io.StringIO(text), dialect)]


def _rows_from_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: start-up cost only when an xlsx roster is used

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise RosterError(
            f"无法打开花名册 {path}：文件不是有效的 Excel 工作簿（{type(exc).__name__}）。请用 Excel 重新保存为 .xlsx。"
        ) from exc
    try:
        sheet = book.worksheets[0]
        return [[_clean(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(row: list[str], column: int | None) -> str:
    return row[column] if column is not None and column < len(row) else ""


def parse_rows(rows: list[list[str]], source: str) -> Roster:
    """Build a roster from table rows (the first non-empty row is the header)."""
    header_at = next((i for i, r in enumerate(rows) if any(r)), None)
    if header_at is None:
        raise RosterError(f"花名册 {source} 是空的。请按“单位,学校,别名”三列填写。")
    header = rows[header_at]
    try:
        col = {name: header.index(name) for name in COLUMNS[:2]}
    except ValueError:
        raise RosterError(
            f"花名册 {source} 第 {header_at + 1} 行应为表头“单位,学校,别名”，实际为“{','.join(header)}”。"
        ) from None
    alias_col = header.index("别名") if "别名" in header else None
    roster = Roster(source=source)
    seen: dict[str, int] = {}  # every school name and alias → the row that declared it
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(row):
            continue
        unit = _cell(row, col["单位"])
        school = _cell(row, col["学校"]) or unit
        if not unit:
            raise RosterError(f"花名册 {source} 第 {number} 行缺少“单位”。请补全后重试。")
        aliases = tuple(
            dict.fromkeys(
                a.strip()
                for a in _ALIAS_SPLIT.split(_cell(row, alias_col))
                if a.strip() and a.strip() != school
            )
        )
        for name in (school, *aliases):
            if name in seen:
                raise RosterError(
                    f"花名册 {source} 第 {number} 行的名称“{name}”与第 {seen[name]} 行重复。每个学校名称和别名只能出现一次。"
                )
            seen[name] = number
        roster.units.setdefault(unit, []).append(School(school, unit, aliases))
    if not roster.units:
        raise RosterError(f"花名册 {source} 没有任何学校。请在表头下逐行填写“单位,学校,别名”。")
    return roster


def load_roster(path: str | Path) -> Roster:
    """Load a CSV or XLSX roster; raises :class:`RosterError` with the file and row on bad input."""
    file = Path(path)
    if not file.is_file():
        raise RosterError(f"找不到花名册文件 {file}。请检查路径。")
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _rows_from_xlsx(file)
    elif file.suffix.lower() in (".csv", ".txt", ""):
        rows = _rows_from_csv(file)
    else:
        raise RosterError(
            f"花名册 {file} 的格式“{file.suffix}”不支持。请使用 CSV 或 XLSX（列为“单位,学校,别名”）。"
        )
    return parse_rows(rows, str(file))
