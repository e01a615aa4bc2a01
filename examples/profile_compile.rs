//! Compile time per built-in pattern: `cargo run --release --example profile_compile`.

use std::time::Instant;

fn main() {
    let mut rows = Vec::new();
    for pack in gwlint::rules::load_builtin().unwrap() {
        for rule in &pack.rules {
            for p in rule.patterns() {
                let t = Instant::now();
                for _ in 0..5 {
                    let _ = regex::Regex::new(p.as_str()).unwrap();
                }
                rows.push((
                    t.elapsed() / 5,
                    rule.id.clone(),
                    p.as_str().chars().take(60).collect::<String>(),
                ));
            }
        }
    }
    let total: std::time::Duration = rows.iter().map(|r| r.0).sum();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    println!("{} patterns, {:?} in all", rows.len(), total);
    for (d, id, p) in rows.iter().take(12) {
        println!("{d:>9.2?}  {id}  {p}");
    }
}
