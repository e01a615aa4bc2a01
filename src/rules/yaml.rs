//! Value types of the pack schema shared by the rule kinds' fields: each checks its value while
//! deserialising, so that serde_yaml attaches the line and column of a bad one.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::Deserialize;

use super::Pattern;

/// `2020-10-29`.
pub struct RawDate(pub chrono::NaiveDate);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(RawDate)
            .map_err(|_| de::Error::custom(format!("日期“{s}”无效：应写作 2020-10-29")))
    }
}

/// One value or a list of them. Not `#[serde(untagged)]`: that would swallow the inner error
/// (an invalid regex) and its position.
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(v) => v,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("一个字符串或字符串列表")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(de::IntoDeserializer::<E>::into_deserializer(v)).map(OneOrMany::One)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element()? {
                    v.push(x);
                }
                Ok(OneOrMany::Many(v))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A string with something in it.
pub struct NonEmpty(pub String);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(de::Error::custom("不能为空"));
        }
        Ok(NonEmpty(s))
    }
}

/// A regular expression, parsed (not yet compiled) as it is read.
pub struct RawPattern(pub Pattern);

impl<'de> Deserialize<'de> for RawPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Pattern::new(&s)
            .map(RawPattern)
            .map_err(|e| de::Error::custom(format!("无效的正则表达式：{e}")))
    }
}

/// Patterns as written: one or a list.
pub fn patterns(p: OneOrMany<RawPattern>) -> Vec<Pattern> {
    p.into_vec().into_iter().map(|p| p.0).collect()
}
