//! A Raft server's durable state in a scenario's `initial`: `{term, voted_for, log}`, read
//! through the core's public fields (the core itself does no I/O).

use raft::{Durable, Entry, EntryPayload};

use super::kv::noop_or_command;
use crate::engine::kv::KvCommand;
use crate::scenario::json::{Fields, FromJson, Json};
use crate::scenario::ScenarioError;

impl FromJson for Durable<KvCommand> {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(Durable {
                term: fields.required("term")?,
                voted_for: fields.or("voted_for", None)?,
                log: fields.required("log")?,
            })
        })
    }
}

impl FromJson for Entry<KvCommand> {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(Entry {
                index: fields.required("index")?,
                term: fields.required("term")?,
                payload: match fields.required_with("payload", noop_or_command)? {
                    None => EntryPayload::Noop,
                    Some(command) => EntryPayload::Command(command),
                },
            })
        })
    }
}
