"""Render pages of a CX workbook (.xlsx) to one PNG the way a reader without Excel sees it:
LibreOffice converts the workbook to PDF, pdftoppm renders the pages, Pillow lays them out.
How cx_management/static/description/workbook.png was made (Debian: libreoffice-calc,
poppler-utils).

usage: python3 scripts/workbook_picture.py WORKBOOK.xlsx OUT.png TOP_PAGE [BOTTOM_PAGE ...]
e.g.   python3 scripts/workbook_picture.py cx_workbook.xlsx workbook.png 4 6 7
"""

import pathlib
import subprocess
import sys
import tempfile

from PIL import Image, ImageOps


def crop(path):
    """The page without its margins and footer."""
    image = Image.open(path).convert("RGB")
    width, height = image.size
    box = ImageOps.invert(image).crop((0, 0, width, int(height * 0.9))).getbbox()
    return image.crop(
        (max(box[0] - 20, 0), max(box[1] - 20, 0), min(box[2] + 20, width), box[3] + 20)
    )


def main(workbook, out, top, *bottom):
    tmp = pathlib.Path(tempfile.mkdtemp())
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), workbook],
        check=True,
        capture_output=True,
    )
    pdf = tmp / (pathlib.Path(workbook).stem + ".pdf")

    def page(number, dpi):
        prefix = tmp / f"p{number}-{dpi}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-png",
                "-singlefile",
                "-f",
                number,
                "-l",
                number,
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        return crop(f"{prefix}.png")

    lower = [page(number, 110) for number in bottom]
    width = sum(image.width for image in lower) + 20 * max(len(lower) - 1, 0)
    upper = page(top, 200)
    if lower and upper.width > width:
        upper = upper.resize((width, upper.height * width // upper.width), Image.LANCZOS)
    width = max(width, upper.width)
    height = upper.height + (30 + max(image.height for image in lower) if lower else 0)
    sheet = Image.new("RGB", (width, height), "white")
    sheet.paste(upper, (0, 0))
    x = 0
    for image in lower:
        sheet.paste(image, (x, upper.height + 30))
        x += image.width + 20
    sheet = sheet.resize((width * 3 // 4, height * 3 // 4), Image.LANCZOS)
    sheet.save(out, optimize=True)
    print("wrote", out, sheet.size)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
