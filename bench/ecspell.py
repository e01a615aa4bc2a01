#!/usr/bin/env python3
"""Precision and recall of a gwlint rule pack on the ECSpell spelling-check sets.

    python3 bench/ecspell.py                      # wording pack on ecspell-odw/test.tsv
    python3 bench/ecspell.py --set ecspell-document-writing --split test
    python3 bench/ecspell.py --min-severity warning --show-fp

The TSV files (shared/corpus/csc/<set>/<split>.tsv, see shared/corpus/SOURCES.md §C) have the
columns id, wrong, correct, positions, edits, src_num_errors; rows with wrong == correct are
error-free sentences, kept to measure false alarms.

All source sentences are written to one .txt file, one per line, and gwlint runs once with
--format json; findings are mapped back by line number (columns are 1-based characters,
end exclusive).

Scoring. A sentence position is *wrong* where the source and target sentences differ
(position by position; difflib alignment for the rare rows of unequal length).
  finding TP: its span covers a wrong position and, if it has a suggestion, applying the
              suggestion gives the target text there; otherwise FP (a finding on correct text,
              or a wrong suggestion).
  sentence level: precision = flagged sentences whose findings are all TP / flagged sentences;
              recall = sentences with errors that have at least one TP finding / sentences with errors.
  character level: the characters a finding would change (for an equal-length suggestion the
              positions where it differs from the source, else the whole span) are its predicted
              positions; precision = predicted positions that are wrong positions and receive the
              target character / predicted positions; recall = wrong positions so corrected /
              all wrong positions.
Precision matters more than recall for a linter: a false alarm costs trust.
"""

import argparse
import collections
import csv
import difflib
import json
import os
import shlex
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEVERITIES = ["info", "warning", "error"]


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.environ.get("CSC", os.path.join(REPO, "..", "shared", "corpus", "csc")),
                    help="directory holding the ECSpell sets (default ../shared/corpus/csc, or $CSC)")
    ap.add_argument("--set", default="ecspell-odw", help="data set directory (default ecspell-odw)")
    ap.add_argument("--split", default="test", help="split file name without .tsv (default test)")
    ap.add_argument("--gwlint", default=os.path.join(REPO, "target", "release", "gwlint"))
    ap.add_argument("--rules", action="append", default=None,
                    help="rule pack(s) to measure (default rules/wording.yaml); repeatable")
    ap.add_argument("--select", action="append", default=[], help="passed on to gwlint --select")
    ap.add_argument("--min-severity", choices=SEVERITIES, default="info",
                    help="ignore findings below this severity (default: count all)")
    ap.add_argument("--show-fp", action="store_true", help="list every false positive")
    ap.add_argument("--show-tp", action="store_true", help="list every true positive")
    return ap.parse_args()


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        for k in ("wrong", "correct"):
            if "\n" in r[k] or "\r" in r[k]:
                sys.exit(f"{path}: row {r['id']} contains a line break")
    return rows


def wrong_positions(src, tgt):
    """Source positions that differ from the target, each mapped to its target text.

    For a substitution of equal length each position maps to one target character; for other
    edits every source position of the edited stretch maps to the whole target stretch.
    Insertions (no source characters) are attached to the preceding source character.
    """
    if len(src) == len(tgt):  # ECSpell rows are substitutions: compare position by position
        return {i: b for i, (a, b) in enumerate(zip(src, tgt)) if a != b}
    out = {}
    sm = difflib.SequenceMatcher(None, src, tgt, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                out[i1 + k] = tgt[j1 + k]
        elif i2 > i1:
            for i in range(i1, i2):
                out[i] = tgt[j1:j2]
        else:  # insertion
            out[max(i1 - 1, 0)] = tgt[j1:j2]
    return out


def judge(src, tgt, wrong, start, end, suggestion):
    """(is_tp, predicted positions, correctly predicted positions) for one finding."""
    span = range(start, end)
    covers = any(i in wrong for i in span)
    if suggestion is None:
        predicted = set(span)
        good = {i for i in span if i in wrong} if covers else set()
        return covers, predicted, good
    if len(suggestion) == end - start:
        predicted = {i for i in span if src[i] != suggestion[i - start]}
        if not predicted:  # a suggestion identical to the source: the span itself is flagged
            return covers, set(span), set()
        good = {i for i in predicted if i in wrong and wrong[i] == suggestion[i - start]}
        ok = good == predicted  # every character it changes becomes the target character
        return ok, predicted, good if ok else set()
    # Length-changing suggestion: correct only if the edit turns the sentence into the target
    # in that stretch (the rest of the sentence is compared as it is).
    fixed = src[:start] + suggestion + src[end:]
    ok = covers and (fixed == tgt or _stretch_matches(fixed, tgt, start, start + len(suggestion)))
    predicted = set(span)
    good = {i for i in span if i in wrong} if ok else set()
    return ok, predicted, good


def _stretch_matches(fixed, tgt, a, b):
    """Whether fixed[a:b] is aligned to an equal stretch of tgt."""
    sm = difflib.SequenceMatcher(None, fixed, tgt, autojunk=False)
    for op, i1, i2, _, _ in sm.get_opcodes():
        if op != "equal" and i1 < b and a < i2:
            return False
        if op != "equal" and i1 == i2 and a <= i1 <= b and a < b:
            return False
    return True


def main():
    args = parse_args()
    rules = args.rules or [os.path.join(REPO, "rules", "wording.yaml")]
    tsv = os.path.join(args.corpus, args.set, f"{args.split}.tsv")
    rows = read_rows(tsv)

    with tempfile.TemporaryDirectory() as tmp:
        txt = os.path.join(tmp, f"{args.set}-{args.split}.txt")
        with open(txt, "w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(r["wrong"] + "\n")
        cmd = [args.gwlint, "check", "--no-default-rules"]
        for p in rules:
            cmd += ["--rules", p]
        for s in args.select:
            cmd += ["--select", s]
        cmd += ["--format", "json", "--fail-on", "never", txt]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"gwlint failed ({proc.returncode}):\n{proc.stderr}")
        report = json.loads(proc.stdout)

    min_rank = SEVERITIES.index(args.min_severity)
    by_line = collections.defaultdict(list)
    for fr in report["files"]:
        for d in fr["diagnostics"]:
            if SEVERITIES.index(d["severity"]) < min_rank:
                continue
            if d["line"] != d["end_line"]:
                continue  # cannot happen with one sentence per line; be safe
            by_line[d["line"]].append(d)

    tp = fp = 0
    per_rule = collections.defaultdict(lambda: [0, 0])
    per_sev = collections.defaultdict(lambda: [0, 0])
    flagged = flagged_clean = 0
    err_sents = err_sents_hit = 0
    char_pred = char_pred_ok = char_gold = char_gold_ok = 0
    fps, tps = [], []
    for n, r in enumerate(rows, start=1):
        src, tgt = r["wrong"], r["correct"]
        wrong = wrong_positions(src, tgt)
        char_gold += len(wrong)
        findings = by_line.get(n, [])
        sent_tp = 0
        sent_fp = 0
        pred, good = set(), set()
        for d in findings:
            s, e = d["column"] - 1, d["end_column"] - 1
            ok, p, g = judge(src, tgt, wrong, s, e, d.get("suggestion"))
            pred |= p
            good |= g
            per_rule[d["rule"]][0 if ok else 1] += 1
            per_sev[d["severity"]][0 if ok else 1] += 1
            line = f"  {r['id']} {d['rule']} “{src[s:e]}”→“{d.get('suggestion')}” | {src[max(0, s - 10):e + 10]}"
            if ok:
                tp += 1
                sent_tp += 1
                tps.append(line)
            else:
                fp += 1
                sent_fp += 1
                fps.append(line)
        char_pred += len(pred)
        char_pred_ok += len(good)
        char_gold_ok += len(good)
        if findings:
            flagged += 1
            if sent_fp == 0:
                flagged_clean += 1
        if wrong:
            err_sents += 1
            if sent_tp:
                err_sents_hit += 1

    def ratio(a, b):
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"

    print("command: python3", " ".join(shlex.quote(a) for a in sys.argv))
    print("gwlint:", " ".join(shlex.quote(c) for c in cmd[:-1]), "<sentences.txt>")
    print(f"data: {tsv}: {len(rows)} sentences, {err_sents} with errors, {char_gold} wrong characters")
    print(f"findings counted: severity >= {args.min_severity}")
    print()
    print(f"findings            precision {ratio(tp, tp + fp)}")
    print(f"sentence level      precision {ratio(flagged_clean, flagged)}   recall {ratio(err_sents_hit, err_sents)}")
    print(f"character level     precision {ratio(char_pred_ok, char_pred)}   recall {ratio(char_gold_ok, char_gold)}")
    if per_rule:
        print()
        print("per severity (TP/FP):", ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per_sev.items())))
        print("per rule (TP/FP):")
        for k, v in sorted(per_rule.items()):
            print(f"  {k}: {v[0]}/{v[1]}")
    if args.show_tp and tps:
        print("\ntrue positives:")
        print("\n".join(tps))
    if args.show_fp and fps:
        print("\nfalse positives:")
        print("\n".join(fps))


if __name__ == "__main__":
    main()
