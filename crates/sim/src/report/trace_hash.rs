//! The trace hash: a 64-bit fingerprint of a run, over the *structure* of every trace entry
//! and never over its wording, so that golden links keep their hashes when an event's text is
//! improved.
//!
//! # The encoding (hash version [`TRACE_HASH_VERSION`])
//!
//! Each entry feeds its time, a tag for its kind, then its typed fields. Typed values (the
//! cores' events, client operations) go through [`StructuralSerializer`], which writes serde's
//! data model as numbers: integers and booleans as one 64-bit word each, strings as their
//! length then their bytes, `None`/`Some` as 0/1 then the value, sequences and maps as their
//! length then their items, enum variants by their declaration index, struct fields by value
//! in declaration order; names never (they would cost the page's WASM their text, about 0.8 KB
//! gzip). Display text never enters it: the serializer refuses `collect_str`, the one way
//! serde would ask for it.
//!
//! Changing what an event *holds* (a field added or moved, a variant inserted or moved: add
//! new variants at the end of an enum) changes the hashes of the runs that have it, and fails
//! the golden-link tests: such a change must bump [`TRACE_HASH_VERSION`] and regenerate the
//! fixtures on purpose, saying so in their header. Rewording a text changes nothing.

use serde::ser::{self, Serialize};
use std::fmt;

/// The version of the encoding above. Golden fixtures record the version they were made with.
pub const TRACE_HASH_VERSION: u64 = 2;

/// A stable 64-bit hash of the words and bytes written to it, little-endian and
/// word-at-a-time (one rotate, xor and multiply per eight bytes, as in FxHash, with a strong
/// final mix), so that hashing every entry stays cheap. It identifies runs; it is not meant to
/// resist an adversary. The same input gives the same hash on every platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceHasher {
    state: u64,
    pending: u64,
    pending_len: u32,
}

impl Default for TraceHasher {
    fn default() -> Self {
        TraceHasher {
            state: 0xcbf2_9ce4_8422_2325,
            pending: 0,
            pending_len: 0,
        }
    }
}

impl TraceHasher {
    fn mix_word(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    pub fn bytes(&mut self, mut bytes: &[u8]) {
        // Whole words go straight in; only a ragged start or end takes the byte path.
        while self.pending_len == 0 && bytes.len() >= 8 {
            let (word, rest) = bytes.split_at(8);
            self.mix_word(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
            bytes = rest;
        }
        for &byte in bytes {
            self.pending |= u64::from(byte) << (8 * self.pending_len);
            self.pending_len += 1;
            if self.pending_len == 8 {
                self.mix_word(self.pending);
                self.pending = 0;
                self.pending_len = 0;
            }
        }
    }

    /// A whole number, as eight little-endian bytes.
    pub fn number(&mut self, value: u64) {
        if self.pending_len == 0 {
            self.mix_word(value);
        } else {
            self.bytes(&value.to_le_bytes());
        }
    }

    /// A string: its length, then its bytes (so `"ab","c"` and `"a","bc"` differ).
    pub fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.bytes(text.as_bytes());
    }

    /// Any serde value, by its structure (see the module docs).
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) {
        // Only `collect_str` fails, and nothing hashed here uses it (a test checks every
        // event kind); were one to, its text would simply be left out.
        let _ = value.serialize(StructuralSerializer(self));
    }

    pub fn finish(self) -> u64 {
        let mut last = self;
        // The length of the unfinished word keeps "a" and "a\0" apart.
        last.mix_word(self.pending ^ (u64::from(self.pending_len) << 59));
        crate::checks::context::mix(last.state, 0)
    }
}

/// Writes serde's data model into a [`TraceHasher`] (see the module docs).
pub struct StructuralSerializer<'a>(pub &'a mut TraceHasher);

/// The one refusal: a value that would enter the hash as display text.
#[derive(Debug)]
pub struct DisplayTextRefused;

impl fmt::Display for DisplayTextRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("display text is not part of the trace hash")
    }
}

impl std::error::Error for DisplayTextRefused {}

impl ser::Error for DisplayTextRefused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        DisplayTextRefused
    }
}

type Result = std::result::Result<(), DisplayTextRefused>;

impl<'a> ser::Serializer for StructuralSerializer<'a> {
    type Ok = ();
    type Error = DisplayTextRefused;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result {
        self.0.number(u64::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.0.number(v as u64);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.0.number(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.0.number(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.0.text(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.0.number(v.len() as u64);
        self.0.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.0.number(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        self.0.number(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Result {
        self.0.number(u64::from(index));
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result {
        self.0.number(u64::from(index));
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> std::result::Result<Self, DisplayTextRefused> {
        // Unknown lengths only come from iterators, which nothing hashed here serializes; a
        // marker keeps them apart from known ones all the same.
        self.0.number(len.map_or(u64::MAX, |len| len as u64));
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> std::result::Result<Self, DisplayTextRefused> {
        Ok(self)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _len: usize,
    ) -> std::result::Result<Self, DisplayTextRefused> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _len: usize,
    ) -> std::result::Result<Self, DisplayTextRefused> {
        self.0.number(u64::from(index));
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> std::result::Result<Self, DisplayTextRefused> {
        self.serialize_seq(len)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _len: usize,
    ) -> std::result::Result<Self, DisplayTextRefused> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _len: usize,
    ) -> std::result::Result<Self, DisplayTextRefused> {
        self.0.number(u64::from(index));
        Ok(self)
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, _: &T) -> Result {
        Err(DisplayTextRefused)
    }
}

impl ser::SerializeSeq for StructuralSerializer<'_> {
    type Ok = ();
    type Error = DisplayTextRefused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(StructuralSerializer(self.0))
    }
    fn end(self) -> Result {
        Ok(())
    }
}

impl ser::SerializeTuple for StructuralSerializer<'_> {
    type Ok = ();
    type Error = DisplayTextRefused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(StructuralSerializer(self.0))
    }
    fn end(self) -> Result {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for StructuralSerializer<'_> {
    type Ok = ();
    type Error = DisplayTextRefused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(StructuralSerializer(self.0))
    }
    fn end(self) -> Result {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for StructuralSerializer<'_> {
    type Ok = ();
    type Error = DisplayTextRefused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(StructuralSerializer(self.0))
    }
    fn end(self) -> Result {
        Ok(())
    }
}

impl ser::SerializeMap for StructuralSerializer<'_> {
    type Ok = ();
    type Error = DisplayTextRefused;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        key.serialize(StructuralSerializer(self.0))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(StructuralSerializer(self.0))
    }
    fn end(self) -> Result {
        Ok(())
    }
}

impl ser::SerializeStruct for StructuralSerializer<'_> {
    type Ok = ();
    type Error = DisplayTextRefused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Result {
        value.serialize(StructuralSerializer(self.0))
    }
    fn end(self) -> Result {
        Ok(())
    }
}

impl ser::SerializeStructVariant for StructuralSerializer<'_> {
    type Ok = ();
    type Error = DisplayTextRefused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Result {
        value.serialize(StructuralSerializer(self.0))
    }
    fn end(self) -> Result {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn hash_bytes(bytes: &[u8]) -> u64 {
        let mut h = TraceHasher::default();
        h.bytes(bytes);
        h.finish()
    }

    fn hash_value<T: Serialize>(value: &T) -> u64 {
        let mut h = TraceHasher::default();
        h.value(value);
        h.finish()
    }

    #[test]
    fn the_hash_depends_on_every_byte_and_on_length() {
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"a\0"));
        assert_ne!(hash_bytes(b"abcdefgh1"), hash_bytes(b"abcdefgh2"));
        assert_ne!(hash_bytes(b""), hash_bytes(b"\0"));
        // Split writes hash like one write.
        let mut split = TraceHasher::default();
        split.bytes(b"abc");
        split.bytes(b"defghij");
        assert_eq!(split.finish(), hash_bytes(b"abcdefghij"));
        // A fixed value, so that a change of algorithm (which changes every golden link's
        // expected hash) is a deliberate decision.
        assert_eq!(hash_bytes(b"raft playground"), 14281285760889904550);
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Pair(u8, u8),
        Named { a: Option<u8>, b: Vec<u8> },
    }

    #[test]
    fn structure_tells_values_apart() {
        let shapes = [
            Shape::Unit,
            Shape::Newtype(1),
            Shape::Newtype(2),
            Shape::Pair(1, 2),
            Shape::Pair(2, 1),
            Shape::Named { a: None, b: vec![] },
            Shape::Named {
                a: Some(0),
                b: vec![],
            },
            Shape::Named {
                a: None,
                b: vec![0],
            },
        ];
        let hashes: Vec<u64> = shapes.iter().map(hash_value).collect();
        for (i, a) in hashes.iter().enumerate() {
            for b in &hashes[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // By position, not by name: a renamed variant in the same place hashes the same.
        #[derive(Serialize)]
        enum Renamed {
            Nothing,
            One(u8),
        }
        assert_eq!(hash_value(&Renamed::Nothing), hash_value(&Shape::Unit));
        assert_eq!(hash_value(&Renamed::One(2)), hash_value(&Shape::Newtype(2)));
    }

    #[test]
    fn display_text_is_refused() {
        struct Text;
        impl Serialize for Text {
            fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str("worded")
            }
        }
        let mut h = TraceHasher::default();
        assert!(Text.serialize(StructuralSerializer(&mut h)).is_err());
    }
}
