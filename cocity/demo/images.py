"""Project covers drawn with Pillow: a gradient sky, soft hills and a motif. No downloads."""

from __future__ import annotations

import io
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]
WIDTH, HEIGHT = 1280, 720


def _mix(a: RGB, b: RGB, f: float) -> RGB:
    return (
        int(a[0] + (b[0] - a[0]) * f),
        int(a[1] + (b[1] - a[1]) * f),
        int(a[2] + (b[2] - a[2]) * f),
    )


def _gradient(top: RGB, bottom: RGB) -> Image.Image:
    column = Image.new("RGB", (1, HEIGHT))
    for y in range(HEIGHT):
        column.putpixel((0, y), _mix(top, bottom, y / (HEIGHT - 1)))
    return column.resize((WIDTH, HEIGHT))


def _hills(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB, base: int) -> None:
    points = [(0, HEIGHT)]
    for x in range(0, WIDTH + 80, 80):
        points.append((x, base + rng.randint(-40, 40)))
    points.append((WIDTH, HEIGHT))
    draw.polygon(points, fill=colour)


def _motif(
    draw: ImageDraw.ImageDraw, rng: random.Random, motif: str, dark: RGB, light: RGB
) -> None:
    white = (250, 250, 245)
    if motif in {"trees", "market", "play"}:
        for _ in range(9):
            x, y = rng.randint(40, WIDTH - 40), rng.randint(430, 620)
            r = rng.randint(35, 80)
            draw.rectangle((x - 6, y, x + 6, y + r), fill=(90, 60, 40))
            draw.ellipse(
                (x - r, y - r * 1.4, x + r, y + r * 0.4), fill=_mix(dark, (20, 80, 30), 0.5)
            )
    if motif == "lanes":
        for i, lane in enumerate((520, 600, 680)):
            draw.line((0, lane, WIDTH, lane - 140), fill=white if i != 1 else dark, width=14)
        for x in range(120, WIDTH, 260):
            cx, cy = x, 470 - x * 0.1
            for dx in (-40, 40):
                draw.ellipse((cx + dx - 30, cy - 30, cx + dx + 30, cy + 30), outline=white, width=7)
            draw.line((cx - 40, cy, cx, cy - 45, cx + 40, cy), fill=white, width=7)
    if motif in {"school", "books", "market", "bins"}:
        for x in range(80, WIDTH, 220):
            h = rng.randint(160, 300)
            draw.rectangle((x, 620 - h, x + 160, 620), fill=_mix(light, white, 0.5))
            for wy in range(640 - h, 600, 60):
                for wx in range(x + 20, x + 140, 50):
                    draw.rectangle((wx, wy, wx + 28, wy + 34), fill=dark)
    if motif in {"water", "river"}:
        for y in range(480, HEIGHT, 36):
            draw.arc((-200, y - 60, WIDTH + 200, y + 60), 200, 340, fill=white, width=6)
        for x in range(150, WIDTH, 320):
            draw.ellipse((x - 28, 300, x + 28, 370), fill=white)
            draw.polygon([(x - 24, 320), (x + 24, 320), (x, 260)], fill=white)
    if motif in {"stars", "lamps"}:
        for _ in range(60):
            x, y, r = rng.randint(0, WIDTH), rng.randint(0, 380), rng.randint(2, 6)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 240, 190))
        for x in range(100, WIDTH, 240):
            draw.rectangle((x - 5, 360, x + 5, 640), fill=(40, 40, 50))
            draw.ellipse((x - 26, 330, x + 26, 382), fill=(255, 220, 120))
    if motif == "coins":
        for _ in range(14):
            x, y, r = rng.randint(60, WIDTH - 60), rng.randint(200, 600), rng.randint(30, 60)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(245, 200, 80), outline=dark, width=6)
    if motif == "play":
        draw.arc((300, 380, 700, 780), 180, 360, fill=dark, width=18)
        draw.line((820, 380, 820, 640), fill=dark, width=14)
        draw.line((820, 380, 1000, 640), fill=dark, width=14)


@lru_cache(maxsize=32)
def cover_jpeg(motif: str, palette: tuple[RGB, RGB], seed: int) -> bytes:
    """A 1280 x 720 JPEG for a project card, the same for the same arguments."""
    rng = random.Random(seed)
    dark, light = palette
    image = _gradient(light, _mix(light, dark, 0.35))
    draw = ImageDraw.Draw(image)
    sun = rng.randint(150, WIDTH - 150)
    draw.ellipse((sun - 70, 70, sun + 70, 210), fill=_mix(light, (255, 255, 235), 0.7))
    _hills(draw, rng, _mix(dark, light, 0.55), 470)
    _hills(draw, rng, _mix(dark, light, 0.25), 560)
    _motif(draw, rng, motif, dark, light)
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
