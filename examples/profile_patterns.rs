//! Time per pattern over a corpus: `cargo run --release --example profile_patterns -- DIR`.
//! Shows which rules dominate the search time, and how often their triggers let them run.

use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/text".into());
    let mut lines = Vec::new();
    for e in walkdir::WalkDir::new(&dir).into_iter().flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            let t = std::fs::read_to_string(e.path()).unwrap_or_default();
            lines.extend(t.lines().map(str::to_owned));
        }
    }
    let mut rows = Vec::new();
    for pack in gwlint::rules::load_builtin().unwrap() {
        for rule in &pack.rules {
            for p in rule.patterns() {
                let re = p.regex();
                let t = Instant::now();
                let mut ran = 0;
                for l in &lines {
                    let needles = p
                        .needles()
                        .is_none_or(|ns| ns.iter().any(|n| l.contains(n.as_str())));
                    let clauses = p
                        .clauses()
                        .iter()
                        .all(|c| c.iter().any(|s| l.contains(s.as_str())));
                    if clauses && needles && p.triggers().is_none_or(|cs| l.contains(cs)) {
                        ran += 1;
                        let _ = re.captures_iter(l).count();
                    }
                }
                rows.push((
                    t.elapsed(),
                    ran,
                    rule.id.clone(),
                    p.as_str().chars().take(50).collect::<String>(),
                ));
            }
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    println!("{} lines", lines.len());
    for (d, ran, id, p) in rows.iter().take(15) {
        println!("{:>8.1?} ran on {:>6} lines  {id}  {p}", d, ran);
    }
}
