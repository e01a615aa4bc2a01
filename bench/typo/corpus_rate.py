"""Typo warnings per 10,000 characters on the corpus documents dated 2011 or later, and every
finding of the rule, for judging by hand.

    cargo build --release
    python3 bench/typo/corpus_rate.py [--since 2011] [--corpus ../shared/corpus/text]

A document's year comes from its folder's index.tsv (year, date, publish_date, the 〔year〕 of
its 发文字号, or the year of its 党代会), since many corpus files carry no 成文日期 of their own.
"""

import argparse
import csv
import json
import re
import subprocess
from pathlib import Path

# The year each 全国代表大会 met, for the congress reports that give only its number.
CONGRESS_YEAR = {1: 1921, 3: 1923, 7: 1945, 9: 1969, 10: 1973, 11: 1977, 12: 1982, 13: 1987,
                 14: 1992, 15: 1997, 16: 2002, 17: 2007, 18: 2012, 19: 2017, 20: 2022}


def year_of(row):
    for key in ("year", "date", "publish_date"):
        m = re.match(r"(\d{4})", row.get(key) or "")
        if m:
            return int(m.group(1))
    m = re.search(r"〔(\d{4})〕", row.get("doc_number") or "")
    if m:
        return int(m.group(1))
    if (row.get("congress") or "").isdigit():
        return CONGRESS_YEAR.get(int(row["congress"]))
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--since", type=int, default=2011)
    ap.add_argument("--corpus", default="../shared/corpus/text")
    ap.add_argument("--gwlint", default="target/release/gwlint")
    args = ap.parse_args()
    years = {}
    for index in Path(args.corpus).glob("*/index.tsv"):
        with open(index, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                years[str(index.parent / row["file"])] = year_of(row)
    out = subprocess.run(
        [args.gwlint, "check", "--select", "wording/typo-suspect", "--format", "json",
         "--fail-on", "never", args.corpus],
        capture_output=True, text=True, check=True).stdout
    chars = warnings = infos = undated = 0
    for f in json.loads(out)["files"]:
        year = years.get(f["path"])
        for d in f["diagnostics"]:
            print(f"{year or '?'}\t{d['severity']}\t{d['text']}→{d.get('suggestion', '')}\t"
                  f"{f['path']}:{d['line']}")
        if year is None:
            undated += 1
            continue
        if year >= args.since:
            chars += f["chars"]
            warnings += sum(d["severity"] == "warning" for d in f["diagnostics"])
            infos += sum(d["severity"] == "info" for d in f["diagnostics"])
    print(f"documents dated {args.since} or later: {chars} characters, {warnings} warnings "
          f"({warnings / max(chars, 1) * 1e4:.2f} per 10,000), {infos} infos; {undated} undated")


if __name__ == "__main__":
    main()
