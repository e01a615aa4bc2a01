//! The accuracy benchmark (bench/accuracy) as a floor the suite holds: real errors from
//! published notices are caught, and their corrected twins draw no error.

// The report example reads every field; the floor needs only some.
#[allow(dead_code)]
#[path = "../bench/accuracy/run.rs"]
mod accuracy;

use std::path::Path;

/// Recall every category must keep (the target), and the share of corrected twins
/// that may draw a warning.
const MIN_RECALL: f64 = 0.85;
const MAX_TWIN_WARNINGS: f64 = 0.02;

#[test]
fn real_errors_are_caught_and_their_corrections_are_quiet() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/accuracy/cases");
    let files = accuracy::load(&dir).unwrap();
    let outcomes = accuracy::run(&files);
    assert!(outcomes.len() >= 500, "{} cases", outcomes.len());
    let mut problems = Vec::new();
    for (cat, [cases, caught, twin_errors, _]) in accuracy::table(&outcomes) {
        let recall = caught as f64 / cases as f64;
        if recall < MIN_RECALL {
            problems.push(format!("{cat}: recall {recall:.2} < {MIN_RECALL}"));
        }
        if twin_errors > 0 {
            problems.push(format!(
                "{cat}: {twin_errors} corrected twins draw an error"
            ));
        }
    }
    let warned = outcomes.iter().filter(|o| !o.on_good.is_empty()).count();
    if warned as f64 > MAX_TWIN_WARNINGS * outcomes.len() as f64 {
        problems.push(format!("{warned} corrected twins draw a warning or error"));
    }
    for o in outcomes
        .iter()
        .filter(|o| o.on_good.iter().any(|d| d.severity() == "error"))
    {
        problems.push(format!(
            "false alarm on {}: {:?}",
            o.case.id,
            o.on_good[0].rule()
        ));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
