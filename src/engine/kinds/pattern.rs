//! `pattern` rules: a regex whose optional `hit` group is the part reported.

use regex::Regex;

use serde::Deserialize;

use super::{Kind, SpecError};
use crate::engine::Hit;
use crate::rules::yaml::{patterns, OneOrMany, RawPattern};
use crate::rules::Pattern;

#[derive(Debug, Clone)]
pub struct PatternRule {
    pub patterns: Vec<Pattern>,
    pub replace: Option<Replace>,
}

/// How a pattern rule's suggestion is made.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Replace {
    /// A template; `$name` / `${name}` refer to capture groups.
    Template(String),
    /// The reported text looked up in a table (`,` → `，`); no suggestion when absent.
    Map(std::collections::BTreeMap<String, String>),
}

spec! {
    pub struct Spec {
        pattern: OneOrMany<RawPattern>,
        replace: Replace,
    }
}

impl Kind for PatternRule {
    const NAME: &'static str = "pattern";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let patterns = patterns(spec.pattern.ok_or((
            Some("kind"),
            "kind: pattern 需要字段 pattern（正则表达式）".into(),
        ))?);
        if patterns.is_empty() {
            return Err((Some("pattern"), "pattern 不能为空列表".into()));
        }
        Ok(PatternRule {
            patterns,
            replace: spec.replace,
        })
    }

    fn fixable(&self) -> bool {
        self.replace.is_some()
    }

    fn patterns(&self) -> Vec<&Pattern> {
        self.patterns.iter().collect()
    }
}

/// Finds every hit of `re` in `text`. The search resumes at the end of the hit, not of the
/// whole match, so context consumed by one hit can serve the next (甲,乙,丙 has two commas).
pub fn find(rule: usize, re: &Regex, replace: Option<&Replace>, text: &str, out: &mut Vec<Hit>) {
    let mut pos = 0;
    while pos <= text.len() {
        let Some(caps) = re.captures_at(text, pos) else {
            break;
        };
        let whole = caps.get(0).expect("group 0 always participates");
        let hit = caps.name("hit").unwrap_or(whole);
        if !hit.is_empty() {
            let suggestion = replace.and_then(|r| match r {
                Replace::Template(t) => {
                    let mut s = String::new();
                    caps.expand(t, &mut s);
                    Some(s)
                }
                // A run of marks (,,) is replaced mark by mark when each is in the table.
                Replace::Map(m) => m.get(hit.as_str()).cloned().or_else(|| {
                    let mut buf = [0u8; 4];
                    hit.as_str()
                        .chars()
                        .map(|c| m.get(&*c.encode_utf8(&mut buf)).cloned())
                        .collect::<Option<String>>()
                }),
            });
            out.push(Hit {
                rule,
                start: hit.start(),
                end: hit.end(),
                suggestion,
                ..Default::default()
            });
        }
        pos = if hit.end() > pos {
            hit.end()
        } else {
            // No progress (empty hit at the search start): step over one character.
            match text[whole.start()..].chars().next() {
                Some(c) => whole.start().max(pos) + c.len_utf8(),
                None => break,
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(re: &str, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        find(0, &Regex::new(re).unwrap(), None, text, &mut out);
        out.iter()
            .map(|h| text[h.start..h.end].to_owned())
            .collect()
    }

    #[test]
    fn adjacent_hits_share_context() {
        assert_eq!(hits(r"\p{Han}(?P<hit>,)\p{Han}", "甲,乙,丙"), [",", ","]);
    }

    #[test]
    fn whole_match_without_hit_group_and_empty_matches_terminate() {
        assert_eq!(hits("xx", "axxbxx"), ["xx", "xx"]);
        assert!(hits("a*", "bbb").is_empty());
    }
}
