#!/usr/bin/env python3
"""Fits the typo detector's weights (logistic regression over bench/typo/features.py).

    pip install numpy scikit-learn
    python3 bench/typo/build_tables.py --exclude provincial --out /tmp/counts-heldout.txt
    python3 bench/typo/fit.py --counts /tmp/counts-heldout.txt          # one fold
    # the shipped weights: two folds, --negative-weight 1 (bench/typo/README.md)

Positives are the corrections of the ECSpell odw *train* split (the test split is never read
here); negatives are every other candidate there, plus every candidate in real documents that
the counts did not see (half of the held-out files; the other half measures false alarms per
10,000 characters). The weights go to data/typo/weights.txt, which src/engine/kinds/typo/mod.rs embeds.
"""
import argparse, csv, glob, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from features import Tables, NAMES, REPO


def sentences(files, limit):
    n = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                for s in re.split("[。；！？]", line.strip()):
                    if s and n < limit:
                        n += len(s)
                        yield os.path.basename(path), s


def main():
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    ap = argparse.ArgumentParser()
    corpus = os.path.join(REPO, "..", "shared", "corpus")
    ap.add_argument("--fold", nargs=2, action="append", metavar=("COUNTS", "GLOB"),
                    help="a held-out fold: counts built without these files, and the files "
                         "(repeatable; default: the provincial reports, counted with --counts)")
    ap.add_argument("--counts", help="counts built with --exclude provincial (the default fold)")
    ap.add_argument("--train", default=os.path.join(corpus, "csc", "ecspell-odw", "train.tsv"))
    ap.add_argument("--real-limit", type=int, default=700_000, help="characters read per fold")
    ap.add_argument("--negative-weight", type=float, default=3.0)
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    folds = a.fold or [(a.counts, os.path.join(corpus, "text", "provincial-gov-reports-2026", "*.txt"))]
    t = Tables(folds[0][0])
    X, y, train = [], [], []
    with open(a.train, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            s, g = r["wrong"], r["correct"]
            if len(s) != len(g):
                continue
            cs = t.candidates(s)
            train.append((s, g, cs))
            for i, _, c, x in cs:
                X.append(x)
                y.append(1 if g[i] == c else 0)
    # Each fold: every other file gives negatives, the rest measures false alarms; the counts
    # never saw either half, as they will not have seen a clerk's draft.
    w, held = [], []
    for counts, pattern in folds:
        t.load_counts(counts)
        files = sorted(glob.glob(pattern))
        fit_files = {os.path.basename(p) for p in files[::2]}
        for name, s in sentences(files, a.real_limit):
            cs = t.candidates(s)
            if name in fit_files:
                for _, _, _, x in cs:
                    X.append(x)
                    y.append(0)
                    w.append(a.negative_weight)
            else:
                held.append((s, cs))
    sw = np.array([1.0] * (len(y) - len(w)) + w)
    m = LogisticRegression(max_iter=10000).fit(np.array(X), np.array(y), sample_weight=sw)
    coef, b = m.coef_[0], m.intercept_[0]
    score = lambda x: float(np.dot(coef, x) + b)
    print(f"{len(y)} candidates, {sum(y)} positive")
    for name, v in zip(NAMES, coef):
        print(f"  {name:15s} {v:+.4f}")
    n_held = sum(len(s) for s, _ in held)
    for th in [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3]:
        flagged = ok = errs = hit = 0
        for s, g, cs in train:
            errs += s != g
            best = {}
            for i, _, c, x in cs:
                v = score(x)
                if v > th and v > best.get(i, (-1e9,))[0]:
                    best[i] = (v, c)
            if best:
                flagged += 1
                good = [g[i] == c for i, (_, c) in best.items()]
                ok += all(good)
                hit += any(good)
        fa = sum(len({i for i, _, _, x in cs if score(x) > th}) for _, cs in held)
        print(f"threshold {th:4.1f}: train P {ok / max(flagged, 1):.3f} R {hit / errs:.3f}; "
              f"held-out real text {fa} flags = {fa / n_held * 1e4:.2f} per 10k chars ({n_held} chars)")
    if a.write:
        out = os.path.join(REPO, "data", "typo", "weights.txt")
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            f.write("# 错别字检测的权重（bench/typo/fit.py 生成）：特征名 权重；bias 为截距\n")
            f.write(f"bias\t{b:.6f}\n")
            for name, v in zip(NAMES, coef):
                f.write(f"{name}\t{v:.6f}\n")
        print("->", out)


if __name__ == "__main__":
    main()
