//! Messages: a typed enum inside an envelope. The names follow Howard & Mortier §3 (Prepare,
//! Promise, Accept, Accepted) and Lamport's phases 1a/1b/2a/2b.

use std::fmt;

use common::{NodeId, Payload};
use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;
use crate::value::{Accepted, Slot, Value};

/// One message in flight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<C> {
    pub from: NodeId,
    pub to: NodeId,
    pub message: Message<C>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Message<C> {
    /// Phase 1a, once per leadership for every slot from `from_slot` on.
    Prepare { ballot: Ballot, from_slot: Slot },
    /// Phase 1b: the acceptor promised `ballot` and reports every slot from `from_slot` it has
    /// accepted, with the ballot it accepted under.
    Promise {
        ballot: Ballot,
        from_slot: Slot,
        entries: Vec<(Slot, Accepted<C>)>,
    },
    /// The acceptor refused `ballot` because it promised the higher `promised`: the sender
    /// steps down at once instead of waiting for a timeout.
    Nack { ballot: Ballot, promised: Ballot },
    /// Phase 2a for one slot. `commit` is the leader's commit index (all slots up to it chosen).
    Accept {
        ballot: Ballot,
        slot: Slot,
        value: Value<C>,
        commit: Slot,
    },
    /// Phase 2b.
    Accepted { ballot: Ballot, slot: Slot },
    /// The leader is alive, and has chosen every slot up to `commit`.
    Heartbeat { ballot: Ballot, commit: Slot },
    /// A lagging node asks for chosen values from `from_slot` on.
    CatchUpRequest { from_slot: Slot },
    /// Chosen values for `from_slot, from_slot + 1, …`; `commit` is the sender's commit index.
    CatchUpReply {
        from_slot: Slot,
        values: Vec<Value<C>>,
        commit: Slot,
    },
}

/// A message's type without its contents: cheap to copy into events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MessageKind {
    Prepare,
    Promise,
    Nack,
    Accept,
    Accepted,
    Heartbeat,
    CatchUpRequest,
    CatchUpReply,
}

impl MessageKind {
    pub const ALL: [MessageKind; 8] = [
        MessageKind::Prepare,
        MessageKind::Promise,
        MessageKind::Nack,
        MessageKind::Accept,
        MessageKind::Accepted,
        MessageKind::Heartbeat,
        MessageKind::CatchUpRequest,
        MessageKind::CatchUpReply,
    ];

    /// Short stable name, shown by the page and in traces.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Prepare => "Prepare",
            MessageKind::Promise => "Promise",
            MessageKind::Nack => "Nack",
            MessageKind::Accept => "Accept",
            MessageKind::Accepted => "Accepted",
            MessageKind::Heartbeat => "Heartbeat",
            MessageKind::CatchUpRequest => "CatchUpRequest",
            MessageKind::CatchUpReply => "CatchUpReply",
        }
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Sizes in the compact binary encoding the metrics assume: a ballot is a u64 round and a u8
/// node, a slot a u64, a vector a u32 length.
const BALLOT_BYTES: usize = 9;
const SLOT_BYTES: usize = 8;
const LENGTH_BYTES: usize = 4;
/// from, to, and the message tag.
const HEADER_BYTES: usize = 3;

impl<C: Payload> Message<C> {
    /// The highest ballot the message carries at its top level (a Nack's promise is above its
    /// ballot), if it carries any. A Promise's entries are bounded by its ballot.
    pub fn ballot_max(&self) -> Option<Ballot> {
        match self {
            Message::Nack { ballot, promised } => Some((*ballot).max(*promised)),
            Message::Prepare { ballot, .. }
            | Message::Promise { ballot, .. }
            | Message::Accept { ballot, .. }
            | Message::Accepted { ballot, .. }
            | Message::Heartbeat { ballot, .. } => Some(*ballot),
            Message::CatchUpRequest { .. } | Message::CatchUpReply { .. } => None,
        }
    }

    pub fn kind(&self) -> MessageKind {
        match self {
            Message::Prepare { .. } => MessageKind::Prepare,
            Message::Promise { .. } => MessageKind::Promise,
            Message::Nack { .. } => MessageKind::Nack,
            Message::Accept { .. } => MessageKind::Accept,
            Message::Accepted { .. } => MessageKind::Accepted,
            Message::Heartbeat { .. } => MessageKind::Heartbeat,
            Message::CatchUpRequest { .. } => MessageKind::CatchUpRequest,
            Message::CatchUpReply { .. } => MessageKind::CatchUpReply,
        }
    }

    fn wire_size_bytes(&self) -> usize {
        match self {
            Message::Prepare { .. } => BALLOT_BYTES + SLOT_BYTES,
            Message::Promise { entries, .. } => {
                BALLOT_BYTES
                    + SLOT_BYTES
                    + LENGTH_BYTES
                    + entries
                        .iter()
                        .map(|(_, accepted)| {
                            SLOT_BYTES + BALLOT_BYTES + accepted.value.wire_size_bytes()
                        })
                        .sum::<usize>()
            }
            Message::Nack { .. } => 2 * BALLOT_BYTES,
            Message::Accept { value, .. } => {
                BALLOT_BYTES + 2 * SLOT_BYTES + value.wire_size_bytes()
            }
            Message::Accepted { .. } | Message::Heartbeat { .. } => BALLOT_BYTES + SLOT_BYTES,
            Message::CatchUpRequest { .. } => SLOT_BYTES,
            Message::CatchUpReply { values, .. } => {
                2 * SLOT_BYTES
                    + LENGTH_BYTES
                    + values.iter().map(Value::wire_size_bytes).sum::<usize>()
            }
        }
    }
}

impl<C: Payload> Envelope<C> {
    pub fn wire_size_bytes(&self) -> usize {
        HEADER_BYTES + self.message.wire_size_bytes()
    }
}

/// How many entries of a Promise the one-line summary lists before "…".
const SUMMARY_ENTRIES_MAX: usize = 4;

impl<C: Payload> fmt::Display for Envelope<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S{}→S{} {}(", self.from, self.to, self.message.kind())?;
        match &self.message {
            Message::Prepare { ballot, from_slot } => {
                write!(f, "ballot {ballot}, from slot {from_slot}")?
            }
            Message::Promise {
                ballot,
                from_slot,
                entries,
            } => {
                write!(f, "ballot {ballot}, from slot {from_slot}, ")?;
                if entries.is_empty() {
                    write!(f, "nothing accepted")?;
                } else {
                    write!(f, "accepted [")?;
                    for (position, (slot, accepted)) in
                        entries.iter().take(SUMMARY_ENTRIES_MAX).enumerate()
                    {
                        if position > 0 {
                            write!(f, ", ")?;
                        }
                        write!(f, "{slot}: {} {}", accepted.ballot, accepted.value)?;
                    }
                    if entries.len() > SUMMARY_ENTRIES_MAX {
                        write!(f, ", … {} in all", entries.len())?;
                    }
                    write!(f, "]")?;
                }
            }
            Message::Nack { ballot, promised } => {
                write!(f, "ballot {ballot}, promised {promised}")?
            }
            Message::Accept {
                ballot,
                slot,
                value,
                commit,
            } => write!(f, "ballot {ballot}, slot {slot}, {value}, commit {commit}")?,
            Message::Accepted { ballot, slot } => write!(f, "ballot {ballot}, slot {slot}")?,
            Message::Heartbeat { ballot, commit } => write!(f, "ballot {ballot}, commit {commit}")?,
            Message::CatchUpRequest { from_slot } => write!(f, "from slot {from_slot}")?,
            Message::CatchUpReply {
                from_slot,
                values,
                commit,
            } => match values.len() {
                0 => write!(f, "no slots, commit {commit}")?,
                1 => write!(f, "slot {from_slot}, commit {commit}")?,
                n => write!(
                    f,
                    "slots {from_slot}–{}, commit {commit}",
                    from_slot + n as u64 - 1
                )?,
            },
        }
        write!(f, ")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_and_sizes() {
        let accept: Envelope<String> = Envelope {
            from: 1,
            to: 2,
            message: Message::Accept {
                ballot: Ballot::new(3, 1),
                slot: 4,
                value: Value::Command("x=1".into()),
                commit: 3,
            },
        };
        assert_eq!(
            accept.to_string(),
            "S1→S2 Accept(ballot 3.S1, slot 4, \"x=1\", commit 3)"
        );
        assert_eq!(accept.message.kind().name(), "Accept");
        // header 3 + ballot 9 + slot 8 + commit 8 + tag 1 + string 4+3
        assert_eq!(accept.wire_size_bytes(), 36);
        let reply: Envelope<String> = Envelope {
            from: 1,
            to: 3,
            message: Message::CatchUpReply {
                from_slot: 2,
                values: vec![Value::Noop, Value::Noop],
                commit: 3,
            },
        };
        assert_eq!(reply.to_string(), "S1→S3 CatchUpReply(slots 2–3, commit 3)");
    }
}
