//! JSON text to [`Json`], strictly: RFC 8259 and nothing more (no comments, no trailing
//! commas, no leading zeros, no unescaped control characters, no lone surrogates), so that
//! every browser's `JSON.parse` reads the same texts the same way.

use super::Json;
use crate::scenario::ScenarioError;

/// How deep arrays and objects may nest: far beyond any scenario (which nests 7 deep), and
/// shallow enough that this recursive parser cannot exhaust the stack.
pub const DEPTH_MAX: usize = 128;

pub fn parse(text: &str) -> Result<Json, ScenarioError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at < parser.bytes.len() {
        return Err(parser.expected("the end of the text"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The next byte to read. It only ever stops on ASCII bytes or the end, which are char
    /// boundaries, so slicing `text` at it cannot fail.
    at: usize,
}

impl Parser<'_> {
    /// The text from `start` to the current position. `str::get` rather than indexing: the
    /// slice cannot fail (see `at`), and indexing's panic message would bring `Debug` for
    /// `char` and Unicode tables into the page's WASM.
    fn text_since(&self, start: usize) -> &str {
        self.text.get(start..self.at).unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        if next {
            self.at += 1;
        }
        next
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// An error at the current position, with its line and column (counted in characters).
    fn fail(&self, problem: &str) -> ScenarioError {
        // Counted over bytes: a character is a byte that does not continue a UTF-8 sequence
        // (the standard library's `chars().count()` and `rsplit` add code to the WASM).
        let before = self.bytes.get(..self.at).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before[line_start..]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
            + 1;
        let end = if self.at == self.bytes.len() {
            " (the end of the text)"
        } else {
            ""
        };
        ScenarioError::new(
            "",
            format!("not valid JSON: {problem} at line {line}, column {column}{end}"),
        )
    }

    fn expected(&self, what: &str) -> ScenarioError {
        self.fail(&format!("expected {what}"))
    }

    fn value(&mut self, depth: usize) -> Result<Json, ScenarioError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            _ => Err(self.expected("a value")),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, ScenarioError> {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        if !rest.starts_with(word.as_bytes()) {
            return Err(self.expected(&format!("`{word}`")));
        }
        self.at += word.len();
        Ok(value)
    }

    /// Steps inside an array or object opened at the current byte.
    fn open(&mut self, depth: usize) -> Result<(), ScenarioError> {
        if depth > DEPTH_MAX {
            return Err(self.fail(&format!(
                "arrays and objects nest more than {DEPTH_MAX} deep"
            )));
        }
        self.at += 1;
        self.skip_whitespace();
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Json, ScenarioError> {
        self.open(depth)?;
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            if self.eat(b']') {
                return Ok(Json::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.expected("`,` or `]`"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, ScenarioError> {
        self.open(depth)?;
        let mut fields = Vec::new();
        if self.eat(b'}') {
            return Ok(Json::Object(fields));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.expected("a field name in double quotes"));
            }
            let name = self.string()?;
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(self.expected("`:`"));
            }
            fields.push((name, self.value(depth)?));
            self.skip_whitespace();
            if self.eat(b'}') {
                return Ok(Json::Object(fields));
            }
            if !self.eat(b',') {
                return Err(self.expected("`,` or `}`"));
            }
        }
    }

    /// A string, from its opening quote.
    fn string(&mut self) -> Result<String, ScenarioError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            out.push_str(self.text_since(start));
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.fail("a control character in a string must be escaped")),
                None => return Err(self.expected("`\"` to end the string")),
            }
        }
    }

    /// What follows a backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), ScenarioError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                return self.unicode_escape(out);
            }
            _ => {
                return Err(self
                    .expected(r#"an escape: \" \\ \/ \b \f \n \r \t or \u and four hex digits"#))
            }
        };
        self.at += 1;
        out.push(c);
        Ok(())
    }

    /// `\uXXXX`, from its digits: a character, or the first half of a surrogate pair that
    /// must be completed by a second escape.
    fn unicode_escape(&mut self, out: &mut String) -> Result<(), ScenarioError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !(self.eat(b'\\') && self.eat(b'u')) {
                    return Err(self.expected(r"a \u escape completing the surrogate pair"));
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.fail("a surrogate pair's second half must be DC00 to DFFF"));
                }
                0x10000 + (((first - 0xD800) << 10) | (second - 0xDC00))
            }
            0xDC00..=0xDFFF => {
                return Err(self.fail("a lone second half of a surrogate pair is not a character"))
            }
            _ => first,
        };
        let c = char::from_u32(code).ok_or_else(|| self.fail("not a character"))?;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, ScenarioError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.expected(r"four hex digits after \u"))?;
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    /// A number: whole numbers that fit 64 bits become values, any other is kept as text.
    fn number(&mut self) -> Result<Json, ScenarioError> {
        let start = self.at;
        let negative = self.eat(b'-');
        let digits_start = self.at;
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.fail("a number cannot start with 0 followed by digits"));
                }
            }
            Some(b'1'..=b'9') => self.digits()?,
            _ => return Err(self.expected("a digit")),
        }
        let magnitude = self.bytes[digits_start..self.at]
            .iter()
            .try_fold(0u64, |n, digit| {
                n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
            });
        let mut whole = true;
        if self.eat(b'.') {
            whole = false;
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            whole = false;
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.digits()?;
        }
        Ok(match (whole, negative, magnitude) {
            (true, false, Some(n)) => Json::Unsigned(n),
            (true, true, Some(n)) if n > 0 && n <= 1 << 63 => {
                Json::Negative(0i64.wrapping_sub_unsigned(n))
            }
            _ => Json::OtherNumber(self.text_since(start).to_string()),
        })
    }

    /// One or more decimal digits.
    fn digits(&mut self) -> Result<(), ScenarioError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.expected("a digit"));
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        let error = parse(text).unwrap_err();
        assert_eq!(error.field, "", "{text}");
        error.problem
    }

    #[test]
    fn values_of_every_kind() {
        let text = r#" {"a": [null, true, false, 0, 42, -7, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {}} "#;
        let expected = Json::Object(vec![
            (
                "a".to_string(),
                Json::Array(vec![
                    Json::Null,
                    Json::Bool(true),
                    Json::Bool(false),
                    Json::Unsigned(0),
                    Json::Unsigned(42),
                    Json::Negative(-7),
                    Json::String("x\"\\/\u{8}\u{c}\n\r\té😀".to_string()),
                ]),
            ),
            ("b".to_string(), Json::Object(Vec::new())),
        ]);
        assert_eq!(parse(text).unwrap(), expected);
    }

    #[test]
    fn whole_numbers_are_values_and_others_keep_their_text() {
        let number = |text: &str| parse(text).unwrap();
        assert_eq!(number("18446744073709551615"), Json::Unsigned(u64::MAX));
        assert_eq!(number("-9223372036854775808"), Json::Negative(i64::MIN));
        for other in [
            "18446744073709551616",
            "-9223372036854775809",
            "-0",
            "1.5",
            "1e3",
            "2E-7",
            "1.0e+400",
        ] {
            assert_eq!(number(other), Json::OtherNumber(other.to_string()));
        }
    }

    #[test]
    fn errors_say_where_and_what_was_expected() {
        let cases = [
            (
                "",
                "expected a value at line 1, column 1 (the end of the text)",
            ),
            (
                "{",
                "expected a field name in double quotes at line 1, column 2 (the end",
            ),
            ("[1,]", "expected a value at line 1, column 4"),
            ("{\"a\" 1}", "expected `:` at line 1, column 6"),
            (
                "{\"a\":1,}",
                "expected a field name in double quotes at line 1, column 8",
            ),
            ("[1 2]", "expected `,` or `]` at line 1, column 4"),
            (
                "{\"a\":1 \"b\":2}",
                "expected `,` or `}` at line 1, column 8",
            ),
            ("{}\n{}", "expected the end of the text at line 2, column 1"),
            ("[\n  tru]", "expected `true` at line 2, column 3"),
            (
                "01",
                "a number cannot start with 0 followed by digits at line 1, column 2",
            ),
            (
                "-",
                "expected a digit at line 1, column 2 (the end of the text)",
            ),
            ("1.", "expected a digit at line 1, column 3"),
            ("1e+", "expected a digit at line 1, column 4"),
            ("NaN", "expected a value at line 1, column 1"),
            ("\"a", "expected `\"` to end the string at line 1, column 3"),
            (
                "\"a\tb\"",
                "a control character in a string must be escaped at line 1, column 3",
            ),
            ("\"\\x\"", "expected an escape"),
            (
                "\"\\u12\"",
                "expected four hex digits after \\u at line 1, column 6",
            ),
            (
                "\"\\ud83d\"",
                "expected a \\u escape completing the surrogate pair",
            ),
            (
                "\"\\ud83d\\u0041\"",
                "a surrogate pair's second half must be DC00 to DFFF",
            ),
            (
                "\"\\ude00\"",
                "a lone second half of a surrogate pair is not a character",
            ),
            (
                "\"é\" x",
                "expected the end of the text at line 1, column 5",
            ),
        ];
        for (text, expected) in cases {
            let problem = problem(text);
            assert!(problem.starts_with("not valid JSON: "), "{text}: {problem}");
            assert!(problem.contains(expected), "{text}: {problem}");
        }
    }

    #[test]
    fn nesting_is_limited_without_exhausting_the_stack() {
        let nested = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
        assert!(parse(&nested(DEPTH_MAX)).is_ok());
        assert!(problem(&nested(DEPTH_MAX + 1)).contains("nest more than 128 deep"));
        assert!(problem(&"[{\"a\":".repeat(1 << 20)).contains("nest more than 128 deep"));
    }
}
