//! A Multi-Paxos server's durable state in a scenario's `initial`: `{promised, accepted}`, the
//! accepted proposals keyed by slot number (as text: JSON field names are strings), read
//! through the core's public fields.

use paxos::{Accepted, Ballot, Durable, Slot, Value};

use super::kv::noop_or_command;
use crate::engine::kv::KvCommand;
use crate::scenario::json::{mismatch, shortened, Fields, FromJson, Json};
use crate::scenario::ScenarioError;

impl FromJson for Durable<KvCommand> {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(Durable {
                promised: fields.required("promised")?,
                accepted: fields
                    .required_with("accepted", accepted_by_slot)?
                    .into_iter()
                    .collect(),
            })
        })
    }
}

fn accepted_by_slot(value: &Json) -> Result<Vec<(Slot, Accepted<KvCommand>)>, ScenarioError> {
    let Json::Object(slots) = value else {
        return Err(mismatch("an object of accepted proposals by slot", value));
    };
    slots
        .iter()
        .map(|(slot, accepted)| {
            let at_slot = |error: ScenarioError| error.in_field(&shortened(slot));
            let number = slot_number(slot)
                .ok_or_else(|| at_slot(ScenarioError::new("", "a slot is a whole number")))?;
            Ok((number, Accepted::from_value(accepted).map_err(at_slot)?))
        })
        .collect()
}

/// A slot number written as a JSON field name: plain decimal digits, no leading zero (so that
/// two names never mean one slot).
fn slot_number(name: &str) -> Option<Slot> {
    let digits = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
    if !digits || (name.len() > 1 && name.starts_with('0')) {
        return None;
    }
    name.parse().ok()
}

impl FromJson for Accepted<KvCommand> {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(Accepted {
                ballot: fields.required("ballot")?,
                value: match fields.required_with("value", noop_or_command)? {
                    None => Value::Noop,
                    Some(command) => Value::Command(command),
                },
            })
        })
    }
}

impl FromJson for Ballot {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(Ballot {
                round: fields.required("round")?,
                node: fields.required("node")?,
            })
        })
    }
}
