"""Render real documents as scanned pages: the OCR test data beside this file (run once; the output is kept).

    python tests/data/scans/make_scans.py

Each scan is a real text of the project (``samples/``, ``tests/data/legal/``) typeset on A4 in
Liberation Serif 13 pt (the metrics of Times New Roman, the font of Vietnamese directives; Debian's
``fonts-liberation2``), rasterised at 200 or 300 dpi, turned by a fraction of a degree, greyed,
noised, specked with dust and blurred like scanner optics; one page of the two-page PDFs is upside
down.  What was typeset is the gold (``NAME.gold.txt``, pages apart by a form feed); ``scans.tsv``
lists the files.  The noise is seeded, so the output is the same on every run.  Needs Pillow and numpy.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FONTS = Path("/usr/share/fonts/truetype/liberation2")
A4 = (8.27, 11.69)  # inches
MARGINS = (0.95, 0.8, 0.75, 0.9)  # left, top, right, bottom, inches
POINTS = 13


@dataclass
class Scan:
    name: str
    source: str
    dpi: int
    form: str  # pdf (grey, JPEG), png (black and white), jpg (grey), tif (black and white, Group 4)
    pages: int
    upside_down: tuple[int, ...] = ()
    layout: str = "paragraphs"  # or "lines": the source's own lines (a gazette text layer)
    skip_lines: int = 0


SCANS = [
    Scan("cong-van-529-cv-qu", "samples/002_10127e1254a347ad.txt", 300, "pdf", 2, upside_down=(1,)),
    Scan("cong-van-529-cv-qu-200dpi", "samples/002_10127e1254a347ad.txt", 200, "pdf", 2, upside_down=(1,)),
    Scan("ket-luan-tinh-uy-ha-tinh", "samples/004_00129d20bd42945e.txt", 300, "png", 1),
    Scan("thong-bao-07-bs-qu", "samples/000_095b186705ea344f.txt", 300, "jpg", 1),
    Scan("quyet-dinh-28-2021-qd-ttg", "tests/data/legal/quyet-dinh-so-28-2021-qd-ttg-34546.txt", 300, "tif", 2,
         layout="lines", skip_lines=6),
]


@dataclass
class Block:
    lines: list[str]
    bold: bool = False
    italic: bool = False


def blocks_of(text: str, layout: str, skip_lines: int) -> list[Block]:
    """The source as blocks of lines: markdown-ish paragraphs of the samples, or a text layer's lines."""
    text = unicodedata.normalize("NFC", text)
    if layout == "lines":
        lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()][skip_lines:]
        return [Block([line]) for line in lines if line]
    text = re.sub(r"(?<=\S)\*\*(?=\S)", "\n", text)  # **TITLE**Subtitle: two lines, as crawler.clean reads it
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        bold = para.startswith("**") and para.endswith("**")
        italic = not bold and para.startswith("*") and para.endswith("*")
        lines = [re.sub(r"\s+", " ", line.replace("**", "").strip("* ")).strip() for line in para.split("\n")]
        out.append(Block([line for line in lines if line], bold, italic))
    return out


def font(dpi: int, bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
    return ImageFont.truetype(str(FONTS / f"LiberationSerif-{style[bold, italic]}.ttf"), round(POINTS / 72 * dpi))


def typeset(blocks: list[Block], dpi: int, pages: int) -> list[tuple[Image.Image, str]]:
    """Pages of clean black text on white, each with the text it shows."""
    width, height = (round(x * dpi) for x in A4)
    left, top, right, bottom = (round(x * dpi) for x in MARGINS)
    line_height = round(POINTS / 72 * dpi * 1.3)
    out: list[tuple[Image.Image, str]] = []
    queue = list(blocks)
    while queue and len(out) < pages:
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        shown: list[list[str]] = []
        y = top
        while queue:
            block = queue[0]
            face = font(dpi, block.bold, block.italic)
            wrapped = [w for line in block.lines for w in wrap(line, face, draw, width - left - right)]
            if y + line_height * len(wrapped) > height - bottom:
                if shown:
                    break
                fit = max(1, (height - bottom - y) // line_height)  # a block taller than a page: split it
                queue[0] = Block(wrapped[fit:], block.bold, block.italic)
                wrapped = wrapped[:fit]
            else:
                queue.pop(0)
            center = (block.bold or block.italic) and len(wrapped) <= 3
            for line in wrapped:
                x = (width - draw.textlength(line, font=face)) / 2 if center else left
                draw.text((x, y), line, font=face, fill=0)
                y += line_height
            shown.append(wrapped)
            y += line_height // 3
        out.append((page, "\n\n".join("\n".join(lines) for lines in shown)))
    return out


def wrap(line: str, face: ImageFont.FreeTypeFont, draw: ImageDraw.ImageDraw, width: int) -> list[str]:
    out, current = [], ""
    for word in line.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=face) > width:
            out.append(current)
            current = word
        else:
            current = candidate
    return out + ([current] if current else [])


def scanned(page: Image.Image, dpi: int, rng: np.random.Generator, upside_down: bool) -> Image.Image:
    """What a flatbed scanner makes of a printed page: skew, grey paper, noise, dust, optics blur."""
    angle = float(rng.uniform(0.3, 1.2) * rng.choice([-1, 1]))
    page = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    pixels = np.asarray(page, dtype=np.float32) * 0.86 + 22  # ink at 22, paper at 241
    pixels += rng.normal(0, 7, pixels.shape)  # sensor noise, smoothed by the optics below
    dust = rng.random(pixels.shape) < 0.0004
    pixels[dust] = rng.uniform(0, 120, int(dust.sum()))
    page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    out = page.filter(ImageFilter.GaussianBlur(0.7 * dpi / 300))
    return out.rotate(180) if upside_down else out


def save(images: list[Image.Image], scan: Scan) -> Path:
    path = HERE / f"{scan.name}.{scan.form}"
    first, rest = images[0], images[1:]
    if scan.form == "pdf":
        first.save(path, save_all=True, append_images=rest, resolution=scan.dpi, quality=35)
    elif scan.form == "jpg":
        first.save(path, quality=35, dpi=(scan.dpi, scan.dpi))
    else:  # black and white, as office scanners save PNG and TIFF
        bw = [im.point(lambda v: 255 if v > 140 else 0).convert("1") for im in images]
        if scan.form == "png":
            bw[0].save(path, optimize=True, dpi=(scan.dpi, scan.dpi))
        else:
            bw[0].save(path, save_all=True, append_images=bw[1:], compression="group4", dpi=(scan.dpi, scan.dpi))
    return path


def main() -> None:
    rows = ["file\tsource\tdpi\tpages\tupside_down\tform"]
    for n, scan in enumerate(SCANS):
        rng = np.random.default_rng(15 + n)
        text = (ROOT / scan.source).read_text(encoding="utf-8")
        pages = typeset(blocks_of(text, scan.layout, scan.skip_lines), scan.dpi, scan.pages)
        images = [scanned(page, scan.dpi, rng, i in scan.upside_down) for i, (page, _) in enumerate(pages)]
        path = save(images, scan)
        (HERE / f"{scan.name}.gold.txt").write_text("\f".join(gold for _, gold in pages) + "\n", encoding="utf-8")
        upside = ",".join(str(i + 1) for i in scan.upside_down)
        rows.append(f"{path.name}\t{scan.source}\t{scan.dpi}\t{len(pages)}\t{upside}\t{scan.form}")
        print(f"{path.name}: {len(pages)} pages, {path.stat().st_size // 1024} KB", file=sys.stderr)
    (HERE / "scans.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
