"""``evcheck pack FOLDER -o OUT.zip``: a clean zip to hand in, refused while errors remain."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.check import CheckError, SourceError
from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from app.commands.check import add_input_arguments, load_inputs
from app.pack import PackRefused, pack


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pack",
        help="把检查过的材料文件夹打成干净的 zip 压缩包",
        description="先检查，再打包：文件名按 UTF-8 保存，去掉系统垃圾文件，压缩包旁另存一份清单"
        "（文件、指标、学校、SHA256）。仍有错误时拒绝打包，除非加 --force。",
    )
    p.add_argument("path", type=Path, help="材料文件夹")
    p.add_argument("-o", "--output", type=Path, help="压缩包保存位置（默认：文件夹旁同名 .zip）")
    add_input_arguments(p)
    p.add_argument("--force", action="store_true", help="即使还有错误也打包")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path, rubric, roster, unit = load_inputs(args)
    if not path.is_dir():
        raise UsageError(f"{path} 不是文件夹：请指定要打包的材料文件夹。")
    out = args.output or path.resolve().parent / f"{path.resolve().name}.zip"
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    try:
        result = pack(path, out, rubric, roster, unit, force=args.force)
    except PackRefused as exc:
        print(f"未打包：{exc}")
        return EXIT_FINDINGS
    except (SourceError, CheckError) as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(f"无法写入 {out}（{exc.strerror or exc}）：请确认磁盘有空间、有写入权限。") from exc
    report = result.report
    print(f"已打包 {result.files} 个文件：{result.zip_path}")
    print(f"清单：{result.manifest_path}")
    print(f"压缩包 SHA256：{result.sha256}")
    if report.gaps:
        print(f"注意：仍有 {len(report.gaps)} 处缺项：")
        for g in report.gaps:
            print(f"  {g.message}")
    if result.errors:
        print(f"注意：按 --force 打包，仍有 {result.errors} 个文件有错误。")
    return EXIT_OK if result.clean else EXIT_FINDINGS
