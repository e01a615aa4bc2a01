//! Baseline for the benchmark: load jieba's default dictionary and segment every line of the
//! given files, as a whole process. DESIGN §6 budgets gwlint against this.

fn main() {
    let jieba = jieba_rs::Jieba::new();
    let mut tokens = 0usize;
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for line in text.lines() {
            tokens += jieba.cut(line, true).len();
        }
    }
    println!("{tokens}");
}
