//! Typed reading and writing: [`FromJson`] and [`ToJson`] for the plain types the format is
//! made of, and [`Fields`] to read an object field by field, refusing fields nobody asked for.

use std::fmt::Display;

use super::{quoted, shortened, Json};
use crate::scenario::ScenarioError;

pub trait FromJson: Sized {
    /// Reads a value; an error's field path is relative to this value.
    fn from_value(value: &Json) -> Result<Self, ScenarioError>;
}

pub trait ToJson {
    fn to_value(&self) -> Json;
}

/// "expected {what}, found {value}".
pub fn mismatch(what: &str, value: &Json) -> ScenarioError {
    ScenarioError::new("", format!("expected {what}, found {}", value.describe()))
}

/// The fields of one object, read by name. Every name asked for is remembered, so that
/// [`Fields::finish`] can refuse the others (a typo never goes unnoticed) and list the known
/// ones.
pub struct Fields<'a> {
    fields: &'a [(String, Json)],
    asked: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    fn of(value: &'a Json) -> Result<Fields<'a>, ScenarioError> {
        match value {
            Json::Object(fields) => Ok(Fields {
                fields,
                asked: Vec::new(),
            }),
            other => Err(mismatch("an object", other)),
        }
    }

    /// The field called `name`, if it is there (once).
    fn get(&mut self, name: &'static str) -> Result<Option<&'a Json>, ScenarioError> {
        self.asked.push(name);
        let mut values = self
            .fields
            .iter()
            .filter(|(field, _)| field == name)
            .map(|(_, value)| value);
        let value = values.next();
        if values.next().is_some() {
            return Err(ScenarioError::new("", "given twice").in_field(name));
        }
        Ok(value)
    }

    pub fn required<T: FromJson>(&mut self, name: &'static str) -> Result<T, ScenarioError> {
        self.required_with(name, T::from_value)
    }

    /// A field that must be there, read by `read`.
    pub fn required_with<T>(
        &mut self,
        name: &'static str,
        read: impl FnOnce(&Json) -> Result<T, ScenarioError>,
    ) -> Result<T, ScenarioError> {
        match self.get(name)? {
            Some(value) => read(value).map_err(|e| e.in_field(name)),
            None => Err(ScenarioError::new("", "missing").in_field(name)),
        }
    }

    /// A field that may be left out, for `default`.
    pub fn or<T: FromJson>(&mut self, name: &'static str, default: T) -> Result<T, ScenarioError> {
        match self.get(name)? {
            Some(value) => T::from_value(value).map_err(|e| e.in_field(name)),
            None => Ok(default),
        }
    }

    /// Reads an object with `read`, then refuses any field it did not ask for.
    pub fn read<T>(
        value: &'a Json,
        read: impl FnOnce(&mut Fields<'a>) -> Result<T, ScenarioError>,
    ) -> Result<T, ScenarioError> {
        let mut fields = Fields::of(value)?;
        let read = read(&mut fields)?;
        fields.finish()?;
        Ok(read)
    }

    /// Refuses any field that was not asked for.
    fn finish(self) -> Result<(), ScenarioError> {
        let unknown = self
            .fields
            .iter()
            .find(|(field, _)| !self.asked.iter().any(|asked| asked == field));
        match unknown {
            None => Ok(()),
            Some((field, _)) => Err(ScenarioError::new(
                "",
                format!(
                    "not known here; the known fields are {}",
                    common::joined(&self.asked, ", ")
                ),
            )
            .in_field(&shortened(field))),
        }
    }
}

/// The error for a name (an action, an operation, a protocol) that is none of `names`.
pub fn unknown_name(what: &str, name: &str, names: &[&str]) -> ScenarioError {
    ScenarioError::new(
        "",
        format!(
            "no {what} is called {}; expected one of {}",
            quoted(name),
            common::joined(names, ", ")
        ),
    )
}

/// A whole number within `T`'s range.
fn whole<T: TryFrom<u64> + TryFrom<i64> + Display>(
    value: &Json,
    min: T,
    max: T,
) -> Result<T, ScenarioError> {
    let fitting = match value {
        Json::Unsigned(n) => T::try_from(*n).ok(),
        Json::Negative(n) => T::try_from(*n).ok(),
        _ => None,
    };
    fitting.ok_or_else(|| mismatch(&format!("a whole number from {min} to {max}"), value))
}

macro_rules! whole_numbers {
    ($($number:ty),*) => {$(
        impl FromJson for $number {
            fn from_value(value: &Json) -> Result<Self, ScenarioError> {
                whole(value, <$number>::MIN, <$number>::MAX)
            }
        }
    )*};
}

whole_numbers!(u8, u16, u32, u64, i8);

macro_rules! unsigned_numbers {
    ($($number:ty),*) => {$(
        impl ToJson for $number {
            fn to_value(&self) -> Json {
                Json::Unsigned(u64::from(*self))
            }
        }
    )*};
}

unsigned_numbers!(u8, u16, u32, u64);

impl ToJson for i8 {
    fn to_value(&self) -> Json {
        match u64::try_from(*self) {
            Ok(n) => Json::Unsigned(n),
            Err(_) => Json::Negative(i64::from(*self)),
        }
    }
}

impl FromJson for bool {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        match value {
            Json::Bool(b) => Ok(*b),
            other => Err(mismatch("true or false", other)),
        }
    }
}

impl ToJson for bool {
    fn to_value(&self) -> Json {
        Json::Bool(*self)
    }
}

impl FromJson for String {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        match value {
            Json::String(text) => Ok(text.clone()),
            other => Err(mismatch("a string", other)),
        }
    }
}

impl ToJson for String {
    fn to_value(&self) -> Json {
        Json::String(self.clone())
    }
}

/// `null` or a value.
impl<T: FromJson> FromJson for Option<T> {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        match value {
            Json::Null => Ok(None),
            value => T::from_value(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        match value {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::from_value(item).map_err(|e| e.in_element(i)))
                .collect(),
            other => Err(mismatch("an array", other)),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_value(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_value).collect())
    }
}
