//! Walks the ✗/✓ examples of the rule catalog (`shared/domain/rule-catalog.md`) for the
//! categories the built-in packs cover, and checks that each behaves as the catalog says:
//! a ✗ example fires the rule of that id, a ✓ example does not. Deviations are listed below
//! with their reasons; the test fails on any other mismatch, and on a listed deviation that
//! no longer happens (so the list cannot go stale).

use std::collections::BTreeSet;
use std::path::Path;

use gwlint::document::from_plain_text;
use gwlint::engine::Engine;
use gwlint::rules::load_builtin;

/// (rule id, catalog example, why it does not behave as the catalog's bare example suggests)
const DEVIATIONS: &[(&str, &str, &str)] = &[
    (
        "punctuation/dunhao-between-quoted",
        "认真学习《条例》、《准则》",
        "reported by punctuation/dunhao-between-titles (a warning: 书名号 lists have their own rule)",
    ),
    (
        "political/belt-and-road",
        "一带一路",
        "reported by political/quoted-labels (info, as the catalog grades it)",
    ),
    (
        "political/congress-names",
        "中共第二十届三中全会",
        "reported by political/plenum-name-form",
    ),
    (
        "political/congress-names",
        "二十届三中全体会议",
        "reported by political/plenum-name-form",
    ),
    (
        "political/congress-names",
        "党的20大",
        "reported by number/congress-session",
    ),
    (
        "political/quoted-labels",
        "十五五规划",
        "reported by number/plan-names",
    ),
    (
        "political/two-establishments",
        "两个维护，即坚决维护习近平同志党中央的核心……",
        "the heading names both rules; this example is political/two-safeguards'",
    ),
    (
        "political/two-safeguards",
        "两个确立，即确立习近平总书记党中央的核心……",
        "the heading names both rules; this example is political/two-establishments'",
    ),
    (
        "political/two-safeguards",
        "确立习近平新时代中国特色社会主义思想的领导地位",
        "the heading names both rules; this example is political/two-establishments'",
    ),
    (
        "political/xi-thought-name",
        "新时代中国特色社会主义思想",
        "reported by political/thought-name-incomplete (info: 总书记本人的报告不加“习近平”)",
    ),
    (
        "political/xi-title",
        "习总",
        "not checked: 习总 sits inside 学习总结、学习总书记…; only 习总书记 and 习大大 are listed",
    ),
    (
        "punctuation/range-connector",
        "北京-上海",
        "hyphen between place names not checked: compound names use it legitimately",
    ),
    (
        "punctuation/ellipsis-form",
        "加强教育、管理、监督……等",
        "reported by punctuation/ellipsis-deng",
    ),
    (
        "punctuation/heading-terminal",
        "1．加强组织领导各单位要……",
        "run-in headings without 句号 need heading detection (structure issue)",
    ),
    (
        "punctuation/space-in-cjk",
        "各单位要 高度重视",
        "prose_only: a fragment without sentence punctuation looks like a layout line",
    ),
    (
        "punctuation/space-in-cjk",
        "截至 2023 年底",
        "prose_only, as above",
    ),
    (
        "punctuation/space-in-cjk",
        "各单位要　高度重视",
        "prose_only, as above",
    ),
    (
        "punctuation/space-in-cjk",
        "关于加强安全生产 工作的通知",
        "prose_only: a title line",
    ),
    (
        "number/year-abbrev",
        "九〇年",
        "Chinese two-digit years are ambiguous (九〇后, 九〇年代)",
    ),
    (
        "number/date-format-in-body",
        "2023.1.5",
        "reported only before a time word (前、起、召开…), as the catalog's detect says",
    ),
    ("number/date-format-in-body", "2023/1/5", "as above"),
    ("number/date-format-in-body", "2023.01", "as above"),
    (
        "number/date-format-in-body",
        "1.5",
        "as above; alone it is a decimal",
    ),
    ("number/date-format-in-body", "2023、1、5", "as above"),
    (
        "number/date-form-consistency",
        "二〇二三年8月8日",
        "a mixed single date; the rule compares dates across a document",
    ),
    (
        "number/date-form-consistency",
        "2023年",
        "example of mixing within a document",
    ),
    (
        "number/date-form-consistency",
        "二〇二三年",
        "example of mixing within a document",
    ),
    (
        "number/date-form-consistency",
        "二〇二三年一月五日",
        "a 成文日期 in 汉字 alone; compared across the document",
    ),
    (
        "number/approx-adjacent",
        "三、四个月",
        "paragraph-initial 三、四… is a heading position (三、四个全面); fires mid-sentence",
    ),
    (
        "number/approx-adjacent",
        "3、4个月",
        "paragraph-initial, as above",
    ),
    (
        "number/approx-adjacent",
        "五、六十年代",
        "paragraph-initial, as above",
    ),
    (
        "number/approx-adjacent",
        "十七、八岁",
        "paragraph-initial, as above",
    ),
    (
        "number/ji-approx",
        "几百万元",
        "the catalog marks it (fine) on the ✗ line",
    ),
    (
        "number/approx-redundant",
        "高达近万人",
        "not in the pack: 高达 + 近 is rare and context-dependent",
    ),
    (
        "number/percent-form",
        "12％",
        "mixing example; see number/percent-sign-consistency",
    ),
    (
        "number/percent-form",
        "12%",
        "mixing example; see number/percent-sign-consistency",
    ),
    (
        "number/thousands-separator",
        "12、500",
        "12、500 is also a list of two numbers",
    ),
    (
        "number/thousands-separator",
        "12,500",
        "mixing example: 千分撇 alone is allowed",
    ),
    (
        "number/thousands-separator",
        "12 500",
        "mixing example: 千分空 alone is allowed",
    ),
    (
        "wording/semantic-misuse",
        "这项成果可谓空前绝后",
        "空前绝后 has correct uses; not in the pack",
    ),
    (
        "placeholder/x-marks",
        "***同志",
        "ASCII * is Markdown emphasis (**特别提示：**); ＊＊＊同志 is reported",
    ),
    (
        "placeholder/todo-notes",
        "此处待定",
        "reported by placeholder/pending-words (warning)",
    ),
    (
        "placeholder/todo-notes",
        "（略）",
        "（略） is legitimate in published texts (附件略)",
    ),
    (
        "placeholder/unfilled-date",
        "2023年X月X日",
        "reported by placeholder/x-marks",
    ),
    (
        "placeholder/unfilled-date",
        "×年×月×日",
        "reported by placeholder/x-marks",
    ),
];

const CATEGORIES: &[&str] = &[
    "placeholder",
    "punctuation",
    "number",
    "wording",
    "political",
    // numbering/* and structure/* examples in the catalog are fragments of whole documents
    // (`一、` `二、` `四、`); the packs carry them as complete multi-line examples instead.
];

/// (rule id, example, is ✗) for every example under a heading naming a rule id.
fn catalog_examples(text: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            ids = if line.starts_with("#### ") {
                backticked(line)
                    .into_iter()
                    .filter(|s| s.contains('/'))
                    .collect()
            } else {
                Vec::new()
            };
            continue;
        }
        let bad = match line.trim_start().strip_prefix("- ") {
            Some(rest) if rest.starts_with('✗') => true,
            Some(rest) if rest.starts_with('✓') => false,
            _ => continue,
        };
        for id in &ids {
            for ex in backticked(line) {
                out.push((id.clone(), ex, bad));
            }
        }
    }
    out
}

fn backticked(line: &str) -> Vec<String> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.replace("\\n", "\n"))
        .collect()
}

#[test]
#[ignore = "needs ../shared (the rule catalog beside the repository)"]
fn catalog_examples_behave_as_the_catalog_says() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/domain/rule-catalog.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the rule catalog is expected beside the repository at {}: {e}",
            path.display()
        )
    });
    let rules: Vec<_> = load_builtin()
        .unwrap()
        .into_iter()
        .flat_map(|p| p.rules)
        .collect();
    let mut checked = 0;
    let mut mismatches = BTreeSet::new();
    for (id, example, bad) in catalog_examples(&text) {
        if !CATEGORIES.contains(&id.split('/').next().unwrap()) {
            continue;
        }
        let Some(rule) = rules.iter().find(|r| r.id == id) else {
            continue;
        };
        let engine = Engine::new(vec![rule.clone()]);
        let fired = !engine
            .check(&from_plain_text("x.txt".into(), "utf-8", &example))
            .is_empty();
        checked += 1;
        if fired != bad {
            mismatches.insert((id, example));
        }
    }
    let expected: BTreeSet<(String, String)> = DEVIATIONS
        .iter()
        .map(|(id, ex, _)| (id.to_string(), ex.to_string()))
        .collect();
    let unexpected: Vec<_> = mismatches.difference(&expected).collect();
    let stale: Vec<_> = expected.difference(&mismatches).collect();
    assert!(
        checked > 200,
        "only {checked} catalog examples found: has the catalog format changed?"
    );
    assert!(
        unexpected.is_empty(),
        "catalog examples that misbehave: {unexpected:#?}"
    );
    assert!(
        stale.is_empty(),
        "listed deviations that now behave (remove them): {stale:#?}"
    );
}
