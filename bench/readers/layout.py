"""Layout findings (`format/*`) on printed pages against the .docx they came from.

    python3 layout.py OUT [GWLINT] [REAL_DIR]

Turns every .docx of ../shared/corpus/docx into a PDF with LibreOffice (with the renamed fonts
tests/printed/make.py gives it, so the PDFs name the fonts the .docx asks for) and each PDF
into an OFD (make_ofd.py --from-pdf), runs `gwlint check --select format` over them, and prints
per rule the findings in each format, then per document the (rule, subject) pairs the .pdf and
.ofd have that the .docx has not, and the reverse. REAL_DIR (real public PDFs and OFDs, as
fetch.sh gathers them) is counted per rule too. Needs python-docx, fonttools, pdfminer.six.
"""

import collections
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "../.."))
sys.path.insert(0, os.path.join(ROOT, "tests/printed"))


def convert(out):
    import make  # tests/printed/make.py: the renamed fonts

    os.makedirs(out, exist_ok=True)
    for f in sorted(glob.glob(os.path.join(ROOT, "../shared/corpus/docx/*/*.docx"))):
        group = os.path.basename(os.path.dirname(f)).split("-")[0]
        shutil.copy(f, os.path.join(out, f"{group}_{os.path.basename(f)}"))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, FONTCONFIG_FILE=make.fonts(tmp))
        docs = sorted(glob.glob(os.path.join(out, "*.docx")))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", out, *docs],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for pdf in sorted(glob.glob(os.path.join(out, "*.pdf"))):
        subprocess.run([sys.executable, os.path.join(HERE, "make_ofd.py"), "--from-pdf", pdf,
                        pdf[:-4] + ".ofd"], check=True)


def check(gwlint, folder):
    out = subprocess.run([gwlint, "check", "--select", "format", "--format", "json", "--fail-on", "never",
                          "-j", "1", folder], capture_output=True)
    return json.loads(out.stdout)


def subject(message):
    cut = min([message.find(w) for w in ("为", "至多", "缺失", "用") if w in message] or [len(message)])
    return message[:cut]


def main(out, gwlint, real=None):
    corpus = os.path.join(out, "corpus")
    if not glob.glob(os.path.join(corpus, "*.ofd")):
        convert(corpus)
    r = check(gwlint, corpus)
    per_rule = collections.defaultdict(collections.Counter)
    pairs = {}
    for f in r["files"]:
        ext = f["path"].rsplit(".", 1)[-1]
        stem = f["path"][:-len(ext) - 1]
        got = collections.Counter()
        for d in f["diagnostics"]:
            per_rule[d["rule"] + " " + d["severity"]][ext] += 1
            got[(d["rule"], subject(d["message"]))] += 1
        pairs[(stem, ext)] = (got, f.get("doctype"), f["diagnostics"])
    print("corpus: rule severity | docx pdf ofd")
    for rule, c in sorted(per_rule.items()):
        print(f"  {rule} | {c['docx']} {c['pdf']} {c['ofd']}")
    print("errors:", [e["path"] for e in r.get("errors", [])])
    for stem in sorted({s for s, _ in pairs}):
        docx = pairs.get((stem, "docx"), (collections.Counter(), None, []))[0]
        for ext in ("pdf", "ofd"):
            got, doctype, diags = pairs.get((stem, ext), (collections.Counter(), None, []))
            extra, missing = got - docx, docx - got
            if extra or missing:
                print(f"{os.path.basename(stem)}.{ext} ({doctype}): extra {dict(extra)} missing {dict(missing)}")
                for d in diags:
                    if (d["rule"], subject(d["message"])) in extra:
                        print("     +", d["severity"], d["line"], d["message"])
    if real:
        r = check(gwlint, real)
        per_rule = collections.defaultdict(collections.Counter)
        for f in r["files"]:
            ext = f["path"].rsplit(".", 1)[-1]
            per_rule["files " + str(f.get("doctype") is not None)][ext] += 1
            for d in f["diagnostics"]:
                per_rule[d["rule"] + " " + d["severity"]][ext] += 1
                if d["severity"] == "error":
                    print("  real error:", f["path"], d["message"])
        print("real: rule severity | pdf ofd")
        for rule, c in sorted(per_rule.items()):
            print(f"  {rule} | {c['pdf']} {c['ofd']}")
        print("errors:", len(r.get("errors", [])))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "gwlint", sys.argv[3] if len(sys.argv) > 3 else None)
