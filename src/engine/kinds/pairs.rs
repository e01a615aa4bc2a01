//! `pairs` rules: paired marks (“” 《》 （） …) must open and close. Checked with a stack per
//! paragraph; a pair may also span consecutive lines, as a two-line title
//! (《政府网站集约化 / 试点工作方案》) or a bracketed revision note does in plain text, and a
//! quotation running over several paragraphs (总书记指出：“… / “… / “…。”) opens each one
//! with “ and closes only the last.

use serde::de::{self, Deserializer};
use serde::Deserialize;

use super::{DocContext, Kind, SpecError};
use crate::engine::Hit;
use crate::document::Document;

/// An opening and a closing mark: (“, ”).
pub type Pair = (char, char);

/// Paired marks, each (opening, closing).
#[derive(Debug, Clone)]
pub struct PairsRule {
    pub pairs: Vec<Pair>,
    /// When set, the rule checks nesting instead of balance: a mark opened again inside itself
    /// should use the inner form (“ inside “ → ‘; 《 inside 《 → 〈).
    pub nesting: Vec<(Pair, Pair)>,
}

spec! {
    pub struct Spec {
        pairs: Vec<PairMarks>,
        nesting: std::collections::BTreeMap<PairMarks, PairMarks>,
    }
}

/// Two characters: the opening and closing mark (“” or 《》).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub struct PairMarks(char, char);

impl<'de> Deserialize<'de> for PairMarks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let mut chars = s.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(a), Some(b), None) if a != b => Ok(PairMarks(a, b)),
            _ => Err(de::Error::custom(format!(
                "成对标号“{s}”应是两个不同的字符：前半个和后半个，如“《》”"
            ))),
        }
    }
}

impl Kind for PairsRule {
    const NAME: &'static str = "pairs";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let nesting: Vec<(Pair, Pair)> = spec
            .nesting
            .unwrap_or_default()
            .into_iter()
            .map(|(o, i)| ((o.0, o.1), (i.0, i.1)))
            .collect();
        let pairs: Vec<Pair> = match spec.pairs {
            Some(p) => p.into_iter().map(|p| (p.0, p.1)).collect(),
            None if !nesting.is_empty() => nesting.iter().map(|n| n.0).collect(),
            None => {
                return Err((
                    Some("kind"),
                    "kind: pairs 需要字段 pairs（如 ['“”', '《》']）或 nesting".into(),
                ))
            }
        };
        if pairs.is_empty() {
            return Err((Some("pairs"), "pairs 不能为空列表".into()));
        }
        Ok(PairsRule { pairs, nesting })
    }

    /// A nesting finding names the inner form; an unbalanced mark has no single fix.
    fn suggests(&self) -> bool {
        !self.nesting.is_empty()
    }

    fn document_hits(&self, rule: usize, cx: &DocContext) -> Vec<(usize, Hit)> {
        if self.nesting.is_empty() {
            find(rule, &self.pairs, cx.doc)
        } else {
            find_nesting(rule, &self.nesting, cx.doc)
        }
    }
}

/// How many following paragraphs may close what one paragraph left open (a bracketed
/// revision note lists one revision per line).
const MAX_SPAN: usize = 10;

/// Marks that open a quotation: a quotation running over several paragraphs opens each of
/// them again and closes only the last.
const QUOTES: &[char] = &['“', '‘', '「', '『'];

/// The marks of a paragraph, found without decoding every character: paired marks are a
/// handful of punctuation characters whose UTF-8 starts with a few distinct bytes (E2 for “”,
/// E3 for 《》〔〕, EF for （）), so a vectorised byte search finds the candidates.
struct Marks {
    leads: Vec<u8>,
}

impl Marks {
    fn new(marks: impl Iterator<Item = char>) -> Self {
        let mut leads: Vec<u8> = marks
            .map(|c| {
                let mut b = [0u8; 4];
                c.encode_utf8(&mut b);
                b[0]
            })
            .collect();
        leads.sort_unstable();
        leads.dedup();
        Marks { leads }
    }

    /// (byte offset, character) of every character that could be a mark, in order.
    fn candidates<'t>(&self, text: &'t str) -> Box<dyn Iterator<Item = (usize, char)> + 't> {
        let at = move |i: usize| text[i..].chars().next().map(|c| (i, c));
        let bytes = text.as_bytes();
        match self.leads[..] {
            [a] => Box::new(memchr::memchr_iter(a, bytes).filter_map(at)),
            [a, b] => Box::new(memchr::memchr2_iter(a, b, bytes).filter_map(at)),
            [a, b, c] => Box::new(memchr::memchr3_iter(a, b, c, bytes).filter_map(at)),
            _ => Box::new(text.char_indices()),
        }
    }
}

#[derive(Clone, Copy)]
struct Open {
    para: usize,
    pos: usize,
    mark: char,
}

/// Returns (paragraph index, hit) for every unpaired mark.
pub fn find(rule: usize, pairs: &[Pair], doc: &Document) -> Vec<(usize, Hit)> {
    let opener_of = |c: char| pairs.iter().find(|p| p.1 == c).map(|p| p.0);
    let is_opener = |c: char| pairs.iter().any(|p| p.0 == c);
    let marks = Marks::new(pairs.iter().flat_map(|p| [p.0, p.1]));
    let mut out = Vec::new();
    // Openers left unclosed by earlier paragraphs, still allowed to close here.
    let mut carried: Vec<Open> = Vec::new();
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let text = &para.text;
        let mut stack: Vec<Open> = Vec::new();
        for (pos, c) in marks.candidates(text) {
            if is_opener(c) {
                stack.push(Open {
                    para: pi,
                    pos,
                    mark: c,
                });
            } else if let Some(open) = opener_of(c) {
                if let Some(depth) = stack.iter().rposition(|o| o.mark == open) {
                    // Anything opened inside and not closed before this closer is unpaired.
                    for o in stack.drain(depth..).skip(1) {
                        out.push(hit(rule, o));
                    }
                } else if let Some(k) = carried.iter().rposition(|o| o.mark == open) {
                    carried.remove(k);
                } else {
                    out.push(hit(
                        rule,
                        Open {
                            para: pi,
                            pos,
                            mark: c,
                        },
                    ));
                }
            }
        }
        // A quotation continuing into the next paragraph: that paragraph opens with “ again.
        let next_reopens = |mark: char| {
            doc.paragraphs
                .get(pi + 1)
                .is_some_and(|n| n.text.starts_with(mark))
        };
        let unclosed = stack
            .into_iter()
            .filter(|o| !(QUOTES.contains(&o.mark) && next_reopens(o.mark)));
        // Unclosed marks wait for the next paragraphs; report those that expire unclosed.
        for o in std::mem::take(&mut carried) {
            if pi - o.para < MAX_SPAN {
                carried.push(o);
            } else {
                out.push(hit(rule, o));
            }
        }
        carried.extend(unclosed);
    }
    out.extend(carried.into_iter().map(|o| hit(rule, o)));
    out.sort_by_key(|(p, h)| (*p, h.start));
    out
}

/// Nesting: a mark opened directly inside itself should use the inner form (“ inside “ → ‘,
/// 《 inside 《 → 〈). A third level inside an inner mark (《…〈…《…》…〉…》) is left alone, as
/// practice drops or reuses marks there. Reports the inner opening and closing marks.
pub fn find_nesting(rule: usize, nesting: &[(Pair, Pair)], doc: &Document) -> Vec<(usize, Hit)> {
    let opener = |c: char| nesting.iter().any(|(o, i)| o.0 == c || i.0 == c);
    let closer_of = |c: char| {
        nesting.iter().find_map(|(o, i)| {
            if o.1 == c {
                Some(o.0)
            } else if i.1 == c {
                Some(i.0)
            } else {
                None
            }
        })
    };
    let inner_of = |c: char| {
        nesting
            .iter()
            .find(|(o, _)| o.0 == c || o.1 == c)
            .map(|n| n.1)
    };
    let marks = Marks::new(nesting.iter().flat_map(|(o, i)| [o.0, o.1, i.0, i.1]));
    let mut out = Vec::new();
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        // Nesting cannot be judged where a mark is unbalanced: one stray “ would make every
        // later quotation look nested. That is paired-balance's finding, not this rule's.
        // One pass counts every mark; nesting needs some mark opened twice.
        let mut counts = vec![0usize; nesting.len() * 4];
        for (_, c) in marks.candidates(&para.text) {
            for (k, (o, i)) in nesting.iter().enumerate() {
                for (j, m) in [o.0, o.1, i.0, i.1].into_iter().enumerate() {
                    if c == m {
                        counts[k * 4 + j] += 1;
                    }
                }
            }
        }
        let opened_twice = counts.chunks(4).any(|c| c[0] >= 2);
        let balanced = counts.chunks(4).all(|c| c[0] == c[1] && c[2] == c[3]);
        if !opened_twice || !balanced {
            continue;
        }
        // (opening mark, opened directly inside the same mark?)
        let mut stack: Vec<(char, bool)> = Vec::new();
        for (pos, c) in marks.candidates(&para.text) {
            let mut report = |replacement: char| {
                out.push((
                    pi,
                    Hit {
                        rule,
                        start: pos,
                        end: pos + c.len_utf8(),
                        suggestion: Some(replacement.to_string()),
                        ..Default::default()
                    },
                ))
            };
            if opener(c) {
                let nested = stack.last().is_some_and(|&(top, _)| top == c);
                if nested {
                    if let Some(inner) = inner_of(c) {
                        report(inner.0);
                    }
                }
                stack.push((c, nested));
            } else if let Some(open) = closer_of(c) {
                if let Some(depth) = stack.iter().rposition(|&(o, _)| o == open) {
                    if stack[depth].1 {
                        if let Some(inner) = inner_of(c) {
                            report(inner.1);
                        }
                    }
                    stack.truncate(depth);
                }
            }
        }
    }
    out
}

fn hit(rule: usize, o: Open) -> (usize, Hit) {
    (
        o.para,
        Hit {
            rule,
            start: o.pos,
            end: o.pos + o.mark.len_utf8(),
            ..Default::default()
        },
    )
}
