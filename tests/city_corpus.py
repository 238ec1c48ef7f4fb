"""A generated city: many units' material under one root, in the forms a lead receives them.

Each unit is a :mod:`tests.realistic` submission with its names moved to the unit's own district
(so every unit has its own schools and the roster is valid), written as a folder or an archive under
a name a clerk might choose. Used by tests/test_city*.py and bench/bench_city.py.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from app.demo import RosterSchool, SubmissionSpec, build_submission, roster_csv
from tests.realistic import CITY_SCHOOL, POOL, UNIT, Variant, make_spec, zip_like_chinese_windows

DISTRICTS = [
    "青云",
    "白沙",
    "东湖",
    "南山",
    "西岭",
    "北塘",
    "金桥",
    "银河",
    "石门",
    "柳林",
    "桃源",
    "松溪",
    "梅岭",
    "竹园",
    "荷塘",
    "枫桥",
    "杏坛",
    "兰亭",
    "栖霞",
    "凤鸣",
    "龙泉",
    "虎丘",
    "鹤山",
    "鹿港",
    "雁塔",
    "燕郊",
    "莺湖",
    "鹭洲",
    "雀台",
    "鸿渐",
    "鹏程",
    "骏马",
    "麒麟",
    "凌云",
    "望海",
    "听涛",
]
NUMERALS = ["八", "九", "十", "十二", "十三", "十四", "十五", "十六"]


@dataclass(frozen=True)
class CityUnitSpec:
    unit: str
    roster: list[RosterSchool]
    spec: SubmissionSpec


def _moved(text: str, swaps: list[tuple[str, str]]) -> str:
    for old, new in swaps:
        text = text.replace(old, new)
    return text


def unit_spec(index: int, seed: int, city_school: bool = False, clean: bool = False) -> CityUnitSpec:
    """Unit ``index`` of the city: "X街道" or "X镇" with its own schools, or a 市直学校 "潍坊市第N中学";
    ``clean``: no planted defects."""
    variant = Variant(seed, city_school=city_school)
    base = make_spec(replace(variant, defects=()) if clean else variant)
    if city_school:
        n = NUMERALS[index % len(NUMERALS)]
        unit = f"潍坊市第{n}中学"
        swaps = [(CITY_SCHOOL[0], unit), ("弟七中学", f"弟{n}中学"), ("七中", f"{n}中")]
    else:
        district = DISTRICTS[index % len(DISTRICTS)]
        unit = f"{district}{'街道' if index % 2 == 0 else '镇'}"
        swaps = [(UNIT, unit), ("潍城", district)]
        for _full, aliases, _typo in POOL:
            swaps += [(alias, f"{district}{alias}") for alias in aliases]
    files = [
        replace(f, path=_moved(f.path, swaps), same_as=_moved(f.same_as, swaps) if f.same_as else f.same_as)
        for f in base.files
    ]
    schools = [_moved(s, swaps) for s in base.schools]
    rows = [
        RosterSchool(unit, _moved(r.name, swaps), tuple(_moved(a, swaps) for a in r.aliases))
        for r in base.roster
        if r.unit == base.unit
    ]
    return CityUnitSpec(unit, rows, SubmissionSpec(unit, schools, rows, files))


def write_unit(folder: Path, spec: CityUnitSpec) -> Path:
    return build_submission(folder, spec.spec)


def as_zip(folder: Path, out: Path) -> Path:
    """Python's zipfile (UTF-8 names), the unit's folder at the top as Explorer writes it."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, f"{folder.name}/{p.relative_to(folder).as_posix()}")
    return out


def as_windows_zip(folder: Path, out: Path) -> Path:
    return zip_like_chinese_windows(folder, out)


def as_rar(folder: Path, out: Path) -> Path:
    subprocess.run(["rar", "a", "-r", "-idq", "-ep1", str(out), str(folder)], check=True)
    return out


def as_7z(folder: Path, out: Path) -> Path:
    subprocess.run(["7z", "a", "-bd", "-bso0", str(out), str(folder)], check=True)
    return out


Packer = Callable[[Path, Path], Path]
PACKERS: dict[str, tuple[str, Packer | None]] = {
    "folder": ("", None),
    "zip": (".zip", as_zip),
    "winzip": (".zip", as_windows_zip),
    "rar": (".rar", as_rar),
    "7z": (".7z", as_7z),
}


def place(root: Path, spec: CityUnitSpec, name: str, form: str, work: Path) -> Path:
    """Write ``spec`` under ``root`` as ``name`` (without suffix) in ``form`` (a PACKERS key)."""
    suffix, packer = PACKERS[form]
    if packer is None:
        return write_unit(root / name, spec)
    folder = write_unit(work / name, spec)
    out = packer(folder, root / f"{name}{suffix}")
    shutil.rmtree(folder)
    return out


def roster_file(path: Path, units: list[CityUnitSpec]) -> Path:
    path.write_bytes(roster_csv([r for u in units for r in u.roster]))
    return path
