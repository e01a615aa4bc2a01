//! The `typo` kind: 错别字 that no list names (贯沏 for 贯彻, 总休 for 总体).
//!
//! Each Han character that forms a pair seldom seen in the counted documents with a neighbour
//! is tried against the characters it is confused with (same or near sound, similar shape).
//! A replacement is a candidate when it makes a dictionary word of two or more characters; the
//! candidate is scored by a logistic model over what changed (the best jieba-dictionary
//! segmentation of the nine characters around it, the character-pair statistics on each side,
//! the words' and characters' frequencies, the kind of confusion, whether it is quoted) and
//! reported when the score passes the rule's threshold (at `info` between `review_threshold`
//! and `threshold`). A character that sits in four characters one slip away from one of
//! jieba's idioms (因第制宜) is reported without scoring. The features are the ones
//! bench/typo/features.py computes; bench/typo/fit.py fits the weights (`data/typo/weights.txt`;
//! how and what they measure: bench/typo/README.md).
//! A finding names the word and the kind of slip, so a clerk can judge it; it is never fixed
//! automatically.
//!
//! Over 500 lines with its tests; the candidates, the features and the model are one detector
//! (tables in `tables.rs`).

mod tables;

use super::{Kind, ParaContext, SpecError};
use crate::engine::{dict, Hit};
use crate::rules::Severity;
use tables::{char_count, char_totals, confusions, in_some_word, pair_count};

/// The typo detector's settings: the score a candidate must pass at the rule's severity, the
/// lower score that reports it as `info` (a review tier), and the strings it never reports
/// inside (names, places, terms of art).
#[derive(Debug, Clone)]
pub struct TypoRule {
    pub threshold: f64,
    pub review_threshold: f64,
    pub exceptions: Vec<String>,
}

spec! {
    pub struct Spec {
        threshold: f64,
        review_threshold: f64,
        exceptions: Vec<String>,
    }
}

impl Kind for TypoRule {
    const NAME: &'static str = "typo";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let threshold = spec.threshold.unwrap_or(3.0);
        if !threshold.is_finite() {
            return Err((Some("threshold"), "threshold 必须是一个数".into()));
        }
        let review_threshold = spec.review_threshold.unwrap_or(threshold);
        if !review_threshold.is_finite() || review_threshold > threshold {
            return Err((
                Some("review_threshold"),
                "review_threshold 必须是一个不大于 threshold 的数".into(),
            ));
        }
        Ok(TypoRule {
            threshold,
            review_threshold,
            exceptions: spec.exceptions.unwrap_or_default(),
        })
    }

    /// The word it would make is named; a guess is never applied by a program.
    fn suggests(&self) -> bool {
        true
    }

    fn per_paragraph(&self) -> bool {
        true
    }

    fn paragraph_hits(&self, rule: usize, cx: &ParaContext, hits: &mut Vec<Hit>) {
        find(rule, self, cx.text, hits)
    }

    fn yields_to_named(&self) -> bool {
        true
    }
}

/// The longest word the segmentation tries, in characters.
const MAX_WORD: usize = 6;
/// The frequency of a character jieba's dictionary does not have as a word.
const UNKNOWN_FREQ: f64 = 0.5;
/// Characters on each side of the candidate that the segmentation sees.
const WINDOW: usize = 4;
/// A character whose pairs with both neighbours were counted fewer times than this is bound to
/// neither, as the one wrong character of an idiom is. A position is looked at only when it is
/// bound to neither neighbour or a pair with one was never counted (in the counted documents,
/// most pairs around a slip were never seen); tables.rs keeps a bit set of the pairs counted
/// and one of those counted this often, which decide it.
const UNBOUND: u32 = 2;
/// A replacement must make the character pairs on its sides this much more likely (natural
/// log); almost no correction the model would report gains less (bench/typo/README.md).
const MIN_CONTEXT_GAIN: f64 = 3.0;
const FEATURES: usize = 17;
const FEATURE_NAMES: [&str; FEATURES] = [
    "dw",
    "dc",
    "new_word_freq",
    "old_word_freq",
    "old_char",
    "new_char",
    "new_word_len",
    "old_single",
    "quoted",
    "old_left",
    "old_right",
    "new_left",
    "new_right",
    "音同",
    "音近",
    "形近",
    "steal",
];

struct Model {
    bias: f64,
    weights: [f64; FEATURES],
}

fn model() -> &'static Model {
    static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        let mut m = Model {
            bias: 0.0,
            weights: [0.0; FEATURES],
        };
        for line in include_str!("../../../../data/typo/weights.txt").lines() {
            let Some((name, value)) = line.split_once('\t') else {
                continue;
            };
            let Ok(value) = value.parse::<f64>() else {
                continue;
            };
            if name == "bias" {
                m.bias = value;
            } else if let Some(i) = FEATURE_NAMES.iter().position(|n| *n == name) {
                m.weights[i] = value;
            }
        }
        m
    })
}

/// Only the basic CJK block: the statistics know nothing else.
fn han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// P(b | a) from the pair counts, interpolated with b's own frequency: `count_a` is a's count,
/// `pair` gives the count of a followed by b (asked only when a was counted), `unigram_b` is
/// `unigram(b)`.
fn pair_p(count_a: u32, pair: impl FnOnce() -> u32, unigram_b: f64) -> f64 {
    match count_a {
        0 => unigram_b,
        ca => 0.9 * f64::from(pair()) / f64::from(ca) + 0.1 * unigram_b,
    }
}

/// A character's smoothed share of all counted characters.
fn unigram(c: char) -> f64 {
    static DENOMINATOR: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    let d = DENOMINATOR.get_or_init(|| {
        let (distinct, sum) = char_totals();
        (sum + distinct) as f64
    });
    (f64::from(char_count(c)) + 0.5) / d
}

/// The pair probabilities of a replacement `c` with the characters on each side.
struct Context {
    /// The left neighbour and its count.
    left: Option<(char, u32)>,
    /// The right neighbour and its unigram share.
    right: Option<(char, f64)>,
}

impl Context {
    fn new(left: Option<char>, right: Option<char>) -> Context {
        Context {
            left: left.map(|l| (l, char_count(l))),
            right: right.map(|r| (r, unigram(r))),
        }
    }

    /// P(c | left) · P(right | c), as `pair_p` gives them.
    fn p(&self, c: char) -> f64 {
        self.p_bounded(c, 0.0).unwrap_or(0.0)
    }

    /// `p(c)` when it is above `needed`: the left pair first, then a bound of the right one from
    /// the characters' counts alone (a pair is never counted more often than either of its
    /// characters; build.rs checks), which mostly settles it without the pair lookup.
    fn p_bounded(&self, c: char, needed: f64) -> Option<f64> {
        let unigram_c = unigram(c);
        let pl = self
            .left
            .map_or(1.0, |(l, nl)| pair_p(nl, || pair_count(l, c), unigram_c));
        let Some((r, unigram_r)) = self.right else {
            return (pl > needed).then_some(pl);
        };
        let nc = char_count(c);
        let bound = pair_p(nc, || nc.min(char_count(r)), unigram_r);
        if pl * bound <= needed {
            return None;
        }
        let p = pl * pair_p(nc, || pair_count(c, r), unigram_r);
        (p > needed).then_some(p)
    }
}

/// The log frequencies of the dictionary words in a window: `at[k][l]` for the word of `l + 1`
/// characters starting at `k` (None: not a word; a lone character counts as a rare word).
type Words = [[Option<f64>; MAX_WORD]; 2 * WINDOW + 1];

/// Fills `words` for the window `w`; with `only`, just the entries whose word covers that
/// position (the rest are the same as before a one-character change there).
fn look_up(w: &[char], only: Option<usize>, words: &mut Words, buf: &mut String) {
    for k in 0..w.len() {
        if only.is_some_and(|p| k > p) {
            break;
        }
        let reset = only.map_or(0, |p| p - k);
        let span = MAX_WORD.min(w.len() - k);
        words[k][reset.min(span)..span].fill(None);
        buf.clear();
        for l in 0..MAX_WORD.min(w.len() - k) {
            buf.push(w[k + l]);
            let (freq, longer) = dict::probe(buf);
            words[k][l] = match freq {
                Some(f) => Some(f64::from(f).ln()),
                None if l == 0 => Some(UNKNOWN_FREQ.ln()),
                None => None,
            };
            if !longer {
                break;
            }
        }
    }
}

/// The best segmentation of a window of `n` characters by word frequency.
struct Segmentation {
    logp: f64,
    /// The token (start, end in characters) that covers the changed character.
    token: (usize, usize),
    /// Bit `k` set: a token boundary falls before character `k`.
    bounds: u32,
}

fn segment(n: usize, words: &Words, at: usize) -> Segmentation {
    let log_total = (dict::total() as f64).ln();
    let mut best = [(f64::NEG_INFINITY, 0usize); 2 * WINDOW + 2];
    best[0].0 = 0.0;
    for j in 1..=n {
        for k in j.saturating_sub(MAX_WORD)..j {
            let Some(lf) = words[k][j - k - 1] else {
                continue;
            };
            let v = best[k].0 + lf - log_total;
            if v > best[j].0 {
                best[j] = (v, k);
            }
        }
    }
    let mut seg = Segmentation {
        logp: best[n].0,
        token: (0, 0),
        bounds: 1 << n,
    };
    let mut j = n;
    while j > 0 {
        let k = best[j].1;
        seg.bounds |= 1 << k;
        if k <= at && at < j {
            seg.token = (k, j);
        }
        j = k;
    }
    seg
}

struct Candidate {
    score: f64,
    start: usize,
    end: usize,
    word: String,
    confusion: tables::Confusion,
}

pub fn find(ri: usize, rule: &TypoRule, text: &str, hits: &mut Vec<Hit>) {
    if !text.chars().any(han) {
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let m = model();
    let mut buf = String::new();
    let mut quotes = 0usize;
    // A candidate's hit (spans in characters), unless an exception covers it.
    let mut report = |c: Candidate, reason: String, severity: Option<Severity>| {
        let start = chars[c.start].0;
        let end = chars.get(c.end).map_or(text.len(), |p| p.0);
        if !excepted(text, start, end, &rule.exceptions) {
            hits.push(Hit {
                rule: ri,
                start,
                end,
                suggestion: Some(c.word),
                vars: vec![("reason", reason)],
                severity,
            });
        }
    };
    // Whether the pair with the previous character is common, carried over as the next
    // position's left pair.
    let mut carried: Option<bool> = None;
    for i in 0..chars.len() {
        let ch = chars[i].1;
        match ch {
            '“' => quotes += 1,
            '”' => quotes = quotes.saturating_sub(1),
            _ => {}
        }
        if !han(ch) {
            carried = None;
            continue;
        }
        let left = i.checked_sub(1).map(|p| chars[p].1).filter(|&c| han(c));
        let right = chars.get(i + 1).map(|p| p.1).filter(|&c| han(c));
        let left_common = carried.take();
        let right_common = right.map(|r| tables::common_pair(ch, r));
        carried = right_common;
        // Most positions of ordinary text are common pairs with both neighbours: passed over
        // on one bit set. The rest are decided on a second, without the pair table (most of
        // what it answers is in no table at all).
        if left_common
            .into_iter()
            .chain(right_common)
            .all(|common| common)
        {
            continue;
        }
        let seen = |common: bool, a: char, b: char| common || tables::counted_pair(a, b);
        let left_seen = left.zip(left_common).map(|(l, common)| seen(common, l, ch));
        let right_seen = right
            .zip(right_common)
            .map(|(r, common)| seen(common, ch, r));
        let never_seen = left_seen == Some(false) || right_seen == Some(false);
        let bound_to_one = left_common == Some(true) || right_common == Some(true);
        // Every pair seen, and one of them UNBOUND times or more: an ordinary position.
        if !never_seen && bound_to_one {
            continue;
        }
        let old_left = left.map(|l| pair_count(l, ch));
        let old_right = right.map(|r| pair_count(ch, r));
        // An idiom slip leaves the character bound to neither neighbour (项目无法继续 is not
        // 目无法纪: 继续 is a common pair).
        let unbound = old_left.into_iter().chain(old_right).all(|n| n < UNBOUND);
        if let Some(slip) = unbound.then(|| idiom_slip(&chars, i)).flatten() {
            let reason = format!("成语，{}", slip.confusion.label());
            report(slip, reason, None);
            continue;
        }
        // A word of two or more characters around the replacement pairs it with a neighbour.
        let makes_pair = |c: char| {
            i.checked_sub(1)
                .is_some_and(|p| in_some_word(chars[p].1, c))
                || chars.get(i + 1).is_some_and(|p| in_some_word(c, p.1))
        };
        // The pair statistics on each side, which cost nothing next to a segmentation.
        // Compared as probabilities: a logarithm per candidate would cost more than the rest.
        let context = Context::new(left, right);
        let old_context = context.p(ch);
        let needed = old_context * MIN_CONTEXT_GAIN.exp();
        // The context first: it keeps the fewest, and its lookups mostly stop at a bit set.
        let mut replacements = confusions(ch)
            .filter_map(|(c, confusion)| context.p_bounded(c, needed).map(|p| (c, confusion, p)))
            .filter(|&(c, ..)| makes_pair(c))
            .map(|(c, confusion, p)| (c, confusion, (p / old_context).ln()))
            .peekable();
        if replacements.peek().is_none() {
            continue;
        }
        let a = i.saturating_sub(WINDOW);
        let b = (i + WINDOW + 1).min(chars.len());
        let mut w: Vec<char> = chars[a..b].iter().map(|p| p.1).collect();
        let at = i - a;
        let mut old_words: Words = [[None; MAX_WORD]; 2 * WINDOW + 1];
        look_up(&w, None, &mut old_words, &mut buf);
        let old = segment(w.len(), &old_words, at);
        let (ok, oj) = old.token;
        let old_word: String = w[ok..oj].iter().collect();
        let old_word_freq = dict::freq(&old_word).map_or(0.0, f64::from);
        let mut best: Option<Candidate> = None;
        let mut new_words = old_words;
        for (c, confusion, dc) in replacements {
            w[at] = c;
            look_up(&w, Some(at), &mut new_words, &mut buf);
            let new = segment(w.len(), &new_words, at);
            let (nk, nj) = new.token;
            if nj - nk < 2 {
                continue;
            }
            let dw = new.logp - old.logp;
            // The new word takes characters from a word of the old segmentation.
            let steal = old.bounds & (1 << nk) == 0 || old.bounds & (1 << nj) == 0;
            if dw + dc < 0.0 {
                continue;
            }
            let new_word: String = w[nk..nj].iter().collect();
            let log1p = |n: u32| f64::from(n).ln_1p();
            let features: [f64; FEATURES] = [
                dw,
                dc,
                dict::freq(&new_word).map_or(0.0, f64::from).ln_1p(),
                old_word_freq.ln_1p(),
                log1p(char_count(ch)),
                log1p(char_count(c)),
                (nj - nk) as f64,
                f64::from(u8::from(oj - ok == 1)),
                f64::from(u8::from(quotes > 0)),
                log1p(old_left.unwrap_or(0)),
                log1p(old_right.unwrap_or(0)),
                log1p(left.map_or(0, |l| pair_count(l, c))),
                log1p(right.map_or(0, |r| pair_count(c, r))),
                f64::from(u8::from(confusion == tables::Confusion::SameSound)),
                f64::from(u8::from(confusion == tables::Confusion::NearSound)),
                f64::from(u8::from(confusion == tables::Confusion::SimilarShape)),
                f64::from(u8::from(steal)),
            ];
            let score = m.bias
                + features
                    .iter()
                    .zip(&m.weights)
                    .map(|(x, w)| x * w)
                    .sum::<f64>();
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(Candidate {
                    score,
                    start: a + nk,
                    end: a + nj,
                    word: new_word,
                    confusion,
                });
            }
        }
        w[at] = ch;
        let Some(best) = best
            .filter(|b| b.score > rule.review_threshold)
            .filter(|b| !parallel(&chars, b.start, b.end, i))
        else {
            continue;
        };
        let severity = (best.score <= rule.threshold).then_some(Severity::Info);
        let reason = best.confusion.label().to_owned();
        report(best, reason, severity);
    }
}

/// A four-character idiom that the text around character `i` is one slip away from (因第制宜
/// for 因地制宜): such a slip is reported without scoring, the idiom being fixed. The four
/// characters must not be a dictionary word themselves.
fn idiom_slip(chars: &[(usize, char)], i: usize) -> Option<Candidate> {
    let ch = chars[i].1;
    for s in i.saturating_sub(3)..=i {
        let Some(window) = chars.get(s..s + 4) else {
            break;
        };
        let window: [char; 4] = std::array::from_fn(|k| window[k].1);
        if !window.iter().all(|&c| han(c)) {
            continue;
        }
        for c in tables::idiom_fills(window, i - s) {
            let Some((_, confusion)) = confusions(ch).find(|&(x, _)| x == c) else {
                continue;
            };
            if dict::freq(&window.iter().collect::<String>()).is_some() {
                return None;
            }
            let mut idiom = window;
            idiom[i - s] = c;
            return Some(Candidate {
                score: f64::INFINITY, // not scored: the idiom is fixed
                start: s,
                end: s + 4,
                word: idiom.iter().collect(),
                confusion,
            });
        }
    }
    None
}

/// Whether the stretch `start..end` is one of a run of parallel coinages: the character `i`
/// that would be replaced stands in the same place in the stretch of the same length just
/// before or after it, directly or across a 、. 赋权、赋能、赋责 is deliberate, not a slip for
/// 负责; in 创新创燥 the shared 创 is kept, so the slip is still reported.
fn parallel(chars: &[(usize, char)], start: usize, end: usize, i: usize) -> bool {
    let len = end - start;
    let ch = chars[i].1;
    let sibling = |from: usize| {
        chars
            .get(from..from + len)
            .is_some_and(|other| other.iter().all(|p| han(p.1)) && other[i - start].1 == ch)
    };
    let joined_by = |k: Option<usize>| k.and_then(|k| chars.get(k)).is_some_and(|p| p.1 == '、');
    let before = |gap: usize| start.checked_sub(len + gap).is_some_and(sibling);
    sibling(end)
        || before(0)
        || (joined_by(start.checked_sub(1)) && before(1))
        || (joined_by(Some(end)) && sibling(end + 1))
}

/// Whether the flagged stretch lies in an occurrence of one of the rule's exceptions
/// (names, places and terms of art that look like slips).
fn excepted(text: &str, start: usize, end: usize, exceptions: &[String]) -> bool {
    exceptions.iter().any(|e| {
        text.match_indices(e.as_str())
            .any(|(s, m)| s < end && start < s + m.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(threshold: f64, review_threshold: f64, text: &str) -> Vec<Hit> {
        let rule = TypoRule {
            threshold,
            review_threshold,
            exceptions: Vec::new(),
        };
        let mut hits = Vec::new();
        find(0, &rule, text, &mut hits);
        hits
    }

    #[test]
    fn scores_between_the_thresholds_are_reported_for_review() {
        let text = "各单位要很据实际情况制定方案。";
        let hit = |h: &Hit| {
            (
                &text[h.start..h.end],
                h.suggestion.clone().unwrap(),
                h.severity,
            )
        };
        let found: Vec<_> = run(1.0, 0.0, text).iter().map(hit).collect();
        assert_eq!(found, [("很据", "根据".to_owned(), None)]);
        let found: Vec<_> = run(100.0, 0.0, text).iter().map(hit).collect();
        assert_eq!(found, [("很据", "根据".to_owned(), Some(Severity::Info))]);
        assert!(run(100.0, 100.0, text).is_empty());
    }

    #[test]
    fn an_idiom_one_slip_off_is_reported_without_a_score() {
        let hits = run(100.0, 100.0, "要因第制宜推进工作。");
        let text = "要因第制宜推进工作。";
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].start..hits[0].end], "因第制宜");
        assert_eq!(hits[0].suggestion.as_deref(), Some("因地制宜"));
        assert_eq!(hits[0].severity, None);
        assert!(run(1.0, 0.0, "要因地制宜推进工作。").is_empty());
        assert!(run(1.0, 0.0, "导致项目无法继续实施的。").is_empty());
    }

    #[test]
    fn a_coinage_parallel_to_its_neighbours_is_not_a_slip() {
        // 2026 广东省政府工作报告: 赋责 parallels 赋权、赋能; 创新创燥 (ECSpell odw) keeps 创.
        let shared = |text: &str| {
            run(0.0, 0.0, text)
                .iter()
                .map(|h| text[h.start..h.end].to_owned())
                .collect::<Vec<_>>()
        };
        assert!(
            !shared("加快完善赋权、赋能、赋责相统一的县镇管理模式。").contains(&"赋责".to_owned())
        );
        assert!(shared("聚焦责权一致，加快落实赋责相统一的模式。").contains(&"赋责".to_owned()));
        assert!(shared("更大程度激发市场、社会的创新创燥活力。").contains(&"创燥".to_owned()));
    }
}
