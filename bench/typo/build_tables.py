#!/usr/bin/env python3
"""Builds data/typo/char-counts.txt, the character statistics of the typo detector.

    python3 bench/typo/build_tables.py                       # from ../shared/corpus/text
    python3 bench/typo/build_tables.py --exclude provincial  # held-out runs (see bench/typo/README.md)

Counts Han characters and adjacent Han pairs over the public documents of the corpus
(shared/corpus/text, see its SOURCES.md). Paragraphs that contain a sentence of an ECSpell
test set are left out, so the detector is never measured on text it has counted. The output
is committed, since a fresh clone has no ../shared; build.rs turns it into binary tables.

Format: one entry per line, `X<TAB>count` or `XY<TAB>count`, sorted; pairs seen once are kept
(the detector's first test is whether a pair has been seen at all).
"""
import argparse, collections, csv, glob, os, sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def han(c):
    return "\u4e00" <= c <= "\u9fff"


def test_sentences(csc):
    out = []
    for path in glob.glob(os.path.join(csc, "*", "test.tsv")):
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                for k in ("wrong", "correct"):
                    s = r[k].strip()
                    if len(s) >= 8:
                        out.append(s[1:-1])  # the ends may be cut differently in the corpus
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(REPO, "..", "shared", "corpus"))
    ap.add_argument("--exclude", action="append", default=[], help="skip files whose path contains this")
    ap.add_argument("--out", default=os.path.join(REPO, "data", "typo", "char-counts.txt"))
    a = ap.parse_args()
    tests = test_sentences(os.path.join(a.corpus, "csc"))
    import re
    # One alternation over the test sentences finds the paragraphs to drop in one pass each.
    probe = re.compile("|".join(re.escape(s) for s in sorted(set(tests), key=len, reverse=True)))
    counts = collections.Counter()
    dropped = 0
    files = sorted(glob.glob(os.path.join(a.corpus, "text", "*", "*.txt")))
    for path in files:
        if any(x in path for x in a.exclude):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if probe.search(line):
                    dropped += 1
                    continue
                prev = None
                for c in line:
                    if han(c):
                        counts[c] += 1
                        if prev:
                            counts[prev + c] += 1
                        prev = c
                    else:
                        prev = None
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        for k in sorted(counts):
            f.write(f"{k}\t{counts[k]}\n")
    print(f"{len(files)} files, {dropped} paragraphs left out (ECSpell test overlap), "
          f"{sum(1 for k in counts if len(k) == 1)} characters, {sum(1 for k in counts if len(k) == 2)} pairs -> {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
