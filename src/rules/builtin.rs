//! The packs in `rules/`, embedded so gwlint works with no configuration.

/// (file name as shown in messages, YAML text)
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    (
        "rules/placeholder.yaml",
        include_str!("../../rules/placeholder.yaml"),
    ),
    (
        "rules/punctuation.yaml",
        include_str!("../../rules/punctuation.yaml"),
    ),
    ("rules/number.yaml", include_str!("../../rules/number.yaml")),
    (
        "rules/wording.yaml",
        include_str!("../../rules/wording.yaml"),
    ),
    (
        "rules/political.yaml",
        include_str!("../../rules/political.yaml"),
    ),
    (
        "rules/political-bodies.yaml",
        include_str!("../../rules/political-bodies.yaml"),
    ),
    (
        "rules/political-usage.yaml",
        include_str!("../../rules/political-usage.yaml"),
    ),
    (
        "rules/numbering.yaml",
        include_str!("../../rules/numbering.yaml"),
    ),
    (
        "rules/structure.yaml",
        include_str!("../../rules/structure.yaml"),
    ),
    ("rules/format.yaml", include_str!("../../rules/format.yaml")),
];
