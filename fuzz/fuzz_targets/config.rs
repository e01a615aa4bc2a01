//! Arbitrary text as a `.gwlint.yaml`: refused with a message naming the file, or loaded —
//! never a panic, never gigabytes (the alias guard and nesting limit run before parsing).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("gwlint-fuzz-config-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let file = dir.join(".gwlint.yaml");
    if std::fs::write(&file, data).is_err() {
        return;
    }
    if let Err(e) = gwlint::config::file::load_chain(&file) {
        assert!(!e.is_empty());
    }
});
