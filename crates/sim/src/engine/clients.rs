//! The client workload: each client has at most one operation outstanding, sends it to the
//! server it believes leads, follows redirects, retries elsewhere after a timeout (same
//! sequence number, so the store applies it once), and finally gives up — the operation then
//! "maybe happened". Client 0 is the user's own (requests made from the page); it never
//! retries.

use common::{NodeId, SplitMix64};

use crate::engine::history::{History, Operation, Outcome, Time};
use crate::engine::kv::{ClientId, KvCommand, KvOp, KvOutput};
use crate::scenario::ClientSettings;

/// The user's own client, for requests made by hand.
pub const USER_CLIENT: ClientId = 0;

#[derive(Clone, Debug)]
pub struct Outstanding {
    pub command: KvCommand,
    /// Index in the history.
    pub operation: usize,
    pub attempt: u8,
    /// Redirects followed in this attempt (bounded, so a leaderless cluster cannot make a
    /// client bounce forever within one attempt).
    pub hops: u8,
}

#[derive(Clone, Debug)]
pub struct Client {
    pub id: ClientId,
    next_seq: u32,
    /// Where the next request goes.
    pub target: NodeId,
    pub outstanding: Option<Outstanding>,
}

#[derive(Clone)]
pub struct Clients {
    pub settings: ClientSettings,
    nodes: u8,
    /// Index 0 is the user's client; workload clients are 1..=count.
    pub clients: Vec<Client>,
    rng: SplitMix64,
}

/// What the world must do next for a client.
#[derive(Debug, PartialEq, Eq)]
pub enum ClientMove {
    /// Deliver `command` to `node` (after the client-to-server delay).
    Send {
        node: NodeId,
        command: KvCommand,
        attempt: u8,
    },
    /// Nothing (the client waits, or the answer was stale).
    Wait,
    /// The client gave up on `seq`.
    GaveUp { seq: u32 },
}

impl Clients {
    pub fn new(settings: ClientSettings, nodes: u8, mut rng: SplitMix64) -> Self {
        let clients = (0..=settings.count)
            .map(|id| Client {
                id,
                next_seq: 1,
                target: 1 + rng.range_inclusive(0, u64::from(nodes) - 1) as NodeId,
                outstanding: None,
            })
            .collect();
        Clients {
            settings,
            nodes,
            clients,
            rng,
        }
    }

    pub fn workload_ids(&self) -> impl Iterator<Item = ClientId> {
        1..=self.settings.count
    }

    /// A workload client is due: invent its next operation.
    pub fn next_operation(&mut self, client: ClientId) -> KvOp {
        let key = self
            .rng
            .range_inclusive(0, u64::from(self.settings.keys) - 1) as u8;
        // Values are unique per (client, seq), so a read shows exactly which writes it saw.
        let value = u32::from(client) * 100_000 + self.clients[usize::from(client)].next_seq;
        match self.rng.range_inclusive(0, 9) {
            0..=3 => KvOp::Append { key, value },
            4..=6 => KvOp::Get { key },
            _ => KvOp::Put { key, value },
        }
    }

    /// Starts an operation: records it in the history and says where to send it.
    pub fn start(
        &mut self,
        client: ClientId,
        op: KvOp,
        target: Option<NodeId>,
        now: Time,
        history: &mut History,
    ) -> ClientMove {
        let state = &mut self.clients[usize::from(client)];
        if state.outstanding.is_some() {
            return ClientMove::Wait;
        }
        let command = KvCommand {
            client,
            seq: state.next_seq,
            op,
        };
        state.next_seq += 1;
        if let Some(node) = target {
            state.target = node;
        }
        history.operations.push(Operation {
            client,
            seq: command.seq,
            op,
            invoked_at: now,
            outcome: Outcome::Pending,
        });
        state.outstanding = Some(Outstanding {
            command,
            operation: history.operations.len() - 1,
            attempt: 0,
            hops: 0,
        });
        ClientMove::Send {
            node: state.target,
            command,
            attempt: 0,
        }
    }

    /// A server answered with a result.
    pub fn answered(
        &mut self,
        client: ClientId,
        seq: u32,
        output: KvOutput,
        by: NodeId,
        now: Time,
        history: &mut History,
    ) -> Option<Time> {
        let state = self.clients.get_mut(usize::from(client))?;
        let outstanding = state.outstanding.as_ref()?;
        if outstanding.command.seq != seq {
            return None; // an answer to an attempt the client already gave up on
        }
        let operation = &mut history.operations[outstanding.operation];
        operation.outcome = Outcome::Returned { at: now, output };
        state.target = by;
        state.outstanding = None;
        Some(now - operation.invoked_at)
    }

    /// A server said it is not the leader.
    pub fn redirected(&mut self, client: ClientId, seq: u32, hint: Option<NodeId>) -> ClientMove {
        let nodes = self.nodes;
        let Some(state) = self.clients.get_mut(usize::from(client)) else {
            return ClientMove::Wait;
        };
        let Some(outstanding) = state.outstanding.as_mut() else {
            return ClientMove::Wait;
        };
        if outstanding.command.seq != seq || outstanding.hops >= 2 * nodes {
            return ClientMove::Wait; // stale, or bounced enough: wait for the timeout
        }
        outstanding.hops += 1;
        state.target = hint.unwrap_or(state.target % nodes + 1);
        ClientMove::Send {
            node: state.target,
            command: outstanding.command,
            attempt: outstanding.attempt,
        }
    }

    /// An attempt's timer fired.
    pub fn timed_out(
        &mut self,
        client: ClientId,
        seq: u32,
        attempt: u8,
        now: Time,
        history: &mut History,
    ) -> ClientMove {
        let nodes = self.nodes;
        let attempts = if client == USER_CLIENT {
            1
        } else {
            self.settings.attempts
        };
        let Some(state) = self.clients.get_mut(usize::from(client)) else {
            return ClientMove::Wait;
        };
        let Some(outstanding) = state.outstanding.as_mut() else {
            return ClientMove::Wait;
        };
        if outstanding.command.seq != seq || outstanding.attempt != attempt {
            return ClientMove::Wait;
        }
        if attempt + 1 >= attempts {
            history.operations[outstanding.operation].outcome = Outcome::TimedOut { at: now };
            state.outstanding = None;
            return ClientMove::GaveUp { seq };
        }
        outstanding.attempt += 1;
        outstanding.hops = 0;
        // The server we tried may be down or cut off: try the next one.
        state.target = state.target % nodes + 1;
        ClientMove::Send {
            node: state.target,
            command: outstanding.command,
            attempt: outstanding.attempt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clients() -> (Clients, History) {
        let settings = ClientSettings {
            count: 1,
            attempts: 2,
            ..ClientSettings::default()
        };
        (
            Clients::new(settings, 3, SplitMix64::new(1)),
            History::default(),
        )
    }

    #[test]
    fn one_outstanding_operation_then_answer() {
        let (mut c, mut h) = clients();
        let op = KvOp::Put { key: 0, value: 1 };
        let first = c.start(1, op, Some(2), 10, &mut h);
        assert_eq!(
            first,
            ClientMove::Send {
                node: 2,
                command: KvCommand {
                    client: 1,
                    seq: 1,
                    op
                },
                attempt: 0
            }
        );
        assert_eq!(c.start(1, op, None, 11, &mut h), ClientMove::Wait);
        assert_eq!(c.answered(1, 1, KvOutput::Done, 3, 50, &mut h), Some(40));
        assert_eq!(h.operations[0].returned_at(), Some(50));
        assert_eq!(c.clients[1].target, 3);
        // A late duplicate answer changes nothing.
        assert_eq!(c.answered(1, 1, KvOutput::Done, 3, 60, &mut h), None);
    }

    #[test]
    fn redirects_then_retries_then_gives_up() {
        let (mut c, mut h) = clients();
        c.start(1, KvOp::Get { key: 0 }, Some(1), 0, &mut h);
        assert!(matches!(
            c.redirected(1, 1, Some(3)),
            ClientMove::Send { node: 3, .. }
        ));
        assert!(matches!(
            c.redirected(1, 1, None),
            ClientMove::Send { node: 1, .. }
        ));
        assert!(matches!(
            c.timed_out(1, 1, 0, 100, &mut h),
            ClientMove::Send {
                node: 2,
                attempt: 1,
                ..
            }
        ));
        assert_eq!(c.timed_out(1, 1, 0, 150, &mut h), ClientMove::Wait); // stale timer
        assert_eq!(
            c.timed_out(1, 1, 1, 200, &mut h),
            ClientMove::GaveUp { seq: 1 }
        );
        assert_eq!(h.operations[0].outcome, Outcome::TimedOut { at: 200 });
    }
}
