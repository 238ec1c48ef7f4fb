"""Image inspection: complete (JPEG end marker, PNG IEND…), dimensions and EXIF date.

JPEG, PNG, GIF, WebP and BMP are walked by structure, without a pixel decode. Formats whose structure
we do not walk (TIFF — every page —, AVIF, JPEG 2000, PSD, ICO, HEIC) are decoded, so a photo that
does not open is never accepted. Only the formats we expect are handed to Pillow, its
decompression-bomb warning is an error, and a file's pages together have a pixel budget.
"""

from __future__ import annotations

import datetime as dt
import struct
import warnings
from typing import BinaryIO

import pillow_heif
from PIL import Image, UnidentifiedImageError

from app.findings import finding
from app.model import FileKind, Inspection
from app.sniff import DECODED_FORMATS, PILLOW_FORMATS

pillow_heif.register_heif_opener()  # HEIC/HEIF as a Pillow format ("HEIF"), for the decode check

# A 200-megapixel phone camera is the largest honest source; beyond that it is a pixel bomb.
MAX_PIXELS = 250_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# All pages of a multi-page TIFF together (a 300-page scan at A4 300 dpi is about 2.6 G pixels).
MAX_DECODED_PIXELS = 3_000_000_000

_CHUNK = 1024 * 1024
_EXIF_IFD, _DATETIME_ORIGINAL, _DATETIME = 0x8769, 0x9003, 0x0132


class Truncated(Exception):
    """The image file ends before its own structure says it should."""


class PixelBomb(Exception):
    """The header declares more pixels than any camera makes."""


class Undecodable(Exception):
    """The header is fine but the pixel data does not decode."""


def inspect_image(fp: BinaryIO, detected: str, size: int) -> Inspection:
    result = Inspection(kind=FileKind.IMAGE, detected=detected)
    try:
        _check_complete(fp, detected, size)
        fp.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fp, formats=[PILLOW_FORMATS[detected]]) as img:
                result.width, result.height = img.size
                if img.width * img.height > MAX_PIXELS:
                    raise PixelBomb(f"{img.width}×{img.height}")
                result.exif_date = _exif_date(img)
                if detected in DECODED_FORMATS:
                    pages = _decode_all(img, detected)
                    if pages > 1:
                        result.pages = pages
    except Undecodable as exc:
        result.findings.append(finding("file.unreadable", f"图片数据损坏，无法完整显示{exc}"))
    except Truncated as exc:
        result.findings.append(finding("file.unreadable", f"图片不完整（{exc}）"))
    except PixelBomb as exc:
        result.findings.append(finding("file.unreadable", f"图片尺寸异常（{exc} 像素），可能是恶意文件"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        result.findings.append(finding("file.unreadable", "图片尺寸异常，可能是恶意文件"))
    except (UnidentifiedImageError, SyntaxError, ValueError, struct.error, EOFError, OSError):
        result.findings.append(finding("file.unreadable", "图片文件头损坏"))
    except Exception:  # Pillow plugins raise many kinds on hostile input
        result.findings.append(finding("file.unreadable", "图片结构损坏"))
    return result


def _decode_all(img: Image.Image, detected: str) -> int:
    """Decode the image (every page of a TIFF); the number of pages decoded."""
    frames = getattr(img, "n_frames", 1) if detected == "tiff" else 1
    budget = MAX_DECODED_PIXELS
    for index in range(frames):
        try:
            if index:
                img.seek(index)
            budget -= img.width * img.height
            if img.width * img.height > MAX_PIXELS or budget < 0:
                raise PixelBomb(f"第 {index + 1} 页 {img.width}×{img.height}")
            img.load()
        except (PixelBomb, Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
            raise
        except Exception as exc:  # decoders raise OSError, ValueError, SyntaxError… on bad data
            raise Undecodable(f"（第 {index + 1} 页）" if frames > 1 else "") from exc
    return frames


def _check_complete(fp: BinaryIO, detected: str, size: int) -> None:
    if detected == "jpeg":
        _check_jpeg(fp)
    elif detected == "png":
        _check_png(fp, size)
    elif detected == "gif":
        fp.seek(max(0, size - 64))
        if b";" not in fp.read().rstrip(b"\x00\r\n "):
            raise Truncated("缺少 GIF 结束标记")
    elif detected == "webp":
        fp.seek(4)
        (riff_size,) = struct.unpack("<I", fp.read(4))
        if riff_size + 8 > size:
            raise Truncated("文件比声明的短")
    elif detected == "bmp":
        fp.seek(2)
        (declared,) = struct.unpack("<I", fp.read(4))
        fp.seek(10)
        (pixels_at,) = struct.unpack("<I", fp.read(4))
        if pixels_at >= size or (declared and declared > size):
            raise Truncated("文件比声明的短")


def _check_jpeg(fp: BinaryIO) -> None:
    """Walk the markers to the first scan, then find the end-of-image marker after it.

    Inside entropy-coded data 0xFF is always stuffed, so the first FFD9 after the scan starts is the
    real end of the main image. Data after it (phones append motion-photo videos) is fine; an EXIF
    thumbnail's own FFD9 sits in a skipped APP segment and cannot fool this.
    """
    fp.seek(2)
    while True:
        code = _next_marker(fp)
        if code is None:
            raise Truncated("文件在图像数据之前结束")
        if code == 0xD9:
            raise Truncated("没有图像数据")
        if code in (0x01, *range(0xD0, 0xD8)):
            continue
        length_bytes = fp.read(2)
        if len(length_bytes) < 2:
            raise Truncated("文件在图像数据之前结束")
        (length,) = struct.unpack(">H", length_bytes)
        if length < 2:
            raise Truncated("标记错误")
        fp.seek(length - 2, 1)
        if code == 0xDA:  # start of scan
            break
    scan_start = fp.tell()
    # Fast path: a file that ends with the marker (ignoring padding) is complete, no need to read it all.
    fp.seek(0, 2)
    end = fp.tell()
    fp.seek(max(scan_start, end - 64))
    if fp.read().rstrip(b"\x00\r\n ").endswith(b"\xff\xd9"):
        return
    fp.seek(scan_start)
    previous = b""
    while True:
        chunk = fp.read(_CHUNK)
        if not chunk:
            raise Truncated("缺少 JPEG 结束标记，照片可能只传了一部分")
        if b"\xff\xd9" in previous + chunk[:1] or b"\xff\xd9" in chunk:
            return
        previous = chunk[-1:]


def _next_marker(fp: BinaryIO) -> int | None:
    """The next marker code, skipping stray bytes and fill bytes as libjpeg does; None at the end."""
    while True:
        b = fp.read(1)
        if not b:
            return None
        if b[0] != 0xFF:
            # Extraneous bytes before a marker: decoders skip them (with a warning), so do we.
            while True:
                chunk = fp.read(4096)
                if not chunk:
                    return None
                at = chunk.find(b"\xff")
                if at >= 0:
                    fp.seek(at - len(chunk) + 1, 1)
                    break
        code = 0xFF
        while code == 0xFF:  # fill bytes
            b = fp.read(1)
            if not b:
                return None
            code = b[0]
        if code != 0x00:  # FF00 is stuffing, not a marker
            return code


def _check_png(fp: BinaryIO, size: int) -> None:
    """Walk the chunks to IEND. Once the image data is complete, a cut-off ending is forgiven, as
    decoders forgive it: only a file that ends inside or before its image data is truncated."""
    fp.seek(8)
    data_complete = False
    while True:
        header = fp.read(8)
        if len(header) < 8:
            if data_complete:
                return
            raise Truncated("缺少 PNG 结束块")
        length, kind = struct.unpack(">I4s", header)
        if kind == b"IEND":
            return
        if kind == b"IHDR":
            width, height = struct.unpack(">II", fp.read(8))
            if width * height > MAX_PIXELS:
                raise PixelBomb(f"{width}×{height}")
            length -= 8
        after = fp.tell() + length + 4
        if after > size:
            if data_complete and kind != b"IDAT":
                return
            raise Truncated("数据块超出文件末尾")
        fp.seek(after)
        if kind == b"IDAT":
            data_complete = True


def _exif_date(img: Image.Image) -> str | None:
    exif = img.getexif()
    raw = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(raw, str | bytes):
        return None
    text = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
    try:
        return dt.datetime.strptime(text.strip("\x00 ")[:10], "%Y:%m:%d").date().isoformat()
    except ValueError:
        return None
