//! Who issued a document and when, for grouping an audit (发文单位, 成文日期).

use crate::document::structure::Zone;
use crate::document::Document;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMeta {
    /// The 发文机关署名, else the 发文机关代字 of the 发文字号 (国办发).
    pub unit: Option<String>,
    pub date: Option<chrono::NaiveDate>,
}

impl DocMeta {
    pub fn of(doc: &Document) -> Self {
        let s = doc.structure();
        let first_in = |zone: Zone| {
            s.zones
                .iter()
                .position(|z| *z == Some(zone))
                .map(|i| doc.paragraphs[i].text.as_str())
        };
        let signature = first_in(Zone::Signature)
            .map(|t| t.split_whitespace().next().unwrap_or(t).to_owned())
            .filter(|t| (2..=30).contains(&t.chars().count()));
        let code = first_in(Zone::DocNumber).and_then(|t| {
            let cut = t.find(['〔', '[', '【', '（', '(']).unwrap_or(t.len());
            let code = t[..cut].trim();
            (!code.is_empty()).then(|| code.to_owned())
        });
        DocMeta {
            unit: signature.or(code),
            date: doc.date(),
        }
    }
}
