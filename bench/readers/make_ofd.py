"""Writes a one-column OFD (GB/T 33190) from a plain-text draft, laid out as GB/T 9704 sets a
公文: A4, 版心 156 × 225 mm from 37 mm top and 28 mm left, 22 lines of 28 characters, body in
三号 (16 pt), the title in 二号 (22 pt) centred. One paragraph per non-blank line; the first
line is the 发文机关标志 line, the first line ending in 请示/通知/… is the title, a line ending
in ：/: is the 主送机关 (flush left), the last two lines (signature, date) are set right;
other lines are indented two characters and wrapped at 28. Each line is one TextObject with
one TextCode and its DeltaX, as OFD writers do.

Used to make fixtures/readers/*.ofd (no OFD writer is packaged for Debian or PyPI with a
licence we can use in CI):  python3 make_ofd.py DRAFT.txt OUT.ofd

With --from-pdf, lays out a PDF's text as the PDF places it instead (page size, each line's
position, font name without its subset tag, size, character advances and fill colour, and the
horizontal lines drawn: stroked lines as stroked PathObjects, thin filled rectangles as filled
ones), as an OFD exported from the same document would: python3 make_ofd.py --from-pdf IN.pdf OUT.ofd (needs pdfminer.six).
"""

import sys
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PT = 25.4 / 72
BODY = 16 * PT
TITLE = 22 * PT
LEFT, TOP, WIDTH, HEIGHT = 28.0, 37.0, 156.0, 225.0
PITCH = WIDTH / 28
LINE = HEIGHT / 22


def layout(paragraphs):
    """(x, baseline, size, text) per line, per page."""
    pages, lines, y = [], [], TOP
    title_done = False

    def emit(x, size, text, step=PITCH):
        nonlocal y, lines
        if y + LINE > TOP + HEIGHT + 0.01:
            pages.append(lines)
            lines, y = [], TOP
        lines.append((x, y + size, size, step, text))
        y += LINE

    n = len(paragraphs)
    for i, p in enumerate(paragraphs):
        text = p.strip("\u3000 ")
        if not title_done and i > 0 and text.endswith(("请示", "通知", "报告", "决定", "函", "意见")):
            title_done = True
            width = len(text) * TITLE
            emit(LEFT + (WIDTH - width) / 2, TITLE, text, TITLE)
            continue
        if i == 0 or text.endswith(("：", ":")):
            emit(LEFT, BODY, text)
            continue
        if i >= n - 2:
            emit(LEFT + WIDTH - 4 * PITCH - len(text) * PITCH, BODY, text)
            continue
        first, rest = text[:26], text[26:]
        emit(LEFT + 2 * PITCH, BODY, first)
        while rest:
            emit(LEFT, BODY, rest[:28])
            rest = rest[28:]
    pages.append(lines)
    return pages


def content(lines, first_id):
    objs = []
    for k, (x, base, size, step, text) in enumerate(lines):
        width = len(text) * step
        delta = f' DeltaX="g {len(text) - 1} {step:.3f}"' if len(text) > 1 else ""
        objs.append(
            f'<ofd:TextObject ID="{first_id + k}" Boundary="{x:.3f} {base - size:.3f} {width:.3f} {size * 1.2:.3f}" '
            f'Font="2" Size="{size:.3f}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size:.3f}"{delta}>{escape(text)}</ofd:TextCode></ofd:TextObject>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
        f'<ofd:Layer ID="{first_id - 1}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def rgb(colour):
    """pdfminer's colour (grey, RGB or CMYK components 0–1) as OFD's `r g b`; None if unknown."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float)) for v in colour):
        return None
    if len(colour) == 1:
        colour = colour * 3
    elif len(colour) == 4:
        c, m, y, k = colour
        colour = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    if len(colour) != 3:
        return None
    return " ".join(str(round(min(max(v, 0), 1) * 255)) for v in colour)


def pdf_pages(src):
    """(width, height, [(x, top, size, font, [advance…], text, colour)], [(x0, x1, y, thickness,
    colour, filled)]) per page of a PDF, in mm: text with its fill colour, and the horizontal
    lines drawn (stroked lines, thin filled rectangles)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTCurve, LTLine, LTRect

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif hasattr(item, "__iter__"):
            for child in item:
                yield from chars(child)

    def curves(item):
        if isinstance(item, LTCurve):
            yield item
        elif hasattr(item, "__iter__") and not isinstance(item, LTChar):
            for child in item:
                yield from curves(child)

    out = []
    for page in extract_pages(src, laparams=LAParams()):
        x0, y0, x1, y1 = page.bbox
        runs = []
        for c in chars(page):
            ox, oy = c.matrix[4], c.matrix[5]
            font = c.fontname.split("+", 1)[-1]
            colour = rgb(c.graphicstate.ncolor)
            last = runs[-1] if runs else None
            if (last and last[3] == font and last[8] == colour and abs(last[2] - c.size) < 0.01
                    and abs(last[6] - oy) < 0.01 and ox >= last[7] - 0.5):
                last[4].append((ox - last[7]) * PT)
                last[5] += c.get_text()
                last[7] = ox
                continue
            runs.append([ox, None, c.size, font, [], c.get_text(), oy, ox, colour])
        lines = [((r[0] - x0) * PT, (y1 - r[6]) * PT, r[2] * PT, r[3], r[4], r[5], r[8]) for r in runs]
        rules = []
        for g in curves(page):
            bx0, by0, bx1, by1 = g.bbox
            if bx1 - bx0 < 5 / PT:
                continue
            if isinstance(g, LTLine) and g.stroke and abs(by1 - by0) < 0.5:
                rules.append(((bx0 - x0) * PT, (bx1 - x0) * PT, (y1 - (by0 + by1) / 2) * PT,
                              max(g.linewidth, 0.1) * PT, rgb(g.stroking_color), False))
            elif isinstance(g, LTRect) and g.fill and (by1 - by0) * PT <= 1.5:
                rules.append(((bx0 - x0) * PT, (bx1 - x0) * PT, (y1 - (by0 + by1) / 2) * PT,
                              max(by1 - by0, 0.1) * PT, rgb(g.non_stroking_color), True))
        out.append(((x1 - x0) * PT, (y1 - y0) * PT, lines, rules))
    return out


def write(out, pages, fonts, page_box):
    """An OFD of `pages`: per page a list of (x, baseline, size, font id, deltas, text, colour)
    and of lines (x0, x1, y, thickness, colour, filled)."""
    font_xml = "".join(
        f'<ofd:Font ID="{i}" FontName="{escape(f)}" FamilyName="{escape(f)}"/>' for f, i in fonts.items()
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.2" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>gwlint-fixture</ofd:DocID>"
            "<ofd:Creator>gwlint bench/readers/make_ofd.py</ofd:Creator></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        z.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>{font_xml}</ofd:Fonts></ofd:Res>',
        )
        refs = "".join(f'<ofd:Page ID="{100 * (i + 1)}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f"<ofd:MaxUnitID>100000</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>{page_box}</ofd:PhysicalBox>"
            "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        for i, (box, lines, rules) in enumerate(pages):
            objs = []
            for k, (x, base, size, font, deltas, text, colour) in enumerate(lines):
                width = sum(deltas) + size
                delta = f' DeltaX="{" ".join(f"{d:.3f}" for d in deltas)}"' if deltas else ""
                fill = f'<ofd:FillColor Value="{colour}"/>' if colour else ""
                objs.append(
                    f'<ofd:TextObject ID="{100 * (i + 1) + 2 + k}" Boundary="{x:.3f} {base - size:.3f} {width:.3f} {size * 1.2:.3f}" '
                    f'Font="{font}" Size="{size:.3f}">{fill}'
                    f'<ofd:TextCode X="0" Y="{size:.3f}"{delta}>{escape(text)}</ofd:TextCode></ofd:TextObject>'
                )
            for k, (lx0, lx1, y, thick, colour, filled) in enumerate(rules):
                w = lx1 - lx0
                paint = (f'Stroke="false" Fill="true"><ofd:FillColor Value="{colour or "0 0 0"}"/>'
                         f"<ofd:AbbreviatedData>M 0 0 L {w:.3f} 0 L {w:.3f} {thick:.3f} L 0 {thick:.3f} C"
                         if filled else
                         f'LineWidth="{thick:.3f}"><ofd:StrokeColor Value="{colour or "0 0 0"}"/>'
                         f"<ofd:AbbreviatedData>M 0 {thick / 2:.3f} L {w:.3f} {thick / 2:.3f}")
                objs.append(
                    f'<ofd:PathObject ID="{100 * (i + 1) + 5000 + k}" Boundary="{lx0:.3f} {y - thick / 2:.3f} {w:.3f} {thick:.3f}" '
                    f"{paint}</ofd:AbbreviatedData></ofd:PathObject>"
                )
            area = f"<ofd:Area><ofd:PhysicalBox>{box}</ofd:PhysicalBox></ofd:Area>" if box else ""
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{area}<ofd:Content>'
                f'<ofd:Layer ID="{100 * (i + 1) + 1}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>',
            )


def from_pdf(src, out):
    fonts, pages = {}, []
    for w, h, lines, rules in pdf_pages(src):
        placed = []
        for x, base, size, font, deltas, text, colour in lines:
            fid = fonts.setdefault(font, len(fonts) + 2)
            placed.append((x, base, size, fid, deltas, text, colour))
        pages.append((f"0 0 {w:.2f} {h:.2f}", placed, rules))
    first = pages[0][0] if pages else "0 0 210 297"
    write(out, pages, fonts, first)


def main(src, out):
    paragraphs = [l for l in open(src, encoding="utf-8").read().splitlines() if l.strip("\u3000 ")]
    pages = layout(paragraphs)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.2" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>gwlint-fixture</ofd:DocID>"
            "<ofd:Creator>gwlint bench/readers/make_ofd.py</ofd:Creator></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        z.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋_GB2312"/></ofd:Fonts></ofd:Res>',
        )
        page_refs = "".join(
            f'<ofd:Page ID="{100 * (i + 1)}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            "<ofd:MaxUnitID>10000</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
            "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
        )
        for i, lines in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content(lines, 100 * (i + 1) + 2))


if __name__ == "__main__":
    if sys.argv[1] == "--from-pdf":
        from_pdf(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1], sys.argv[2])
