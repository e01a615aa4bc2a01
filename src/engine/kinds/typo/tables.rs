//! The typo detector's data, embedded as sorted binary tables that build.rs makes from
//! `data/typo/` (nothing is parsed at run time; lookups are binary searches over static bytes).

static COUNTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo-counts.bin"));
static CONFUSIONS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo-confusions.bin"));
static WORD_PAIRS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo-word-pairs.bin"));
static COUNTED_PAIRS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo-counted-pairs.bin"));
static COMMON_PAIRS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo-common-pairs.bin"));
static IDIOMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo-idioms.bin"));

/// Must stay the same as `word_pair_hash` in build.rs.
fn word_pair_hash(a: char, b: char) -> u32 {
    let key = (u64::from(u32::from(a)) << 21) | u64::from(u32::from(b));
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 22)) as u32
}

/// Whether `a` followed by `b` may occur inside a dictionary word (a hashed bit set: never
/// wrong when it says no, wrong about 7 % of the time when it says yes; 512 KB, so it stays in cache).
pub fn in_some_word(a: char, b: char) -> bool {
    let h = word_pair_hash(a, b);
    WORD_PAIRS[(h >> 3) as usize] & (1 << (h & 7)) != 0
}

fn u32_in(t: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(t[at..at + 4].try_into().expect("4 bytes"))
}

/// Index of the first of the sorted array of `n` keys, read by `get`, that is not below `key`.
fn lower_bound(n: usize, get: impl Fn(usize) -> u64, key: u64) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if get(mid) < key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Index of `key` in a sorted array of `n` keys, read by `get`.
fn search(n: usize, get: impl Fn(usize) -> u64, key: u64) -> Option<usize> {
    let i = lower_bound(n, &get, key);
    (i < n && get(i) == key).then_some(i)
}

/// The characters that fill the blank of a four-character idiom whose other three characters
/// are `window`'s (the one at `blank` left out): 因第制宜 with the second left out gives 地.
pub fn idiom_fills(window: [char; 4], blank: usize) -> impl Iterator<Item = char> {
    let t = IDIOMS;
    let n = u32_in(t, 0) as usize;
    let key_at =
        |i: usize| u64::from_le_bytes(t[4 + 8 * i..12 + 8 * i].try_into().expect("8 bytes"));
    let key = (0..4).fold(0u64, |k, p| {
        (k << 16)
            | if p == blank {
                0
            } else {
                u64::from(window[p]) & 0xFFFF
            }
    });
    (lower_bound(n, key_at, key)..n)
        .take_while(move |&i| key_at(i) == key)
        .filter_map(move |i| char::from_u32(u32_in(t, 4 + 8 * n + 4 * i)))
}

const HAN_START: u32 = 0x4E00;
const HAN_SPAN: usize = 0x9FFF - 0x4E00 + 1;
const PAIR_SLOT_BITS: u32 = 18;

/// Must stay the same as `pair_slot` in build.rs.
fn pair_slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - PAIR_SLOT_BITS)) as usize
}

fn han_offset(c: char) -> Option<u32> {
    let o = u32::from(c).wrapping_sub(HAN_START);
    (o < HAN_SPAN as u32).then_some(o)
}

/// How often a character occurs in the counted documents (`data/typo/char-counts.txt`).
pub fn char_count(c: char) -> u32 {
    han_offset(c).map_or(0, |o| u32_in(COUNTS, 4 * o as usize))
}

const COUNTED_PAIR_BITS: u32 = 22;
const COMMON_PAIR_BITS: u32 = 22;

/// Whether a pair key's two bits are set in a Bloom filter of `bits` bits, both in one 64-byte
/// block. The hashes must stay the same as `pair_bits` in build.rs.
fn in_filter(filter: &[u8], bits: u32, key: u32) -> bool {
    let h = u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let block = ((h >> (64 - (bits - 9))) as usize) << 6;
    [(h >> 20) & 511, (h >> 29) & 511]
        .iter()
        .all(|&b| filter[block + (b >> 3) as usize] & (1 << (b & 7)) != 0)
}

fn pair_key(a: char, b: char) -> Option<u32> {
    let (a, b) = (han_offset(a)?, han_offset(b)?);
    Some(1 + ((a << 15) | b))
}

/// Whether `b` may have followed `a` twice or more in the counted documents (a hashed bit set:
/// never wrong when it says no, rarely wrong when it says yes).
pub fn common_pair(a: char, b: char) -> bool {
    pair_key(a, b).is_some_and(|key| in_filter(COMMON_PAIRS, COMMON_PAIR_BITS, key))
}

/// Whether `b` may have followed `a` in the counted documents (never wrong when it says no,
/// rarely when it says yes).
pub fn counted_pair(a: char, b: char) -> bool {
    pair_key(a, b).is_some_and(|key| in_filter(COUNTED_PAIRS, COUNTED_PAIR_BITS, key))
}

/// How often `b` follows `a` there.
pub fn pair_count(a: char, b: char) -> u32 {
    let Some(key) = pair_key(a, b) else {
        return 0;
    };
    // Most pairs a replacement makes were never counted; the bit set, which stays in cache,
    // says so without a miss in the table.
    if !in_filter(COUNTED_PAIRS, COUNTED_PAIR_BITS, key) {
        return 0;
    }
    let base = 4 * HAN_SPAN;
    let mut i = pair_slot(key);
    loop {
        let k = u32_in(COUNTS, base + 8 * i);
        if k == key {
            return u32_in(COUNTS, base + 8 * i + 4);
        }
        if k == 0 {
            return 0;
        }
        i = (i + 1) & ((1 << PAIR_SLOT_BITS) - 1);
    }
}

/// The number of distinct characters and the sum of their counts (for smoothing).
pub fn char_totals() -> (u64, u64) {
    static TOTALS: std::sync::OnceLock<(u64, u64)> = std::sync::OnceLock::new();
    *TOTALS.get_or_init(|| {
        let counts = (0..HAN_SPAN)
            .map(|o| u32_in(COUNTS, 4 * o))
            .filter(|&n| n > 0);
        counts.fold((0, 0), |(d, s), n| (d + 1, s + u64::from(n)))
    })
}

/// How a slip may have turned one character into another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confusion {
    SameSound,
    NearSound,
    SimilarShape,
}

impl Confusion {
    pub fn label(self) -> &'static str {
        match self {
            Confusion::SameSound => "同音字",
            Confusion::NearSound => "音近字",
            Confusion::SimilarShape => "形近字",
        }
    }
}

/// The characters `c` may have been written for, in code-point order.
pub fn confusions(c: char) -> impl Iterator<Item = (char, Confusion)> {
    let t = CONFUSIONS;
    let n = u32_in(t, 0) as usize;
    let offsets = 4 + 4 * n;
    let entries = offsets + 4 * (n + 1);
    let range = search(n, |i| u64::from(u32_in(t, 4 + 4 * i)), u64::from(c)).map_or(0..0, |i| {
        u32_in(t, offsets + 4 * i) as usize..u32_in(t, offsets + 4 * i + 4) as usize
    });
    range.filter_map(move |k| {
        let e = u32_in(t, entries + 4 * k);
        let kind = match e & 3 {
            0 => Confusion::SameSound,
            1 => Confusion::NearSound,
            _ => Confusion::SimilarShape,
        };
        char::from_u32(e >> 2).map(|b| (b, kind))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_answer_for_common_characters() {
        assert!(char_count('的') > 10_000);
        assert_eq!(char_count('a'), 0);
        assert!(pair_count('发', '展') > 1_000);
        assert!(pair_count('展', '发') < pair_count('发', '展'));
        let c: Vec<_> = confusions('休').collect();
        assert!(c.contains(&('修', Confusion::SameSound)));
        assert!(c.contains(&('体', Confusion::SimilarShape)));
        assert!(c.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(in_some_word('贯', '彻') && in_some_word('总', '体'));
        let fills: Vec<char> = idiom_fills(['因', '第', '制', '宜'], 1).collect();
        assert!(fills.contains(&'地') && fills.contains(&'时') && !fills.contains(&'第'));
        assert_eq!(idiom_fills(['因', '第', '制', '宜'], 0).count(), 0);
        // The filters never say no to a pair the table counts, and rarely yes to one it does not.
        let common: Vec<char> = "发展改革开放全面深化".chars().collect();
        for w in common.windows(2) {
            assert!(counted_pair(w[0], w[1]) && common_pair(w[0], w[1]), "{w:?}");
        }
        let han = |o: u32| char::from_u32(HAN_START + o).expect("a character");
        let (mut never, mut said) = (0, 0);
        for o in (0..HAN_SPAN as u32).step_by(7) {
            let (a, b) = (han(o), han((o * 31 + 11) % HAN_SPAN as u32));
            match pair_count(a, b) {
                0 => {
                    never += 1;
                    said += usize::from(counted_pair(a, b));
                }
                1 => assert!(counted_pair(a, b)),
                _ => assert!(counted_pair(a, b) && common_pair(a, b)),
            }
        }
        assert!(never > 2000 && said * 50 < never, "{said} of {never}");
        let unlikely = [('彻', '贯'), ('休', '总'), ('的', '的'), ('们', '我')];
        assert!(
            unlikely
                .iter()
                .filter(|(a, b)| in_some_word(*a, *b))
                .count()
                <= 1
        );
    }
}
