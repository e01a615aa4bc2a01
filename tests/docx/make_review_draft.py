"""Writes a 通知 draft with 20+ findings of every category, as python-docx writes it (a real
writer, not gwlint's own XML), for tests/cli_annotate.rs:  python make_review_draft.py OUT.docx

The text is split into several runs with different formatting, so annotating it has to split
runs and keep their formatting; it already carries a reviewer's comment and a tracked change,
which the annotated copy must keep.
"""

import sys

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from make_fixtures import east_asia, page_number


def tracked(paragraph, kind, text, author="张审核"):
    """Appends a tracked insertion (w:ins) or deletion (w:del) made by a reviewer."""
    change = OxmlElement(f"w:{kind}")
    change.set(qn("w:id"), "901" if kind == "ins" else "902")
    change.set(qn("w:author"), author)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t" if kind == "ins" else "w:delText")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    change.append(run)
    paragraph._p.append(change)


def build():
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    # Margins as Word's default, not GB/T 9704: a layout finding on the page.
    s.top_margin, s.bottom_margin = Mm(25.4), Mm(25.4)
    s.left_margin, s.right_margin = Mm(31.8), Mm(31.8)
    normal = doc.styles["Normal"]
    east_asia(normal, "仿宋_GB2312")
    normal.font.size = Pt(16)
    normal.paragraph_format.first_line_indent = Pt(32)

    def para(*runs, indent=True, align=None):
        p = doc.add_paragraph()
        if not indent:
            p.paragraph_format.first_line_indent = Pt(0)
        if align is not None:
            p.alignment = align
        out = [p.add_run(text) for text in runs]
        return p, out

    _, (mark,) = para("某某市人民政府文件", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    east_asia(mark, "方正小标宋简体")
    mark.font.size = Pt(36)
    mark.font.color.rgb = RGBColor(0xFF, 0, 0)
    para("某政发[2024]5号", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _, (title,) = para(
        "某某市人民政府关于开展安全生产大检查的通知", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    east_asia(title, "黑体")  # 应为小标宋: a format finding
    title.font.size = Pt(22)
    para("各区人民政府", ",市政府各部门", ":", indent=False)
    _, (a, b, c) = para(
        "为切实加强安全生产工作，认真",
        "布署",
        "各项任务，市政府决定在全市开展安全生产大检查。现将有关事项通知如下。",
    )
    b.bold = True  # the flagged word is a run of its own, with its own formatting
    para("一、检查范围")
    p, _ = para("全市各类生产经营单位，重点是危险化学品、建筑施工和道路交通领域,请××同志负责")
    tracked(p, "ins", "并")
    tracked(p, "del", "尽快")
    p.add_run("。")
    para("（一）检查方式")
    _, (small,) = para("检查时间为2024年2月30日至３月１５日，截止2024年底完成。")
    small.font.size = Pt(12)  # 小四: a format finding
    para("三、工作要求")
    _, runs = para(
        "各区各部门要坚持",
        "以习近平为核心的党中央",
        "的领导，再接再励，确保检查工作取得实效。",
    )
    doc.add_comment(runs[2], text="请再斟酌此句。", author="李处长", initials="LC")
    para("要增强“四个意识”，坚定“四个自信”，做到“两个维护”。")
    para("所需经费约5千元，由各单位自行解决。妥否，请批示。")
    para("附件：安全生产大检查情况统计表。")
    para("联系人：【联系人姓名】，电话：12345678。")
    para("某某市人民政府", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("2024年3月1日", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("主题词：安全生产　检查　通知", indent=False)
    page_number(s)
    return doc


if __name__ == "__main__":
    build().save(sys.argv[1])
