"""Generated scans and photos of Chinese documents and wall posters, for the content tests and
bench/bench_ocr.py. Rendered with Pillow and a CJK font found through fontconfig (none shipped):
红头文件 with a 文号 and a red seal, wall posters with red banners, slightly rotated, blurred and
JPEG-compressed, named like phone and scanner files.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from math import cos, pi, sin
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

UNIT = "青云街道教管办"
SCHOOLS = [
    "青云街道中心小学",
    "青云街道第二小学",
    "青云街道实验中学",
    "青云街道白沙小学",
    "青云街道柳湾小学",
    "青云街道东岭初级中学",
]
OTHER_UNIT = "北关街道教管办"
OTHER_SCHOOLS = ["北关街道中心小学", "北关街道南苑小学"]

RED = (205, 20, 25)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """A font file with Chinese glyphs, from fontconfig; None when the machine has none."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    # Prefer a sans face (what scanners and phones mostly show); any CJK face will do.
    files.sort(key=lambda f: ("sans" not in f.lower() and "hei" not in f.lower(), f))
    return files[0] if files else None


def roster_csv(path: Path) -> Path:
    rows = (
        ["单位,学校,别名"] + [f"{UNIT},{s}," for s in SCHOOLS] + [f"{OTHER_UNIT},{s}," for s in OTHER_SCHOOLS]
    )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _font(font: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font, size)


def draw_seal(img: Image.Image, centre: tuple[int, int], radius: int, text: str, font: str | None) -> None:
    """A round red 公章: ring, five-pointed star, the issuer's name along the upper arc."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    colour = (*RED, 215)
    d.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius), outline=colour, width=max(3, radius // 14)
    )
    star = []
    for k in range(10):
        r = radius * (0.32 if k % 2 == 0 else 0.13)
        a = -pi / 2 + k * pi / 5
        star.append((cx + r * cos(a), cy + r * sin(a)))
    d.polygon(star, fill=colour)
    if font is None:  # ring and star only: enough for the detector's tests on a machine without CJK fonts
        img.paste(layer, (0, 0), layer)
        return
    size = max(10, radius // 4)
    f = _font(font, size)
    n = len(text)
    for i, ch in enumerate(text):
        a = pi + pi * (i + 0.5) / n * 1.1 - pi * 0.05  # from left over the top to the right
        x, y = cx + (radius - size * 0.95) * cos(a), cy + (radius - size * 0.95) * sin(a)
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size, size), ch, font=f, fill=colour, anchor="mm")
        glyph = glyph.rotate(-(a * 180 / pi + 90), resample=Image.Resampling.BICUBIC)
        layer.alpha_composite(glyph, (int(x - size), int(y - size)))
    img.paste(layer, (0, 0), layer)


@dataclass
class Doc:
    """One generated page and what is true about it."""

    image: Image.Image
    school: str | None  # the school its text names (None: names none)
    sealed: bool
    red_head: bool
    lines: list[str] = field(default_factory=list)


def document(
    font: str,
    school: str | None,
    *,
    seal: bool = True,
    red_head: bool = True,
    title: str = "关于印发《学生资助管理制度》的通知",
    number: str = "青教发〔2020〕3号",
    date: str = "2020年10月15日",
    seed: int = 0,
    width: int = 1240,
) -> Doc:
    """An A4 official document (红头文件) at ~150 dpi."""
    rng = random.Random(seed)
    h = int(width * 1.414)
    img = Image.new("RGB", (width, h), "white")
    d = ImageDraw.Draw(img)
    s = width / 1240
    issuer = school or "教育惠民工作领导小组"
    lines = []
    if red_head:
        d.text(
            (width // 2, int(190 * s)), f"{issuer}文件", font=_font(font, int(64 * s)), fill=RED, anchor="mm"
        )
        d.line((int(100 * s), int(330 * s), width - int(100 * s), int(330 * s)), fill=RED, width=int(5 * s))
        lines.append(f"{issuer}文件")
    d.text((width // 2, int(290 * s)), number, font=_font(font, int(32 * s)), fill="black", anchor="mm")
    d.text((width // 2, int(410 * s)), title, font=_font(font, int(42 * s)), fill="black", anchor="mm")
    lines += [number, title]
    body = [
        "各科室、各班级：",
        "为进一步落实教育惠民政策，规范学生资助工作，",
        "经研究，现将有关制度印发给你们，请认真贯彻执行。",
        f"本制度自{date}起施行，由办公室负责解释。",
        rng.choice(["特此通知。", "请遵照执行。", "望各单位认真组织实施。"]),
    ]
    y = int(520 * s)
    f = _font(font, int(32 * s))
    for line in body:
        d.text((int(140 * s), y), line, font=f, fill="black")
        lines.append(line)
        y += int(64 * s)
    sign_y = y + int(120 * s)
    d.text((width - int(420 * s), sign_y), issuer, font=f, fill="black")
    d.text((width - int(400 * s), sign_y + int(60 * s)), date, font=f, fill="black")
    lines += [issuer, date]
    if seal:
        draw_seal(img, (width - int(300 * s), sign_y + int(30 * s)), int(125 * s), issuer, font)
    return Doc(img, school, seal, red_head, lines)


def poster(font: str, school: str | None, *, seal: bool = False, seed: int = 0, width: int = 1600) -> Doc:
    """A photo of a wall poster: a red banner with white words, text panels, a wall around it."""
    rng = random.Random(seed)
    h = width * 3 // 4
    wall = (rng.randint(180, 225), rng.randint(175, 215), rng.randint(160, 200))
    img = Image.new("RGB", (width, h), wall)
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = int(width * 0.08), int(h * 0.08), int(width * 0.92), int(h * 0.92)
    d.rectangle((x0, y0, x1, y1), fill=(250, 248, 240))
    d.rectangle((x0, y0, x1, y0 + int(h * 0.16)), fill=RED)  # the banner
    who = school or "我校"
    title = rng.choice(["教育惠民政策宣传栏", "学生资助政策宣传", "惠民服务制度上墙"])
    d.text(
        ((x0 + x1) // 2, y0 + int(h * 0.08)),
        f"{who}{title}",
        font=_font(font, int(h * 0.07)),
        fill="white",
        anchor="mm",
    )
    f = _font(font, int(h * 0.04))
    lines = [f"{who}{title}"]
    body = [
        "一、家庭经济困难学生资助政策",
        "二、营养改善计划实施办法",
        "三、课后延时服务收费公示",
        "监督电话：0536-8888123",
    ]
    y = y0 + int(h * 0.22)
    for line in body:
        d.text((x0 + int(width * 0.05), y), line, font=f, fill=(30, 30, 30))
        lines.append(line)
        y += int(h * 0.09)
    d.text(
        (x1 - int(width * 0.3), y1 - int(h * 0.1)),
        "红色标语：办人民满意的教育",
        font=_font(font, int(h * 0.035)),
        fill=RED,
    )
    if seal:
        draw_seal(img, (x1 - int(width * 0.12), y1 - int(h * 0.25)), int(h * 0.1), who, font)
    return Doc(img, school, seal, False, lines)


def degrade(img: Image.Image, seed: int, *, photo: bool = False) -> Image.Image:
    """What a scanner app or a phone does: a slight turn, blur, noise, JPEG."""
    rng = random.Random(seed)
    out = img.rotate(
        rng.uniform(-2.5, 2.5), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(235, 235, 230)
    )
    if photo:
        tint = Image.new("RGB", out.size, (rng.randint(0, 40), rng.randint(0, 30), 0))
        out = Image.blend(out, tint, 0.08)
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.1)))
    noise = Image.effect_noise(out.size, rng.uniform(6, 14)).convert("RGB")
    out = Image.blend(out, noise, 0.06)
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=rng.randint(45, 75))
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def jpeg(img: Image.Image, path: Path, quality: int = 80) -> Path:
    img.save(path, "JPEG", quality=quality)
    return path


def image_pdf(pages: list[Image.Image], path: Path) -> Path:
    """An image-only PDF, as a scanner app writes it."""
    pages[0].save(path, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    return path


PHOTO_NAMES = ("微信图片_2020101{d}09{m:02d}{s:02d}.jpg", "IMG_2020101{d}_09{m:02d}{s:02d}.jpg")
SCAN_NAMES = ("扫描全能王 2020-10-1{d} 09.{m:02d}.{s:02d}.pdf", "新建 Microsoft Word 文档 ({n}).pdf")


def phone_name(n: int, pdf: bool) -> str:
    """A name as phones and scanner apps give them, unique for n < 6000."""
    templates = SCAN_NAMES if pdf else PHOTO_NAMES
    return templates[n % 2].format(d=n % 10, m=n // 10 % 60, s=n // 600 % 60, n=n)
