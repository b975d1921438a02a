//! Timed actions and actions: objects tagged by `do`, as serde's internally tagged enum wrote
//! them. Unlike serde (which cannot refuse unknown fields next to a flattened enum), an
//! action's unknown fields are refused like every other's.

use crate::scenario::action::{Action, TimedAction};
use crate::scenario::json::{unknown_name, Fields, FromJson, Json, ToJson};
use crate::scenario::ScenarioError;

/// Every action's `do`, in the order of the enum.
const NAMES: [&str; 16] = [
    "crash",
    "restart",
    "pause",
    "resume",
    "timeout",
    "skew",
    "transfer",
    "request",
    "cut",
    "heal",
    "partition",
    "heal_all",
    "deliver",
    "drop",
    "duplicate",
    "network",
];

impl FromJson for TimedAction {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(TimedAction {
                at_ms: fields.required("at_ms")?,
                action: read_action(fields)?,
            })
        })
    }
}

impl FromJson for Action {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, read_action)
    }
}

/// The tag and the fields of one action, from an object that may hold others (`at_ms`).
fn read_action(fields: &mut Fields) -> Result<Action, ScenarioError> {
    let name: String = fields.required("do")?;
    Ok(match name.as_str() {
        "crash" => Action::Crash {
            node: fields.required("node")?,
        },
        "restart" => Action::Restart {
            node: fields.required("node")?,
        },
        "pause" => Action::Pause {
            node: fields.required("node")?,
        },
        "resume" => Action::Resume {
            node: fields.required("node")?,
        },
        "timeout" => Action::Timeout {
            node: fields.required("node")?,
        },
        "skew" => Action::Skew {
            node: fields.required("node")?,
            percent: fields.required("percent")?,
        },
        "transfer" => Action::Transfer {
            from: fields.required("from")?,
            to: fields.required("to")?,
        },
        "request" => Action::Request {
            node: fields.required("node")?,
            op: fields.required("op")?,
        },
        "cut" => Action::Cut {
            from: fields.required("from")?,
            to: fields.required("to")?,
            one_way: fields.or("one_way", false)?,
        },
        "heal" => Action::Heal {
            from: fields.required("from")?,
            to: fields.required("to")?,
            one_way: fields.or("one_way", false)?,
        },
        "partition" => Action::Partition {
            groups: fields.required("groups")?,
        },
        "heal_all" => Action::HealAll,
        "deliver" => Action::Deliver {
            message: fields.required("message")?,
        },
        "drop" => Action::Drop {
            message: fields.required("message")?,
        },
        "duplicate" => Action::Duplicate {
            message: fields.required("message")?,
        },
        "network" => Action::Network {
            settings: fields.required("settings")?,
        },
        _ => return Err(unknown_name("action", &name, &NAMES).in_field("do")),
    })
}

impl ToJson for TimedAction {
    fn to_value(&self) -> Json {
        let mut fields = vec![("at_ms", self.at_ms.to_value())];
        fields.extend(action_fields(&self.action));
        Json::object(fields)
    }
}

/// An action without its time, as a timed one writes it (the trace hash reads it so).
impl ToJson for Action {
    fn to_value(&self) -> Json {
        Json::object(action_fields(self))
    }
}

/// `do` first, then the variant's fields in declaration order.
fn action_fields(action: &Action) -> Vec<(&'static str, Json)> {
    let mut fields = vec![("do", Json::String(name(action).to_string()))];
    match action {
        Action::Crash { node }
        | Action::Restart { node }
        | Action::Pause { node }
        | Action::Resume { node }
        | Action::Timeout { node } => fields.push(("node", node.to_value())),
        Action::Skew { node, percent } => {
            fields.extend([("node", node.to_value()), ("percent", percent.to_value())]);
        }
        Action::Transfer { from, to } => {
            fields.extend([("from", from.to_value()), ("to", to.to_value())]);
        }
        Action::Request { node, op } => {
            fields.extend([("node", node.to_value()), ("op", op.to_value())]);
        }
        Action::Cut { from, to, one_way } | Action::Heal { from, to, one_way } => {
            fields.extend([
                ("from", from.to_value()),
                ("to", to.to_value()),
                ("one_way", one_way.to_value()),
            ]);
        }
        Action::Partition { groups } => fields.push(("groups", groups.to_value())),
        Action::HealAll => {}
        Action::Deliver { message } | Action::Drop { message } | Action::Duplicate { message } => {
            fields.push(("message", message.to_value()));
        }
        Action::Network { settings } => fields.push(("settings", settings.to_value())),
    }
    fields
}

fn name(action: &Action) -> &'static str {
    match action {
        Action::Crash { .. } => "crash",
        Action::Restart { .. } => "restart",
        Action::Pause { .. } => "pause",
        Action::Resume { .. } => "resume",
        Action::Timeout { .. } => "timeout",
        Action::Skew { .. } => "skew",
        Action::Transfer { .. } => "transfer",
        Action::Request { .. } => "request",
        Action::Cut { .. } => "cut",
        Action::Heal { .. } => "heal",
        Action::Partition { .. } => "partition",
        Action::HealAll => "heal_all",
        Action::Deliver { .. } => "deliver",
        Action::Drop { .. } => "drop",
        Action::Duplicate { .. } => "duplicate",
        Action::Network { .. } => "network",
    }
}
