//! A rule's regular expression: parsed (and so validated) when the pack loads, compiled only
//! when first needed, with the characters any match must contain, so that a paragraph without
//! them is never searched. Compiling the ~80 built-in patterns up front would cost more than
//! checking a whole draft. The built-in packs' patterns are parsed when gwlint is built
//! (build.rs, src/rules/required.rs).

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

use super::required::Required;

const SIZE_LIMIT: usize = 10 * (1 << 20);

#[derive(Debug)]
pub struct Pattern {
    source: String,
    /// Some match must contain one of these; None when no small set exists.
    triggers: Option<Vec<char>>,
    /// Strings of two or more characters one of which every match contains (，，, 省省委):
    /// rarer than any single character, so a paragraph is searched less often.
    needles: Option<Vec<String>>,
    /// Sets of strings every match contains one of each (、 and 以及|及): all must be present
    /// in a paragraph for the pattern to run. Empty when nothing is known.
    clauses: Vec<Vec<String>>,
    regex: OnceLock<Regex>,
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        Pattern {
            source: self.source.clone(),
            triggers: self.triggers.clone(),
            needles: self.needles.clone(),
            clauses: self.clauses.clone(),
            regex: self.regex.clone(),
        }
    }
}

impl Pattern {
    /// Parses `source` (a built-in pack's pattern was parsed at build time); the error says
    /// what is wrong with it.
    pub fn new(source: &str) -> Result<Self, String> {
        let required = match super::builtin::required(source) {
            Some(r) => r,
            None => Required::of(
                &regex_syntax::ParserBuilder::new()
                    .build()
                    .parse(source)
                    .map_err(|e| crate::messages::regex_syntax_error(source, &e))?,
            ),
        };
        Ok(Pattern {
            source: source.to_owned(),
            triggers: required.triggers,
            needles: required.needles,
            clauses: required.clauses,
            regex: OnceLock::new(),
        })
    }

    /// Compiles now, so that a user's pack is refused at load time if it is too big to build.
    pub fn compile(&self) -> Result<&Regex, String> {
        if let Some(r) = self.regex.get() {
            return Ok(r);
        }
        let r = build(&self.source)?;
        Ok(self.regex.get_or_init(|| r))
    }

    /// The compiled regex. Built-in patterns are proven by the test suite and user patterns are
    /// compiled when their pack loads, so building cannot fail here.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("never matches"))
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn triggers(&self) -> Option<&[char]> {
        self.triggers.as_deref()
    }

    pub fn needles(&self) -> Option<&[String]> {
        self.needles.as_deref()
    }

    pub fn clauses(&self) -> &[Vec<String>] {
        &self.clauses
    }
}

fn build(source: &str) -> Result<Regex, String> {
    // The regex crate runs in linear time; the size limit keeps compilation bounded too.
    RegexBuilder::new(source)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| crate::messages::regex_error(source, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(p: &str) -> Option<String> {
        Pattern::new(p)
            .unwrap()
            .triggers()
            .map(|c| c.iter().collect())
    }

    #[test]
    fn triggers_are_the_rarest_required_characters() {
        assert_eq!(t(r"\p{Han}(?P<hit>[,:;])\p{Han}").as_deref(), Some(",:;"));
        assert_eq!(t(r"(?P<hit>[xX×]{2,}(?:万|亿)?元)").as_deref(), Some("元"));
        assert_eq!(t(r"(?:^|[^…])(?P<hit>…)").as_deref(), Some("…"));
        assert_eq!(t(r"\d+年|\d+月").as_deref(), Some("年月"));
        assert_eq!(t(r"\p{Han}+"), None);
        assert_eq!(t(r"a*"), None);
        assert!(Pattern::new("(unclosed").is_err());
    }

    #[test]
    fn needles_are_required_strings_of_two_or_more_characters() {
        let n = |p: &str| Pattern::new(p).unwrap().needles().map(|n| n.join("|"));
        assert_eq!(
            n(r"(?:^|[^，。])(?P<hit>，，|。。)(?:[^，。]|$)").as_deref(),
            Some("。。|，，")
        );
        assert_eq!(
            n(r"\p{Han}{2}(?P<hit>省省委|市市委)").as_deref(),
            Some("市市委|省省委")
        );
        // A single character is left to the character triggers.
        assert_eq!(n(r"\p{Han}(?P<hit>、)等"), None);
        assert_eq!(n(r"(?P<hit>[０-９])"), None);
    }

    #[test]
    fn clauses_are_all_the_required_parts() {
        let c = |p: &str| {
            Pattern::new(p)
                .unwrap()
                .clauses()
                .iter()
                .map(|c| c.join("|"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            c(r"\p{Han}(?P<hit>、)(?:以及|及[^时早格第])"),
            ["、", "以及|及"]
        );
        assert_eq!(c(r"(?:^|[^，])(?P<hit>，，)"), ["，，"]);
        assert_eq!(c(r"a?b"), ["b"]);
        assert!(c(r"\p{Han}+").is_empty());
    }

    #[test]
    fn compiles_lazily() {
        let p = Pattern::new(r"\d+年").unwrap();
        assert!(p.regex.get().is_none());
        assert!(p.regex().is_match("2023年"));
        assert!(p.regex.get().is_some());
    }
}
