"""The roster: units (考核单位), their schools and the schools' aliases — read as offices keep it.

Files (see :mod:`app.roster_read`): XLSX, XLS, WPS ET, CSV in UTF-8 (± BOM), GB18030 or UTF-16
with BOM, comma- or tab-separated.  Merged cells apply to every row they span.

Where the list is:

- The header is the first row, within the first 30 rows of a sheet, that has a 单位 column and a
  学校 column; title and note rows above it are skipped.  Header cells match after NFKC, with
  spaces and line breaks removed and a leading/trailing ``*`` or ``:`` dropped, a bracketed remark
  such as “（全称）” ignored.  Names accepted — 单位: 单位, 单位名称, 考核单位, 被考核单位, 所属单位,
  镇街区, 镇街, 街道, 县市区 …; 学校: 学校, 学校名称, 校名, 学校全称; 别名: 别名, 简称, 学校简称,
  曾用名, 别称.  Other columns (序号, 联系人, 电话, 备注 …) are ignored.
- Every visible sheet with a header and data rows is read (hidden sheets only when no visible one
  has data), so a list split over several sheets is one roster; :attr:`Roster.notes` says which
  sheets were used when that is not simply the first.

The rows:

- Skipped: empty rows, rows with nothing in 单位/学校/别名 (only a 序号, a phone …), rows whose cells
  are all numbers, total rows (合计/总计/小计/共计 in the first cell, 单位 or 学校), a repeated
  header, and note rows (a 单位 or 学校 starting with 注/说明/备注/填表/制表/审核/填报/联系 or
  containing a colon).
- A blank 学校 means the unit is a 市直学校, its own and only school (学校 blank or equal to 单位).
  But when that unit also has other schools, the blank-学校 row was only the unit's heading line
  and names no school.
- A blank 单位 continues the 单位 of the row above within the same block (rows not separated by
  an empty, total or note row) — the office habit of leaving the cells under a visually merged
  单位 empty.  A blank 单位 with nothing above it to continue is an error.
- Aliases are split on ``; ； 、 , ， /`` and whitespace; an alias equal to its own school is dropped.
- The same school listed twice under the same unit is one school (aliases united); the same school
  under two units, or one alias for two schools, is an error naming each place.  Names are compared
  after NFKC with spaces removed, so “（东校区）” and “(东校区)” are the same; the first spelling is kept.

Every problem is reported together in one :class:`RosterError` naming the file, sheet, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from app.roster_read import RosterReadError, Sheet, read_sheets

COLUMNS = ("单位", "学校", "别名")
HEADER_ROWS = 30  # the header is looked for in this many rows at the top of each sheet
MAX_LISTED = 10  # problems listed in one message; the count says how many more
_ALIAS_SPLIT = re.compile(r"[;；、,，/／\s]+")
_BRACKETED = re.compile(r"[(\[【〔（][^)\]】〕）]*[)\]】〕）]")
_SYNONYMS = {
    "单位": (
        "单位 单位名称 考核单位 被考核单位 考核单位名称 所属单位 镇街区 镇街 街道 镇街道 镇街区名称 "
        "所属镇街 所属镇街区 县市区 所属县市区 教管办 所属教管办"
    ),
    "学校": "学校 学校名称 校名 学校全称 学校名",
    "别名": "别名 简称 学校简称 曾用名 别称 其他名称 又名",
}
_FIELD_OF = {name: column for column, names in _SYNONYMS.items() for name in names.split()}
_TOTAL = ("合计", "总计", "小计", "共计")
_NOTE = ("注", "说明", "备注", "填表", "制表", "审核", "填报", "联系")


class RosterError(ValueError):
    """An unusable roster; the message names the file, sheet, row and column."""


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
    notes: list[str] = field(default_factory=list)  # plain-Chinese remarks on how the file was read

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


# ── cells ─────────────────────────────────────────────────────────────────────────────────


def _letter(column: int) -> str:
    """Excel's column letter for a 0-based column (0 → A, 26 → AA)."""
    letters, n = "", column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class _Place:
    sheet: str | None
    row: int  # 1-based, as the user sees it
    column: int  # 0-based

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet is not None else ""
        return f"{where}第 {self.row} 行 {_letter(self.column)} 列"


def _value(text: str) -> str:
    """A name as written, without edge spaces or the line breaks of a wrapped cell."""
    return re.sub(r"[\r\n]+", "", text).strip(" \t\u3000\xa0\u200b\ufeff")


def _key(name: str) -> str:
    """What two spellings of one name have in common (full-/half-width, spaces)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _header_field(cell: str) -> str | None:
    text = _key(cell).strip("*:：※")
    for candidate in (text, _BRACKETED.sub("", text), re.sub(r"[()\[\]【】〔〕]", "", text)):
        if candidate in _FIELD_OF:
            return _FIELD_OF[candidate]
    return None


def _header_columns(row: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = _header_field(cell)
        if name is not None:
            columns.setdefault(name, index)
    return columns


def _cell(row: list[str], column: int | None) -> str:
    return _value(row[column]) if column is not None and column < len(row) else ""


# ── one sheet ─────────────────────────────────────────────────────────────────────────────


@dataclass
class _Line:
    unit: str
    school: str  # "" when the cell was blank (a 市直学校, or a unit's heading line)
    aliases: tuple[str, ...]
    unit_at: _Place
    school_at: _Place
    alias_at: _Place


@dataclass
class _SheetResult:
    sheet: Sheet
    lines: list[_Line] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.lines or self.problems)


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_ROWS]):
        columns = _header_columns(row)
        if "单位" in columns and "学校" in columns:
            return index, columns
    return None


def _skippable(row: list[str], unit: str, school: str) -> bool:
    """A total, note or repeated-header row: it ends a block."""
    # Only where a total's label goes: a 备注 such as “共计两个校区” must not hide a school.
    first = next((_key(c) for c in row if _key(c)), "")
    if any(_key(c).startswith(_TOTAL) for c in (first, unit, school)):
        return True
    if any(v.startswith(_NOTE) or ":" in _key(v) for v in (unit, school) if v):
        return True
    columns = _header_columns(row)
    return "单位" in columns and "学校" in columns


def _read_lines(sheet: Sheet, header_at: int, columns: dict[str, int]) -> _SheetResult:
    result = _SheetResult(sheet)
    unit_col, school_col, alias_col = columns["单位"], columns["学校"], columns.get("别名")
    above: str | None = None  # the 单位 a blank 单位 continues; None after a block ends
    for index in range(header_at + 1, len(sheet.rows)):
        row = sheet.rows[index]
        unit, school, alias = _cell(row, unit_col), _cell(row, school_col), _cell(row, alias_col)
        if not any(_value(c) for c in row) or _skippable(row, unit, school):
            above = None
            continue
        if not (unit or school or alias) or all(re.fullmatch(r"[\d.]+", _key(c)) for c in row if _key(c)):
            continue  # only a 序号, a phone number …: not roster data, and the block goes on

        def place(column: int | None, row_number: int = index + 1) -> _Place:
            return _Place(sheet.name, row_number, column or 0)  # alias column absent: its cell is blank

        if not school and not unit:
            result.problems.append(
                f"{place(alias_col)}（别名）有内容，但这一行没有“学校”和“单位”。请补全或删除这一行。"
            )
            continue
        if not unit:
            if above is None:
                result.problems.append(
                    f"{place(unit_col)}（单位）是空的，上面也没有可沿用的单位。请补全“单位”后重试。"
                )
                continue
            unit = above
        above = unit
        aliases = tuple(dict.fromkeys(a for a in _ALIAS_SPLIT.split(alias) if a))
        result.lines.append(
            _Line(unit, school, aliases, place(unit_col), place(school_col), place(alias_col))
        )
    return result


# ── the whole roster ──────────────────────────────────────────────────────────────────────


@dataclass
class _Entry:
    school: School
    at: _Place
    heading: bool  # from a blank-学校 row: a 市直学校 unless its unit has other schools
    alias_keys: dict[str, tuple[str, _Place]] = field(default_factory=dict)  # key → (as written, where)


def _build(results: list[_SheetResult], source: str) -> Roster:
    problems = [p for r in results for p in r.problems]
    notes: list[str] = []
    unit_names: dict[str, str] = {}  # key → the first spelling
    entries: dict[str, _Entry] = {}  # school key → entry, in roster order
    for line in (line for r in results for line in r.lines):
        unit = unit_names.setdefault(_key(line.unit), line.unit)
        name = line.school or line.unit
        entry = entries.get(_key(name))
        if entry is None:
            entry = _Entry(School(name, unit), line.school_at, not line.school)
            entries[_key(name)] = entry
        elif _key(entry.school.unit) != _key(unit):
            problems.append(
                f"{line.school_at}（学校）“{name}”列在单位“{unit}”下，但 {entry.at} 已把它列在单位“{entry.school.unit}”下。"
                "一所学校只能属于一个单位，请删去其中一行。"
            )
            continue
        elif line.school:
            entry.heading = False  # written out, even if it repeats the unit: a real school
        for alias in line.aliases:
            if _key(alias) != _key(name):
                entry.alias_keys.setdefault(_key(alias), (alias, line.alias_at))

    by_unit: dict[str, list[_Entry]] = {}
    for entry in entries.values():
        by_unit.setdefault(_key(entry.school.unit), []).append(entry)
    for group in by_unit.values():
        if len(group) > 1:
            for entry in [e for e in group if e.heading]:
                group.remove(entry)
                del entries[_key(entry.school.name)]
                if entry.alias_keys:
                    aliases = [a for a, _ in entry.alias_keys.values()]
                    notes.append(
                        f"{entry.at} 所在行的别名“{'、'.join(aliases)}”写在单位“{entry.school.unit}”"
                        "的标题行上，该单位下另有学校，这些别名未使用。"
                    )

    owner: dict[str, tuple[str, _Place]] = {k: (e.school.name, e.at) for k, e in entries.items()}
    for entry in entries.values():
        kept = []
        for alias_key, (alias, at) in entry.alias_keys.items():
            other = owner.setdefault(alias_key, (entry.school.name, at))
            if other[0] != entry.school.name:
                problems.append(
                    f"{at}（别名）“{alias}”属于“{entry.school.name}”，但 {other[1]} 已把它用作“{other[0]}”的名称。"
                    "每个学校名称和别名只能出现一次。"
                )
            else:
                kept.append(alias)
        entry.school = School(entry.school.name, entry.school.unit, tuple(kept))

    if problems:
        listed = "\n".join(f"· {p}" for p in problems[:MAX_LISTED])
        more = f"\n…另有 {len(problems) - MAX_LISTED} 处。" if len(problems) > MAX_LISTED else ""
        raise RosterError(f"花名册 {source} 有 {len(problems)} 处问题：\n{listed}{more}")
    roster = Roster(source=source, notes=notes)
    for entry in entries.values():
        roster.units.setdefault(entry.school.unit, []).append(entry.school)
    if not roster.units:
        raise RosterError(f"花名册 {source} 没有任何学校。请在表头下逐行填写“单位,学校,别名”。")
    return roster


def _no_header(sheets: list[Sheet], source: str) -> RosterError:
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:HEADER_ROWS]):
            columns = _header_columns(row)
            if "学校" in columns or "单位" in columns:
                missing = "单位" if "学校" in columns else "学校"
                return RosterError(
                    f"花名册 {source}：{_Place(sheet.name, index + 1, 0)}起像是表头，但没有“{missing}”列。"
                    f"表头需要“单位”（或 单位名称、考核单位、镇街区）和“学校”（或 学校名称、校名）两列，“别名”可选。"
                )
    for sheet in sheets:
        for index, row in enumerate(sheet.rows):
            if any(_value(c) for c in row):
                where = f"工作表“{sheet.name}”" if sheet.name is not None else ""
                shown = ",".join(_value(c) for c in row if _value(c))[:60]
                return RosterError(
                    f"花名册 {source}：在前 {HEADER_ROWS} 行中找不到表头“单位,学校,别名”；"
                    f"{where}第 {index + 1} 行为“{shown}”。请加上表头行（至少“单位”和“学校”两列）。"
                )
    return RosterError(f"花名册 {source} 是空的。请按“单位,学校,别名”三列填写。")


def parse_sheets(sheets: list[Sheet], source: str) -> Roster:
    """Build a roster from a workbook's sheets (or one text table); see the module docstring."""
    found: list[_SheetResult] = []
    for sheet in sheets:
        header = _find_header(sheet.rows)
        if header is not None:
            found.append(_read_lines(sheet, *header))
    if not found:
        raise _no_header(sheets, source)
    used = [r for r in found if r.has_data and not r.sheet.hidden] or [r for r in found if r.has_data]
    roster = _build(used or found, source)
    names = [r.sheet.name for r in used if r.sheet.name is not None]
    if names and (len(names) > 1 or names[0] != sheets[0].name):
        listed = "、".join(f"“{n}”" for n in names)
        roster.notes.insert(0, f"花名册 {source} 使用了工作表{listed}。")
    return roster


def parse_rows(rows: list[list[str]], source: str) -> Roster:
    """Build a roster from the rows of one table (the header may sit below title rows)."""
    return parse_sheets([Sheet(None, [list(map(str, r)) for r in rows])], source)


def load_roster(path: str | Path) -> Roster:
    """Load a roster file; raises :class:`RosterError` naming the file (and sheet, row, column) on bad input."""
    file = Path(path)
    if not file.is_file():
        raise RosterError(f"找不到花名册文件 {file}。请检查路径。")
    try:
        sheets = read_sheets(file)
    except RosterReadError as exc:
        raise RosterError(str(exc)) from exc
    return parse_sheets(sheets, str(file))
