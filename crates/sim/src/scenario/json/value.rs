//! The parsed value.

use crate::scenario::ScenarioError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A whole number from 0 up.
    Unsigned(u64),
    /// A whole number below 0.
    Negative(i64),
    /// Any other number (a fraction, an exponent, `-0`, or beyond 64 bits) as it was written:
    /// the format has no use for its value, and keeping the text spares the WASM the float
    /// parsing and formatting code.
    OtherNumber(String),
    String(String),
    Array(Vec<Json>),
    /// Fields in the order written, repeated names included: the readers refuse those.
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn object(fields: Vec<(&str, Json)>) -> Json {
        Json::Object(
            fields
                .into_iter()
                .map(|(name, value)| (name.to_string(), value))
                .collect(),
        )
    }

    /// What this value is, in plain words, for error messages: `a string`, `an object`, `300`.
    pub fn describe(&self) -> String {
        match self {
            Json::Null => "null".to_string(),
            Json::Bool(b) => b.to_string(),
            Json::Unsigned(n) => n.to_string(),
            Json::Negative(n) => n.to_string(),
            Json::OtherNumber(text) => shortened(text),
            Json::String(_) => "a string".to_string(),
            Json::Array(_) => "an array".to_string(),
            Json::Object(_) => "an object".to_string(),
        }
    }

    /// A copy with every object's fields sorted by name, refusing a name given twice. Values
    /// the format keeps as they are (a server's durable state) are stored this way: it is how
    /// serde_json's map-backed values held them, so they are written back exactly as before,
    /// and two states that differ only in field order are equal.
    pub fn with_sorted_fields(&self) -> Result<Json, ScenarioError> {
        match self {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| item.with_sorted_fields().map_err(|e| e.in_element(i)))
                .collect::<Result<_, _>>()
                .map(Json::Array),
            Json::Object(fields) => {
                let mut sorted = fields
                    .iter()
                    .map(|(name, value)| {
                        let value = value
                            .with_sorted_fields()
                            .map_err(|e| e.in_field(&shortened(name)))?;
                        Ok((name.clone(), value))
                    })
                    .collect::<Result<Vec<_>, ScenarioError>>()?;
                common::heap_sort::sort_by(&mut sorted, |(a, _), (b, _)| a < b);
                if let Some(pair) = sorted.windows(2).find(|pair| pair[0].0 == pair[1].0) {
                    return Err(
                        ScenarioError::new("", "given twice").in_field(&shortened(&pair[0].0))
                    );
                }
                Ok(Json::Object(sorted))
            }
            other => Ok(other.clone()),
        }
    }
}

/// Text from the input echoed in a message, cut short: a hostile name can be megabytes long.
pub(crate) fn shortened(text: &str) -> String {
    const CHARS_MAX: usize = 40;
    match text.char_indices().nth(CHARS_MAX) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_string(),
    }
}

/// Text from the input in quotes, escaped and cut short. Escaped by hand rather than with
/// `{:?}`: string `Debug` brings Unicode tables into the page's WASM for this one use.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in shortened(text).chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quoted_text_is_escaped_and_cut_short() {
        assert_eq!(quoted("raft"), "\"raft\"");
        assert_eq!(quoted("a\"b\\c\nd\u{7f}"), "\"a\\\"b\\\\c\\u{a}d\\u{7f}\"");
        assert_eq!(quoted("é ✓"), "\"é ✓\"");
        let long = "x".repeat(100);
        assert_eq!(quoted(&long), format!("\"{}…\"", "x".repeat(40)));
    }
}
