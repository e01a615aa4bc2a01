//! The `suppression` kind: rules that report on `gwlint-disable` comments themselves (a comment
//! that suppressed nothing, or cannot be understood). `crate::suppress` runs them, after the
//! other rules' findings are located.

use super::{Kind, SpecError};

/// The `suppression` kind: what it reports about the comments themselves (`report:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionCheck {
    /// A suppression comment that suppressed nothing.
    Unused,
    /// A suppression comment without a reason, or naming an unknown rule.
    Invalid,
}

spec! {
    pub struct Spec {
        report: SuppressionCheck,
    }
}

impl Kind for SuppressionCheck {
    const NAME: &'static str = "suppression";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        spec.report.ok_or((
            Some("kind"),
            "kind: suppression 需要字段 report: unused 或 invalid".into(),
        ))
    }
}

