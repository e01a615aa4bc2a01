//! Where start-up time goes: YAML parsing and regex compilation per built-in pack, and the
//! cost of one RegexSet over all pattern rules. `cargo run --release --example profile_load`.

use std::time::Instant;

fn main() {
    for (name, yaml) in gwlint::rules::BUILTIN_PACKS {
        let t = Instant::now();
        let pack = gwlint::rules::load_pack(name, yaml).unwrap();
        println!(
            "{name}: {} rules, loaded in {:?}",
            pack.rules.len(),
            t.elapsed()
        );
    }
    let t = Instant::now();
    let _: serde_yaml::Value = serde_yaml::from_str(gwlint::rules::BUILTIN_PACKS[2].1).unwrap();
    println!("number.yaml as untyped YAML only: {:?}", t.elapsed());
    let packs = gwlint::rules::load_builtin().unwrap();
    let patterns: Vec<String> = packs
        .iter()
        .flat_map(|p| &p.rules)
        .filter_map(|r| match &r.kind {
            gwlint::rules::RuleKind::Pattern(p) => Some(
                p.patterns
                    .iter()
                    .map(|re| re.as_str().to_owned())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    let t = Instant::now();
    let set = regex::RegexSet::new(&patterns).unwrap();
    println!("RegexSet of {} patterns: {:?}", patterns.len(), t.elapsed());
    let t = Instant::now();
    for p in &patterns {
        let _ = regex::Regex::new(p).unwrap();
    }
    println!("compiling them one by one: {:?}", t.elapsed());
    let t = Instant::now();
    for p in &patterns {
        let _ = regex_syntax::Parser::new().parse(p).unwrap();
    }
    println!("parsing them only: {:?}", t.elapsed());
    let _ = set;
}
