//! Arbitrary text as a rule pack: refused with a message or loaded, never a panic; a loaded
//! pack's rules run on their own examples.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(pack) = gwlint::rules::load_pack("fuzz.yaml", text) {
        for rule in &pack.rules {
            let _ = gwlint::engine::selftest::check_examples(rule);
        }
    }
});
