//! The scenario codec (`sim::scenario::json`, `sim::scenario::format`) against serde_json, the codec it replaced
//! and still the reference for what a JSON text means (`json_properties.rs` checks the codec
//! only against itself):
//!
//! 1. **Texts.** For JSON texts written in every way JSON allows (escapes of every kind,
//!    surrogate pairs, whitespace, numbers at their edges, repeated names, deep nesting), and
//!    for texts with one flaw each (a leading zero, a trailing comma, a lone surrogate, a bad
//!    escape, a control character, garbage around the value, …) or cut, spliced or nested too
//!    deep: `json::parse` accepts exactly what `serde_json::from_str::<Value>` accepts, reads
//!    the same values, and writes them back byte for byte as serde_json writes them.
//! 2. **Durable states** (the cores' types, which derive serde): what serde_json writes, the
//!    codec reads as the same state; what the codec keeps and writes back, serde_json reads as
//!    the same state. Client commands likewise.
//! 3. **Scenarios and actions** (which only the codec reads and writes): what the codec writes,
//!    serde_json reads as the same tree, and serde_json's rewritings of that tree (compact,
//!    pretty, and respaced with its fields reordered and its characters escaped otherwise)
//!    read back as the same scenario or action.
//!
//! Where the two codecs legitimately differ, each a choice of ours, pinned by a
//! `known_difference_*` test below and checked precisely wherever a property meets it:
//!
//! - **Numbers that are not whole numbers in 64 bits** (fractions, exponents, `-0`, integers
//!   beyond `u64`/`i64`): ours keeps their text (`Json::OtherNumber`; the format has no use for
//!   their value, and float parsing and printing would add to the page's WASM), serde_json makes
//!   them `f64`s. They are compared by value, within [`FLOAT_ULPS`].
//! - **Numbers beyond `f64`** (`1e400`): serde_json refuses the text ("number out of range"),
//!   ours keeps the number's text like any other and leaves refusing it to the reader of the
//!   field, which names the field (`seed: expected a whole number …, found 1e400`).
//! - **Repeated names** in an object: serde_json keeps the last value, ours keeps every field in
//!   order, so that the readers can refuse the repetition (`nodes: given twice`) instead of
//!   silently keeping one of the values. Values are compared as serde_json keeps them.
//! - **Nesting**: ours reads 128 levels of arrays and objects ([`json::DEPTH_MAX`]) and refuses
//!   129; serde_json counts its limit of 128 so that it reads 127 and refuses 128. Both refuse
//!   deeper texts without exhausting the stack.
//! - **The shape of a durable state**: the cores' derived serde readers ignore an unknown field
//!   and take a unit variant's map form (`{"Noop": null}`); ours reads only the shape serde_json
//!   writes and refuses the rest naming the field, as it does everywhere in the format.

mod strategies;

use std::collections::BTreeMap;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use serde_json::Value;
use sim::engine::kv::{KvCommand, KvOp};
use sim::scenario::action::{Action, TimedAction};
use sim::scenario::json::{self, FromJson, Json, ToJson};
use sim::Scenario;

// ----------------------------------------------------------------------------------------
// Comparing the two codecs' readings of one text.

/// serde_json (built without its `float_roundtrip` feature) parses a fraction or an exponent
/// by multiplying or dividing by powers of ten, which can miss the correctly rounded value
/// (what Rust's `str::parse`, applied to the text ours keeps, gives) by an ulp or two.
const FLOAT_ULPS: u64 = 4;

/// The deepest nesting serde_json reads (its limit of 128, counted down before the check).
const SERDE_DEPTH_MAX: usize = 127;

/// Whether the number ours kept as `text` is serde_json's `theirs`.
fn same_float(text: &str, theirs: f64) -> bool {
    let Ok(ours) = text.parse::<f64>() else {
        return false;
    };
    // For floats of one sign, the order of the bits is the order of the values.
    let ulps = ours.abs().to_bits().abs_diff(theirs.abs().to_bits());
    ours.is_sign_negative() == theirs.is_sign_negative() && ulps <= FLOAT_ULPS
}

/// Whether our reading of a text is serde_json's: whole numbers that fit 64 bits are
/// `Unsigned`/`Negative` for us and `u64`/`i64` for serde_json; any other number is its text
/// for us and an `f64` for serde_json; an object's repeated name keeps its last value in
/// serde_json's map, which is what ours is compared as.
fn same(ours: &Json, theirs: &Value) -> Result<(), String> {
    same_at(ours, theirs, "")
}

fn same_at(ours: &Json, theirs: &Value, path: &str) -> Result<(), String> {
    let alike = match (ours, theirs) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Unsigned(a), Value::Number(n)) => n.as_u64() == Some(*a),
        (Json::Negative(a), Value::Number(n)) => *a < 0 && n.as_i64() == Some(*a),
        (Json::OtherNumber(text), Value::Number(n)) => {
            n.is_f64() && n.as_f64().is_some_and(|f| same_float(text, f))
        }
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Array(items), Value::Array(theirs)) if items.len() == theirs.len() => {
            for (i, (a, b)) in items.iter().zip(theirs).enumerate() {
                same_at(a, b, &format!("{path}[{i}]"))?;
            }
            true
        }
        (Json::Object(fields), Value::Object(map)) => {
            let last = last_values(fields);
            if !last.keys().copied().eq(map.keys().map(String::as_str)) {
                false
            } else {
                for (name, value) in &last {
                    same_at(value, &map[*name], &format!("{path}.{name:?}"))?;
                }
                true
            }
        }
        _ => false,
    };
    if alike {
        Ok(())
    } else {
        Err(format!(
            "at `{path}`, ours is {ours:?}, serde_json's {theirs}"
        ))
    }
}

/// An object's fields as serde_json's map keeps them: by name, a repeated name's last value.
fn last_values(fields: &[(String, Json)]) -> BTreeMap<&str, &Json> {
    fields
        .iter()
        .map(|(name, value)| (name.as_str(), value))
        .collect()
}

/// Our tree as serde_json writes its reading of the same text: fields by name (a repeated
/// name's last value), and a number we kept as text as serde_json writes its `f64` (ours
/// writes such a number as it was read, which is checked by `json_properties.rs`).
fn as_serde_json_writes(value: &Json) -> Json {
    match value {
        Json::Array(items) => Json::Array(items.iter().map(as_serde_json_writes).collect()),
        Json::Object(fields) => Json::Object(
            last_values(fields)
                .into_iter()
                .map(|(name, value)| (name.to_string(), as_serde_json_writes(value)))
                .collect(),
        ),
        Json::OtherNumber(text) => match serde_json::from_str::<Value>(text) {
            Ok(number) => Json::OtherNumber(number.to_string()),
            Err(_) => value.clone(),
        },
        other => other.clone(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Verdict {
    BothAccept,
    BothRefuse,
    /// Only ours accepts, and only for the known differences, each found where serde_json
    /// stopped and checked (see [`known_difference`]).
    KnownDifference,
}

fn fail(text: &str, why: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(format!("{why}\n  text: {text:?}"))
}

/// Reads `text` with both codecs: both must accept it and read the same value (and ours must
/// write that value as serde_json writes it), or both must refuse it, or only ours accepts it
/// for a known difference.
fn agree(text: &str) -> Result<Verdict, TestCaseError> {
    match (json::parse(text), serde_json::from_str::<Value>(text)) {
        (Ok(ours), Ok(theirs)) => {
            same(&ours, &theirs).map_err(|why| fail(text, why))?;
            let written = as_serde_json_writes(&ours).to_text();
            let serde_written = theirs.to_string();
            if written != serde_written {
                return Err(fail(
                    text,
                    format!("ours writes {written:?}, serde_json {serde_written:?}"),
                ));
            }
            Ok(Verdict::BothAccept)
        }
        (Err(_), Err(_)) => Ok(Verdict::BothRefuse),
        (Err(ours), Ok(theirs)) => Err(fail(
            text,
            format!("only serde_json accepts it, as {theirs}; ours: {ours}"),
        )),
        (Ok(ours), Err(theirs)) => {
            known_difference(text, &ours, &theirs.to_string())?;
            Ok(Verdict::KnownDifference)
        }
    }
}

/// Ours accepted `text` as `ours`, serde_json refused it with `error`. Fine only where
/// serde_json stopped at a number beyond `f64` or at the 128th level of nesting: that number
/// (or that innermost array or object, which serde_json then reads alone) is replaced by `0`,
/// and the rest of the text must then be read alike, ours reading the same everywhere else.
fn known_difference(text: &str, ours: &Json, error: &str) -> Result<(), TestCaseError> {
    let only_ours = || {
        fail(
            text,
            format!("only ours accepts it, as {ours:?}; serde_json: {error}"),
        )
    };
    let lexed = Lexed::of(text).ok_or_else(only_ours)?;
    let (start, end, replaced) = if error.starts_with("number out of range") {
        // serde_json reads a number the same wherever it stands: the first it refuses alone
        // is where it stopped.
        let &(start, end) = lexed
            .numbers
            .iter()
            .find(|&&(start, end)| serde_json::from_str::<Value>(&text[start..end]).is_err())
            .ok_or_else(only_ours)?;
        let number = &text[start..end];
        let magnitude = number.parse::<f64>().map_or(0.0, f64::abs);
        if magnitude < 1e308 {
            return Err(fail(
                text,
                format!("serde_json refuses {number} as out of range"),
            ));
        }
        (start, end, Json::OtherNumber(number.to_string()))
    } else if error.starts_with("recursion limit exceeded") {
        let &(start, end, _) = lexed
            .containers
            .iter()
            .find(|&&(_, _, depth)| depth == SERDE_DEPTH_MAX + 1)
            .ok_or_else(only_ours)?;
        let inner = &text[start..end];
        let verdict = agree(inner)?;
        if verdict == Verdict::BothRefuse {
            return Err(fail(
                text,
                format!("the 128th level {inner:?}: {verdict:?}"),
            ));
        }
        (start, end, json::parse(inner)?)
    } else {
        return Err(only_ours());
    };
    let tamed = format!("{}0{}", &text[..start], &text[end..]);
    let verdict = agree(&tamed)?;
    if verdict == Verdict::BothRefuse {
        return Err(fail(
            text,
            format!("with {replaced:?} replaced by 0, both refuse it"),
        ));
    }
    let mut differences = Vec::new();
    differ(ours, &json::parse(&tamed)?, &mut differences);
    if differences != [(replaced.clone(), Json::Unsigned(0))] {
        return Err(fail(
            text,
            format!("replacing {replaced:?} by 0 changed ours by {differences:?}"),
        ));
    }
    Ok(())
}

/// Where `a` and `b` differ: the pairs of values at the same place.
fn differ(a: &Json, b: &Json, out: &mut Vec<(Json, Json)>) {
    match (a, b) {
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).for_each(|(a, b)| differ(a, b, out));
        }
        (Json::Object(x), Json::Object(y))
            if x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.0 == b.0) =>
        {
            x.iter().zip(y).for_each(|(a, b)| differ(&a.1, &b.1, out));
        }
        _ if a != b => out.push((a.clone(), b.clone())),
        _ => {}
    }
}

/// The numbers and the arrays and objects of a valid JSON text, by where they start and end.
struct Lexed {
    numbers: Vec<(usize, usize)>,
    /// In the order they open, each with how deep it is (1 for the outermost).
    containers: Vec<(usize, usize, usize)>,
}

impl Lexed {
    fn of(text: &str) -> Option<Lexed> {
        let bytes = text.as_bytes();
        let mut lexed = Lexed {
            numbers: Vec::new(),
            containers: Vec::new(),
        };
        let mut open = Vec::new();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b'"' => {
                    at += 1;
                    loop {
                        match bytes.get(at)? {
                            b'"' => break,
                            b'\\' => at += 2,
                            _ => at += 1,
                        }
                    }
                    at += 1;
                }
                b'[' | b'{' => {
                    open.push(lexed.containers.len());
                    lexed.containers.push((at, 0, open.len()));
                    at += 1;
                }
                b']' | b'}' => {
                    at += 1;
                    lexed.containers[open.pop()?].1 = at;
                }
                b'-' | b'0'..=b'9' => {
                    let start = at;
                    while matches!(
                        bytes.get(at),
                        Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                    ) {
                        at += 1;
                    }
                    lexed.numbers.push((start, at));
                }
                _ => at += 1,
            }
        }
        open.is_empty().then_some(lexed)
    }
}

// ----------------------------------------------------------------------------------------
// JSON texts: a value, written out in one of the ways JSON allows, or with a flaw.

/// A JSON value as it is to be written.
#[derive(Clone, Debug)]
enum Node {
    Word(&'static str),
    /// As written (valid).
    Number(String),
    Str(Vec<Piece>),
    Array(Vec<Node>),
    Object(Vec<(Vec<Piece>, Node)>),
}

/// One character of a string, and how it is written.
#[derive(Clone, Debug)]
enum Piece {
    /// As itself: never `"`, `\` or a control character.
    Raw(char),
    /// The letter of a short escape: `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r` or `\t`.
    Short(char),
    /// `\uXXXX`, for a character of the Basic Multilingual Plane; hex digits in upper case?
    Unicode(char, bool),
    /// A surrogate pair `\uXXXX\uXXXX`, for a character beyond it; upper case?
    Pair(char, bool),
}

/// Numbers at their edges (64 bits, `f64`'s range and precision, `-0`) and any others.
fn number() -> impl Strategy<Value = String> {
    const EDGES: &[&str] = &[
        "0",
        "-0",
        "1",
        "-1",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "123456789012345678901234567890",
        "0.0",
        "-0.0",
        "0e0",
        "-0E-0",
        "1E+2",
        "1e-2",
        "0.30000000000000004",
        "1e22",
        "1e23",
        "1e308",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "1e309",
        "-1e400",
        "2.2250738585072014e-308",
        "4.9e-324",
        "1e-400",
        "0e999999",
    ];
    prop_oneof![
        2 => select(EDGES).prop_map(String::from),
        1 => any::<u64>().prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        4 => "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
    ]
}

/// A character of the Basic Multilingual Plane (no surrogate: they are not characters).
fn bmp_char() -> impl Strategy<Value = char> {
    prop_oneof![
        select(
            &[
                '\0', '\u{1f}', '\u{7f}', '\u{80}', '\u{7ff}', '\u{800}', '\u{d7ff}', '\u{e000}',
                '\u{feff}', '\u{fffe}', '\u{ffff}'
            ][..]
        ),
        proptest::char::range('\0', '\u{7f}'),
        proptest::char::range('\u{80}', '\u{d7ff}'),
        proptest::char::range('\u{e000}', '\u{ffff}'),
    ]
}

fn astral_char() -> impl Strategy<Value = char> {
    prop_oneof![
        select(&['\u{10000}', '\u{1f600}', '\u{fffff}', '\u{10ffff}'][..]),
        proptest::char::range('\u{10000}', '\u{10ffff}'),
    ]
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => proptest::char::range(' ', '~')
            .prop_filter("escaped", |c| !matches!(c, '"' | '\\'))
            .prop_map(Piece::Raw),
        2 => any::<char>()
            .prop_filter("escaped", |c| !matches!(c, '"' | '\\' | '\0'..='\u{1f}'))
            .prop_map(Piece::Raw),
        2 => select(&['"', '\\', '/', 'b', 'f', 'n', 'r', 't'][..]).prop_map(Piece::Short),
        2 => (bmp_char(), any::<bool>()).prop_map(|(c, upper)| Piece::Unicode(c, upper)),
        2 => (astral_char(), any::<bool>()).prop_map(|(c, upper)| Piece::Pair(c, upper)),
    ]
}

/// A field name: often one of a few, some written in two ways, so that names repeat.
fn name() -> impl Strategy<Value = Vec<Piece>> {
    use Piece::{Pair, Raw, Unicode};
    prop_oneof![
        2 => select(vec![
            vec![Raw('a')],
            vec![Unicode('a', false)],
            vec![Raw('b')],
            vec![],
            vec![Raw('\u{e9}')],
            vec![Unicode('\u{e9}', true)],
            vec![Raw('\u{1f600}')],
            vec![Pair('\u{1f600}', false)],
            vec![Raw('a'), Unicode('\0', false)],
        ]),
        1 => vec(piece(), 0..6),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        select(&["null", "true", "false"][..]).prop_map(Node::Word),
        number().prop_map(Node::Number),
        vec(piece(), 0..8).prop_map(Node::Str),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Node::Array),
            vec((name(), inner), 0..5).prop_map(Node::Object),
        ]
    })
}

/// A value and how to space it: 0 for no whitespace at all, else the seed of the spacing.
#[derive(Clone, Debug)]
struct Document {
    root: Node,
    spacing: u64,
}

fn document() -> impl Strategy<Value = Document> {
    (node(), prop_oneof![Just(0), any::<u64>()])
        .prop_map(|(root, spacing)| Document { root, spacing })
}

/// What goes wrong with a text.
#[derive(Clone, Debug)]
enum Mutation {
    /// One flaw, of a kind that never leaves JSON valid, at one value or field name (counted
    /// in the order written).
    Flaw { at: usize, kind: usize },
    /// Something that is not JSON before or after the value, or no value at all.
    Around { kind: usize },
    /// The text cut short.
    Cut { at: usize },
    /// A token put in, put in place of a character, or a character taken out.
    Splice {
        at: usize,
        how: u8,
        token: &'static str,
    },
    /// The value nested in `levels` arrays or objects (by the bits of `objects`).
    Deep { levels: usize, objects: u128 },
}

/// The mutations that may leave a text valid (the flaws never do: they are all tried on every
/// document, by `flawed_texts_are_refused_alike`).
fn mutation() -> impl Strategy<Value = Mutation> {
    const TOKENS: &[&str] = &[
        ",", "]", "}", "[", "{", ":", "\"", "\\", "0", "9", "-", "+", ".", "e", " ", "\u{0}",
        "\u{1f}", "\t", "\\u", "\\ud800", "\\udc00", "\\x", "00", "true", "nul", "/", "\u{feff}",
        "é", "\u{7f}", "😀",
    ];
    prop_oneof![
        1 => (0..4096usize).prop_map(|at| Mutation::Cut { at }),
        2 => (0..4096usize, 0..3u8, select(TOKENS))
            .prop_map(|(at, how, token)| Mutation::Splice { at, how, token }),
        1 => (110usize..=135, any::<u128>()).prop_map(|(levels, objects)| Mutation::Deep { levels, objects }),
    ]
}

/// The kinds of value a flaw is written into (by `Writer`), and how many flaws each has.
const WORD: usize = 0;
const NUMBER: usize = 1;
const STRING: usize = 2;
const ARRAY: usize = 3;
const OBJECT: usize = 4;
const FLAWS: [usize; 5] = [
    BAD_WORDS.len(),
    5 + BAD_NUMBERS.len(),
    BAD_PIECES.len() + 1,
    8,
    12,
];
const AROUND_FLAWS: usize = GARBAGE.len() + PREFIXES.len() + NOTHING.len();

/// Where each kind of value is, counted in the order `Writer` writes values and names.
fn places(root: &Node) -> [Vec<usize>; 5] {
    fn walk(node: &Node, next: &mut usize, places: &mut [Vec<usize>; 5]) {
        let kind = match node {
            Node::Word(_) => WORD,
            Node::Number(_) => NUMBER,
            Node::Str(_) => STRING,
            Node::Array(_) => ARRAY,
            Node::Object(_) => OBJECT,
        };
        places[kind].push(*next);
        *next += 1;
        match node {
            Node::Array(items) => items.iter().for_each(|item| walk(item, next, places)),
            Node::Object(fields) => {
                for (_, value) in fields {
                    places[STRING].push(*next);
                    *next += 1;
                    walk(value, next, places);
                }
            }
            _ => {}
        }
    }
    let mut places = Default::default();
    walk(root, &mut 0, &mut places);
    places
}

/// What a flawed word, number, string, array or object is written as.
const BAD_WORDS: &[&str] = &[
    "tru",
    "nul",
    "fals",
    "True",
    "NULL",
    "nan",
    "undefined",
    "'a'",
];
const BAD_PIECES: &[&str] = &[
    r"\ud83d",
    r"\uDBFF",
    r"\udc00",
    r"\uDFFF",
    r"\ud83d\u0041",
    r"\ud83d\ud83d",
    r"\ud800x",
    r"\x",
    r"\U00e9",
    r"\u12z",
    r"\u12G4",
    r"\'",
    r"\0",
    "\\\u{e9}",
    "\\ ",
    "\u{0}",
    "\u{1f}",
    "\t",
    "\n",
    "\r",
];
const GARBAGE: &[&str] = &[
    "x", ",", "]", "}", "{}", "[]", "0", "\"", "/", "// c", "/* c */", "\u{0}", "null", "\u{feff}",
    ":",
];
const NOTHING: &[&str] = &["", " ", "\n\t"];
const PREFIXES: &[&str] = &[
    "\u{feff}", "\u{a0}", "\u{b}", "\u{c}", "\u{2028}", "\u{85}", ",", "]", "\u{0}", "+",
];

/// Flawed numbers that do not depend on the number.
const BAD_NUMBERS: &[&str] = &[
    ".5",
    "-",
    "--1",
    "- 1",
    "1.e3",
    "-.5",
    "0x1F",
    "1_000",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e+-1",
    "1.5.2",
    "1e5e5",
    "\u{661}",
];

fn bad_number(number: &str, kind: usize) -> String {
    let digits = number.strip_prefix('-');
    match kind % FLAWS[NUMBER] {
        // A leading zero.
        0 => match digits {
            Some(digits) => format!("-0{digits}"),
            None => format!("0{number}"),
        },
        1 => format!("{number}."),
        2 => format!("{number}e"),
        3 => format!("+{number}"),
        4 => format!("{number}E+"),
        k => BAD_NUMBERS[k - 5].to_string(),
    }
}

/// Writes a document, perhaps with a mutation.
struct Writer {
    out: String,
    spacing: u64,
    /// The flaw to write, at which value or name, and how many were written so far.
    flaw: Option<(usize, usize)>,
    written: usize,
}

impl Writer {
    fn gap(&mut self) {
        if self.spacing == 0 {
            return;
        }
        self.spacing = self
            .spacing
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        const GAPS: [&str; 10] = ["", "", "", "", " ", " ", "\n", "\t", "\r\n", "\n    "];
        self.out
            .push_str(GAPS[(self.spacing >> 33) as usize % GAPS.len()]);
    }

    /// The flaw's kind, if it is the next value's or name's.
    fn next_flaw(&mut self) -> Option<usize> {
        let here = self.written;
        self.written += 1;
        self.flaw
            .and_then(|(at, kind)| (at == here).then_some(kind))
    }

    /// What `write` writes, as a string of its own.
    fn apart(&mut self, write: impl FnOnce(&mut Writer)) -> String {
        let before = std::mem::take(&mut self.out);
        write(self);
        std::mem::replace(&mut self.out, before)
    }

    fn value(&mut self, node: &Node) {
        let flaw = self.next_flaw();
        match node {
            Node::Word(word) => {
                let word = flaw.map_or(*word, |kind| BAD_WORDS[kind % FLAWS[WORD]]);
                self.out.push_str(word);
            }
            Node::Number(number) => match flaw {
                None => self.out.push_str(number),
                Some(kind) => self.out.push_str(&bad_number(number, kind)),
            },
            Node::Str(pieces) => self.string(pieces, flaw),
            Node::Array(items) => self.array(items, flaw),
            Node::Object(fields) => self.object(fields, flaw),
        }
    }

    fn string(&mut self, pieces: &[Piece], flaw: Option<usize>) {
        // A flaw: one bad piece before the piece it names, or no closing quote.
        let (bad, bad_at) = match flaw {
            Some(kind) => (
                BAD_PIECES.get(kind % FLAWS[STRING]).copied(),
                kind / FLAWS[STRING] % (pieces.len() + 1),
            ),
            None => (None, usize::MAX),
        };
        self.out.push('"');
        for i in 0..=pieces.len() {
            if i == bad_at {
                self.out.push_str(bad.unwrap_or_default());
            }
            let Some(piece) = pieces.get(i) else { break };
            let hex = |code: u32, upper: bool| {
                if upper {
                    format!("\\u{code:04X}")
                } else {
                    format!("\\u{code:04x}")
                }
            };
            match *piece {
                Piece::Raw(c) => self.out.push(c),
                Piece::Short(letter) => {
                    self.out.push('\\');
                    self.out.push(letter);
                }
                Piece::Unicode(c, upper) => self.out.push_str(&hex(c as u32, upper)),
                Piece::Pair(c, upper) => {
                    let mut units = [0; 2];
                    for unit in c.encode_utf16(&mut units) {
                        self.out.push_str(&hex(u32::from(*unit), upper));
                    }
                }
            }
        }
        if !(flaw.is_some() && bad.is_none()) {
            self.out.push('"');
        }
    }

    /// `[`, the items with their separators, `]`; or with one of the flaws of an array.
    fn array(&mut self, items: &[Node], flaw: Option<usize>) {
        let items: Vec<String> = items
            .iter()
            .map(|item| self.apart(|w| w.value(item)))
            .collect();
        let (open, close) = match flaw.map(|kind| kind % FLAWS[ARRAY]) {
            Some(4) => ("[", ""),
            Some(5) => ("[", "]]"),
            Some(7) => ("(", ")"),
            _ => ("[", "]"),
        };
        let separators = match flaw.map(|kind| kind % FLAWS[ARRAY]) {
            Some(0) => Separators::Trailing,
            Some(1) => Separators::Leading,
            Some(2) => Separators::First(",,"),
            Some(3) => Separators::First(" "),
            Some(6) => Separators::First(";"),
            _ => Separators::Plain,
        };
        self.out.push_str(open);
        self.items(items, separators, "0");
        self.out.push_str(close);
    }

    fn object(&mut self, fields: &[(Vec<Piece>, Node)], flaw: Option<usize>) {
        let kind = flaw.map(|kind| kind % FLAWS[OBJECT]);
        let mut written: Vec<String> = Vec::new();
        for (i, (name, value)) in fields.iter().enumerate() {
            let name_flaw = self.next_flaw();
            let name = self.apart(|w| w.string(name, name_flaw));
            let field = self.apart(|w| {
                // A flaw of the first field's name, colon or value.
                let first = |k| i == 0 && kind == Some(k);
                w.out.push_str(if first(4) {
                    "k"
                } else if first(5) {
                    "'k'"
                } else if first(6) {
                    "1"
                } else {
                    name.as_str()
                });
                w.gap();
                w.out.push_str(if first(1) {
                    " "
                } else if first(3) {
                    "="
                } else {
                    ":"
                });
                w.gap();
                if !first(2) {
                    w.value(value);
                }
            });
            written.push(field);
        }
        let empty_instead = match kind {
            Some(1) => r#""k" 1"#,
            Some(2) => r#""k":"#,
            Some(3) => r#""k"=1"#,
            Some(4) => "k:1",
            Some(5) => "'k':1",
            Some(6) => "1:1",
            _ => r#""k":1"#,
        };
        let separators = match kind {
            Some(0) => Separators::Trailing,
            Some(8) => Separators::First(" "),
            Some(9) => Separators::First(",,"),
            Some(11) => Separators::Leading,
            _ => Separators::Plain,
        };
        let close = match kind {
            Some(7) => "",
            Some(10) => "]",
            _ => "}",
        };
        self.out.push('{');
        if written.is_empty() && matches!(kind, Some(1..=6)) {
            written.push(empty_instead.to_string());
        }
        self.items(written, separators, r#""k":1"#);
        self.out.push_str(close);
    }

    /// Items between brackets. `Trailing` and `Leading` add a comma; `First` replaces the first
    /// separator (and, with fewer than two items, puts `item` on either side of it).
    fn items(&mut self, mut items: Vec<String>, separators: Separators, item: &str) {
        if let Separators::First(_) = separators {
            while items.len() < 2 {
                items.push(item.to_string());
            }
        }
        self.gap();
        if let Separators::Leading = separators {
            self.out.push(',');
            self.gap();
        }
        for (i, written) in items.iter().enumerate() {
            if i > 0 {
                self.gap();
                match separators {
                    Separators::First(separator) if i == 1 => self.out.push_str(separator),
                    _ => self.out.push(','),
                }
                self.gap();
            }
            self.out.push_str(written);
        }
        if let Separators::Trailing = separators {
            self.gap();
            self.out.push(',');
        }
        self.gap();
    }
}

#[derive(Clone, Copy)]
enum Separators {
    Plain,
    Trailing,
    Leading,
    First(&'static str),
}

/// How many values and names a node writes.
fn count(node: &Node) -> usize {
    1 + match node {
        Node::Array(items) => items.iter().map(count).sum(),
        Node::Object(fields) => fields.iter().map(|(_, value)| 1 + count(value)).sum(),
        _ => 0,
    }
}

impl Document {
    fn text(&self, mutation: Option<&Mutation>) -> String {
        let flaw = match mutation {
            Some(&Mutation::Flaw { at, kind }) => Some((at % count(&self.root), kind)),
            _ => None,
        };
        let mut writer = Writer {
            out: String::new(),
            spacing: self.spacing,
            flaw,
            written: 0,
        };
        writer.gap();
        writer.value(&self.root);
        writer.gap();
        let text = writer.out;
        match mutation {
            None | Some(Mutation::Flaw { .. }) => text,
            Some(&Mutation::Around { kind }) => {
                let kind = kind % AROUND_FLAWS;
                match (
                    GARBAGE.get(kind),
                    PREFIXES.get(kind.wrapping_sub(GARBAGE.len())),
                ) {
                    (Some(garbage), _) => format!("{text} {garbage}"),
                    (None, Some(prefix)) => format!("{prefix}{text}"),
                    (None, None) => NOTHING[kind % NOTHING.len()].to_string(),
                }
            }
            Some(&Mutation::Cut { at }) => {
                let at = floor_char_boundary(&text, at % (text.len() + 1));
                text[..at].to_string()
            }
            Some(&Mutation::Splice { at, how, token }) => {
                let at = floor_char_boundary(&text, at % (text.len() + 1));
                let rest = &text[at..];
                match how % 3 {
                    0 => format!("{}{token}{rest}", &text[..at]),
                    1 => {
                        let mut chars = rest.chars();
                        chars.next();
                        format!("{}{token}{}", &text[..at], chars.as_str())
                    }
                    _ => {
                        let mut chars = rest.chars();
                        chars.next();
                        format!("{}{}", &text[..at], chars.as_str())
                    }
                }
            }
            Some(&Mutation::Deep { levels, objects }) => {
                let object = |level: usize| (objects >> (level % 128)) & 1 == 1;
                let mut deep = String::new();
                for level in 0..levels {
                    deep.push_str(if object(level) { r#"{"k":"# } else { "[" });
                }
                deep.push_str(&text);
                for level in (0..levels).rev() {
                    deep.push(if object(level) { '}' } else { ']' });
                }
                deep
            }
        }
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

// ----------------------------------------------------------------------------------------
// Rewriting serde_json's reading of a text in other ways: other spacing, other escapes,
// fields in other orders.

fn respaced(value: &Value, seed: u64) -> String {
    let mut seed = seed | 1;
    let root = node_of(value, &mut seed);
    Document {
        root,
        spacing: seed,
    }
    .text(None)
}

fn next(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

fn node_of(value: &Value, seed: &mut u64) -> Node {
    match value {
        Value::Null => Node::Word("null"),
        Value::Bool(b) => Node::Word(if *b { "true" } else { "false" }),
        Value::Number(n) => Node::Number(n.to_string()),
        Value::String(s) => Node::Str(pieces_of(s, seed)),
        Value::Array(items) => Node::Array(items.iter().map(|item| node_of(item, seed)).collect()),
        Value::Object(map) => {
            let mut fields: Vec<_> = map
                .iter()
                .map(|(name, value)| (pieces_of(name, seed), node_of(value, seed)))
                .collect();
            if !fields.is_empty() {
                let turn = next(seed) as usize % fields.len();
                fields.rotate_left(turn);
                if next(seed) & 1 == 0 {
                    fields.reverse();
                }
            }
            Node::Object(fields)
        }
    }
}

fn pieces_of(text: &str, seed: &mut u64) -> Vec<Piece> {
    text.chars()
        .map(|c| {
            let choice = next(seed) % 3;
            let upper = next(seed) & 1 == 0;
            match c {
                '"' | '\\' => Piece::Short(c),
                '\u{8}' if choice == 0 => Piece::Short('b'),
                '\u{c}' if choice == 0 => Piece::Short('f'),
                '\n' if choice == 0 => Piece::Short('n'),
                '\r' if choice == 0 => Piece::Short('r'),
                '\t' if choice == 0 => Piece::Short('t'),
                '/' if choice == 0 => Piece::Short('/'),
                '\0'..='\u{1f}' => Piece::Unicode(c, upper),
                c if choice == 0 => Piece::Raw(c),
                c if c > '\u{ffff}' => Piece::Pair(c, upper),
                c if choice == 1 => Piece::Unicode(c, upper),
                c => Piece::Raw(c),
            }
        })
        .collect()
}

/// serde_json's writings of a value: compact, pretty, and respaced by `seed`.
fn rewritings(value: &Value, seed: u64) -> [(&'static str, String); 3] {
    [
        ("compact", value.to_string()),
        (
            "pretty",
            serde_json::to_string_pretty(value).unwrap_or_default(),
        ),
        ("respaced", respaced(value, seed)),
    ]
}

// ----------------------------------------------------------------------------------------
// Durable states and client commands.

fn command() -> impl Strategy<Value = KvCommand> {
    (any::<u16>(), any::<u32>(), strategies::op()).prop_map(|(client, seq, op)| KvCommand {
        client,
        seq,
        op,
    })
}

fn raft_durable() -> impl Strategy<Value = raft::Durable<KvCommand>> {
    let entry = (any::<u64>(), any::<u64>(), proptest::option::of(command())).prop_map(
        |(index, term, command)| raft::Entry {
            index,
            term,
            payload: match command {
                None => raft::EntryPayload::Noop,
                Some(command) => raft::EntryPayload::Command(command),
            },
        },
    );
    (
        any::<u64>(),
        proptest::option::of(any::<u8>()),
        vec(entry, 0..6),
    )
        .prop_map(|(term, voted_for, log)| raft::Durable {
            term,
            voted_for,
            log,
        })
}

fn paxos_durable() -> impl Strategy<Value = paxos::Durable<KvCommand>> {
    let ballot =
        (any::<u64>(), any::<u8>()).prop_map(|(round, node)| paxos::Ballot { round, node });
    let accepted =
        (ballot.clone(), proptest::option::of(command())).prop_map(|(ballot, command)| {
            paxos::Accepted {
                ballot,
                value: match command {
                    None => paxos::Value::Noop,
                    Some(command) => paxos::Value::Command(command),
                },
            }
        });
    let slot = prop_oneof![0u64..30, any::<u64>()];
    (ballot, vec((slot, accepted), 0..6)).prop_map(|(promised, accepted)| paxos::Durable {
        promised,
        accepted: accepted.into_iter().collect(),
    })
}

/// A command as serde_json's own value: how a state is compared once serde_json has read it
/// (`KvCommand` derives only `Serialize`: the codec reads it, serde never has to).
fn command_value(command: &KvCommand) -> Value {
    serde_json::to_value(command).unwrap_or_default()
}

fn raft_with_values(durable: &raft::Durable<KvCommand>) -> raft::Durable<Value> {
    raft::Durable {
        term: durable.term,
        voted_for: durable.voted_for,
        log: durable
            .log
            .iter()
            .map(|entry| raft::Entry {
                index: entry.index,
                term: entry.term,
                payload: match &entry.payload {
                    raft::EntryPayload::Noop => raft::EntryPayload::Noop,
                    raft::EntryPayload::Command(c) => raft::EntryPayload::Command(command_value(c)),
                },
            })
            .collect(),
    }
}

fn paxos_with_values(durable: &paxos::Durable<KvCommand>) -> paxos::Durable<Value> {
    paxos::Durable {
        promised: durable.promised,
        accepted: durable
            .accepted
            .iter()
            .map(|(&slot, accepted)| {
                let value = match &accepted.value {
                    paxos::Value::Noop => paxos::Value::Noop,
                    paxos::Value::Command(c) => paxos::Value::Command(command_value(c)),
                };
                (
                    slot,
                    paxos::Accepted {
                        ballot: accepted.ballot,
                        value,
                    },
                )
            })
            .collect(),
    }
}

/// A scenario's durable state: any value (as `json_properties.rs` draws them, its numbers
/// within `f64`'s range: serde_json refuses the others), or a real state of either core.
fn initial_durable() -> impl Strategy<Value = Json> {
    let kept = |text: String| {
        json::parse(&text)
            .and_then(|value| value.with_sorted_fields())
            .unwrap_or(Json::Null)
    };
    prop_oneof![
        strategies::durable().prop_map(|value| within_f64(&value)),
        raft_durable().prop_map(move |d| kept(serde_json::to_string(&d).unwrap_or_default())),
        paxos_durable().prop_map(move |d| kept(serde_json::to_string(&d).unwrap_or_default())),
    ]
}

fn within_f64(value: &Json) -> Json {
    match value {
        Json::OtherNumber(text) if text.parse::<f64>().map_or(true, |f| f.abs() >= 1e308) => {
            Json::OtherNumber("1.5".to_string())
        }
        Json::Array(items) => Json::Array(items.iter().map(within_f64).collect()),
        Json::Object(fields) => Json::Object(
            fields
                .iter()
                .map(|(name, value)| (name.clone(), within_f64(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn without_durables(scenario: &Scenario) -> Scenario {
    let mut scenario = scenario.clone();
    for state in &mut scenario.initial {
        state.durable = Json::Null;
    }
    scenario
}

// ----------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(ProptestConfig {
        cases: testkit::proptest_scale::scaled(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn valid_texts_are_read_alike(document in document()) {
        let text = document.text(None);
        let verdict = agree(&text)?;
        prop_assert_ne!(verdict, Verdict::BothRefuse, "a valid text: {:?}", text);
    }

    #[test]
    fn flawed_texts_are_refused_alike(
        document in document(),
        which in 0..256usize,
        position in 0..64usize,
    ) {
        // Every flaw of every kind of value the document has, at one value of that kind.
        for (kind, places) in places(&document.root).iter().enumerate() {
            let Some(&at) = places.get(which % places.len().max(1)) else {
                continue;
            };
            for flaw in 0..FLAWS[kind] {
                let mutation = Mutation::Flaw { at, kind: flaw + FLAWS[kind] * position };
                let text = document.text(Some(&mutation));
                prop_assert_eq!(agree(&text)?, Verdict::BothRefuse, "{:?}: {:?}", mutation, text);
            }
        }
        for kind in 0..AROUND_FLAWS {
            let text = document.text(Some(&Mutation::Around { kind }));
            prop_assert_eq!(agree(&text)?, Verdict::BothRefuse, "{:?}", text);
        }
    }

    #[test]
    fn cut_spliced_and_deep_texts_are_read_alike(document in document(), mutation in mutation()) {
        agree(&document.text(Some(&mutation)))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: testkit::proptest_scale::scaled(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn json_like_character_soup_is_refused_alike(
        text in "[\\[\\]{}\",:0-9eE.+\\-\\\\u tfnrl\\x00-\\x1f\u{d7ff}\u{e000}-\u{10ffff}]{0,40}",
    ) {
        agree(&text)?;
    }

    #[test]
    fn what_our_writer_writes_serde_json_reads_alike(value in strategies::value()) {
        let text = value.to_text();
        let verdict = agree(&text)?;
        prop_assert_ne!(verdict, Verdict::BothRefuse, "{:?}", text);
    }

    #[test]
    fn raft_durable_states_cross_between_the_codecs(durable in raft_durable()) {
        type Durable = raft::Durable<KvCommand>;
        for text in [serde_json::to_string(&durable)?, serde_json::to_string_pretty(&durable)?] {
            let ours = json::parse(&text)?;
            prop_assert_eq!(&Durable::from_value(&ours)?, &durable);
            // As a scenario keeps it (fields sorted), and as the world then reads it.
            let kept = ours.with_sorted_fields()?;
            prop_assert_eq!(&Durable::from_value(&kept)?, &durable);
            // What ours writes, serde_json reads as the same state; and it is what serde_json
            // writes of its own reading.
            let written = kept.to_text();
            let theirs = serde_json::from_str::<raft::Durable<Value>>(&written)?;
            prop_assert_eq!(theirs, raft_with_values(&durable));
            prop_assert_eq!(&written, &serde_json::to_value(&durable)?.to_string());
        }
    }

    #[test]
    fn paxos_durable_states_cross_between_the_codecs(durable in paxos_durable()) {
        type Durable = paxos::Durable<KvCommand>;
        for text in [serde_json::to_string(&durable)?, serde_json::to_string_pretty(&durable)?] {
            let ours = json::parse(&text)?;
            prop_assert_eq!(&Durable::from_value(&ours)?, &durable);
            let kept = ours.with_sorted_fields()?;
            prop_assert_eq!(&Durable::from_value(&kept)?, &durable);
            let written = kept.to_text();
            let theirs = serde_json::from_str::<paxos::Durable<Value>>(&written)?;
            prop_assert_eq!(theirs, paxos_with_values(&durable));
            prop_assert_eq!(&written, &serde_json::to_value(&durable)?.to_string());
        }
    }

    #[test]
    fn client_commands_cross_between_the_codecs(command in command()) {
        for text in [serde_json::to_string(&command)?, serde_json::to_string_pretty(&command)?] {
            prop_assert_eq!(KvCommand::from_value(&json::parse(&text)?)?, command);
        }
        // Ours writes an operation byte for byte as serde_json does, and reads serde_json's.
        prop_assert_eq!(command.op.to_value().to_text(), serde_json::to_string(&command.op)?);
        let pretty = serde_json::to_string_pretty(&command.op)?;
        prop_assert_eq!(KvOp::from_value(&json::parse(&pretty)?)?, command.op);
    }

    #[test]
    fn scenarios_cross_between_the_codecs(
        scenario in strategies::scenario(initial_durable()),
        seed in any::<u64>(),
    ) {
        let text = scenario.to_json();
        prop_assert_eq!(agree(&text)?, Verdict::BothAccept);
        let theirs: Value = serde_json::from_str(&text)?;
        for (how, rewritten) in rewritings(&theirs, seed) {
            let back = Scenario::from_value(&json::parse(&rewritten)?)
                .map_err(|e| fail(&rewritten, format!("{how}: {e}")))?;
            prop_assert_eq!(without_durables(&back), without_durables(&scenario), "{}", how);
            // A durable state is kept as read: serde_json rewrites its other numbers (`1e3` as
            // `1000.0`), so it is compared with serde_json's reading, which was compared with
            // ours of the original by `agree`.
            for (i, state) in back.initial.iter().enumerate() {
                same(&state.durable, &theirs["initial"][i]["durable"])
                    .map_err(|why| fail(&rewritten, format!("{how}: initial[{i}]: {why}")))?;
            }
        }
    }

    #[test]
    fn actions_cross_between_the_codecs(
        action in strategies::action(),
        at_ms in any::<u64>(),
        seed in any::<u64>(),
    ) {
        let timed = TimedAction { at_ms, action };
        let text = timed.to_value().to_text();
        prop_assert_eq!(agree(&text)?, Verdict::BothAccept);
        let mut theirs: Value = serde_json::from_str(&text)?;
        for (how, rewritten) in rewritings(&theirs, seed) {
            let back = TimedAction::from_value(&json::parse(&rewritten)?)
                .map_err(|e| fail(&rewritten, format!("{how}: {e}")))?;
            prop_assert_eq!(&back, &timed, "{}", how);
        }
        // A lone action, as the page sends one: without `at_ms`.
        if let Value::Object(fields) = &mut theirs {
            fields.remove("at_ms");
        }
        for (how, rewritten) in rewritings(&theirs, seed) {
            let back = Action::from_json(&rewritten)
                .map_err(|e| fail(&rewritten, format!("{how}: {e}")))?;
            prop_assert_eq!(&back, &timed.action, "{}", how);
        }
    }
}

// ----------------------------------------------------------------------------------------
// The known differences, one by one.

fn serde_error(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => panic!("serde_json reads {text:?} as {value}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn known_difference_numbers_beyond_64_bits_keep_their_text_where_serde_json_makes_floats() {
    for (text, float) in [
        ("18446744073709551616", 18446744073709551616.0_f64),
        ("-9223372036854775809", -9223372036854775809.0),
        ("-0", -0.0),
        ("1.0", 1.0),
        ("1e2", 100.0),
        ("-0.0", -0.0),
    ] {
        assert_eq!(
            json::parse(text).unwrap(),
            Json::OtherNumber(text.to_string())
        );
        let theirs = serde_json::from_str::<Value>(text).unwrap();
        let theirs = theirs.as_f64().filter(|_| theirs.is_f64()).unwrap();
        assert_eq!(theirs.to_bits(), float.to_bits(), "{text}");
    }
    // Whole numbers that fit are whole numbers in both.
    assert_eq!(
        json::parse("18446744073709551615").unwrap(),
        Json::Unsigned(u64::MAX)
    );
    assert_eq!(
        serde_json::from_str::<Value>("18446744073709551615")
            .unwrap()
            .as_u64(),
        Some(u64::MAX)
    );
    assert_eq!(
        json::parse("-9223372036854775808").unwrap(),
        Json::Negative(i64::MIN)
    );
    assert_eq!(
        serde_json::from_str::<Value>("-9223372036854775808")
            .unwrap()
            .as_i64(),
        Some(i64::MIN)
    );
    // The format's fields are whole numbers: a reader refuses the others by name, in both.
    let error = Scenario::from_json(r#"{"format":1,"seed":18446744073709551616}"#).unwrap_err();
    assert_eq!(
        (error.field.as_str(), error.problem.as_str()),
        (
            "seed",
            "expected a whole number from 0 to 18446744073709551615, found 18446744073709551616"
        )
    );
    let serde = r#"{"term":18446744073709551616,"voted_for":null,"log":[]}"#;
    assert!(serde_json::from_str::<raft::Durable<Value>>(serde).is_err());
}

#[test]
fn known_difference_numbers_beyond_f64_are_read_and_left_for_the_field_to_refuse() {
    for text in [
        "1e400",
        "-1e400",
        "1e309",
        "1.7976931348623159e308",
        "[0, 123e999]",
    ] {
        assert!(
            serde_error(text).starts_with("number out of range"),
            "{text}"
        );
        assert!(json::parse(text).is_ok(), "{text}");
        assert_eq!(agree(text).unwrap(), Verdict::KnownDifference, "{text}");
    }
    assert_eq!(
        json::parse("-1e400").unwrap(),
        Json::OtherNumber("-1e400".to_string())
    );
    // The largest float and a tiny one are read by both.
    for text in ["1.7976931348623157e308", "1e-400", "0e999999"] {
        assert_eq!(agree(text).unwrap(), Verdict::BothAccept, "{text}");
    }
    let error = Scenario::from_json(r#"{"format":1,"seed":1e400}"#).unwrap_err();
    assert_eq!(error.field, "seed");
    assert!(error.problem.ends_with("found 1e400"), "{error}");
    // The check of a known difference still finds what else is wrong in the text.
    assert!(agree("[1e400, 01]").is_ok_and(|v| v == Verdict::BothRefuse));
    assert!(known_difference(
        "[1e400, 2]",
        &Json::Array(vec![Json::OtherNumber("1e400".into()), Json::Unsigned(3)]),
        &serde_error("[1e400, 2]")
    )
    .is_err());
}

#[test]
fn known_difference_repeated_names_are_all_kept_for_the_readers_to_refuse() {
    let text = r#"{"a":1,"b":2,"a":3}"#;
    assert_eq!(
        json::parse(text).unwrap(),
        Json::object(vec![
            ("a", Json::Unsigned(1)),
            ("b", Json::Unsigned(2)),
            ("a", Json::Unsigned(3))
        ])
    );
    assert_eq!(
        serde_json::from_str::<Value>(text).unwrap(),
        serde_json::json!({"a": 3, "b": 2})
    );
    assert_eq!(agree(text).unwrap(), Verdict::BothAccept);
    // Written out, ours repeats the name; serde_json writes the one value it kept.
    assert_eq!(json::parse(text).unwrap().to_text(), text);
    // Every reader of the format refuses the repetition, as serde's derived readers did.
    let error = Scenario::from_json(r#"{"format":1,"nodes":3,"nodes":4}"#).unwrap_err();
    assert_eq!(
        (error.field.as_str(), error.problem.as_str()),
        ("nodes", "given twice")
    );
    let durable = r#"{"term":1,"term":2,"log":[]}"#;
    assert!(json::parse(durable).unwrap().with_sorted_fields().is_err());
    let serde = serde_json::from_str::<raft::Durable<Value>>(durable).unwrap_err();
    assert!(
        serde.to_string().starts_with("duplicate field `term`"),
        "{serde}"
    );
}

#[test]
fn known_difference_ours_reads_one_level_of_nesting_more() {
    assert_eq!(json::DEPTH_MAX, SERDE_DEPTH_MAX + 1);
    // Arrays, objects, and both in turn, 1 to 160 levels deep.
    for (open, close) in [("[", "]"), (r#"{"k":"#, "}"), (r#"[{"k":"#, "}]")] {
        let step = open.matches(['[', '{']).count();
        for levels in (step..=160).step_by(step) {
            let text = format!(
                "{}0{}",
                open.repeat(levels / step),
                close.repeat(levels / step)
            );
            let expected = if levels <= SERDE_DEPTH_MAX {
                Verdict::BothAccept
            } else if levels <= json::DEPTH_MAX {
                Verdict::KnownDifference
            } else {
                Verdict::BothRefuse
            };
            assert_eq!(agree(&text).unwrap(), expected, "{levels} levels of {open}");
        }
    }
    let at_128 = "[".repeat(128) + &"]".repeat(128);
    assert!(serde_error(&at_128).starts_with("recursion limit exceeded"));
    assert!(json::parse(&at_128).is_ok());
    // Far deeper, and never closed: both refuse it without exhausting the stack.
    let deep = r#"[{"a":"#.repeat(1 << 20);
    assert_eq!(agree(&deep).unwrap(), Verdict::BothRefuse);
}

#[test]
fn known_difference_durable_states_are_read_in_the_one_shape_serde_json_writes() {
    // serde's derived readers ignore an unknown field and take a unit variant's map form;
    // ours refuses both, naming the field, as it refuses anything the format does not know.
    let cases = [
        (
            r#"{"term":1,"voted_for":null,"log":[],"colour":1}"#,
            "colour",
            "not known here; the known fields are term, voted_for, log",
        ),
        (
            r#"{"term":1,"log":[{"index":1,"term":1,"payload":{"Noop":null}}]}"#,
            "log[0].payload.Command",
            "missing",
        ),
    ];
    for (text, field, problem) in cases {
        assert!(
            serde_json::from_str::<raft::Durable<Value>>(text).is_ok(),
            "{text}"
        );
        let error =
            raft::Durable::<KvCommand>::from_value(&json::parse(text).unwrap()).unwrap_err();
        assert_eq!(
            (error.field.as_str(), error.problem.as_str()),
            (field, problem),
            "{text}"
        );
    }
    // Neither shape is one serde_json writes.
    let noop = raft::Entry::<KvCommand> {
        index: 1,
        term: 1,
        payload: raft::EntryPayload::Noop,
    };
    assert_eq!(
        serde_json::to_string(&noop).unwrap(),
        r#"{"index":1,"term":1,"payload":"Noop"}"#
    );
    // What both refuse, both refuse.
    for text in [
        r#"{"term":1.0,"log":[]}"#,
        r#"{"term":1,"log":[],"term":2}"#,
        r#"{"term":1}"#,
        r#"{"term":1,"voted_for":256,"log":[]}"#,
    ] {
        assert!(
            serde_json::from_str::<raft::Durable<Value>>(text).is_err(),
            "{text}"
        );
        let ours = json::parse(text).and_then(|value| value.with_sorted_fields());
        assert!(
            ours.and_then(|value| raft::Durable::<KvCommand>::from_value(&value))
                .is_err(),
            "{text}"
        );
    }
    for slot in ["01", "-1", "1e0", " 1", "18446744073709551616"] {
        let text = format!(
            r#"{{"promised":{{"round":1,"node":1}},"accepted":{{"{slot}":{{"ballot":{{"round":1,"node":1}},"value":"Noop"}}}}}}"#
        );
        assert!(
            serde_json::from_str::<paxos::Durable<Value>>(&text).is_err(),
            "{text}"
        );
        let error =
            paxos::Durable::<KvCommand>::from_value(&json::parse(&text).unwrap()).unwrap_err();
        assert_eq!(error.problem, "a slot is a whole number", "{text}");
    }
}
