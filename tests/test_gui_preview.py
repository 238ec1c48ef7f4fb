"""Preview content: EXIF rotation, zip members read in memory, encrypted/broken PDFs as placeholders."""

import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfWriter
from PySide6.QtCore import QThreadPool

from app.discover import discover
from app.findings import finding
from app.model import FileKind, FileRecord
from ui.preview.content import decode_image, load_preview
from ui.preview.pane import PreviewPane
from ui.tasks import TaskRunner


def jpeg_with_orientation(width, height, orientation):
    img = Image.new("RGB", (width, height), "red")
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def pdf_bytes(pages=2, password=None):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 300)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_exif_rotation_is_applied(qapp):
    image = decode_image(jpeg_with_orientation(80, 40, 6))  # 6: rotate 90° to be upright
    assert (image.width(), image.height()) == (40, 80)


def test_huge_photo_is_shrunk_for_preview(qapp):
    out = io.BytesIO()
    Image.new("RGB", (5000, 3000), "blue").save(out, "JPEG")
    image = decode_image(out.getvalue())
    assert max(image.width(), image.height()) <= 2400


def test_zip_member_is_read_in_memory_never_extracted(qapp, tmp_path):
    archive = tmp_path / "单位.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("1.1/制度.pdf", pdf_bytes())
        zf.writestr("1.1/上墙.jpg", jpeg_with_orientation(30, 20, 1))
    entries = {e.rel: e for e in discover(archive).entries}
    before = sorted(p.name for p in tmp_path.iterdir())
    pdf = load_preview(archive, FileRecord("1.1/制度.pdf", 1, FileKind.PDF, "pdf"), entries)
    assert pdf.kind == "pdf" and pdf.data.startswith(b"%PDF") and pdf.file is None
    img = load_preview(archive, FileRecord("1.1/上墙.jpg", 1, FileKind.IMAGE, "jpeg"), entries)
    assert img.kind == "image" and img.image.width() == 30
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_flagged_files_are_not_opened(qapp, tmp_path):
    record = FileRecord("x.pdf", 1, FileKind.PDF, "pdf", findings=[finding("file.timeout")], usable=False)
    content = load_preview(tmp_path, record, {})  # the file does not even exist: it must not be read
    assert content.kind == "placeholder" and "超时" in content.message


def test_garbage_image_becomes_a_placeholder(qapp, tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"\xff\xd8\xff not a jpeg at all")
    content = load_preview(tmp_path, FileRecord("a.jpg", 1, FileKind.IMAGE, "jpeg"), {})
    assert content.kind == "placeholder"


@pytest.fixture
def pane(qtbot):
    pool = QThreadPool()
    widget = PreviewPane(TaskRunner(pool))
    qtbot.addWidget(widget)
    widget.open_url = lambda url: widget.setProperty("opened", url.toLocalFile())
    yield widget
    pool.waitForDone(5000)


def test_pdf_pages_zoom_and_encrypted_placeholder(qtbot, pane, tmp_path):
    (tmp_path / "ok.pdf").write_bytes(pdf_bytes(3))
    (tmp_path / "locked.pdf").write_bytes(pdf_bytes(1, password="secret"))
    with qtbot.waitSignal(pane.loaded, timeout=10_000) as blocker:
        pane.show_file(tmp_path, FileRecord("ok.pdf", 1, FileKind.PDF, "pdf"), {})
    assert blocker.args[1] == "pdf" and pane.pdf.page_count() == 3
    pane.act_next_page.trigger()
    assert pane.pdf.page() == 1 and "2 / 3" in pane.page_label.text()
    pane.act_zoom_in.trigger()
    assert pane.pdf.view.zoomMode().name == "Custom"
    pane.act_fit.trigger()
    assert pane.pdf.view.zoomMode().name == "FitToWidth"
    # an encrypted PDF the check did not flag still ends as a clear placeholder
    with qtbot.waitSignal(pane.loaded, timeout=10_000) as blocker:
        pane.show_file(tmp_path, FileRecord("locked.pdf", 1, FileKind.PDF, "pdf"), {})
    assert blocker.args[1] == "placeholder"
    assert "password" in pane.placeholder.text().lower() or "密码" in pane.placeholder.text()


def test_open_with_system_viewer_copies_zip_members_outside_the_submission(qtbot, pane, tmp_path):
    archive = tmp_path / "unit.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("1.1/制度.pdf", pdf_bytes())
    entries = {e.rel: e for e in discover(archive).entries}
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.show_file(archive, FileRecord("1.1/制度.pdf", 1, FileKind.PDF, "pdf"), entries)
    pane.open_external()
    opened = pane.property("opened")
    assert opened.endswith("制度.pdf") and not opened.startswith(str(tmp_path))
    pane.show_in_folder()
    assert pane.property("opened") == str(tmp_path)
    pane.cleanup()
