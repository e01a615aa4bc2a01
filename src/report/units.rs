//! 发文单位 under one name. A document names its unit several ways — the 署名 (国务院办公厅),
//! the 代字 of its 发文字号 (国办发, 国办函), the 发文机关标志 of its 版头, its title — and an
//! audit that counted each way apart would split one office into several. A table maps every
//! known way to one name: built in (`data/units.yaml`, with its sources), extended per folder
//! by the `units:` key of `.gwlint.yaml`.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use super::meta::DocMeta;

const BUILTIN: &str = include_str!("../../data/units.yaml");

/// The built-in table, read once (a test proves it reads).
static BUILTIN_MAP: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| serde_yaml::from_str(BUILTIN).unwrap_or_default());

/// Ways of naming a unit → the unit.
#[derive(Debug, Clone)]
pub struct Units {
    map: HashMap<String, String>,
}

impl Default for Units {
    fn default() -> Self {
        Units {
            map: BUILTIN_MAP.clone(),
        }
    }
}

impl Units {
    /// The built-in table with a config's `units:` over it (the config wins on the same key).
    pub fn with(extra: &BTreeMap<String, String>) -> Self {
        let mut units = Units::default();
        for (k, v) in extra {
            units.map.insert(squeeze(k), v.trim().to_owned());
        }
        units
    }

    /// The unit a way of naming stands for; a name not in the table stands for itself.
    pub fn name(&self, written: &str) -> String {
        let key = squeeze(written);
        self.map.get(&key).cloned().unwrap_or(key)
    }

    /// The unit a document names, most reliable first: its 代字 when the table knows it (the
    /// 发文字号 is always the issuer's, where the first 署名 found may be that of a document it
    /// forwards); its 署名; the 发文机关标志; the organ its title begins with; else the 代字 as
    /// written, which at least tells one issuer from another.
    pub fn unit_of(&self, meta: &DocMeta) -> Option<String> {
        let known_code = meta
            .code
            .as_deref()
            .and_then(|c| self.map.get(&squeeze(c)).cloned());
        known_code
            .or_else(|| meta.signature.as_deref().map(|s| self.name(s)))
            .or_else(|| meta.masthead.as_deref().map(|s| self.name(s)))
            .or_else(|| meta.title_organ.as_deref().map(|s| self.name(s)))
            .or_else(|| meta.code.as_deref().map(|s| self.name(s)))
    }
}

/// Blanks removed: 署名 and 版头 are often letter-spaced (国 务 院).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(signature: Option<&str>, code: Option<&str>, title: Option<&str>) -> DocMeta {
        DocMeta {
            signature: signature.map(str::to_owned),
            code: code.map(str::to_owned),
            title_organ: title.map(str::to_owned),
            ..DocMeta::default()
        }
    }

    #[test]
    fn the_builtin_table_reads_and_joins_one_office() {
        assert!(BUILTIN_MAP.len() >= 20, "data/units.yaml reads");
        let u = Units::default();
        for code in ["国办发", "国办函", "国办发明电"] {
            assert_eq!(
                u.unit_of(&meta(None, Some(code), None)).unwrap(),
                "国务院办公厅"
            );
        }
        for code in ["国发", "国函"] {
            assert_eq!(u.unit_of(&meta(None, Some(code), None)).unwrap(), "国务院");
        }
        assert_eq!(u.name("中华人民共和国国务院"), "国务院");
        assert_eq!(u.name("国 务 院 办 公 厅"), "国务院办公厅");
    }

    #[test]
    fn known_code_then_signature_then_title_then_code_as_written() {
        let u = Units::default();
        // 国务院办公厅转发国家地震局关于…: the 署名 first found is the forwarded report's.
        let m = meta(Some("国家地震局"), Some("国办发"), None);
        assert_eq!(u.unit_of(&m).unwrap(), "国务院办公厅");
        let m = meta(Some("某某市人民政府"), Some("某政发"), Some("国务院"));
        assert_eq!(u.unit_of(&m).unwrap(), "某某市人民政府");
        let m = meta(None, Some("国办发"), Some("某某局"));
        assert_eq!(u.unit_of(&m).unwrap(), "国务院办公厅");
        let m = meta(None, Some("某政办发"), Some("某某市人民政府办公室"));
        assert_eq!(u.unit_of(&m).unwrap(), "某某市人民政府办公室");
        let m = meta(None, Some("某政办发"), None);
        assert_eq!(u.unit_of(&m).unwrap(), "某政办发");
        assert_eq!(u.unit_of(&DocMeta::default()), None);
    }

    #[test]
    fn a_config_adds_codes_and_overrides_the_table() {
        let extra: BTreeMap<String, String> = [
            ("某政办发".to_owned(), "某某市人民政府办公室".to_owned()),
            ("国办函".to_owned(), "国务院办公厅（函）".to_owned()),
        ]
        .into();
        let u = Units::with(&extra);
        assert_eq!(
            u.unit_of(&meta(None, Some("某政办发"), None)).unwrap(),
            "某某市人民政府办公室"
        );
        assert_eq!(u.name("国办函"), "国务院办公厅（函）");
        assert_eq!(u.name("国办发"), "国务院办公厅");
    }
}
