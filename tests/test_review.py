"""The review file: edits, audit log, corrections, and every way a file can be unusable."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from app.model import Corrections, Gap, IndicatorResult, Report, Status
from app.review.model import (
    ItemReview,
    ReviewCorruptError,
    ReviewDiskFullError,
    ReviewError,
    ReviewInputError,
    ReviewLockedError,
    ReviewReadOnlyError,
    ReviewVersionError,
)
from app.review.store import ReviewStore
from app.rubric import load_rubric
from app.scoring.suggest import suggest

RUBRIC = load_rubric()
UNIT = "寒亭区教管办"


@pytest.fixture
def store(tmp_path):
    s = ReviewStore.create(tmp_path / "review.sqlite", RUBRIC, "张三")
    s.add_unit(UNIT, weight=8)
    yield s
    s.close()


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def report_with_gaps():
    gaps = [
        Gap("1.1", "甲小学", "image", "甲小学缺少制度上墙图片"),
        Gap("1.1", "乙小学", "pdf", "乙小学缺少正式文件PDF"),
        Gap("1.2", "乙小学", "pdf", "乙小学缺少考核文件PDF"),
    ]
    results = [
        IndicatorResult("1.1", Status.GAP, gaps=2, suggested=8, reason="缺2项"),
        IndicatorResult("1.2", Status.GAP, gaps=1, suggested=0, reason="乙小学缺少考核文件"),
        IndicatorResult("1.3", Status.MET, suggested=5, reason="已提供"),
        IndicatorResult("3.1", Status.OPTIONAL_MISSING, suggested=0, reason="未提供报刊图片"),
        IndicatorResult("3.3", Status.OPTIONAL_MISSING, suggested=0, reason="未提供宣传周材料"),
    ]
    return Report(
        "x", UNIT, ["甲小学", "乙小学"], RUBRIC.id, RUBRIC.name, None, gaps=gaps, indicators=results
    )


def test_suggestions_from_the_check_become_inputs():
    s = suggest(RUBRIC, report_with_gaps())
    assert s["1.1"].inputs == {"missing": 2} and s["1.1"].score == 8  # 10 − 2 gaps × 1
    assert s["1.1"].reason.startswith("1.1：未发布或未实施事项 2 × 1分，扣2分，得8分")
    assert len(s["1.1"].gaps) == 2
    assert s["1.2"].inputs == {"met": False} and s["1.2"].score == 0
    assert s["1.3"].inputs == {"met": True} and s["1.3"].score == 5
    assert s["3.1"].inputs == {"entries": []} and s["3.1"].score == 0
    assert s["3.3"].inputs == {"points": 0} and s["3.3"].score == 0
    assert "1.10" not in s  # nothing in the evidence says how many reports were late


def test_confirm_or_override_with_reason(store):
    store.apply_suggestions(UNIT, suggest(RUBRIC, report_with_gaps()))
    assert store.score(UNIT).item("1.1").score == 8  # live score uses the suggestion until edited
    item = store.confirm(UNIT, "1.1")
    assert item.confirmed and item.confirmed_score == 8 and item.override_reason == ""
    assert not store.override_needed(UNIT, "1.2")
    store.set_inputs(UNIT, "1.2", {"met": True})  # the reviewer found the file elsewhere
    assert store.override_needed(UNIT, "1.2")
    with pytest.raises(ReviewInputError, match="与核查建议的 0 分不同，请填写调整理由"):
        store.confirm(UNIT, "1.2")
    item = store.confirm(UNIT, "1.2", "考核文件在1.3文件夹中，已核对")
    assert item.confirmed_score == 5 and "已核对" in item.override_reason
    # changing inputs of a confirmed item to another score withdraws the confirmation
    assert not store.set_inputs(UNIT, "1.1", {"missing": 3}).confirmed
    assert store.score(UNIT).item("1.1").score == 7


def test_bad_edits_are_refused_in_chinese(store):
    with pytest.raises(ReviewInputError, match="不能为负数"):
        store.set_inputs(UNIT, "1.1", {"missing": -2})
    with pytest.raises(ReviewInputError, match="不能超过 3 分"):
        store.set_inputs(UNIT, "3.3", {"points": 4})
    with pytest.raises(ReviewInputError, match="督导赋分"):
        store.set_weight(UNIT, 0)
    with pytest.raises(ReviewInputError, match="督导赋分"):
        store.set_weight(UNIT, 120)
    with pytest.raises(ReviewInputError, match="理由"):
        store.set_veto(UNIT, True, "")
    with pytest.raises(ReviewInputError, match="没有单位"):
        store.set_inputs("不存在的单位", "1.1", {"missing": 1})
    with pytest.raises(ReviewInputError, match="没有指标"):
        store.set_inputs(UNIT, "9.9", {})
    assert store.unit(UNIT).items == {}  # nothing half-written


def test_undo_redo_by_snapshot(store):
    before = store.item(UNIT, "2.1")
    store.set_inputs(UNIT, "2.1", {"repeat": 1})
    store.confirm(UNIT, "2.1")
    after = store.item(UNIT, "2.1")
    store.restore_item(UNIT, before)  # undo
    assert store.score(UNIT).item("2.1").score == 4 and not store.item(UNIT, "2.1").confirmed
    store.restore_item(UNIT, after)  # redo
    assert store.item(UNIT, "2.1").confirmed_score == 3


def test_unit_score_veto_and_section5(store):
    store.set_inputs(UNIT, "5", {"complaints": 2})
    s = store.score(UNIT)
    assert (s.total, s.scaled, s.final) == (85, 6.8, 4.8)  # 85 × 8 / 100 = 6.8; − 2×1
    store.set_veto(UNIT, True, "伪造会议签到表")
    assert store.score(UNIT).final == 0


def test_audit_log_is_append_only_and_complete(store):
    store.set_inputs(UNIT, "1.10", {"late_or_missing": 1})
    store.set_weight(UNIT, 9)
    log = store.audit(UNIT)
    assert [r["action"] for r in log] == ["add_unit", "inputs", "weight"]
    assert (
        log[-1]["who"] == "张三" and '"weight": 8.0' in log[-1]["old"] and '"weight": 9.0' in log[-1]["new"]
    )
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE audit SET who = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM audit")


def test_corrections_for_the_check(store):
    store.reassign(UNIT, "杂项/通知.pdf", "1.2", "甲小学", "内容是考核办法")
    store.accept_finding(UNIT, "1.1/乙小学制度.pdf", "name.fuzzy_match", "核对为乙小学")
    store.accept_finding(UNIT, "1.1/x.jpg", "dup.exact", "两校共用一面墙")
    store.unaccept_finding(UNIT, "1.1/x.jpg", "dup.exact")
    assert store.corrections(UNIT) == Corrections(
        reassign={"杂项/通知.pdf": ("1.2", "甲小学")},
        accepted={("1.1/乙小学制度.pdf", "name.fuzzy_match"): "核对为乙小学"},
    )
    with pytest.raises(ReviewInputError, match="理由"):
        store.accept_finding(UNIT, "a.pdf", "dup.exact", " ")


def test_evidence_links(store):
    eid = store.link_evidence(UNIT, "1.4", "1.4/甲小学台账.pdf", 3, "第3页有完成时限")
    assert store.item(UNIT, "1.4").evidence[0].page == 3
    with pytest.raises(ReviewInputError, match="页码"):
        store.link_evidence(UNIT, "1.4", "a.pdf", 0)
    store.unlink_evidence(UNIT, eid)
    assert store.item(UNIT, "1.4").evidence == []


def test_reopen_keeps_everything(tmp_path, store):
    store.set_inputs(UNIT, "3.1", {"entries": [{"title": "惠民", "level": "province"}]})
    store.close()
    with ReviewStore.open(tmp_path / "review.sqlite") as again:
        assert again.reviewer == "张三"
        assert again.score(UNIT).item("3.1").score == 2


# ── files that cannot be used ──────────────────────────────────────────────────────────────


def test_newer_version_is_refused_untouched(tmp_path, store):
    store.close()
    path = tmp_path / "review.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    conn.close()
    before = digest(path)
    with pytest.raises(ReviewVersionError, match=r"更新版本.*版本 99.*升级"):
        ReviewStore.open(path)
    assert digest(path) == before


def test_corrupt_file(tmp_path, store):
    store.close()
    path = tmp_path / "review.sqlite"
    data = bytearray(path.read_bytes())
    data[4096 : 4 * 4096] = b"\xa5" * (3 * 4096)  # scramble three table pages, keep the header page
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(ReviewCorruptError, match="损坏"):
        ReviewStore.open(path)
    assert digest(path) == before
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database", "utf-8")
    with pytest.raises(ReviewCorruptError, match="不是评审文件"):
        ReviewStore.open(text)


def test_foreign_sqlite_file(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(ReviewCorruptError, match="不是 evcheck 评审文件"):
        ReviewStore.open(other)


def test_read_only_file(tmp_path, store, monkeypatch):
    store.set_inputs(UNIT, "1.1", {"missing": 1})
    store.close()
    path = tmp_path / "review.sqlite"
    path.chmod(0o444)
    if os.geteuid() == 0:  # root may write anyway; make the permission check see what a user sees
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real(p, mode))
    before = digest(path)
    with pytest.raises(ReviewReadOnlyError, match="只读"):
        ReviewStore.open(path)
    with ReviewStore.open(path, readonly=True) as viewer:  # can still be viewed and scored
        assert viewer.score(UNIT).item("1.1").score == 9
        with pytest.raises(ReviewReadOnlyError):
            viewer.set_weight(UNIT, 5)
    assert digest(path) == before


def test_locked_file(tmp_path, store):
    other = sqlite3.connect(tmp_path / "review.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    store.db.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(ReviewLockedError, match="占用"):
        store.set_weight(UNIT, 5)
    other.execute("ROLLBACK")
    other.close()
    store.set_weight(UNIT, 5)
    assert store.unit(UNIT).weight == 5


def test_full_disk_keeps_saved_work(tmp_path, store):
    store.set_inputs(UNIT, "1.1", {"missing": 4})
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    with pytest.raises(ReviewDiskFullError, match="磁盘空间已满"):
        store.set_unit_notes(UNIT, "很长的备注" * 20000)
    store.close()
    with ReviewStore.open(tmp_path / "review.sqlite") as again:
        assert again.unit(UNIT).notes == ""
        assert again.score(UNIT).item("1.1").score == 6
        assert again.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_create_refuses_to_overwrite(tmp_path, store):
    with pytest.raises(ReviewError, match="已存在"):
        ReviewStore.create(tmp_path / "review.sqlite", RUBRIC, "李四")


def test_missing_file(tmp_path):
    with pytest.raises(ReviewError, match="找不到"):
        ReviewStore.open(tmp_path / "nope.sqlite")


def test_restore_rejects_bad_snapshot(store):
    with pytest.raises(ReviewInputError):
        store.restore_item(UNIT, ItemReview("1.1", inputs={"missing": -1}))


def test_open_or_create_and_corrections_before_scoring(tmp_path):
    path = tmp_path / "sub" / "review.sqlite"
    path.parent.mkdir()
    with ReviewStore(path) as s:  # what the window does: open, or create on first use
        s.reassign("新单位", "a.pdf", "1.3", None)
        s.accept_finding("新单位", "b.jpg", "name.missing_unit", "照片内容可辨认学校")
    with ReviewStore(path) as again:
        assert again.units() == ["新单位"]
        assert again.corrections("新单位").reassign == {"a.pdf": ("1.3", None)}
        assert again.corrections("别的单位") == Corrections()


def test_an_older_file_is_migrated_in_order_and_keeps_its_data(tmp_path, store, monkeypatch):
    from app.review import migrations

    assert migrations.current_version() == 2  # v1 the tables, v2 signal_reviews
    store.set_inputs(UNIT, "1.1", {"missing": 2})
    store.close()
    applied = []

    def v3(db):  # a future step: a new column with a default
        applied.append(3)
        db["units"].add_column("contact", str, not_null_default="")

    def v4(db):
        applied.append(4)
        db.execute("UPDATE units SET contact = '待填写'")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, v3, v4))
    with ReviewStore.open(tmp_path / "review.sqlite") as again:
        assert applied == [3, 4]
        versions = [r[0] for r in again.db.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == [1, 2, 3, 4]
        assert again.db.execute("SELECT contact FROM units").fetchone()[0] == "待填写"
        assert again.score(UNIT).item("1.1").score == 8
    with ReviewStore.open(tmp_path / "review.sqlite.v2-backup", readonly=True) as backup:  # as it was
        assert backup.db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 2
    with ReviewStore.open(tmp_path / "review.sqlite"):
        assert applied == [3, 4]  # not applied twice


@pytest.mark.parametrize(
    ("sqlite_message", "error", "words"),
    [
        ("attempt to write a readonly database", ReviewReadOnlyError, "只读"),
        ("database is locked", ReviewLockedError, "占用"),
        ("database or disk is full", ReviewDiskFullError, "磁盘空间已满"),
        ("database disk image is malformed", ReviewCorruptError, "损坏"),
        ("file is not a database", ReviewCorruptError, "损坏"),
        ("disk I/O error", ReviewError, "U 盘"),
    ],
)
def test_sqlite_errors_become_chinese_messages(tmp_path, sqlite_message, error, words):
    from app.review.opening import translate

    err = translate(sqlite3.OperationalError(sqlite_message), tmp_path / "r.sqlite")
    assert type(err) is error and words in str(err)
