"""`evcheck score`, `evcheck review` and `evcheck export` end to end, through app.cli.main."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from app.cli import main
from app.review.store import ReviewStore
from app.rubric import load_rubric

UNIT = "寒亭区教管办"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def filled_template(capsys, tmp_path):
    code, out, _ = run(capsys, "score", "--template", "--unit", UNIT)
    assert code == 0
    data = json.loads(out)
    unit = data["units"][0]
    unit["weight"] = 8
    items = {i["code"]: i for i in unit["items"]}
    items["1.1"]["inputs"]["missing"] = 2
    items["3.1"]["inputs"]["entries"] = [{"title": "惠民在行动", "level": "province"}]
    items["5"]["inputs"]["requests"] = 2
    path = tmp_path / "review.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_template_then_score_as_json(capsys, tmp_path):
    path = filled_template(capsys, tmp_path)
    code, out, _ = run(capsys, "score", str(path), "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["schema"] == "evcheck.score/1"
    [unit] = result["units"]
    # 85 − 2 (1.1) + 2 (3.1 province) = 85; × 8 / 100 = 6.8; − 2 × 0.5 = 5.8
    assert (unit["total"], unit["scaled"], unit["final"]) == (85, 6.8, 5.8)
    assert unit["unconfirmed"][0] == "1.1"


def test_score_text_from_review_file(capsys, tmp_path):
    path = tmp_path / "r.sqlite"
    with ReviewStore.create(path, load_rubric(), "张三") as s:
        s.add_unit(UNIT, weight=10)
        s.set_inputs(UNIT, "4", {"exposures": 1})
        s.confirm(UNIT, "4")
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0
    assert "4：媒体曝光或重大舆情次数 1 × 5分，从前4项总分扣5分" in out
    assert "最终得分：8（第 1 名）" in out  # (85 − 5) × 10 / 100


def test_bad_input_exits_2_in_chinese(capsys, tmp_path):
    path = filled_template(capsys, tmp_path)
    data = json.loads(path.read_text("utf-8"))
    data["units"][0]["items"][0]["inputs"]["missing"] = -1
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 2 and "不能为负数" in err
    code, _, err = run(capsys, "score", str(tmp_path / "none.json"))
    assert code == 2 and "找不到" in err
    code, _, err = run(capsys, "score", str(path), "--unit", "别的单位")
    assert code == 2 and "没有单位" in err


def test_review_export_import_resolve(capsys, tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert run(capsys, "review", "new", str(a), "--reviewer", "组长", "--unit", UNIT, "--weight", "8")[0] == 0
    assert run(capsys, "review", "new", str(b), "--reviewer", "李四", "--unit", UNIT, "--weight", "8")[0] == 0
    with ReviewStore.open(a) as s:
        s.set_inputs(UNIT, "2.2", {"reworked": 1})
        s.confirm(UNIT, "2.2")
    with ReviewStore.open(b) as s:
        s.set_inputs(UNIT, "2.2", {"reworked": 2})
        s.confirm(UNIT, "2.2")
    out_file = tmp_path / "b-out.sqlite"
    assert run(capsys, "review", "export", str(b), "--unit", UNIT, "-o", str(out_file))[0] == 0
    code, out, _ = run(capsys, "review", "import", str(a), str(out_file))
    assert code == 1  # a conflict waits for a decision
    assert "本文件 2 分" in out and "李四 1 分" in out
    code, out, _ = run(capsys, "review", "conflicts", str(a))
    assert code == 1 and "待处理冲突 1 处" in out
    assert run(capsys, "review", "resolve", str(a), "1", "--take", "theirs")[0] == 0
    assert run(capsys, "review", "conflicts", str(a))[0] == 0
    code, out, _ = run(capsys, "review", "audit", str(a), "--unit", UNIT)
    assert "resolve_theirs" in out and "组长" in out


def test_export_xlsx_and_csv(capsys, tmp_path):
    path = filled_template(capsys, tmp_path)
    xlsx, csv_file = tmp_path / "s.xlsx", tmp_path / "s.csv"
    assert run(capsys, "export", str(path), "-o", str(xlsx))[0] == 0
    assert run(capsys, "export", str(path), "-o", str(csv_file))[0] == 0
    ws = load_workbook(xlsx)["汇总"]
    assert ws.cell(5, 1).value == UNIT
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
    code, _, err = run(capsys, "export", str(path), "-o", str(tmp_path / "s.doc"))
    assert code == 2 and ".xlsx" in err
