#!/usr/bin/env python3
"""Builds data/typo/similar-shape.txt: characters whose stroke sequences differ by one stroke.

    python3 bench/typo/build_shapes.py STROKE_TXT

STROKE_TXT is pycorrector's data/stroke.txt (Apache-2.0; pip download pycorrector==1.1.4):
each character with its strokes as letters (横 h, 竖 s, 撇 p, 点 n, 折 z). Two characters whose
sequences are one stroke apart (休 pshspn, 体 pshspnh) are a
look-alike pair in most fonts, which is what a 形近 slip is. Only characters that occur in the
corpus counts (data/typo/char-counts.txt) are paired.
"""
import collections, os, sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MIN_STROKES = 2


def main():
    seen = set()
    with open(os.path.join(REPO, "data", "typo", "char-counts.txt"), encoding="utf-8") as f:
        for line in f:
            k = line.split("\t")[0]
            if len(k) == 1:
                seen.add(k)
    strokes = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 2 and len(p[0]) == 1 and p[0] in seen and len(p[1]) >= MIN_STROKES:
                strokes[p[0]] = p[1]
    by_strokes = collections.defaultdict(list)
    for ch, s in strokes.items():
        by_strokes[s].append(ch)
    # A pair is one stroke added or taken away (太/大, 木/术, 白/自); a changed stroke (爪/不)
    # pairs too many characters that do not look alike.
    pairs = collections.defaultdict(set)
    for ch, s in strokes.items():
        for i in range(len(s)):
            for other in by_strokes.get(s[:i] + s[i + 1:], ()):
                pairs[ch].add(other)
                pairs[other].add(ch)
    out = os.path.join(REPO, "data", "typo", "similar-shape.txt")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# 形近字：笔画序列相差一笔（由 bench/typo/build_shapes.py 从 pycorrector 的 stroke.txt 生成）\n")
        for a in sorted(pairs):
            f.write(f"{a}\t{''.join(sorted(pairs[a]))}\n")
    print(f"{len(pairs)} characters, {sum(len(v) for v in pairs.values()) // 2} pairs -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
