//! The rule kinds, one registry line each. A kind is one module of `src/engine/kinds/` that owns its
//! YAML fields (`spec!`), their validation (`Kind::build`), its compiled form, how it finds
//! hits, whether it suggests and may fix, and what `rules show` adds for it. The registry
//! below turns the list into the `RuleKind` enum and the dispatch over it, so adding a kind is
//! its module, one line here and its tests (ARCHITECTURE.md, "Add a kind").

use serde::de::MapAccess;

use crate::document::Document;
use crate::engine::Hit;
use crate::finding::Finding;
use crate::rules::{Pattern, Rule};

/// A problem found while building a rule, with the field to point at (None: the rule's `id:`).
pub type SpecError = (Option<&'static str>, String);

/// A kind's own YAML fields, read one key at a time as the rule's mapping is read, so that an
/// error inside a value keeps serde_yaml's line and column. Made by `spec!`.
pub trait Fields: Default {
    /// The keys this kind owns.
    const FIELDS: &'static [&'static str];
    /// Reads the value of `key` (one of `FIELDS`).
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// What a document-wide kind may look at besides the document.
pub struct DocContext<'a> {
    pub doc: &'a Document,
    /// The year of `--as-of`, for a weekday written without a year.
    pub as_of_year: Option<i32>,
    /// The dates of the document, found once for all date rules.
    pub dates: &'a date::Dates,
}

/// What a paragraph kind may look at besides the text.
pub struct ParaContext<'a> {
    pub text: &'a str,
    /// The paragraph's characters with their offsets (filled when a repetition rule runs).
    pub chars: &'a repetition::Chars,
    pub words: &'a crate::engine::words::Words,
}

/// One rule kind. Only `NAME`, `Spec` and `build` are required; the rest say what the kind
/// does, with defaults for a kind that does not.
pub trait Kind: Sized {
    /// The value of `kind:` in a pack.
    const NAME: &'static str;
    /// The values its `check:` takes, when it has one (`checks!`).
    const CHECKS: &'static [&'static str] = &[];
    /// Its own YAML fields.
    type Spec: Fields;
    /// The compiled form from the fields, refusing what is wrong with the field to point at.
    fn build(spec: Self::Spec, check: Option<&str>) -> Result<Self, SpecError>;
    /// A message for a field of another kind written on this one, when a plain "belongs to
    /// kind X" would mislead (a term's replacement is `right`, not `replace`).
    fn foreign_field(_field: &str) -> Option<&'static str> {
        None
    }
    /// Whether `--fix` may apply its suggestions (a rule may then say `fix: safe/unsafe`).
    fn fixable(&self) -> bool {
        false
    }
    /// Whether its findings carry a suggestion (`rules show`).
    fn suggests(&self) -> bool {
        self.fixable()
    }
    /// Its regular expressions, compiled up front for a user's pack.
    fn patterns(&self) -> Vec<&Pattern> {
        Vec::new()
    }
    /// Whether parts of the rule have their own dates (a document must then be dated).
    fn has_dated_entries(&self) -> bool {
        false
    }
    /// Hits found looking across paragraphs, each with its paragraph.
    fn document_hits(&self, _rule: usize, _cx: &DocContext) -> Vec<(usize, Hit)> {
        Vec::new()
    }
    /// Whether `paragraph_hits` does anything: only such rules join the paragraph loop.
    fn per_paragraph(&self) -> bool {
        false
    }
    /// Hits in one paragraph.
    fn paragraph_hits(&self, _rule: usize, _cx: &ParaContext, _hits: &mut Vec<Hit>) {}
    /// Findings about layout rather than text: no text filter applies to them.
    fn layout_findings(&self, _rule: usize, _spec: &Rule, _doc: &Document) -> Vec<Finding> {
        Vec::new()
    }
    /// Whether its examples are .docx XML rather than text.
    fn docx_examples(&self) -> bool {
        false
    }
    /// A guess that gives way to any other rule reporting the same text.
    fn yields_to_named(&self) -> bool {
        false
    }
    /// What `rules show` prints for the kind after the rule's description.
    fn show(&self, _out: &mut String) {}
}

/// A kind's fields as a struct of options, with `Fields` to read them key by key.
macro_rules! spec {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Default)]
        pub struct $name { $($(#[$fmeta])* pub $field: Option<$ty>),* }

        impl $crate::engine::kinds::Fields for $name {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
            fn field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<(), A::Error> {
                let _ = &map; // a kind without fields of its own reads none
                match key {
                    $(stringify!($field) => {
                        if self.$field.is_some() {
                            return Err(serde::de::Error::duplicate_field(stringify!($field)));
                        }
                        self.$field = Some(map.next_value()?);
                    })*
                    _ => {}
                }
                Ok(())
            }
        }
    };
}

/// The values of a kind's `check:` as an enum, with their YAML names.
macro_rules! checks {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            pub const ALL: &'static [&'static str] = &[$($text),*];
            /// The check named by `check:` of a rule of `kind`, or the error to report.
            pub fn parse(check: Option<&str>, kind: &str) -> Result<Self, $crate::engine::kinds::SpecError> {
                match check {
                    $(Some($text) => Ok($name::$variant),)*
                    Some(c) => Err((Some("check"), format!(
                        "kind: {kind} 的 check 不能是“{c}”，可用：{}", Self::ALL.join("、")
                    ))),
                    None => Err((Some("kind"), format!(
                        "kind: {kind} 需要字段 check：{}", Self::ALL.join("、")
                    ))),
                }
            }
        }
    };
}

/// The registry: each kind's variant, its module (a file beside this one) and the module's type
/// for a rule of the kind. The order is the order kinds are listed in messages.
macro_rules! registry {
    ($($variant:ident($module:ident :: $ty:ident)),* $(,)?) => {
        $(pub mod $module;)*

        /// A rule's compiled kind.
        #[derive(Debug, Clone)]
        pub enum RuleKind { $($variant($module::$ty)),* }

        /// The `kind:` of a rule, before its fields are built.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum KindName { $($variant),* }

        impl KindName {
            pub const ALL: &'static [KindName] = &[$(KindName::$variant),*];
            const NAMES: &'static [&'static str] = &[$(<$module::$ty as Kind>::NAME),*];

            pub fn name(self) -> &'static str {
                match self { $(KindName::$variant => <$module::$ty as Kind>::NAME),* }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.name() == name)
            }

            pub fn fields(self) -> &'static [&'static str] {
                match self { $(KindName::$variant => <<$module::$ty as Kind>::Spec as Fields>::FIELDS),* }
            }

            pub fn checks(self) -> &'static [&'static str] {
                match self { $(KindName::$variant => <$module::$ty as Kind>::CHECKS),* }
            }

            fn foreign_field(self, field: &str) -> Option<&'static str> {
                match self { $(KindName::$variant => <$module::$ty as Kind>::foreign_field(field)),* }
            }
        }

        /// The kind-specific fields met while reading one rule, for whichever kind owns them.
        #[derive(Default)]
        #[allow(non_snake_case)]
        pub struct Specs {
            $($variant: Option<<$module::$ty as Kind>::Spec>,)*
            /// Each field met, in the order written, with the kind that owns it.
            seen: Vec<(&'static str, KindName)>,
        }

        impl Specs {
            /// Reads `key` if a kind owns it (the caller has refused keys no rule has).
            pub fn take<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                $(
                    if let Some(&f) = <<$module::$ty as Kind>::Spec as Fields>::FIELDS.iter().find(|f| **f == key) {
                        self.$variant.get_or_insert_with(Default::default).field(f, map)?;
                        self.seen.push((f, KindName::$variant));
                        return Ok(());
                    }
                )*
                Ok(())
            }

            /// The compiled kind: a field of another kind is refused, naming the first in the
            /// registry's order.
            pub fn build(mut self, kind: KindName, check: Option<&str>) -> Result<RuleKind, SpecError> {
                let rank = |&(field, owner): &(&'static str, KindName)| {
                    (owner as usize, owner.fields().iter().position(|f| *f == field))
                };
                if let Some(&(field, owner)) = self.seen.iter().filter(|(_, k)| *k != kind).min_by_key(|s| rank(s)) {
                    let msg = kind.foreign_field(field).map(str::to_owned).unwrap_or_else(|| {
                        format!("字段 {field} 只能用于 kind: {}", owner.name())
                    });
                    return Err((Some(field), msg));
                }
                if check.is_some() && kind.checks().is_empty() {
                    return Err((Some("check"), format!("字段 check 只能用于 kind: {}", kinds_with_checks())));
                }
                match kind {
                    $(KindName::$variant => <$module::$ty as Kind>::build(
                        self.$variant.take().unwrap_or_default(),
                        check,
                    ).map(RuleKind::$variant),)*
                }
            }
        }

        impl RuleKind {
            pub fn name(&self) -> &'static str {
                match self { $(RuleKind::$variant(_) => <$module::$ty as Kind>::NAME),* }
            }
            pub fn fixable(&self) -> bool {
                match self { $(RuleKind::$variant(k) => k.fixable()),* }
            }
            pub fn suggests(&self) -> bool {
                match self { $(RuleKind::$variant(k) => k.suggests()),* }
            }
            pub fn patterns(&self) -> Vec<&Pattern> {
                match self { $(RuleKind::$variant(k) => k.patterns()),* }
            }
            pub fn has_dated_entries(&self) -> bool {
                match self { $(RuleKind::$variant(k) => k.has_dated_entries()),* }
            }
            pub fn document_hits(&self, rule: usize, cx: &DocContext) -> Vec<(usize, Hit)> {
                match self { $(RuleKind::$variant(k) => k.document_hits(rule, cx)),* }
            }
            pub fn per_paragraph(&self) -> bool {
                match self { $(RuleKind::$variant(k) => k.per_paragraph()),* }
            }
            #[inline]
            pub fn paragraph_hits(&self, rule: usize, cx: &ParaContext, hits: &mut Vec<Hit>) {
                match self { $(RuleKind::$variant(k) => k.paragraph_hits(rule, cx, hits)),* }
            }
            pub fn layout_findings(&self, rule: usize, spec: &Rule, doc: &Document) -> Vec<Finding> {
                match self { $(RuleKind::$variant(k) => k.layout_findings(rule, spec, doc)),* }
            }
            pub fn docx_examples(&self) -> bool {
                match self { $(RuleKind::$variant(k) => k.docx_examples()),* }
            }
            pub fn yields_to_named(&self) -> bool {
                match self { $(RuleKind::$variant(k) => k.yields_to_named()),* }
            }
            pub fn show(&self, out: &mut String) {
                match self { $(RuleKind::$variant(k) => k.show(out)),* }
            }
        }
    };
}

registry! {
    Term(term::TermRule),
    Pattern(pattern::PatternRule),
    Pairs(pairs::PairsRule),
    Repetition(repetition::RepetitionRule),
    Consistency(consistency::ConsistencyRule),
    Date(date::DateRule),
    Suppression(suppression::SuppressionCheck),
    Formula(formula::FormulaRule),
    Numbering(numbering::NumberingRule),
    Structure(structure::StructureCheck),
    Format(format::FormatRule),
    Typo(typo::TypoRule),
    Event(event::EventRule),
}

impl<'de> serde::Deserialize<'de> for KindName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Refuses an unknown name while the value is read, so that the error has its place.
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = KindName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("规则种类")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<KindName, E> {
                KindName::from_name(s).ok_or_else(|| E::unknown_variant(s, KindName::NAMES))
            }
        }
        d.deserialize_str(V)
    }
}

/// “date、numbering 或 structure”: the kinds that take `check:`.
fn kinds_with_checks() -> String {
    let names: Vec<&str> = KindName::ALL
        .iter()
        .filter(|k| !k.checks().is_empty())
        .map(|k| k.name())
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} 或 {last}", rest.join("、")),
        _ => names.join(""),
    }
}

/// Every kind's field names, for serde's "unknown field" message.
pub fn all_fields() -> impl Iterator<Item = &'static str> {
    KindName::ALL
        .iter()
        .flat_map(|k| k.fields().iter().copied())
}
