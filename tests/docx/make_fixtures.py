"""Writes .docx fixtures with python-docx (a real writer, not gwlint's own XML): one document
laid out as GB/T 9704—2012 requires, and one per layout error, each named after the one rule it
should trip. Used by tests/cli_format.rs:  python make_fixtures.py OUT_DIR

The body fonts are set on the styles (Normal, Heading 1 …) as templates do, so gwlint must
resolve them through the style chain; only deliberate deviations are direct formatting.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor


def east_asia(target, name):
    """Sets the East Asian font of a style or run (python-docx sets only the Latin one)."""
    target.font.name = name
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    # A theme font named beside it wins in Word (the default Heading styles carry one).
    rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)


def border(paragraph, sides=("top", "bottom")):
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "8")
        el.set(qn("w:space"), "1")
        el.set(qn("w:color"), "000000")
        bdr.append(el)
    ppr.append(bdr)


def page_number(section, left="— ", right=" —", size=14):
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(left)
    run.font.size = Pt(size)
    fld = p.add_run()
    fld.font.size = Pt(size)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        fld._r.append(el)
    num = p.add_run("1")
    num.font.size = Pt(size)
    end = p.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    end._r.append(el)
    tail = p.add_run(right)
    tail.font.size = Pt(size)


def build(errors=()):
    """The conforming document, or one with the layout errors named in `errors`."""
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin = Mm(37), Mm(35)
    s.left_margin, s.right_margin = Mm(28), Mm(26)
    if "format/paper-size" in errors:
        s.page_width, s.page_height = Mm(216), Mm(279)
    if "format/page-margins" in errors:
        s.top_margin, s.left_margin = Mm(25.4), Mm(31.8)

    normal = doc.styles["Normal"]
    east_asia(normal, "仿宋_GB2312")
    normal.font.size = Pt(16)
    normal.font.color.rgb = None
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(20 if "format/line-grid" in errors else 28.95)
    pf.first_line_indent = Pt(32)
    pf.space_before = pf.space_after = Pt(0)
    for name, font in (("Heading 1", "黑体"), ("Heading 2", "楷体_GB2312")):
        st = doc.styles[name]
        east_asia(st, font)
        st.font.size = Pt(16)
        st.font.bold = False
        st.font.italic = False
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.paragraph_format.first_line_indent = Pt(32)
        st.paragraph_format.space_before = st.paragraph_format.space_after = Pt(0)
    if "format/heading1-font" in errors:
        east_asia(doc.styles["Heading 1"], "宋体")
    if "format/heading2-font" in errors:
        east_asia(doc.styles["Heading 2"], "黑体")

    def para(text, indent=True, align=None, style=None):
        p = doc.add_paragraph(style=style)
        if not indent:
            p.paragraph_format.first_line_indent = Pt(0)
        if align:
            p.alignment = align
        return p, p.add_run(text)

    _, mark = para("某某市人民政府文件", False, WD_ALIGN_PARAGRAPH.CENTER)
    east_asia(mark, "方正小标宋简体")
    mark.font.size = Pt(36)
    if "format/issuer-mark" not in errors:
        mark.font.color.rgb = RGBColor(0xFF, 0, 0)
    para("某政发〔2024〕5号", False, WD_ALIGN_PARAGRAPH.CENTER)
    title_align = None if "format/title-align" in errors else WD_ALIGN_PARAGRAPH.CENTER
    _, title = para("某某市人民政府关于开展安全生产大检查的通知", False, title_align)
    east_asia(title, "黑体" if "format/title-font" in errors else "方正小标宋简体")
    title.font.size = Pt(16 if "format/title-size" in errors else 22)
    para("各区人民政府，市政府各部门：", False)
    p, lead = para("为切实加强安全生产工作，市政府决定在全市开展安全生产大检查。现将有关事项通知如下。")
    if "format/body-indent" in errors:
        p.paragraph_format.first_line_indent = Pt(0)
    if "format/text-colour" in errors:
        lead.font.color.rgb = RGBColor(0, 0, 0xFF)
    para("一、检查范围", style="Heading 1")
    p, run = para("全市各类生产经营单位，重点是危险化学品、建筑施工和道路交通领域。")
    if "format/body-font" in errors:
        east_asia(run, "宋体")
    if "format/body-size" in errors:
        run.font.size = Pt(12)
    para("（一）检查方式", style="Heading 2")
    para("采取企业自查、部门检查和联合督查相结合的方式进行。")
    para("二、工作要求", style="Heading 1")
    para("各区各部门要高度重视，精心组织，确保检查工作取得实效。")
    para("附件：安全生产大检查情况统计表")
    para("某某市人民政府", False, WD_ALIGN_PARAGRAPH.RIGHT)
    para("2024年3月1日", False, WD_ALIGN_PARAGRAPH.RIGHT)
    doc.add_page_break()
    _, label = para("附件", False)
    east_asia(label, "仿宋_GB2312" if "format/annex-label" in errors else "黑体")
    para("安全生产大检查情况统计表", False, WD_ALIGN_PARAGRAPH.CENTER)
    para("各单位按月填报检查情况。")
    cc, cc_run = para("抄送：市委办公室，市人大常委会办公室。", False)
    pr, pr_run = para("某某市人民政府办公室　　2024年3月1日印发", False)
    for r in (cc_run, pr_run):
        r.font.size = Pt(16 if "format/imprint-font" in errors else 14)
    if "format/imprint-rules" not in errors:
        border(cc)
        border(pr, ("bottom",))
    if "format/page-number" in errors:
        page_number(s, "- ", " -")
    else:
        page_number(s)
    return doc


RULES = [
    "format/paper-size",
    "format/page-margins",
    "format/line-grid",
    "format/title-font",
    "format/title-size",
    "format/title-align",
    "format/body-font",
    "format/body-size",
    "format/body-indent",
    "format/heading1-font",
    "format/heading2-font",
    "format/issuer-mark",
    "format/page-number",
    "format/annex-label",
    "format/imprint-font",
    "format/imprint-rules",
    "format/text-colour",
]

SAMPLE = {"format/page-margins", "format/title-font", "format/body-size", "format/page-number"}

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    build().save(out / "conforming.docx")
    for rule in RULES:
        build({rule}).save(out / (rule.replace("/", "__") + ".docx"))
    # The sample draft in fixtures/: a few of the errors clerks are most often sent back for.
    build(SAMPLE).save(out / "sample.docx")
