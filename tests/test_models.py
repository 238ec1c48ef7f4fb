"""The Qt item models, fed a hand-made Report: contents, roles, filters and qtmodeltester."""

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from app.findings import finding
from app.model import FileKind, FileRecord, Gap, IndicatorResult, Report, Status
from app.rubric import load_rubric
from ui.models import roles
from ui.models.coverage_matrix import CoverageMatrixModel
from ui.models.file_table import FileFilterProxy, FileTableModel, indicator_sort_key
from ui.models.findings_list import FindingsListModel
from ui.models.indicator_tree import IndicatorTreeModel

# icons are pixmaps, which need the application object
pytestmark = pytest.mark.usefixtures("qapp")

A, B = "甲镇中心小学", "乙镇第一中学"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture
def report(rubric):
    files = [
        FileRecord("1.1/甲镇中心小学制度.pdf", 10, FileKind.PDF, "pdf", "1.1", A, pages=1),
        FileRecord("1.1/甲镇中心小学上墙.jpg", 10, FileKind.IMAGE, "jpeg", "1.1", A),
        FileRecord(
            "1.1/乙镇第一中学制度.pdf",
            10,
            FileKind.PDF,
            "pdf",
            "1.1",
            B,
            findings=[finding("file.encrypted")],
            usable=False,
        ),
        FileRecord(
            "杂项/说明.docx", 10, FileKind.DOCUMENT, "docx", None, None, findings=[finding("file.unassigned")]
        ),
        FileRecord("1.3/领导小组.pdf", 10, FileKind.PDF, "pdf", "1.3", None, date="2020-03-01"),
    ]
    results = []
    for ind in rubric.indicators:
        if ind.evidence is None:
            results.append(IndicatorResult(ind.code, Status.NOT_REQUIRED))
        elif ind.code == "1.1":
            results.append(IndicatorResult("1.1", Status.GAP, 3, 2, 2, 1, cells={A: "met", B: "missing"}))
        elif ind.evidence.scope == "unit":
            st = (
                Status.MET
                if ind.code == "1.3"
                else Status.GAP
                if ind.evidence.required
                else Status.OPTIONAL_MISSING
            )
            results.append(IndicatorResult(ind.code, st, gaps=int(st == Status.GAP)))
        else:
            results.append(IndicatorResult(ind.code, Status.GAP, gaps=2, cells={A: "missing", B: "problem"}))
    gaps = [
        Gap("1.1", B, "pdf", "乙镇第一中学缺少 1.1 的正式文件PDF"),
        Gap("1.1", B, "image", "乙镇第一中学缺少图片"),
    ]
    return Report("/x", "甲乙教管办", [A, B], rubric.id, rubric.name, "roster.csv", files, gaps, results)


def test_every_model_passes_qtmodeltester(qtmodeltester, rubric, report):
    tree = IndicatorTreeModel()
    tree.set_report(rubric, report)
    qtmodeltester.check(tree)
    matrix = CoverageMatrixModel()
    matrix.set_report(rubric, report)
    qtmodeltester.check(matrix)
    files = FileTableModel()
    report.files[3].accepted = {"file.unassigned": "会上说明"}
    files.set_files(report.files)
    qtmodeltester.check(files)
    proxy = FileFilterProxy()
    proxy.setSourceModel(files)
    proxy.set_scope("1.1", B)
    proxy.sort(FileTableModel.FINDINGS, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    findings = FindingsListModel()
    findings.set_report(report)
    qtmodeltester.check(findings)


def test_empty_models_pass_qtmodeltester(qtmodeltester):
    for model in (IndicatorTreeModel(), CoverageMatrixModel(), FileTableModel(), FindingsListModel()):
        qtmodeltester.check(model)


def test_indicator_tree_shows_status_and_counts(rubric, report):
    tree = IndicatorTreeModel()
    tree.set_report(rubric, report)
    assert tree.rowCount() == len(rubric.sections)
    idx = tree.indicator_index("1.1")
    assert idx.data(roles.INDICATOR) == "1.1"
    assert idx.siblingAtColumn(IndicatorTreeModel.STATUS).data(roles.STATUS) == Status.GAP
    assert idx.siblingAtColumn(IndicatorTreeModel.FILES).data() == "3"
    assert idx.siblingAtColumn(IndicatorTreeModel.GAPS).data() == "2"
    # a section takes its worst indicator's status and sums the counts
    section = tree.index(0, IndicatorTreeModel.STATUS)
    assert section.data(roles.STATUS) == Status.GAP
    assert tree.indicator_index("2.1").siblingAtColumn(1).data(roles.STATUS) == Status.NOT_REQUIRED
    assert "制度" in idx.data(Qt.ItemDataRole.ToolTipRole)


def test_matrix_cells_follow_the_report(rubric, report):
    matrix = CoverageMatrixModel()
    matrix.set_report(rubric, report)
    assert matrix.rowCount() == 3  # unit row + two schools
    assert matrix.columnCount() == len(rubric.evidence_indicators)
    assert matrix.cell_index("1.1", A).data(roles.STATUS) == "met"
    cell = matrix.cell_index("1.1", B)
    assert cell.data(roles.STATUS) == "missing"
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None  # not colour alone
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "正式文件PDF版" in tip and "乙镇第一中学缺少图片" in tip
    # unit-scope indicators live in the unit row only
    assert matrix.cell_index("1.3", "").data(roles.STATUS) == "met"
    assert matrix.cell_index("1.3", A).data(roles.STATUS) == ""
    assert matrix.cell_index("1.1", "").data(roles.STATUS) == ""
    assert matrix.cell_index("3.1", "").data(roles.STATUS) == "optional"


def test_file_proxy_filters_and_sorts(report):
    files = FileTableModel()
    files.set_files(report.files)
    proxy = FileFilterProxy()
    proxy.setSourceModel(files)
    assert proxy.rowCount() == 5
    proxy.set_scope("1.1", None)
    assert proxy.rowCount() == 3
    proxy.set_scope("1.1", B)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["乙镇第一中学制度.pdf"]
    proxy.set_scope(None, None)
    proxy.set_min_severity(3)  # errors only
    assert proxy.rowCount() == 1
    proxy.set_min_severity(0)
    proxy.set_code("file.unassigned")
    assert proxy.index(0, 0).data(roles.PATH) == "杂项/说明.docx"
    proxy.set_code(None)
    proxy.sort(FileTableModel.FINDINGS, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(roles.PATH) == "1.1/乙镇第一中学制度.pdf"
    proxy.sort(FileTableModel.INDICATOR, Qt.SortOrder.AscendingOrder)
    assert proxy.index(proxy.rowCount() - 1, 0).data(roles.PATH) == "杂项/说明.docx"
    assert indicator_sort_key("1.9") < indicator_sort_key("1.10") < indicator_sort_key(None)


def test_accepted_findings_stop_counting(report):
    files = FileTableModel()
    report.files[3].accepted = {"file.unassigned": "会上说明"}
    files.set_files(report.files)
    row = files.row_of("杂项/说明.docx")
    assert files.index(row, 0).data(roles.SEVERITY) == 0
    assert files.index(row, 0).data(roles.CODES) == frozenset()


def test_findings_list_orders_by_severity_and_shows_fix(report):
    model = FindingsListModel()
    report.files[3].accepted = {"file.unassigned": "会上说明"}
    model.set_report(report)
    assert model.rowCount() == 2
    assert model.index(0, FindingsListModel.FILE).data() == "1.1/乙镇第一中学制度.pdf"
    assert "去掉密码" in model.index(0, FindingsListModel.FIX).data()
    assert model.index(1, 0).data(roles.SEVERITY) == 0  # accepted
    assert "会上说明" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_a_second_report_of_the_same_shape_updates_in_place(qtmodeltester, qtbot, rubric, report):
    """Re-scans and corrections repaint rows instead of resetting (no relayout, selection kept)."""
    tree, matrix, files = IndicatorTreeModel(), CoverageMatrixModel(), FileTableModel()
    tree.set_report(rubric, report)
    matrix.set_report(rubric, report)
    files.set_files(report.files, report.schools)
    qtmodeltester.check(tree)
    qtmodeltester.check(matrix)
    qtmodeltester.check(files)
    kept = files.index(files.row_of("杂项/说明.docx"), 0)
    persistent = QPersistentModelIndex(kept)
    report.indicators[0] = IndicatorResult("1.1", Status.MET, 3, 3, 0, 0, cells={A: "met", B: "met"})
    report.files[3].indicator = "1.1"  # the reviewer moved it: its sort position changes
    with qtbot.assertNotEmitted(tree.modelReset), qtbot.waitSignal(tree.dataChanged):
        tree.set_report(rubric, report)
    with qtbot.assertNotEmitted(matrix.modelReset), qtbot.waitSignal(matrix.dataChanged):
        matrix.set_report(rubric, report)
    with qtbot.assertNotEmitted(files.modelReset):
        files.set_files(report.files, report.schools)
    assert tree.indicator_index("1.1").siblingAtColumn(1).data(roles.STATUS) == Status.MET
    assert matrix.cell_index("1.1", B).data(roles.STATUS) == "met"
    assert persistent.isValid() and persistent.data(roles.PATH) == "杂项/说明.docx"
    assert files.index(persistent.row(), FileTableModel.INDICATOR).data() == "1.1"
