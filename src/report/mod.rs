//! `gwlint report`: the 错情通报 material of an audit — what each file is (unit, date), the
//! aggregate numbers, comparison with an earlier audit, and the Markdown, HTML and CSV forms.

pub mod aggregate;
pub mod baseline;
pub mod html;
pub mod markdown;
pub mod meta;
pub mod paths;
pub mod record;
pub mod show;
pub mod table;
pub mod units;
pub mod unread;
