//! [`Json`] to compact text, exactly as serde_json's `to_string` writes it: no whitespace,
//! fields in order, only `"`, `\` and control characters escaped (with serde_json's short
//! forms and lowercase hex), everything else as UTF-8. Links are compared as text, so a
//! scenario must be written byte for byte as it always was.

use super::Json;

impl Json {
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out);
        out
    }
}

fn write_value(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Unsigned(n) => out.push_str(&n.to_string()),
        Json::Negative(n) => out.push_str(&n.to_string()),
        Json::OtherNumber(text) => out.push_str(text),
        Json::String(text) => write_string(text, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Json::Object(fields) => {
            out.push('{');
            for (i, (name, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(name, out);
                out.push(':');
                write_value(value, out);
            }
            out.push('}');
        }
    }
}

fn write_string(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                out.push_str("\\u00");
                out.push(char::from(HEX[c as usize >> 4]));
                out.push(char::from(HEX[c as usize & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escaped_them() {
        let text = "\"\\/\u{0}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}é😀";
        assert_eq!(
            Json::String(text.to_string()).to_text(),
            r#""\"\\/\u0000\b\t\n\u000b\f\r\u001f ␡é😀""#.replace('␡', "\u{7f}")
        );
    }

    #[test]
    fn values_are_written_compactly_in_order() {
        let value = Json::object(vec![
            ("b", Json::Array(vec![Json::Null, Json::Bool(true)])),
            ("a", Json::Negative(-3)),
            ("c", Json::OtherNumber("1.50".to_string())),
            ("d", Json::Object(Vec::new())),
            ("e", Json::Array(Vec::new())),
            ("f", Json::Unsigned(u64::MAX)),
        ]);
        assert_eq!(
            value.to_text(),
            r#"{"b":[null,true],"a":-3,"c":1.50,"d":{},"e":[],"f":18446744073709551615}"#
        );
    }
}
