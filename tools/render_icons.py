"""Render the application icon (resources/icons/kim-desktop.svg) to PNG sizes and a multi-size Windows .ico.

Writes resources/icons/app/kim-desktop-<size>.png (16…512) with Qt's QSvgRenderer and kim-desktop.ico
(16…256, each size rendered on its own, not scaled down from one image) with Pillow, which reportlab already
requires. The "KIM" lettering uses the shipped Noto Sans Bold, so the result does not depend on the fonts
installed on the build machine. Runs offscreen: `python tools/render_icons.py`.
"""

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "kim-desktop.svg"
OUT = ROOT / "resources" / "icons" / "app"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest size an .ico entry can hold


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon as a size×size ARGB image with a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """PNG encoding of a QImage."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stub wants bytes; only str works
        raise RuntimeError("Qt could not encode PNG")
    buffer.close()
    return bytes(data.data())


def render_all(out: Path = OUT) -> list[Path]:
    """Write the PNG sizes and the .ico; returns the written files."""
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    for face in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / face))
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"cannot read {SVG}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    images: dict[int, Image.Image] = {}
    for size in sorted(set(PNG_SIZES) | set(ICO_SIZES)):
        data = png_bytes(render(renderer, size))
        images[size] = Image.open(io.BytesIO(data)).convert("RGBA")
        if size in PNG_SIZES:
            path = out / f"kim-desktop-{size}.png"
            path.write_bytes(data)
            written.append(path)
    ico = out / "kim-desktop.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    written.append(ico)
    del app
    return written


def main() -> int:
    """Command line: render into resources/icons/app (or --out DIR)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="target folder")
    args = parser.parse_args()
    for path in render_all(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
