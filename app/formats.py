"""Every file format evcheck knows, once: its extensions, its kind, its Chinese label, and what to do
with it. The tables other modules used to keep for themselves (sniff's extension and label tables,
rename's extensions, the photo set of convert, the archive suffixes, the "not accepted" advice) are
all read from :data:`FORMATS` below.

A format is named by what ``app.sniff`` detects from the content ("jpeg", "docx", "ole", …); the
extensions a name may carry are a property of the format, not the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.model import FileKind


@dataclass(frozen=True)
class Format:
    name: str  # as detected from the content
    kind: FileKind
    label: str | None = None  # for the clerk, in Chinese; None shows the name in capitals
    # extensions that claim this format, the usual one first (what a wrong extension is renamed to)
    extensions: tuple[str, ...] = ()
    # other detected formats those extensions may honestly hold: Word opens a .doc that is RTF
    may_hold: tuple[str, ...] = ()
    pillow: str | None = None  # Pillow's name for it: nothing else ever reaches Pillow
    decoded: bool = False  # structure not walked by us: decoded to be sure it opens
    zip_document: bool = False  # a zip that fails to open but claims this is a damaged document
    photo: bool = False  # an image a clerk takes as a photo: may be joined into a PDF
    # the content alone says which extension is right, so a wrong one may be corrected on rename
    # (a .doc holding RTF is not wrong: Word opens it)
    fix_extension: bool = False
    not_accepted: str | None = None  # why it never counts as evidence and how to turn it into one
    to_pdf: str | None = None  # how to turn a document of this format into a PDF (starts with "；")


_IMG, _DOC, _ARC, _PDF, _OTHER = (
    FileKind.IMAGE,
    FileKind.DOCUMENT,
    FileKind.ARCHIVE,
    FileKind.PDF,
    FileKind.OTHER,
)
_ODF_TO_PDF = "；请在 WPS 或 LibreOffice 中打开并“导出为 PDF”"

FORMATS: tuple[Format, ...] = (
    Format("pdf", _PDF, "PDF 文档", (".pdf",), fix_extension=True),
    Format(
        "jpeg",
        _IMG,
        "JPEG 图片",
        (".jpg", ".jpeg", ".jpe", ".jfif"),
        pillow="JPEG",
        photo=True,
        fix_extension=True,
    ),
    Format("png", _IMG, "PNG 图片", (".png",), pillow="PNG", photo=True, fix_extension=True),
    Format("gif", _IMG, "GIF 图片", (".gif",), pillow="GIF", photo=True, fix_extension=True),
    Format("bmp", _IMG, "BMP 图片", (".bmp",), pillow="BMP", photo=True, fix_extension=True),
    Format(
        "tiff",
        _IMG,
        "TIFF 图片",
        (".tif", ".tiff"),
        pillow="TIFF",
        decoded=True,
        photo=True,
        fix_extension=True,
    ),
    Format("webp", _IMG, "WebP 图片", (".webp",), pillow="WEBP", photo=True, fix_extension=True),
    Format(
        "heic",
        _IMG,
        "HEIC 照片（苹果手机格式）",
        (".heic", ".heif"),
        pillow="HEIF",  # pillow-heif's plugin
        decoded=True,
        photo=True,
        fix_extension=True,
        not_accepted="HEIC 是苹果手机的照片格式，多数电脑无法直接打开，请转换为 JPG",
    ),
    Format("avif", _IMG, "AVIF 图片", (".avif",), pillow="AVIF", decoded=True),
    Format("jpeg2000", _IMG, "JPEG 2000 图片", (".jp2", ".j2k", ".jpx"), pillow="JPEG2000", decoded=True),
    Format("psd", _IMG, "Photoshop 图片（PSD）", (".psd",), pillow="PSD", decoded=True),
    Format("ico", _IMG, "图标文件（ICO）", (".ico",), pillow="ICO", decoded=True),
    Format("docx", _DOC, "Word 文档", (".docx",), zip_document=True, fix_extension=True),
    Format("xlsx", _DOC, "Excel 表格", (".xlsx",), zip_document=True, fix_extension=True),
    Format("pptx", _DOC, "PowerPoint 演示文稿", (".pptx",), zip_document=True, fix_extension=True),
    Format("doc", _DOC, "Word 97-2003 文档", (".doc",), ("ole", "rtf", "html", "docx")),
    Format("xls", _DOC, "Excel 97-2003 表格", (".xls",), ("ole", "html", "xlsx")),
    Format("ppt", _DOC, "PowerPoint 97-2003 演示文稿", (".ppt",), ("ole", "pptx")),
    # WPS Office: its own extensions over the Microsoft formats (old OLE or new zip-based)
    Format("wps", _DOC, "WPS 文字文档", (".wps",), ("doc", "ole", "docx"), zip_document=True),
    Format("et", _DOC, "WPS 表格", (".et",), ("xls", "ole", "xlsx"), zip_document=True),
    Format("dps", _DOC, "WPS 演示文稿", (".dps",), ("ppt", "ole", "pptx"), zip_document=True),
    Format("rtf", _DOC, "RTF 文档", (".rtf",)),
    Format("odt", _DOC, "OpenDocument 文本文档", (".odt",), zip_document=True, to_pdf=_ODF_TO_PDF),
    Format("ods", _DOC, "OpenDocument 表格", (".ods",), zip_document=True, to_pdf=_ODF_TO_PDF),
    Format("odp", _DOC, "OpenDocument 演示文稿", (".odp",), zip_document=True, to_pdf=_ODF_TO_PDF),
    Format(
        "ofd",
        _DOC,
        "OFD 版式文档",
        (".ofd",),
        zip_document=True,
        to_pdf="；OFD 文件请在数科阅读器或福昕 OFD 版式办公套件中打开，“另存为 PDF”后提交",
    ),
    Format("ole", _DOC),  # an OLE2 container that is none of the Office formats we name
    Format("zip", _ARC, "zip 压缩包", (".zip",), ("docx", "xlsx", "pptx")),
    Format("rar", _ARC, "RAR 压缩包", (".rar",)),
    Format("7z", _ARC, "7z 压缩包", (".7z",)),
    Format("gzip", _ARC, None, (".gz",)),
    Format("bzip2", _ARC),
    Format("xz", _ARC),
    Format("tar", _ARC),
    Format("cab", _ARC),
    Format("text", _OTHER, "纯文本", (".txt", ".csv"), ("empty",)),
    Format("html", _OTHER, "网页（HTML）", (".htm", ".html")),
    Format("video", _OTHER, "视频", (".mp4", ".mov")),
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}

# Archives read in place (zip, RAR, 7z), and those only recognised by name: listed, never opened.
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")
UNREAD_ARCHIVE_SUFFIXES = frozenset(
    {".zipx", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".iso", ".arj", ".lzh"}
)

# ---------------------------------------------------------------- the views other modules read

KINDS: dict[str, FileKind] = {f.name: f.kind for f in FORMATS if f.kind != FileKind.OTHER}
LABELS: dict[str, str] = {f.name: f.label for f in FORMATS if f.label}
PILLOW_FORMATS: dict[str, str] = {f.name: f.pillow for f in FORMATS if f.pillow}
DECODED_FORMATS = frozenset(f.name for f in FORMATS if f.decoded)
ZIP_DOCUMENTS = frozenset(f.name for f in FORMATS if f.zip_document)
PHOTO_FORMATS = frozenset(f.name for f in FORMATS if f.photo)
NOT_ACCEPTED: dict[str, str] = {f.name: f.not_accepted for f in FORMATS if f.not_accepted}
# extension -> the detected formats it may honestly hold; and the one it claims
EXTENSIONS: dict[str, frozenset[str]] = {
    ext: frozenset((f.name, *f.may_hold)) for f in FORMATS for ext in f.extensions
}
CLAIMED: dict[str, str] = {ext: f.name for f in FORMATS for ext in f.extensions}
# detected format -> the extensions a file of it may keep when renamed (the first replaces others)
RENAME_EXTENSIONS: dict[str, tuple[str, ...]] = {f.name: f.extensions for f in FORMATS if f.fix_extension}

_OFFICE_TO_PDF = "；Word/WPS 文档请“另存为 PDF”"


def kind_of(detected: str) -> FileKind:
    return KINDS.get(detected, FileKind.OTHER)


def label(detected: str) -> str:
    return LABELS.get(detected, detected.upper())


def pdf_export_hint(detected: str) -> str:
    """How to turn a document of this format into the PDF an indicator needs (starts with "；")."""
    fmt = BY_NAME.get(detected)
    return fmt.to_pdf if fmt and fmt.to_pdf else _OFFICE_TO_PDF


def suffix_of(name: str) -> str:
    """The lower-case extension of the last path component ("" when there is none, or a dot file)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    dot = base.rfind(".")
    return base[dot:] if dot > 0 else ""


def kind_of_name(name: str) -> FileKind:
    """The kind a file's name claims, for a file whose content was never read (refused by discovery)."""
    ext = suffix_of(name)
    if ext in CLAIMED:
        return kind_of(CLAIMED[ext])
    return FileKind.ARCHIVE if ext in UNREAD_ARCHIVE_SUFFIXES else FileKind.OTHER
