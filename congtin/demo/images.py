"""Placeholder photos for the demo: generated, so the repository carries no image files."""

import colorsys
import hashlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from congtin import vietnamese

SIZE = (1200, 800)


FONT_PATHS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")


def _printable(label: str):
    """The label and a font that can draw it: Vietnamese with a system font, else folded ASCII."""
    for path in FONT_PATHS:
        if Path(path).is_file():
            return label, ImageFont.truetype(path, 44)
    return vietnamese.fold(label), ImageFont.load_default(size=44)


def placeholder_photo(path: Path, label: str) -> Path:
    """Write a JPEG with a calm gradient whose colours derive from `label`, and the label on it."""
    seed = hashlib.sha1(label.encode()).digest()
    hue = seed[0] / 255
    top = tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, 0.55, 0.45))
    bottom = tuple(int(c * 255) for c in colorsys.hls_to_rgb((hue + 0.12) % 1, 0.28, 0.5))
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE[1]):
        t = y / (SIZE[1] - 1)
        draw.line([(0, y), (SIZE[0], y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for i in range(6):  # a few soft discs, so photos differ in shape as well as colour
        x, y, r = seed[1 + i] * 5, seed[7 + i] * 3, 60 + seed[13 + i] // 2
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=3)
    draw.rectangle([0, SIZE[1] - 110, SIZE[0], SIZE[1]], fill=(0, 0, 0))
    text, font = _printable(label)
    draw.text((40, SIZE[1] - 85), text, fill=(255, 255, 255), font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=82)
    return path
