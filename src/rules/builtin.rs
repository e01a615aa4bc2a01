//! The packs in `rules/`, embedded so gwlint works with no configuration.

macro_rules! packs {
    ($($name:literal),* $(,)?) => {
        /// (file name as shown in messages, YAML text)
        pub const BUILTIN_PACKS: &[(&str, &str)] = &[$((
            concat!("rules/", $name, ".yaml"),
            include_str!(concat!("../../rules/", $name, ".yaml")),
        )),*];

        /// The same packs in the same order as JSON, made by build.rs; an empty text means the
        /// pack is read from its YAML.
        pub(crate) const BUILTIN_JSON: &[&str] = &[$(
            include_str!(concat!(env!("OUT_DIR"), "/rules/", $name, ".json")),
        )*];
    };
}

packs!(
    "placeholder",
    "punctuation",
    "number",
    "wording",
    "political",
    "political-bodies",
    "political-usage",
    "numbering",
    "structure",
    "format",
);

/// (pattern, triggers, needles, clauses) of every pattern in the built-in packs, sorted by
/// pattern: rules::required::Required worked out by build.rs.
type RequiredRow = (
    &'static str,
    Option<&'static [char]>,
    Option<&'static [&'static str]>,
    &'static [&'static [&'static str]],
);

static REQUIRED: &[RequiredRow] = include!(concat!(env!("OUT_DIR"), "/required.rs"));

/// What the matches of `pattern` contain, if it is one of the built-in packs'.
pub(crate) fn required(pattern: &str) -> Option<super::required::Required> {
    let i = REQUIRED.binary_search_by(|r| r.0.cmp(pattern)).ok()?;
    let (_, triggers, needles, clauses) = REQUIRED[i];
    let strings = |s: &[&str]| s.iter().map(|&s| s.to_owned()).collect();
    Some(super::required::Required {
        triggers: triggers.map(<[char]>::to_vec),
        needles: needles.map(strings),
        clauses: clauses.iter().map(|c| strings(c)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_what_parsing_the_pattern_gives() {
        assert!(REQUIRED.len() > 100);
        assert!(REQUIRED.windows(2).all(|w| w[0].0 < w[1].0));
        for row in REQUIRED {
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(row.0)
                .unwrap();
            let parsed = super::super::required::Required::of(&hir);
            assert_eq!(required(row.0), Some(parsed), "{}", row.0);
        }
        assert_eq!(required("not a built-in pattern"), None);
    }
}
