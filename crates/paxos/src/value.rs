//! What a slot holds: a client command or a no-op, and the durable record of an acceptance.

use std::fmt;

use common::Payload;
use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;

/// A position in the replicated log. Slots start at 1; 0 means "none yet".
pub type Slot = u64;

/// A value proposed for a slot. A new leader proposes `Noop` for a slot no promise reported,
/// so that the hole closes and application can move past it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value<C> {
    Noop,
    Command(C),
}

impl<C: Payload> Value<C> {
    pub fn is_noop(&self) -> bool {
        matches!(self, Value::Noop)
    }

    /// A one-byte tag, then the command.
    pub fn wire_size_bytes(&self) -> usize {
        1 + match self {
            Value::Noop => 0,
            Value::Command(command) => command.wire_size_bytes(),
        }
    }
}

impl<C: fmt::Debug> fmt::Display for Value<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Noop => write!(f, "no-op"),
            Value::Command(command) => write!(f, "{command:?}"),
        }
    }
}

/// An acceptor's record for one slot: the last proposal it accepted (durable).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accepted<C> {
    pub ballot: Ballot,
    pub value: Value<C>,
}

/// A chosen value handed to the application, in slot order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry<C> {
    pub slot: Slot,
    pub value: Value<C>,
}
