"""app/formats.py is the one table of formats: its views agree with each other and with what the
content sniffer detects, and the kind of a never-read file follows its name."""

import io
import zipfile

import pytest
from PIL import Image

from app import formats, sniff
from app.formats import BY_NAME, CLAIMED, EXTENSIONS, FORMATS, RENAME_EXTENSIONS, kind_of, kind_of_name, label
from app.model import FileKind


def test_each_format_and_each_extension_is_named_once():
    names = [f.name for f in FORMATS]
    extensions = [ext for f in FORMATS for ext in f.extensions]
    assert len(names) == len(set(names)) and len(extensions) == len(set(extensions))
    assert all(ext == ext.lower() and ext.startswith(".") for ext in extensions)


def test_an_extension_claims_its_format_and_may_hold_only_known_ones():
    known = set(BY_NAME) | {"empty"}
    for ext, held in EXTENSIONS.items():
        assert CLAIMED[ext] in held and held <= known, ext
    assert EXTENSIONS[".doc"] >= {"doc", "rtf", "html"} and CLAIMED[".wps"] == "wps"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "JPEG")
    return out.getvalue()


def test_what_the_sniffer_detects_has_the_kind_its_extension_claims(tmp_path):
    docx = tmp_path / "a.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with open(docx, "rb") as fp:
        assert sniff.refine_zip(fp) == "docx"
    detected = sniff.sniff(_jpeg())
    assert detected == "jpeg" and kind_of(detected) == kind_of_name("照片.JPG") == FileKind.IMAGE
    assert kind_of_name("x/报告.docx") == kind_of("docx") == FileKind.DOCUMENT


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("1.1/制度.pdf", FileKind.PDF),
        ("照片.HEIC", FileKind.IMAGE),
        ("台账.xls", FileKind.DOCUMENT),
        ("各校.zip", FileKind.ARCHIVE),
        ("旧包.tar", FileKind.ARCHIVE),  # recognised by name, never opened
        ("视频.mp4", FileKind.OTHER),
        ("无扩展名", FileKind.OTHER),
        (".hidden", FileKind.OTHER),
        ("dir.pdf/readme", FileKind.OTHER),  # the last component's extension, not a folder's
    ],
)
def test_the_kind_a_name_claims(name, kind):
    assert kind_of_name(name) == kind


def test_photos_rename_targets_and_advice():
    assert {"jpeg", "png", "heic"} <= formats.PHOTO_FORMATS and "pdf" not in formats.PHOTO_FORMATS
    assert RENAME_EXTENSIONS["jpeg"][0] == ".jpg" and "doc" not in RENAME_EXTENSIONS  # .doc may be RTF
    assert "JPG" in formats.NOT_ACCEPTED["heic"]
    assert "数科阅读器" in formats.pdf_export_hint("ofd") and "Word/WPS" in formats.pdf_export_hint("docx")
    assert label("heic").startswith("HEIC") and label("gzip") == "GZIP"


def test_sniff_keeps_the_tables_it_used_to_own():
    assert sniff.CLAIMED is CLAIMED and sniff.label is label and sniff.kind_of is kind_of
