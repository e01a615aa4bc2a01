//! Spans where Western punctuation and Latin letters are correct and no rule may report:
//! URLs, e-mail addresses and file paths.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static PROTECTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:https?|ftp)://[^\s\p{Han}，。；！？“”‘’（）《》【】]+",
        r"|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s\p{Han}，。；！？“”（）《》]*",
        r"|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+",
        // Windows paths run to the next blank and may hold Chinese names.
        r#"|[a-z]:\\[^\s"<>|，。；]*"#,
    ))
    .expect("protected-span pattern is valid")
});

pub fn protected_spans(text: &str) -> Vec<Range<usize>> {
    PROTECTED.find_iter(text).map(|m| m.range()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_and_mail() {
        let t = "详见http://www.gov.cn/zhengce:a，或发邮件至ban@gov.cn。";
        let spans: Vec<_> = protected_spans(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(spans, ["http://www.gov.cn/zhengce:a", "ban@gov.cn"]);
    }
}
