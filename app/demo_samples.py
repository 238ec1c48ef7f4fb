"""Small, real sample files for the demo and the tests: PDFs, photos, Office files, junk, defects.

Every maker is deterministic (same arguments → same bytes) so the committed demo can be
regenerated and compared.  The files are tiny but genuine: a PDF opens in any reader, a JPEG has
EXIF DateTimeOriginal, a .docx is a valid OOXML package.
"""

from __future__ import annotations

import io
import random
import re
import time
import zipfile

from PIL import ExifTags, Image, ImageDraw
from pypdf import PdfWriter, generic

_FIXED_TIME = time.gmtime(1602723600)  # 2020-10-15 01:00 UTC: PDFs carry no wall-clock date
_ZIP_TIME = (2020, 10, 15, 9, 0, 0)


def _picture(seed: int, size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with a few coloured shapes, different for every seed (so files are not identical)."""
    rng = random.Random(seed)
    bg = tuple(rng.randrange(150, 256) for _ in range(3))
    im = Image.new("RGB", size, bg)
    draw = ImageDraw.Draw(im)
    w, h = size
    for _ in range(6):
        x0, y0 = rng.randrange(w - 20), rng.randrange(h - 20)
        x1, y1 = x0 + rng.randrange(10, w // 2), y0 + rng.randrange(10, h // 2)
        colour = tuple(rng.randrange(0, 200) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
    for row in range(8):  # "text lines", so a page looks like a document
        y = 12 + row * (h // 10)
        draw.line((10, y, w - rng.randrange(10, w // 2), y), fill=(40, 40, 40), width=2)
    return im.convert(mode) if mode != "RGB" else im


def jpeg(seed: int, taken: str = "2020:10:15 09:30:00", size: tuple[int, int] = (320, 240)) -> bytes:
    """A JPEG photo with EXIF DateTime and DateTimeOriginal (``taken``: ``YYYY:MM:DD HH:MM:SS``)."""
    exif = Image.Exif()
    exif[ExifTags.Base.DateTime] = taken
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    out = io.BytesIO()
    _picture(seed, size).save(out, "JPEG", quality=60, exif=exif)
    return out.getvalue()


def png(seed: int, size: tuple[int, int] = (240, 180)) -> bytes:
    out = io.BytesIO()
    _picture(seed, size).convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(out, "PNG")
    return out.getvalue()


def heic(seed: int, size: tuple[int, int] = (160, 120)) -> bytes:
    """A phone photo in HEIC, as iPhones save them (pillow-heif writes it)."""
    import pillow_heif  # imported here: only sample-making needs the encoder

    out = io.BytesIO()
    pillow_heif.from_pillow(_picture(seed, size)).save(out, quality=40)
    return out.getvalue()


def pdf(seed: int, pages: int = 1) -> bytes:
    """A scanned-document-like PDF with ``pages`` pages (grey images of "text")."""
    images = [_picture(seed * 31 + n, (210, 297), "L") for n in range(pages)]
    out = io.BytesIO()
    images[0].save(
        out,
        "PDF",
        resolution=36,
        save_all=True,
        append_images=images[1:],
        creationDate=_FIXED_TIME,
        modDate=_FIXED_TIME,
    )
    return out.getvalue()


def encrypted_pdf(password: str = "1234") -> bytes:
    """A PDF that needs a password to open (RC4-128, deterministic file ID)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    fixed = generic.ByteStringObject(b"evcheck-demo-id!")
    writer._ID = generic.ArrayObject([fixed, fixed])
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    # pypdf renews the second ID half on every write; it is not part of the key, so pin it.
    return re.sub(rb"/ID \[ <([0-9a-f]{32})> <[0-9a-f]{32}> \]", rb"/ID [ <\1> <\1> ]", data)


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    """The first ``keep`` of ``data``: a photo cut off mid-transfer (no JPEG end marker)."""
    return data[: max(1, int(len(data) * keep))]


def _ooxml(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(zipfile.ZipInfo(name, _ZIP_TIME), text)
    return out.getvalue()


_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{target}"/></Relationships>'
)


def docx(text: str) -> bytes:
    """A minimal but valid Word document holding one paragraph."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return _ooxml(
        {
            "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{ns}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            f"</w:body></w:document>",
        }
    )


def xlsx(rows: list[list[str]]) -> bytes:
    """A minimal valid spreadsheet (inline strings), like a clerk's stray summary table."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    cells = "".join(
        f'<row r="{r + 1}">'
        + "".join(
            f'<c r="{chr(65 + c)}{r + 1}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(rows)
    )
    return _ooxml(
        {
            "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
            "_rels/.rels": _RELS.format(target="xl/workbook.xml"),
            "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{ns}" xmlns:r="{rel_ns}"><sheets>'
            f'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": _RELS.format(target="worksheets/sheet1.xml").replace(
                "officeDocument/2006/relationships/officeDocument",
                "officeDocument/2006/relationships/worksheet",
            ),
            "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{ns}"><sheetData>{cells}</sheetData></worksheet>',
        }
    )


def _zip_of(name: str, data: bytes) -> bytes:
    """A zip holding one file, as a clerk zips a photo before mailing it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data)
    return out.getvalue()


# System junk as Windows, macOS and Office leave it.
THUMBS_DB = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
DS_STORE = b"\x00\x00\x00\x01Bud1" + bytes(120)


def office_lock(owner: str = "Administrator") -> bytes:
    """An Office ``~$`` lock file: owner name length byte, the name, padding."""
    name = owner.encode("ascii")
    return bytes([len(name)]) + name + bytes(54 - len(name)) + owner.encode("utf-16-le") + bytes(52)


def make(content: str, seed: int) -> bytes:
    """Bytes for a content tag used by the demo and realistic specs (see app/demo.py)."""
    makers = {
        "pdf": lambda: pdf(seed, 1 + seed % 3),
        "jpeg": lambda: jpeg(seed),
        "png": lambda: png(seed),
        "png_as_jpg": lambda: png(seed),
        "heic": lambda: heic(seed),
        "jpeg_as_pdf": lambda: jpeg(seed),
        "encrypted_pdf": encrypted_pdf,
        "empty": lambda: b"",
        "truncated_jpeg": lambda: truncated(jpeg(seed)),
        "docx": lambda: docx(f"考核办法 {seed}"),
        "xlsx": lambda: xlsx([["学校", "指标", "备注"], ["示例", "1.1", str(seed)]]),
        "zip": lambda: _zip_of(f"照片{seed}.jpg", jpeg(seed)),
        "thumbs": lambda: THUMBS_DB,
        "ds_store": lambda: DS_STORE,
        "office_lock": office_lock,
    }
    return makers[content]()
