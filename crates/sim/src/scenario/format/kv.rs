//! Client commands: the operation of a `request` action (tagged by `op`), and the commands a
//! server's durable log holds.

use crate::engine::kv::{KvCommand, KvOp};
use crate::scenario::json::{mismatch, unknown_name, Fields, FromJson, Json, ToJson};
use crate::scenario::ScenarioError;

impl FromJson for KvOp {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            let name: String = fields.required("op")?;
            Ok(match name.as_str() {
                "put" => KvOp::Put {
                    key: fields.required("key")?,
                    value: fields.required("value")?,
                },
                "append" => KvOp::Append {
                    key: fields.required("key")?,
                    value: fields.required("value")?,
                },
                "get" => KvOp::Get {
                    key: fields.required("key")?,
                },
                _ => {
                    let names = ["put", "append", "get"];
                    return Err(unknown_name("operation", &name, &names).in_field("op"));
                }
            })
        })
    }
}

impl ToJson for KvOp {
    fn to_value(&self) -> Json {
        let string = |text: &str| Json::String(text.to_string());
        Json::object(match *self {
            KvOp::Put { key, value } => vec![
                ("op", string("put")),
                ("key", key.to_value()),
                ("value", value.to_value()),
            ],
            KvOp::Append { key, value } => vec![
                ("op", string("append")),
                ("key", key.to_value()),
                ("value", value.to_value()),
            ],
            KvOp::Get { key } => vec![("op", string("get")), ("key", key.to_value())],
        })
    }
}

impl FromJson for KvCommand {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(KvCommand {
                client: fields.required("client")?,
                seq: fields.required("seq")?,
                op: fields.required("op")?,
            })
        })
    }
}

/// What a log position holds, in the cores' shape (serde's externally tagged enum): `"Noop"`,
/// or `{"Command": command}`. `None` is the no-op.
pub(super) fn noop_or_command(value: &Json) -> Result<Option<KvCommand>, ScenarioError> {
    match value {
        Json::String(name) if name == "Noop" => Ok(None),
        Json::Object(_) => Fields::read(value, |fields| fields.required("Command").map(Some)),
        other => Err(mismatch(r#""Noop" or {"Command": …}"#, other)),
    }
}
