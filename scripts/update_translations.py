"""Refresh the Chinese translation: collect the UI's tr() strings into the .ts, then compile the .qm.

    python3 scripts/update_translations.py           # lupdate + lrelease
    python3 scripts/update_translations.py --check   # only report what is missing (exit 1 if any)

New strings land in resources/i18n/evcheck_zh_CN.ts marked unfinished; translate them there (Qt
Linguist, or any editor), then run this again to compile evcheck_zh_CN.qm. Strings that left the
code are dropped. Uses Qt's lupdate/lrelease shipped with PySide6-Essentials.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "i18n" / "evcheck_zh_CN.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
# Everything that calls tr(): the Qt layer, and the command that opens it.
SOURCES = ("ui", "app/commands/gui.py")


def qt_tool(name: str) -> list[str]:
    """``pyside6-lupdate``/``pyside6-lrelease`` on PATH, else the binary inside the PySide6 package."""
    wrapper = shutil.which(f"pyside6-{name}")
    if wrapper:
        return [wrapper]
    import PySide6

    for candidate in (Path(PySide6.__file__).parent / name, Path(PySide6.__file__).parent / f"{name}.exe"):
        if candidate.is_file():
            return [str(candidate)]
    raise SystemExit(f"找不到 Qt 的 {name}：请安装 PySide6-Essentials（pip install PySide6-Essentials）。")


def python_sources() -> list[Path]:
    paths = [ROOT / s for s in SOURCES]
    return sorted(p for f in paths for p in ([f] if f.is_file() else f.rglob("*.py")))


def _called_name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _is_text(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def translate_helpers(tree: ast.AST) -> dict[str, str | None]:
    """Module helpers such as ``def _t(text): return QCoreApplication.translate("Preview", text)``:
    name -> the context they translate in (None if it is not a literal)."""
    helpers: dict[str, str | None] = {}
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        params = {a.arg for a in func.args.args}
        for call in ast.walk(func):
            if isinstance(call, ast.Call) and _called_name(call) == "translate" and len(call.args) >= 2:
                context, text = call.args[0], call.args[1]
                if isinstance(text, ast.Name) and text.id in params:
                    helpers[func.name] = context.value if _is_text(context) else None  # type: ignore[union-attr]
    return helpers


def _inside_fstrings(tree: ast.AST) -> list[tuple[str, str]]:
    """tr("…") and translate("Ctx", "…") written inside an f-string, which lupdate does not read."""
    found = []
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        for fstring in ast.walk(cls):
            if not isinstance(fstring, ast.JoinedStr):
                continue
            for call in ast.walk(fstring):
                if not isinstance(call, ast.Call):
                    continue
                args = call.args
                if _called_name(call) == "tr" and args and _is_text(args[0]):
                    found.append((cls.name, args[0].value))  # type: ignore[attr-defined]
                elif (
                    _called_name(call) == "translate"
                    and len(args) > 1
                    and _is_text(args[0])
                    and _is_text(args[1])
                ):
                    found.append((args[0].value, args[1].value))  # type: ignore[attr-defined]
    return found


def helper_strings() -> list[tuple[str, str]]:
    """(context, text) pairs lupdate cannot see by itself, fed to it as QT_TRANSLATE_NOOP lines:
    literals handed to a translate helper (``_t("Met")``) and tr() calls inside f-strings."""
    found = []
    for path in python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        helpers = {name: ctx for name, ctx in translate_helpers(tree).items() if ctx is not None}
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and _called_name(call) in helpers
                and call.args
                and _is_text(call.args[0])
            ):
                found.append((helpers[_called_name(call)], call.args[0].value))  # type: ignore[attr-defined]
        found += _inside_fstrings(tree)
    return found


def lupdate(ts_file: Path) -> None:
    """Merge the current tr() strings into ``ts_file`` (created if missing); vanished ones are dropped."""
    with tempfile.TemporaryDirectory() as tmp:
        marks = Path(tmp) / "helper_strings.py"
        marks.write_text(
            "".join(
                f"QT_TRANSLATE_NOOP({json.dumps(c, ensure_ascii=False)}, {json.dumps(t, ensure_ascii=False)})\n"
                for c, t in helper_strings()
            ),
            encoding="utf-8",
        )
        command = [*qt_tool("lupdate"), "-extensions", "py", "-locations", "none", "-no-obsolete", "-silent"]
        command += [*SOURCES, str(marks), "-target-language", "zh_CN", "-ts", str(ts_file)]
        subprocess.run(command, cwd=ROOT, check=True)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([*qt_tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], cwd=ROOT, check=True)


def messages(ts_file: Path) -> dict[tuple[str, str, str], ET.Element]:
    """Every message of a .ts file by (context, source text, disambiguation comment)."""
    found: dict[tuple[str, str, str], ET.Element] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            key = (name, message.findtext("source", ""), message.findtext("comment", ""))
            found[key] = message
    return found


def untranslated(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return True
    forms = translation.findall("numerusform")
    texts = [f.text for f in forms] if message.get("numerus") == "yes" else [translation.text]
    return not texts or not all(t and t.strip() for t in texts)


def missing_translations() -> list[str]:
    """Strings the code uses that the committed .ts lacks or leaves untranslated, as readable lines."""
    committed = messages(TS_FILE) if TS_FILE.is_file() else {}
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "current.ts"
        lupdate(fresh)
        wanted = messages(fresh)
    problems = []
    for key in wanted:
        context, source, _comment = key
        if key not in committed:
            problems.append(f"[{context}] {source!r}: not in {TS_FILE.name}")
        elif untranslated(committed[key]):
            problems.append(f"[{context}] {source!r}: not translated")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only list missing translations")
    args = parser.parse_args()
    if args.check:
        problems = missing_translations()
        print("\n".join(problems) or "翻译完整。")
        return 1 if problems else 0
    TS_FILE.parent.mkdir(parents=True, exist_ok=True)
    lupdate(TS_FILE)
    lrelease(TS_FILE, QM_FILE)
    pending = [m for m in messages(TS_FILE).values() if untranslated(m)]
    print(f"{TS_FILE.relative_to(ROOT)}: {len(messages(TS_FILE))} strings, {len(pending)} untranslated")
    print(f"compiled {QM_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
