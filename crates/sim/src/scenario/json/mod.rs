//! A small JSON codec for the scenario format, written by hand: serde's derived deserializers
//! (visitors for three deserializers, for every scenario type) were about 150 KB of the page's
//! WASM code, and the format needs a fraction of what they do.
//!
//! - [`Json`]: a parsed value. Numbers are whole numbers, as every number of the format is;
//!   any other number is kept as written, so that a reader can refuse it by field name.
//! - [`parse()`](fn@parse): text to value, strictly (RFC 8259), with a nesting limit, saying where the text
//!   goes wrong and what was expected there.
//! - [`Json::to_text`]: value to compact text, byte for byte what serde_json wrote before, so
//!   that links written today equal the links written then.
//! - [`FromJson`], [`ToJson`], [`Fields`]: typed reading and writing. Errors are
//!   [`ScenarioError`](crate::ScenarioError)s naming the field path, such as `actions[3].node`.

mod parse;
mod read;
mod value;
mod write;

pub use parse::{parse, DEPTH_MAX};
pub use read::{mismatch, unknown_name, Fields, FromJson, ToJson};
pub use value::Json;
pub(crate) use value::{quoted, shortened};
