//! The replicated application: a small key-value store whose commands travel through the
//! consensus log. Keys are few (so operations collide and the linearizability check has work
//! to do); values are lists of numbers (so `append` makes order visible).

use common::{Payload, SortedMap};
use serde::{Deserialize, Serialize};
use std::fmt;

pub type ClientId = u16;
pub type Key = u8;

/// One client operation, as it travels inside the log. Read from a scenario's durable
/// states by hand (`crate::scenario::format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct KvCommand {
    pub client: ClientId,
    /// The client's sequence number: retries reuse it, so the store applies each once.
    pub seq: u32,
    pub op: KvOp,
}

/// Serialize is for the page's views; scenarios read and write it by hand (`crate::scenario::format`),
/// in the same shape: `{"op": "put", "key": 0, "value": 7}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase", tag = "op")]
pub enum KvOp {
    Put { key: Key, value: u32 },
    Append { key: Key, value: u32 },
    Get { key: Key },
}

impl KvOp {
    pub fn key(&self) -> Key {
        match *self {
            KvOp::Put { key, .. } | KvOp::Append { key, .. } | KvOp::Get { key } => key,
        }
    }
}

/// What an operation returned to its client.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "values")]
pub enum KvOutput {
    Done,
    Value(Vec<u32>),
}

impl Payload for KvCommand {
    fn wire_size_bytes(&self) -> usize {
        // client (2) + seq (4) + op tag (1) + key (1) + value (4)
        12
    }
}

impl fmt::Display for KvOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KvOp::Put { key, value } => write!(f, "put k{key}={value}"),
            KvOp::Append { key, value } => write!(f, "append k{key}+={value}"),
            KvOp::Get { key } => write!(f, "get k{key}"),
        }
    }
}

impl fmt::Display for KvCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (c{}#{})", self.op, self.client, self.seq)
    }
}

impl fmt::Display for KvOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KvOutput::Done => f.write_str("ok"),
            KvOutput::Value(values) => f.write_str(&list_text(values)),
        }
    }
}

/// A value as the event log shows it, `[1, 2, 3]`: written by hand because `{:?}` on a `Vec`
/// brings the debug-formatting builders into the page's WASM.
pub fn list_text(values: &[u32]) -> String {
    format!("[{}]", common::joined(values, ", "))
}

/// Applies an operation to one key's value; the single definition of the store's semantics,
/// shared by the replicas and by the linearizability checker's model.
pub fn apply_to_value(value: &mut Vec<u32>, op: &KvOp) -> KvOutput {
    match *op {
        KvOp::Put { value: v, .. } => {
            value.clear();
            value.push(v);
            KvOutput::Done
        }
        KvOp::Append { value: v, .. } => {
            value.push(v);
            KvOutput::Done
        }
        KvOp::Get { .. } => KvOutput::Value(value.clone()),
    }
}

/// One replica's store. Volatile: a restarted server rebuilds it by re-applying the log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvStore {
    values: SortedMap<Key, Vec<u32>>,
    /// Per client, the last sequence number applied and its output, so that a retried
    /// command (same client and seq) is answered without being applied twice.
    sessions: SortedMap<ClientId, (u32, KvOutput)>,
}

impl KvStore {
    pub fn apply(&mut self, command: &KvCommand) -> KvOutput {
        if let Some((last_seq, output)) = self.sessions.get(&command.client) {
            if command.seq == *last_seq {
                return output.clone();
            }
            if command.seq < *last_seq {
                // A late copy of an operation its client gave up on and moved past: applying
                // it now could apply it twice. The client no longer waits for the answer.
                return KvOutput::Done;
            }
        }
        let value = self.values.get_or_default(command.op.key());
        let output = apply_to_value(value, &command.op);
        self.sessions
            .insert(command.client, (command.seq, output.clone()));
        output
    }

    pub fn get(&self, key: Key) -> &[u32] {
        self.values.get(&key).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retried_commands_apply_once() {
        let mut store = KvStore::default();
        let append = KvCommand {
            client: 1,
            seq: 1,
            op: KvOp::Append { key: 0, value: 5 },
        };
        assert_eq!(store.apply(&append), KvOutput::Done);
        assert_eq!(store.apply(&append), KvOutput::Done);
        assert_eq!(store.get(0), &[5]);
        let next = KvCommand {
            client: 1,
            seq: 2,
            op: KvOp::Append { key: 0, value: 6 },
        };
        store.apply(&next);
        let get = KvCommand {
            client: 2,
            seq: 1,
            op: KvOp::Get { key: 0 },
        };
        assert_eq!(store.apply(&get), KvOutput::Value(vec![5, 6]));
        let put = KvCommand {
            client: 2,
            seq: 2,
            op: KvOp::Put { key: 0, value: 1 },
        };
        store.apply(&put);
        assert_eq!(store.get(0), &[1]);
        // A stale retry of client 1's first append, after its second: not applied again.
        store.apply(&append);
        assert_eq!(store.get(0), &[1]);
    }
}
