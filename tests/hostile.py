"""Generators of real and hostile files for tests: photos, scans, broken PDFs, unsafe zips.

Everything is made on the fly into a given path; reusable by any test module
(``from tests.hostile import make_jpeg``).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

# ---------------------------------------------------------------- well-formed files


def jpeg_bytes(size: tuple[int, int] = (64, 48), exif_date: str | None = None, color: int = 90) -> bytes:
    """A real JPEG; ``exif_date`` like "2020:10:15 09:30:00" goes into DateTimeOriginal."""
    img = Image.new("RGB", size, (color, 120, 200))
    buf = io.BytesIO()
    if exif_date:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = exif_date
        img.save(buf, "JPEG", exif=exif.tobytes())
    else:
        img.save(buf, "JPEG")
    return buf.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(buf, "PNG")
    return buf.getvalue()


def pdf_bytes(pages: int = 2) -> bytes:
    """A scanned-looking PDF: one small image per page."""
    imgs = [Image.new("RGB", (120, 160), (255, 255 - 20 * i, 255)) for i in range(pages)]
    buf = io.BytesIO()
    imgs[0].save(buf, "PDF", save_all=True, append_images=imgs[1:])
    return buf.getvalue()


def encrypted_pdf_bytes(
    user_password: str = "secret", owner_password: str = "owner", algorithm: str = "AES-128"
) -> bytes:
    """Encrypted PDF; with ``user_password=""`` it only has an owner password and opens freely.

    ``algorithm="AES-256"`` is what Acrobat and WPS write for "restrict editing" today.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes(1)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- broken and hostile images


def truncated_jpeg_bytes() -> bytes:
    data = jpeg_bytes((400, 300))
    return data[: len(data) * 2 // 3]


def truncated_png_bytes() -> bytes:
    data = png_bytes((200, 200))
    return data[: len(data) - 20]


def pixel_bomb_png_bytes(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ten billion pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def html_bytes() -> bytes:
    return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>通知</title></head><body>网页</body></html>".encode()


# ---------------------------------------------------------------- hostile PDFs (hand-written syntax)


def _pdf_from_objects(
    objects: list[bytes], root: int = 1, xref: bool = True, trailer_extra: bytes = b""
) -> bytes:
    """Assemble numbered objects (1-based) into a PDF with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    if xref:
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for off in offsets:
            out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, start)
    )
    return out.getvalue()


def circular_xref_pdf_bytes() -> bytes:
    """Two xref sections whose /Prev pointers point at each other: a naive reader loops forever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
    ]
    body = _pdf_from_objects(objects)
    first = body.rindex(b"\nxref\n") + 1
    table = body[first : body.index(b"trailer", first)]
    insert = b"/Prev %010d " % 0
    second = len(body) + len(insert)
    patched = body.replace(b"/Root 1 0 R ", b"/Root 1 0 R " + b"/Prev %010d " % second, 1)
    extra = table + b"trailer\n<< /Size 4 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (first, second)
    return patched + extra


def deep_page_tree_pdf_bytes(depth: int = 5000) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1))
    objects.append(b"<< /Type /Page /MediaBox [0 0 10 10] >>")
    return _pdf_from_objects(objects)


_FLATE_BOMB: dict[int, bytes] = {}


def flate_bomb_pdf_bytes(megabytes: int = 120) -> bytes:
    """The page tree lives in a compressed object stream that inflates to ``megabytes`` MB.

    Counting pages forces the reader to inflate it; a reader without limits would hold it all.
    """
    if megabytes in _FLATE_BOMB:
        return _FLATE_BOMB[megabytes]
    header = b"2 0 "
    pages = b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>"
    co = zlib.compressobj(9)
    blob = co.compress(header + pages)
    chunk = b" " * (1024 * 1024)
    for _ in range(megabytes):
        blob += co.compress(chunk)
    blob += co.flush()
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = {}
    offsets[1] = out.tell()
    out.write(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    offsets[3] = out.tell()
    out.write(
        b"3 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(blob))
    )
    out.write(blob + b"\nendstream\nendobj\n")
    offsets[4] = out.tell()
    out.write(b"4 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\nendobj\n")
    offsets[5] = out.tell()
    rows = [
        struct.pack(">BIH", 0, 0, 65535),
        struct.pack(">BIH", 1, offsets[1], 0),
        struct.pack(">BIH", 2, 3, 0),
    ]
    rows += [struct.pack(">BIH", 1, offsets[n], 0) for n in (3, 4, 5)]
    xref = b"".join(rows)
    out.write(b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(xref))
    out.write(xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[5])
    _FLATE_BOMB[megabytes] = out.getvalue()
    return _FLATE_BOMB[megabytes]


def huge_length_pdf_bytes() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>",
        b"<< /Length 99999999999999 >>\nstream\nBT ET\nendstream",
    ]
    return _pdf_from_objects(objects)


def truncated_pdf_bytes() -> bytes:
    data = pdf_bytes(3)
    return data[: len(data) // 2]


# ---------------------------------------------------------------- zips


def raw_zip_bytes(
    entries: Iterable[tuple[bytes, bytes]], *, utf8_flag: bool = False, deflate: bool = True
) -> bytes:
    """A zip whose names are written as the given raw bytes (e.g. GBK without the UTF-8 flag)."""
    out = io.BytesIO()
    central = []
    flags = 0x800 if utf8_flag else 0
    for name, data in entries:
        if deflate:
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            body, method = co.compress(data) + co.flush(), 8
        else:
            body, method = data, 0
        crc = zlib.crc32(data)
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                flags,
                method,
                0,
                0x21,
                crc,
                len(body),
                len(data),
                len(name),
                0,
            )
        )
        out.write(name + body)
        central.append((name, crc, len(body), len(data), offset, method))
    return out.getvalue() + _central_directory(central, out.tell(), flags)


def _central_directory(
    central: list[tuple[bytes, int, int, int, int, int]], cd_start: int, flags: int
) -> bytes:
    cd = io.BytesIO()
    for name, crc, csize, usize, offset, method in central:
        cd.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                flags,
                method,
                0,
                0x21,
                crc,
                csize,
                usize,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        cd.write(name)
    data = cd.getvalue()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(data), cd_start, 0)
    return data + end


def overlapping_zip_bytes() -> bytes:
    """Two central-directory entries pointing at the same local data (the overlap bomb trick)."""
    data = b"A" * 1000
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = co.compress(data) + co.flush()
    crc = zlib.crc32(data)
    local = (
        struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(body), len(data), 5, 0)
        + b"a.txt"
        + body
    )
    central = [(b"a.txt", crc, len(body), len(data), 0, 8), (b"b.txt", crc, len(body), len(data), 0, 8)]
    return local + _central_directory(central, len(local), 0)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_slip_bytes() -> bytes:
    return raw_zip_bytes(
        [
            (b"../../evil.jpg", jpeg_bytes()),
            (b"/etc/abs.pdf", b"%PDF-1.4"),
            (b"C:\\win.pdf", b"x"),
            (b"ok/good.jpg", jpeg_bytes()),
        ]
    )


def zip_bomb_bytes(megabytes: int = 64) -> bytes:
    """One entry that inflates from ~64 KB to ``megabytes`` MB of zeros."""
    return zip_bytes({"bomb.pdf": b"\x00" * (megabytes * 1024 * 1024), "fine.jpg": jpeg_bytes()})


def pixel_bomb_gif_bytes(width: int = 40_000, height: int = 40_000) -> bytes:
    """A GIF whose screen and frame claim 1.6 billion pixels: only Pillow's bomb check stops it."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00"
    return screen + frame + b"\x3b"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime under ``root``, keyed by its relative path as stored."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }
