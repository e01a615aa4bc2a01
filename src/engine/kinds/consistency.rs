//! `consistency` rules: one document must not mix forms of the same thing (% and ％). The form
//! used most is taken as the document's choice (the first used, on a tie); every use of the
//! others is reported, naming the choice and where it first appears.

use serde::Deserialize;

use super::{DocContext, Kind, SpecError};
use crate::engine::triggers::may_match_text;
use super::pattern;
use crate::engine::Hit;
use crate::document::Document;
use crate::rules::yaml::{patterns, NonEmpty, OneOrMany, RawPattern};
use crate::rules::Pattern;

/// Forms of one thing that a document must not mix.
#[derive(Debug, Clone)]
pub struct ConsistencyRule {
    pub forms: Vec<Form>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub name: String,
    pub patterns: Vec<Pattern>,
    /// The form's canonical text, offered as the replacement when it is the document's choice.
    pub text: Option<String>,
}

spec! {
    pub struct Spec {
        forms: Vec<RawForm>,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForm {
    name: NonEmpty,
    pattern: OneOrMany<RawPattern>,
    #[serde(default)]
    text: Option<String>,
}

impl Kind for ConsistencyRule {
    const NAME: &'static str = "consistency";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let forms: Vec<Form> = spec
            .forms
            .ok_or((
                Some("kind"),
                "kind: consistency 需要字段 forms（至少两种写法）".into(),
            ))?
            .into_iter()
            .map(|f| Form {
                name: f.name.0,
                patterns: patterns(f.pattern),
                text: f.text,
            })
            .collect();
        if forms.len() < 2 {
            return Err((Some("forms"), "forms 至少要有两种写法".into()));
        }
        Ok(ConsistencyRule { forms })
    }

    fn fixable(&self) -> bool {
        self.forms.iter().any(|f| f.text.is_some())
    }

    fn patterns(&self) -> Vec<&Pattern> {
        self.forms.iter().flat_map(|f| &f.patterns).collect()
    }

    fn document_hits(&self, rule: usize, cx: &DocContext) -> Vec<(usize, Hit)> {
        find(rule, self, cx.doc)
    }
}

pub fn find(rule: usize, spec: &ConsistencyRule, doc: &Document) -> Vec<(usize, Hit)> {
    // Per form: its hits in document order.
    let mut uses: Vec<Vec<(usize, Hit)>> = Vec::with_capacity(spec.forms.len());
    for form in &spec.forms {
        let mut hits = Vec::new();
        for (pi, para) in doc.paragraphs.iter().enumerate() {
            let mut local = Vec::new();
            for p in &form.patterns {
                if may_match_text(p, &para.text) {
                    pattern::find(rule, p.regex(), None, &para.text, &mut local);
                }
            }
            local.sort_by_key(|h| h.start);
            hits.extend(local.into_iter().map(|h| (pi, h)));
        }
        uses.push(hits);
    }
    let used: Vec<usize> = (0..uses.len()).filter(|&f| !uses[f].is_empty()).collect();
    if used.len() < 2 {
        return Vec::new();
    }
    let first_use = |f: usize| (uses[f][0].0, uses[f][0].1.start);
    let chosen = *used
        .iter()
        .max_by(|&&x, &&y| {
            uses[x]
                .len()
                .cmp(&uses[y].len())
                .then_with(|| first_use(y).cmp(&first_use(x)))
        })
        .expect("at least two forms are used");
    let (cp, ch) = &uses[chosen][0];
    let chosen_line = doc
        .position(doc.paragraphs[*cp].source_offset(ch.start))
        .line;
    let chosen_form = &spec.forms[chosen];
    let mut out = Vec::new();
    for &f in used.iter().filter(|&&f| f != chosen) {
        for (pi, mut h) in std::mem::take(&mut uses[f]) {
            h.suggestion = chosen_form.text.clone();
            h.vars = vec![
                ("form", spec.forms[f].name.clone()),
                ("other", chosen_form.name.clone()),
                ("other_count", uses[chosen].len().to_string()),
                ("other_line", chosen_line.to_string()),
            ];
            out.push((pi, h));
        }
    }
    out
}
