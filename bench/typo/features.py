"""The typo detector's candidates and features, as src/engine/kinds/typo/mod.rs computes them.

Kept in step with the Rust code by hand (the same tables, the same formulas); bench/typo/fit.py
uses it to fit the weights, and `python3 bench/typo/features.py` prints a sentence's candidates
for comparison with the binary.
"""
import math, os, sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_WORD = 6
UNKNOWN_FREQ = 0.5
WINDOW_BEFORE, WINDOW_AFTER = 4, 4
MIN_CONTEXT_GAIN = 3.0  # a replacement must raise the pair log-probability this much
SEEN = 2  # a position is looked at only when a pair with a neighbour was seen fewer times
TYPES = ["音同", "音近", "形近"]
NAMES = ["dw", "dc", "new_word_freq", "old_word_freq", "old_char", "new_char", "new_word_len",
         "old_single", "quoted", "old_left", "old_right", "new_left", "new_right"] + TYPES + ["steal"]


def han(c):
    return "\u4e00" <= c <= "\u9fff"


class Tables:
    def __init__(self, counts=None):
        self.words = {}
        with open(os.path.join(REPO, "data", "jieba-dict.txt"), encoding="utf-8") as f:
            for line in f:
                p = line.split()
                if len(p) >= 2:
                    self.words[p[0]] = int(p[1])
        self.log_total = math.log(sum(self.words.values()))
        self.conf = {}
        with open(os.path.join(REPO, "data", "typo", "same_pinyin.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                p = line.rstrip("\n").split("\t")
                if len(p) < 2 or len(p[0]) != 1:
                    continue
                d = self.conf.setdefault(p[0], {})
                for c in p[1]:
                    d.setdefault(c, 0)
                for c in (p[2] if len(p) > 2 else ""):
                    d.setdefault(c, 1)
        with open(os.path.join(REPO, "data", "typo", "same_stroke.txt"), encoding="utf-8") as f:
            for line in f:
                group = line.split()
                for a in group:
                    for b in group:
                        if a != b:
                            self.conf.setdefault(a, {}).setdefault(b, 2)
        with open(os.path.join(REPO, "data", "typo", "similar-shape.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                a, others = line.rstrip("\n").split("\t")
                for b in others:
                    self.conf.setdefault(a, {}).setdefault(b, 2)
        self.load_counts(counts)

    def load_counts(self, counts=None):
        """The character and pair counts (data/typo/char-counts.txt unless a held-out table)."""
        self.uni, self.bi = {}, {}
        with open(counts or os.path.join(REPO, "data", "typo", "char-counts.txt"), encoding="utf-8") as f:
            for line in f:
                k, n = line.rstrip("\n").split("\t")
                (self.uni if len(k) == 1 else self.bi)[k] = int(n)
        self.n = sum(self.uni.values())
        self.v = len(self.uni)

    def seg(self, w):
        """Best unigram segmentation: (log prob, the token (start, end) covering each position)."""
        n = len(w)
        best = [(0.0, 0)] + [(-1e18, 0)] * n
        for j in range(1, n + 1):
            for k in range(max(0, j - MAX_WORD), j):
                f = self.words.get(w[k:j])
                if f is None:
                    if j - k > 1:
                        continue
                    f = UNKNOWN_FREQ
                v = best[k][0] + math.log(f) - self.log_total
                if v > best[j][0]:
                    best[j] = (v, k)
        toks, j = [], n
        while j > 0:
            k = best[j][1]
            toks.append((k, j))
            j = k
        return best[n][0], toks

    def bigram_logp(self, a, b):
        pu = (self.uni.get(b, 0) + 0.5) / (self.n + self.v)
        ca = self.uni.get(a, 0)
        if not ca:
            return math.log(pu)
        return math.log(0.9 * self.bi.get(a + b, 0) / ca + 0.1 * pu)

    def candidates(self, s):
        """(position, old char, new char, feature vector) for every candidate worth scoring."""
        out = []
        opens = 0
        for i, ch in enumerate(s):
            if ch == "“":
                opens += 1
            elif ch == "”":
                opens = max(0, opens - 1)
            if not han(ch) or ch not in self.conf:
                continue
            left = s[i - 1] if i > 0 and han(s[i - 1]) else None
            right = s[i + 1] if i + 1 < len(s) and han(s[i + 1]) else None
            ol = self.bi.get(left + ch, 0) if left else None
            orr = self.bi.get(ch + right, 0) if right else None
            if min(x for x in (ol, orr, 1 << 30) if x is not None) >= SEEN:
                continue
            a, b = max(0, i - WINDOW_BEFORE), min(len(s), i + WINDOW_AFTER + 1)
            w = s[a:b]
            so, to = self.seg(w)
            otok = next(w[k:j] for k, j in to if k <= i - a < j)
            for c, typ in sorted(self.conf[ch].items()):
                if c == ch or (c not in self.uni and c not in self.words):
                    continue
                dc = 0.0
                if left:
                    dc += self.bigram_logp(left, c) - self.bigram_logp(left, ch)
                if right:
                    dc += self.bigram_logp(c, right) - self.bigram_logp(ch, right)
                if dc <= MIN_CONTEXT_GAIN:
                    continue
                nw = w[: i - a] + c + w[i - a + 1:]
                sn, tn = self.seg(nw)
                nk, nj = next((k, j) for k, j in tn if k <= i - a < j)
                ntok = nw[nk:nj]
                # The new word takes characters from a word of the old segmentation.
                bounds = {k for k, _ in to} | {j for _, j in to}
                steal = 0 if nk in bounds and nj in bounds else 1
                if len(ntok) < 2:
                    continue
                dw = sn - so
                if dw + dc < 0:
                    continue
                nl = self.bi.get(left + c, 0) if left else 0
                nr = self.bi.get(c + right, 0) if right else 0
                onehot = [0, 0, 0]
                onehot[typ] = 1
                x = [dw, dc, math.log1p(self.words.get(ntok, 0)), math.log1p(self.words.get(otok, 0)),
                     math.log1p(self.uni.get(ch, 0)), math.log1p(self.uni.get(c, 0)), len(ntok),
                     1 if len(otok) == 1 else 0, 1 if opens > 0 else 0,
                     math.log1p(ol or 0), math.log1p(orr or 0), math.log1p(nl), math.log1p(nr)] + onehot + [steal]
                out.append((i, ch, c, x))
        return out


if __name__ == "__main__":
    t = Tables()
    for s in sys.argv[1:]:
        for i, ch, c, x in t.candidates(s):
            print(i, ch, c, " ".join(f"{v:.3f}" for v in x))
