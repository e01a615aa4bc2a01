//! The accuracy benchmark report: recall per category on real errors from published notices,
//! false alarms on their corrected twins, and every miss (bench/accuracy/README.md).
//!   cargo run --release --example accuracy [-- --category number] [--no-misses]

#[path = "../bench/accuracy/run.rs"]
mod accuracy;

use std::path::Path;

fn first_line(s: &str) -> String {
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    match lines.as_slice() {
        [one] => one.to_string(),
        many => many.join(" ⏎ "),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let category = args
        .iter()
        .position(|a| a == "--category")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let show_misses = !args.iter().any(|a| a == "--no-misses");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/accuracy/cases");
    let mut files = match accuracy::load(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Some(c) = &category {
        files.retain(|f| &f.category == c);
    }
    let outcomes = accuracy::run(&files);
    let table = accuracy::table(&outcomes);
    let quoted = outcomes
        .iter()
        .filter(|o| o.case.origin == accuracy::Origin::Quoted)
        .count();
    println!(
        "{} cases ({} quoted from their source, {} constructed around a stated rule)\n",
        outcomes.len(),
        quoted,
        outcomes.len() - quoted
    );
    println!("| category | cases | caught | recall | twins with error | twins with warning only |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut total = [0usize; 4];
    for (cat, row) in &table {
        for (t, r) in total.iter_mut().zip(row) {
            *t += r;
        }
        println!(
            "| {cat} | {} | {} | {:.2} | {} | {} |",
            row[0],
            row[1],
            row[1] as f64 / row[0].max(1) as f64,
            row[2],
            row[3]
        );
    }
    println!(
        "| **all** | {} | {} | {:.2} | {} | {} ({:.1} %) |",
        total[0],
        total[1],
        total[1] as f64 / total[0].max(1) as f64,
        total[2],
        total[3],
        100.0 * total[3] as f64 / total[0].max(1) as f64
    );
    let alarms: Vec<_> = outcomes.iter().filter(|o| !o.on_good.is_empty()).collect();
    if !alarms.is_empty() {
        println!("\nFalse alarms on corrected twins:");
        for o in alarms {
            for d in &o.on_good {
                println!(
                    "  {} [{} {}] “{}” — {}",
                    o.case.id,
                    d.rule(),
                    d.severity(),
                    d.text(),
                    first_line(&o.case.good)
                );
            }
        }
    }
    if show_misses {
        println!("\nMisses:");
        for o in outcomes.iter().filter(|o| !o.caught) {
            let fired: Vec<String> = o
                .on_bad
                .iter()
                .map(|d| format!("{} {}", d.rule(), d.severity()))
                .collect();
            println!(
                "  {} {} — {}{}",
                o.case.id,
                o.case.note.as_deref().unwrap_or(""),
                first_line(&o.case.bad),
                if fired.is_empty() {
                    String::new()
                } else {
                    format!("  (fired: {})", fired.join(", "))
                }
            );
        }
    }
}
