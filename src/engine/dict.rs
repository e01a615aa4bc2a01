//! jieba's dictionary as a sorted table built by `build.rs` and embedded in the binary:
//! binary search over static bytes, nothing to parse or build at run time.
//!
//! Layout (little-endian): n: u32, max_chars: u32, total: u64, offsets: [u32; n + 1],
//! freqs: [u32; n], then the words' UTF-8 bytes back to back, sorted bytewise.

static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba-dict.bin"));

fn u32_at(pos: usize) -> u32 {
    u32::from_le_bytes(TABLE[pos..pos + 4].try_into().expect("4 bytes"))
}

fn len() -> usize {
    u32_at(0) as usize
}

/// The longest dictionary word, in characters.
pub fn max_chars() -> usize {
    u32_at(4) as usize
}

/// The sum of all frequencies, which jieba divides by.
pub fn total() -> u64 {
    u64::from_le_bytes(TABLE[8..16].try_into().expect("8 bytes"))
}

fn offsets_at() -> usize {
    16
}

fn freqs_at() -> usize {
    offsets_at() + 4 * (len() + 1)
}

fn words_at() -> usize {
    freqs_at() + 4 * len()
}

fn word(i: usize) -> &'static [u8] {
    let start = u32_at(offsets_at() + 4 * i) as usize;
    let end = u32_at(offsets_at() + 4 * (i + 1)) as usize;
    &TABLE[words_at() + start..words_at() + end]
}

/// The word's frequency, if the dictionary has it.
pub fn freq(w: &str) -> Option<u32> {
    let (mut lo, mut hi) = (0, len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        match word(mid).cmp(w.as_bytes()) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(u32_at(freqs_at() + 4 * mid)),
        }
    }
    None
}

/// The word's frequency, and whether a longer dictionary word starts with it (so a
/// segmentation extending it to the right can stop as soon as this is false).
pub fn probe(w: &str) -> (Option<u32>, bool) {
    let key = w.as_bytes();
    let (mut lo, mut hi) = (0, len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if word(mid) < key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let exact = lo < len() && word(lo) == key;
    let next = if exact { lo + 1 } else { lo };
    let longer = next < len() && word(next).starts_with(key);
    (exact.then(|| u32_at(freqs_at() + 4 * lo)), longer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_words() {
        assert!(len() > 340_000);
        assert!(freq("我们").unwrap() > 1000);
        assert!(freq("宣布").is_some() && freq("署长").is_some());
        assert_eq!(freq("布署"), Some(2));
        assert_eq!(freq("署布"), None);
        assert!(max_chars() >= 10);
        assert!(total() > 10_000_000);
        assert_eq!(probe("我们"), (freq("我们"), true));
        assert_eq!(probe("贯彻落"), (None, true));
        assert_eq!(probe("署布"), (None, false));
    }
}
