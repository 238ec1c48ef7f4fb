"""``evcheck review``: the review file from the command line — create it, move units between
reviewers' files, settle conflicts, read the audit log.

    evcheck review new REVIEWFILE --reviewer 张三 [--unit U --weight W]
    evcheck review export REVIEWFILE --unit U [--unit U2] -o FILE      # FILE: .sqlite or .json
    evcheck review import REVIEWFILE FILE                               # exit 1 while conflicts wait
    evcheck review conflicts REVIEWFILE
    evcheck review resolve REVIEWFILE ID --take ours|theirs
    evcheck review audit REVIEWFILE [--unit U]
    evcheck review remove-unit REVIEWFILE UNIT                         # scores, corrections, verdicts
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from app.commands.score import load_rubric_arg
from app.review.merge import conflicts, export_units, import_file, resolve
from app.review.model import ReviewError
from app.review.store import ReviewStore


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "review",
        help="评审文件：新建、导出/导入单位、处理冲突、查看修改记录",
        description="管理评审文件（.sqlite）：在评审人之间导出、导入单位，并处理评分冲突。",
    )
    p.add_argument("--rubric", type=Path, help="评分细则文件（TOML，默认内置 2020 年细则）")
    sub = p.add_subparsers(dest="action", metavar="操作", required=True)

    new = sub.add_parser("new", help="新建评审文件")
    new.add_argument("file", type=Path)
    new.add_argument("--reviewer", required=True, help="评审人姓名")
    new.add_argument("--unit", action="append", default=[], help="要评审的单位（可重复）")
    new.add_argument("--weight", type=float, help="督导赋分（0～100，用于 --unit 指定的单位）")

    exp = sub.add_parser("export", help="把单位导出为文件，交给其他评审人或组长")
    exp.add_argument("file", type=Path, help="评审文件")
    exp.add_argument("--unit", action="append", required=True, help="要导出的单位（可重复）")
    exp.add_argument("-o", "--output", type=Path, required=True, help="导出文件（.sqlite 或 .json）")

    imp = sub.add_parser("import", help="导入其他评审人导出的单位；意见不一致时列出冲突，不覆盖")
    imp.add_argument("file", type=Path, help="本人的评审文件")
    imp.add_argument("source", type=Path, help="要导入的文件（.sqlite 或 .json）")

    con = sub.add_parser("conflicts", help="列出尚未处理的冲突")
    con.add_argument("file", type=Path)

    res = sub.add_parser("resolve", help="处理一个冲突：保留本文件（ours）或采用对方（theirs）")
    res.add_argument("file", type=Path)
    res.add_argument("id", type=int, help="冲突编号（见 conflicts）")
    res.add_argument("--take", choices=("ours", "theirs"), required=True)

    aud = sub.add_parser("audit", help="查看修改记录（谁、何时、改了什么）")
    aud.add_argument("file", type=Path)
    aud.add_argument("--unit")

    rem = sub.add_parser("remove-unit", help="从评审文件中移除一个单位（评分、更正和核实结论一并删除）")
    rem.add_argument("file", type=Path, help="评审文件")
    rem.add_argument("unit", help="要移除的单位")
    p.set_defaults(func=run)


def _run(args: argparse.Namespace) -> int:
    rubric = load_rubric_arg(args.rubric)
    if args.action == "new":
        with ReviewStore.create(args.file, rubric, args.reviewer) as store:
            for unit in args.unit:
                store.add_unit(unit, weight=args.weight)
        print(f"已新建评审文件 {args.file}（评审人 {args.reviewer}）。")
        return EXIT_OK
    if args.action == "remove-unit":
        with ReviewStore.open(args.file, rubric) as store:
            store.remove_unit(args.unit)
        print(f"已从评审文件 {args.file} 中移除单位“{args.unit}”（修改记录中保留了移除前的历史）。")
        return EXIT_OK
    readonly = args.action in ("export", "conflicts", "audit")
    with ReviewStore.open(args.file, rubric, readonly=readonly) as store:
        if args.action == "export":
            out = export_units(store, args.unit, args.output)
            print(f"已导出 {len(args.unit)} 个单位到 {out}。")
            return EXIT_OK
        if args.action == "import":
            result = import_file(store, args.source)
            for unit in result.added_units:
                print(f"新增单位：{unit}")
            for what in result.adopted:
                print(f"采用对方：{what}")
            for c in result.conflicts:
                print(f"冲突 {c.describe()}")
            waiting = conflicts(store)
            print(
                f"导入完成：新增 {len(result.added_units)} 个单位，采用 {len(result.adopted)} 处，"
                f"新冲突 {len(result.conflicts)} 处，待处理冲突共 {len(waiting)} 处。"
            )
            if waiting:
                print(f"请用 evcheck review resolve {args.file} 编号 --take ours|theirs 逐一处理。")
            return EXIT_FINDINGS if waiting else EXIT_OK
        if args.action == "conflicts":
            waiting = conflicts(store)
            for c in waiting:
                print(c.describe())
            print(f"待处理冲突 {len(waiting)} 处。")
            return EXIT_FINDINGS if waiting else EXIT_OK
        if args.action == "resolve":
            resolve(store, args.id, args.take)
            print(f"冲突 {args.id} 已处理：{'保留本文件' if args.take == 'ours' else '采用对方'}。")
            return EXIT_OK
        for row in store.audit(args.unit):
            origin = f"［来自 {row['origin']}］" if row["origin"] else ""
            print(
                f"{row['at']} {row['who']}{origin} {row['unit'] or ''} {row['action']} {row['target']}：{row['old']} → {row['new']}"
            )
        return EXIT_OK


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except ReviewError as exc:
        raise UsageError(str(exc)) from exc
