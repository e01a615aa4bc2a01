//! Style inheritance: document defaults → paragraph style (its `basedOn` chain) → character
//! style → direct formatting, with theme fonts (`minorEastAsia`) looked up in the theme part.
//! Checking only what a run says directly would fault every document whose font is set in
//! its styles, which is how templates do it.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::props::{ParaProps, RunProps};
use super::{attr, Nesting};

#[derive(Debug, Default)]
pub struct Styles {
    run_defaults: RunProps,
    para_defaults: ParaProps,
    styles: HashMap<String, Style>,
    /// The paragraph style of paragraphs that name none (`w:default="1"`).
    default_para: Option<String>,
    /// Theme East Asian fonts: (minor, major).
    theme: (Option<String>, Option<String>),
}

#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    para: ParaProps,
    run: RunProps,
}

/// Where in `styles.xml` the reader is.
#[derive(Clone, Copy, PartialEq)]
enum At {
    Other,
    RunDefaults,
    ParaDefaults,
    StyleRun,
    StylePara,
}

impl Styles {
    pub fn parse(styles: Option<&str>, theme: Option<&str>) -> Result<Styles, String> {
        let mut out = Styles {
            theme: theme.map(theme_fonts).unwrap_or_default(),
            ..Styles::default()
        };
        let Some(xml) = styles else {
            return Ok(out);
        };
        let mut reader = Reader::from_str(xml);
        let mut nesting = Nesting::default();
        let mut at = At::Other;
        let mut in_defaults = (false, false);
        let mut current: Option<(String, Style, bool)> = None;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("word/styles.xml 无效：{e}"))?;
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    nesting.close();
                    match e.local_name().as_ref() {
                        b"rPrDefault" => in_defaults.0 = false,
                        b"pPrDefault" => in_defaults.1 = false,
                        b"rPr" | b"pPr" => at = At::Other,
                        b"style" => {
                            if let Some((id, style, default)) = current.take() {
                                if default && out.default_para.is_none() {
                                    out.default_para = Some(id.clone());
                                }
                                out.styles.insert(id, style);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            if !empty {
                nesting.open().map_err(|e| format!("word/styles.xml {e}"))?;
            }
            match e.local_name().as_ref() {
                b"rPrDefault" => in_defaults.0 = !empty,
                b"pPrDefault" => in_defaults.1 = !empty,
                b"style" if !empty => {
                    let is_para = attr(e, b"type").as_deref() == Some("paragraph");
                    let default = is_para && attr(e, b"default").as_deref() == Some("1");
                    current = attr(e, b"styleId").map(|id| (id, Style::default(), default));
                }
                b"rPr" if !empty => {
                    at = if in_defaults.0 {
                        At::RunDefaults
                    } else if current.is_some() && at == At::Other {
                        At::StyleRun
                    } else {
                        // The paragraph mark's run properties inside a pPr: not text.
                        At::Other
                    }
                }
                b"pPr" if !empty => {
                    at = if in_defaults.1 {
                        At::ParaDefaults
                    } else if current.is_some() {
                        At::StylePara
                    } else {
                        At::Other
                    }
                }
                b"basedOn" => {
                    if let Some((_, s, _)) = &mut current {
                        s.based_on = attr(e, b"val");
                    }
                }
                _ => match at {
                    At::RunDefaults => out.run_defaults.apply(e),
                    At::ParaDefaults => out.para_defaults.apply(e),
                    At::StyleRun => {
                        if let Some((_, s, _)) = &mut current {
                            s.run.apply(e)
                        }
                    }
                    At::StylePara => {
                        if let Some((_, s, _)) = &mut current {
                            s.para.apply(e)
                        }
                    }
                    At::Other => {}
                },
            }
        }
        Ok(out)
    }

    /// A style and its ancestors, the root first (cycles and absurd depths cut off).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out: Vec<&Style> = Vec::new();
        let mut next = id;
        while let Some(id) = next {
            let Some(style) = self.styles.get(id) else {
                break;
            };
            if out.len() >= 32 || out.iter().any(|s| std::ptr::eq(*s, style)) {
                break;
            }
            out.push(style);
            next = style.based_on.as_deref();
        }
        out.reverse();
        out
    }

    /// The paragraph style a paragraph uses: its own, else the default one.
    pub fn para_style<'a>(&'a self, direct: &'a ParaProps) -> Option<&'a str> {
        direct.style.as_deref().or(self.default_para.as_deref())
    }

    pub fn resolve_para(&self, direct: &ParaProps) -> ParaProps {
        let mut p = self.para_defaults.clone();
        for s in self.chain(self.para_style(direct)) {
            p.overlay(&s.para);
        }
        p.overlay(direct);
        p
    }

    /// The run properties in force for a run of a paragraph with style `para_style`.
    pub fn resolve_run(&self, para_style: Option<&str>, direct: &RunProps) -> RunProps {
        let mut r = self.run_defaults.clone();
        for s in self.chain(para_style) {
            r.overlay(&s.run);
        }
        for s in self.chain(direct.style.as_deref()) {
            r.overlay(&s.run);
        }
        r.overlay(direct);
        r
    }

    /// The font name a run's East Asian text is set in.
    pub fn font(&self, r: &RunProps) -> Option<String> {
        match r.font_theme.as_deref() {
            Some(t) if t.starts_with("major") => self.theme.1.clone(),
            Some(_) => self.theme.0.clone(),
            None => r.font.clone(),
        }
    }
}

/// The theme's (minor, major) East Asian fonts: `a:ea`, else the font for Simplified Chinese.
fn theme_fonts(xml: &str) -> (Option<String>, Option<String>) {
    let mut reader = Reader::from_str(xml);
    let mut which = 0u8; // 1 minor, 2 major
    let mut out: (Option<String>, Option<String>) = (None, None);
    let mut hans: (Option<String>, Option<String>) = (None, None);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"minorFont" => which = 1,
                b"majorFont" => which = 2,
                _ => {}
            },
            Ok(Event::Empty(e)) if which > 0 => {
                let typeface = attr(&e, b"typeface").filter(|t| !t.is_empty());
                let slot = match e.local_name().as_ref() {
                    b"ea" => Some(&mut out),
                    b"font" if attr(&e, b"script").as_deref() == Some("Hans") => Some(&mut hans),
                    _ => None,
                };
                if let Some(slot) = slot {
                    if which == 1 {
                        slot.0 = slot.0.take().or(typeface);
                    } else {
                        slot.1 = slot.1.take().or(typeface);
                    }
                }
            }
            Ok(Event::End(e)) if matches!(e.local_name().as_ref(), b"minorFont" | b"majorFont") => {
                which = 0
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (out.0.or(hans.0), out.1.or(hans.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsiaTheme="minorEastAsia"/><w:sz w:val="21"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:rPr><w:color w:val="FF0000"/></w:rPr></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
<w:style w:type="character" w:styleId="Strong"><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"#;
    const THEME: &str = r#"<a:theme xmlns:a="a"><a:fontScheme><a:majorFont><a:ea typeface=""/><a:font script="Hans" typeface="黑体"/></a:majorFont><a:minorFont><a:ea typeface=""/><a:font script="Jpan" typeface="游明朝"/><a:font script="Hans" typeface="宋体"/></a:minorFont></a:fontScheme></a:theme>"#;

    #[test]
    fn defaults_styles_based_on_and_direct_formatting_in_order() {
        let s = Styles::parse(Some(STYLES), Some(THEME)).unwrap();
        let none = ParaProps::default();
        let normal = s.resolve_run(s.para_style(&none), &RunProps::default());
        assert_eq!(s.font(&normal).as_deref(), Some("仿宋_GB2312"));
        assert_eq!(normal.size, Some(32));
        let title = ParaProps {
            style: Some("Title".into()),
            ..ParaProps::default()
        };
        let p = s.resolve_para(&title);
        assert_eq!(p.align, Some(Align::Center));
        assert_eq!(p.spacing, Some(LineSpacing::Multiple(240)));
        let r = s.resolve_run(s.para_style(&title), &RunProps::default());
        assert_eq!(
            (s.font(&r).as_deref(), r.size, r.color.clone()),
            (Some("方正小标宋简体"), Some(44), None),
            "the paragraph mark's red is not the text's"
        );
        let direct = RunProps {
            style: Some("Strong".into()),
            size: Some(28),
            ..RunProps::default()
        };
        let r = s.resolve_run(s.para_style(&title), &direct);
        assert_eq!((r.bold, r.size), (Some(true), Some(28)));
        // A style based on itself does not hang; theme fonts come from the theme.
        let looped = ParaProps {
            style: Some("Loop".into()),
            ..ParaProps::default()
        };
        let r = s.resolve_run(s.para_style(&looped), &RunProps::default());
        assert_eq!(s.font(&r).as_deref(), Some("宋体"));
    }

    use crate::document::layout::{Align, LineSpacing};
}
