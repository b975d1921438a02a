//! A tiny in-memory cluster for the integration tests: N nodes, a queue of messages in
//! flight, and the faults the tests need (drop, partition, crash, restart). It also keeps
//! the two ledgers every test wants checked: one leader per term, one entry per committed
//! index. Its nodes run on `testkit::COMPACT_TIMERS`, which the stories and the tick counts
//! of the tests are written for.
// Each test binary uses a different part of the harness.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use common::NodeId;
use raft::{Config, Durable, Entry, Envelope, Node, Output, Role};
use testkit::COMPACT_TIMERS;

pub type Cmd = String;

pub struct Cluster {
    pub configs: BTreeMap<NodeId, Config>,
    /// Live nodes; a crashed node is absent here but keeps its saved durable state.
    pub nodes: BTreeMap<NodeId, Node<Cmd>>,
    pub saved: BTreeMap<NodeId, Durable<Cmd>>,
    pub queue: VecDeque<Envelope<Cmd>>,
    /// Groups that can talk among themselves; empty means fully connected.
    pub groups: Vec<BTreeSet<NodeId>>,
    /// Term → the node that led it. A second leader in a term is a violation.
    pub leaders: BTreeMap<u64, NodeId>,
    /// Index → the first entry anyone applied there. A different entry later is a violation.
    pub applied: BTreeMap<u64, Entry<Cmd>>,
    /// Index → the term of the node that first applied it: the entry was committed in that
    /// term or earlier.
    pub committed_by_term: BTreeMap<u64, u64>,
    /// Every entry each node applied, per index, across incarnations.
    pub applied_by: BTreeMap<NodeId, Vec<Entry<Cmd>>>,
    pub violations: Vec<String>,
}

impl Cluster {
    pub fn new(size: u8, configure: impl Fn(&mut Config)) -> Self {
        let members: Vec<NodeId> = (1..=size).collect();
        let durables = members.iter().map(|&id| (id, Durable::default())).collect();
        Self::with_durables(size, durables, configure)
    }

    pub fn with_durables(
        size: u8,
        durables: BTreeMap<NodeId, Durable<Cmd>>,
        configure: impl Fn(&mut Config),
    ) -> Self {
        let members: Vec<NodeId> = (1..=size).collect();
        let mut cluster = Self {
            configs: BTreeMap::new(),
            nodes: BTreeMap::new(),
            saved: durables,
            queue: VecDeque::new(),
            groups: Vec::new(),
            leaders: BTreeMap::new(),
            applied: BTreeMap::new(),
            committed_by_term: BTreeMap::new(),
            applied_by: BTreeMap::new(),
            violations: Vec::new(),
        };
        for &id in &members {
            let mut config = Config::with_timers(id, members.clone(), COMPACT_TIMERS);
            configure(&mut config);
            let durable = cluster.saved.get(&id).cloned().unwrap_or_default();
            cluster.nodes.insert(
                id,
                Node::new(config.clone(), durable).expect("valid config"),
            );
            cluster.configs.insert(id, config);
        }
        cluster
    }

    pub fn node(&self, id: NodeId) -> &Node<Cmd> {
        &self.nodes[&id]
    }

    /// Saves durable state, queues messages, checks the ledgers, and renders the output.
    pub fn absorb(&mut self, id: NodeId, output: Output<Cmd>) -> Vec<String> {
        let mut lines: Vec<String> = output.events.iter().map(|e| e.to_string()).collect();
        let node = &self.nodes[&id];
        if output.persist {
            self.saved.insert(id, node.durable());
        }
        if node.role() == Role::Leader {
            let leader = *self.leaders.entry(node.term()).or_insert(id);
            let violation = format!("two leaders in term {}: S{leader} and S{id}", node.term());
            if leader != id && !self.violations.contains(&violation) {
                self.violations.push(violation);
            }
            // Leader Completeness (§5.4): an entry committed in term t is in the log of every
            // leader of a later term. `committed_by_term` holds an upper bound of t.
            let term = node.term();
            if let Some(missing) = self.applied.values().find(|e| {
                self.committed_by_term[&e.index] < term
                    && node.log().get(e.index as usize - 1) != Some(e)
            }) {
                let violation = format!(
                    "S{id} leads term {} without committed entry {} (term {})",
                    node.term(),
                    missing.index,
                    missing.term
                );
                if !self.violations.contains(&violation) {
                    self.violations.push(violation);
                }
            }
        }
        for entry in output.committed {
            match self.applied.get(&entry.index) {
                Some(first) if *first != entry => self.violations.push(format!(
                    "S{id} applied {entry:?} at index {}, where {first:?} was applied before",
                    entry.index
                )),
                Some(_) => {}
                None => {
                    self.applied.insert(entry.index, entry.clone());
                    self.committed_by_term.insert(entry.index, node.term());
                }
            }
            self.applied_by.entry(id).or_default().push(entry);
        }
        for message in output.messages {
            lines.push(message.to_string());
            self.queue.push_back(message);
        }
        lines
    }

    pub fn tick(&mut self, id: NodeId, times: u64) -> Vec<String> {
        let mut lines = Vec::new();
        for _ in 0..times {
            let Some(node) = self.nodes.get_mut(&id) else {
                break;
            };
            let output = node.tick();
            lines.extend(self.absorb(id, output));
        }
        lines
    }

    pub fn tick_all(&mut self, times: u64) -> Vec<String> {
        let mut lines = Vec::new();
        for _ in 0..times {
            let ids: Vec<NodeId> = self.nodes.keys().copied().collect();
            for id in ids {
                lines.extend(self.tick(id, 1));
            }
        }
        lines
    }

    pub fn campaign(&mut self, id: NodeId) -> Vec<String> {
        let output = self.nodes.get_mut(&id).expect("live node").campaign();
        self.absorb(id, output)
    }

    pub fn propose(&mut self, id: NodeId, command: &str) -> Result<Vec<String>, String> {
        let node = self.nodes.get_mut(&id).ok_or(format!("S{id} is down"))?;
        let output = node
            .propose(command.to_string())
            .map_err(|e| format!("S{id}: {e}"))?;
        Ok(self.absorb(id, output))
    }

    pub fn transfer(&mut self, id: NodeId, to: NodeId) -> Result<Vec<String>, String> {
        let node = self.nodes.get_mut(&id).ok_or(format!("S{id} is down"))?;
        let output = node
            .transfer_leadership(to)
            .map_err(|e| format!("S{id}: {e}"))?;
        Ok(self.absorb(id, output))
    }

    pub fn connected(&self, a: NodeId, b: NodeId) -> bool {
        self.groups.is_empty() || self.groups.iter().any(|g| g.contains(&a) && g.contains(&b))
    }

    /// Delivers one message to its recipient; lost if either end is down or cut off.
    pub fn deliver_one(&mut self, envelope: Envelope<Cmd>) -> Vec<String> {
        let to = envelope.to;
        if !self.nodes.contains_key(&to) || !self.connected(envelope.from, to) {
            return vec![format!("{envelope} lost")];
        }
        let output = self.nodes.get_mut(&to).expect("checked").step(envelope);
        self.absorb(to, output)
    }

    /// Delivers every message now in flight (not the ones this produces).
    pub fn deliver(&mut self) -> Vec<String> {
        self.deliver_where(|_| true)
    }

    /// Delivers, in order, the messages in flight that match; keeps the others in flight.
    pub fn deliver_where(&mut self, select: impl Fn(&Envelope<Cmd>) -> bool) -> Vec<String> {
        let in_flight = std::mem::take(&mut self.queue);
        let mut keep = VecDeque::new();
        let mut chosen = Vec::new();
        for envelope in in_flight {
            if select(&envelope) {
                chosen.push(envelope);
            } else {
                keep.push_back(envelope);
            }
        }
        self.queue = keep;
        let mut lines = Vec::new();
        for envelope in chosen {
            lines.extend(self.deliver_one(envelope));
        }
        lines
    }

    /// Delivers round after round until nothing is in flight (bounded).
    pub fn stabilize(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        for _ in 0..200 {
            if self.queue.is_empty() {
                break;
            }
            lines.extend(self.deliver());
        }
        lines
    }

    pub fn drop_where(&mut self, select: impl Fn(&Envelope<Cmd>) -> bool) -> usize {
        let before = self.queue.len();
        self.queue.retain(|e| !select(e));
        before - self.queue.len()
    }

    pub fn partition(&mut self, groups: Vec<BTreeSet<NodeId>>) {
        self.groups = groups;
    }

    pub fn heal(&mut self) {
        self.groups.clear();
    }

    pub fn crash(&mut self, id: NodeId) {
        if let Some(node) = self.nodes.remove(&id) {
            // What was persisted is exactly what the node's durable state is now.
            self.saved.insert(id, node.durable());
        }
    }

    pub fn restart(&mut self, id: NodeId) {
        let durable = self.saved.get(&id).cloned().unwrap_or_default();
        let node = Node::new(self.configs[&id].clone(), durable).expect("valid config");
        self.nodes.insert(id, node);
    }

    /// The leader with the highest term among live nodes.
    pub fn leader(&self) -> Option<NodeId> {
        self.nodes
            .values()
            .filter(|n| n.role() == Role::Leader)
            .max_by_key(|n| n.term())
            .map(|n| n.id())
    }

    /// One heartbeat from the leader, delivered until quiet; what happened.
    pub fn heartbeat_lines(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(leader) = self.leader() {
            let interval = self.configs[&leader].heartbeat_interval_ticks;
            lines.extend(self.tick(leader, interval));
        }
        lines.extend(self.stabilize());
        lines
    }

    /// Heartbeats from the leader, delivered until quiet, `rounds` times.
    pub fn heartbeat(&mut self, rounds: u64) {
        for _ in 0..rounds {
            self.heartbeat_lines();
        }
    }

    /// Log Matching (§5.3): if two live nodes' logs hold an entry with the same index and
    /// term, they are identical up to it.
    pub fn log_matching_violation(&self) -> Option<String> {
        let logs: Vec<(NodeId, &[Entry<Cmd>])> =
            self.nodes.values().map(|n| (n.id(), n.log())).collect();
        for (i, (a, log_a)) in logs.iter().enumerate() {
            for (b, log_b) in &logs[i + 1..] {
                let shared = log_a.len().min(log_b.len());
                if let Some(k) = (0..shared).rev().find(|&k| log_a[k].term == log_b[k].term) {
                    if log_a[..=k] != log_b[..=k] {
                        return Some(format!(
                            "S{a} and S{b} agree on entry {} but differ before it",
                            k + 1
                        ));
                    }
                }
            }
        }
        None
    }

    pub fn log_terms(&self, id: NodeId) -> Vec<u64> {
        self.nodes[&id].log().iter().map(|e| e.term).collect()
    }

    pub fn status_line(&self, id: NodeId) -> String {
        let Some(node) = self.nodes.get(&id) else {
            return format!("S{id} down");
        };
        let log: Vec<String> = node
            .log()
            .iter()
            .map(|e| match &e.payload {
                raft::EntryPayload::Noop => format!("{}.{}", e.index, e.term),
                raft::EntryPayload::Command(c) => format!("{}.{}:{c}", e.index, e.term),
            })
            .collect();
        let vote = node
            .voted_for()
            .map_or("-".to_string(), |v| format!("S{v}"));
        let leader = node.leader().map_or("-".to_string(), |l| format!("S{l}"));
        format!(
            "S{id} {} term {} vote {vote} leader {leader} commit {} applied {} log [{}]",
            node.role(),
            node.term(),
            node.commit_index(),
            node.applied_index(),
            log.join(" ")
        )
    }
}

/// Builds a durable log from entry terms, one command per entry named after its position.
pub fn log_of_terms(terms: &[u64]) -> Vec<Entry<Cmd>> {
    terms
        .iter()
        .enumerate()
        .map(|(i, &term)| Entry {
            index: i as u64 + 1,
            term,
            payload: raft::EntryPayload::Command(format!("c{}", i + 1)),
        })
        .collect()
}
