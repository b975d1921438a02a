//! A small in-test cluster: N nodes, a queue of in-flight envelopes, and the faults a story or
//! a property needs (deliver, drop, partition, crash, restart, tick). It also keeps a ledger
//! of every value any node saw chosen, so that two values chosen for one slot are caught the
//! moment they happen. Its nodes run on `testkit::COMPACT_TIMERS`, which the stories and the
//! tick counts of the tests are written for.

#![allow(dead_code)] // Each test binary uses a different part of the harness.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

use common::{NodeId, SplitMix64};
use paxos::{Bug, Config, Durable, Envelope, EventKind, Node, Output, Role, Slot, Value};
use testkit::COMPACT_TIMERS;

pub struct Cluster {
    configs: BTreeMap<NodeId, Config>,
    pub nodes: BTreeMap<NodeId, Node<String>>,
    /// Crashed nodes and what they had persisted.
    pub down: BTreeMap<NodeId, Durable<String>>,
    pub queue: VecDeque<Envelope<String>>,
    /// Partition group of each node; empty when healed.
    groups: BTreeMap<NodeId, usize>,
    /// The first value seen chosen for each slot, and who saw it.
    ledger: BTreeMap<Slot, (Value<String>, NodeId)>,
    pub violations: Vec<String>,
    /// (slot, node) pairs already reported, so one disagreement is told once.
    reported: BTreeSet<(Slot, NodeId)>,
    /// Whether to render what happens as text (stories) or not (properties, speed).
    record: bool,
    lines: Vec<String>,
}

/// How the stories write a value: bare commands, `no-op`.
pub fn value_text(value: &Value<String>) -> String {
    match value {
        Value::Noop => "no-op".to_string(),
        Value::Command(command) => command.clone(),
    }
}

impl Cluster {
    pub fn new(size: u8, bugs: &[Bug], record: bool) -> Cluster {
        let members: Vec<NodeId> = (1..=size).collect();
        let configs = members
            .iter()
            .map(|&id| {
                let mut config = Config::with_timers(id, members.clone(), COMPACT_TIMERS);
                config.bugs = bugs.iter().copied().collect();
                (id, config)
            })
            .collect();
        Cluster::with_configs(configs, record)
    }

    pub fn with_configs(configs: BTreeMap<NodeId, Config>, record: bool) -> Cluster {
        let nodes = configs
            .iter()
            .map(|(&id, config)| (id, Node::new(config.clone(), Durable::default()).unwrap()))
            .collect();
        Cluster {
            configs,
            nodes,
            down: BTreeMap::new(),
            queue: VecDeque::new(),
            groups: BTreeMap::new(),
            ledger: BTreeMap::new(),
            violations: Vec::new(),
            reported: BTreeSet::new(),
            record,
            lines: Vec::new(),
        }
    }

    pub fn ids(&self) -> Vec<NodeId> {
        self.configs.keys().copied().collect()
    }

    pub fn node(&self, id: NodeId) -> &Node<String> {
        &self.nodes[&id]
    }

    fn say(&mut self, line: impl FnOnce() -> String) {
        if self.record {
            self.lines.push(line());
        }
    }

    /// Takes what a call returned: records events and messages, queues the messages, and
    /// checks every newly chosen or applied value against the ledger.
    fn absorb(&mut self, id: NodeId, out: Output<String>) {
        for event in &out.events {
            self.say(|| event.to_string());
            if let EventKind::Chosen { slot, .. } = event.kind {
                if let Some(value) = self.nodes[&id].chosen().get(&slot).cloned() {
                    self.check_agreement(slot, &value, id);
                }
            }
        }
        for entry in &out.committed {
            self.check_agreement(entry.slot, &entry.value, id);
        }
        for envelope in out.messages {
            self.say(|| envelope.to_string());
            self.queue.push_back(envelope);
        }
    }

    fn check_agreement(&mut self, slot: Slot, value: &Value<String>, by: NodeId) {
        match self.ledger.get(&slot) {
            None => {
                self.ledger.insert(slot, (value.clone(), by));
            }
            Some((first, first_by)) if first != value && self.reported.insert((slot, by)) => {
                let text = format!(
                    "VIOLATION: slot {slot} is chosen as {} at S{by}, but S{first_by} saw {} \
                     chosen there",
                    value_text(value),
                    value_text(first)
                );
                self.say(|| text.clone());
                self.violations.push(text);
            }
            Some(_) => {}
        }
    }

    pub fn tick(&mut self, id: NodeId) {
        if let Some(node) = self.nodes.get_mut(&id) {
            let out = node.tick();
            self.absorb(id, out);
        }
    }

    pub fn tick_all(&mut self) {
        for id in self.ids() {
            self.tick(id);
        }
    }

    pub fn campaign(&mut self, id: NodeId) {
        if let Some(node) = self.nodes.get_mut(&id) {
            let out = node.campaign();
            self.absorb(id, out);
        }
    }

    pub fn propose(&mut self, id: NodeId, command: &str) -> Result<(), String> {
        let node = self
            .nodes
            .get_mut(&id)
            .ok_or_else(|| format!("S{id} is down"))?;
        let out = node
            .propose(command.to_string())
            .map_err(|e| format!("S{id}: {e}"))?;
        self.absorb(id, out);
        Ok(())
    }

    /// The leader with the highest ballot among live nodes, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.nodes
            .values()
            .filter(|node| node.role() == Role::Leader)
            .max_by_key(|node| node.ballot())
            .map(|node| node.id())
    }

    fn cut(&self, from: NodeId, to: NodeId) -> bool {
        match (self.groups.get(&from), self.groups.get(&to)) {
            (Some(a), Some(b)) => a != b,
            _ => !self.groups.is_empty(),
        }
    }

    /// Delivers one envelope now (or loses it to a partition or a crash).
    pub fn deliver(&mut self, envelope: Envelope<String>) {
        let to = envelope.to;
        if self.cut(envelope.from, to) {
            self.say(|| format!("lost {envelope}: partitioned"));
            return;
        }
        let Some(node) = self.nodes.get_mut(&to) else {
            self.say(|| format!("lost {envelope}: S{to} is down"));
            return;
        };
        let out = node.step(envelope);
        self.absorb(to, out);
    }

    /// Delivers (once) every envelope queued right now that `select` picks, in order; the
    /// replies they cause are queued behind.
    pub fn deliver_where(&mut self, select: impl Fn(&Envelope<String>) -> bool) -> usize {
        let mut delivered = 0;
        for _ in 0..self.queue.len() {
            let Some(envelope) = self.queue.pop_front() else {
                break;
            };
            if select(&envelope) {
                delivered += 1;
                self.deliver(envelope);
            } else {
                self.queue.push_back(envelope);
            }
        }
        delivered
    }

    /// Delivers the envelope at `index` (modulo the queue length): any order, not just FIFO.
    pub fn deliver_index(&mut self, index: usize, keep_a_copy: bool) {
        if self.queue.is_empty() {
            return;
        }
        let index = index % self.queue.len();
        let envelope = if keep_a_copy {
            self.queue[index].clone()
        } else {
            self.queue.remove(index).expect("index is in range")
        };
        self.deliver(envelope);
    }

    pub fn drop_index(&mut self, index: usize) {
        if !self.queue.is_empty() {
            let index = index % self.queue.len();
            self.queue.remove(index);
        }
    }

    pub fn drop_where(&mut self, select: impl Fn(&Envelope<String>) -> bool) -> usize {
        let before = self.queue.len();
        let mut kept = VecDeque::with_capacity(before);
        while let Some(envelope) = self.queue.pop_front() {
            if select(&envelope) {
                self.say(|| format!("dropped {envelope}"));
            } else {
                kept.push_back(envelope);
            }
        }
        self.queue = kept;
        before - self.queue.len()
    }

    /// Delivers until nothing is in flight (bounded).
    pub fn stabilize(&mut self) {
        for _ in 0..100 {
            if self.queue.is_empty() {
                return;
            }
            self.deliver_where(|_| true);
        }
    }

    pub fn crash(&mut self, id: NodeId) {
        if let Some(node) = self.nodes.remove(&id) {
            self.down.insert(id, node.durable());
        }
    }

    pub fn restart(&mut self, id: NodeId) -> Result<(), String> {
        let durable = self
            .down
            .remove(&id)
            .ok_or_else(|| format!("S{id} is not down"))?;
        let node = Node::new(self.configs[&id].clone(), durable).map_err(|e| e.to_string())?;
        self.nodes.insert(id, node);
        Ok(())
    }

    pub fn partition(&mut self, groups: &[Vec<NodeId>]) {
        self.groups = groups
            .iter()
            .enumerate()
            .flat_map(|(g, ids)| ids.iter().map(move |&id| (id, g)))
            .collect();
    }

    pub fn heal(&mut self) {
        self.groups.clear();
    }

    /// One random action from the fault menu: ticks, delivery in any order, duplicates, drops,
    /// proposals, campaigns, crashes and restarts. The same seed gives the same run.
    pub fn chaos_step(&mut self, rng: &mut SplitMix64, step: usize) {
        let ids = self.ids();
        let id = ids[rng.range_inclusive(0, ids.len() as u64 - 1) as usize];
        match rng.range_inclusive(0, 99) {
            0..=24 => self.tick(id),
            25..=69 => self.deliver_index(rng.next_u64() as usize, false),
            70..=74 => self.deliver_index(rng.next_u64() as usize, true),
            75..=82 => self.drop_index(rng.next_u64() as usize),
            83..=90 => {
                let _ = self.propose(id, &format!("c{step}"));
            }
            91..=93 => self.campaign(id),
            94..=96 => self.crash(id),
            _ => {
                let _ = self.restart(id);
            }
        }
    }

    /// Runs the cluster for `rounds` rounds of one tick per node and full delivery, proposing
    /// `command-N` at the leader every round (for liveness tests).
    pub fn run_rounds(&mut self, rounds: usize) {
        for round in 0..rounds {
            self.tick_all();
            if let Some(leader) = self.leader() {
                let _ = self.propose(leader, &format!("c{round}"));
            }
            self.deliver_where(|_| true);
        }
    }

    pub fn status(&self) -> String {
        let mut text = String::new();
        for id in self.ids() {
            if let Some(durable) = self.down.get(&id) {
                let _ = writeln!(
                    text,
                    "S{id} down (promised {}, {} accepted slots kept)",
                    durable.promised,
                    durable.accepted.len()
                );
                continue;
            }
            let node = &self.nodes[&id];
            let role = match (node.role(), node.leader()) {
                (Role::Leader, _) => format!("leader of {}", node.ballot()),
                (Role::Candidate, _) => format!("candidate for {}", node.ballot()),
                (Role::Follower, Some(leader)) => format!("follower of S{leader}"),
                (Role::Follower, None) => "follower".to_string(),
            };
            let _ = write!(
                text,
                "S{id} {role}, promised {}, commit {}, applied {}",
                node.promised(),
                node.commit_index(),
                node.applied_index()
            );
            let view = node.view();
            if view.slots.is_empty() {
                text.push_str("; no slots\n");
                continue;
            }
            text.push_str("; slots");
            for slot in &view.slots {
                let _ = write!(text, " {}:", slot.slot);
                match (&slot.chosen, &slot.accepted) {
                    (Some(chosen), Some(accepted)) if accepted.value == *chosen => {
                        let _ = write!(
                            text,
                            " {} ({}, chosen)",
                            value_text(chosen),
                            accepted.ballot
                        );
                    }
                    (Some(chosen), Some(accepted)) => {
                        let _ = write!(
                            text,
                            " {} (chosen; accepted {} at {})",
                            value_text(chosen),
                            value_text(&accepted.value),
                            accepted.ballot
                        );
                    }
                    (Some(chosen), None) => {
                        let _ = write!(text, " {} (chosen)", value_text(chosen));
                    }
                    (None, Some(accepted)) => {
                        let _ = write!(
                            text,
                            " {} ({})",
                            value_text(&accepted.value),
                            accepted.ballot
                        );
                    }
                    (None, None) => text.push_str(" empty"),
                }
                text.push(',');
            }
            text.pop();
            text.push('\n');
        }
        text.pop();
        text
    }

    /// Runs one story command; returns what it printed.
    pub fn run(&mut self, command: &str) -> Result<String, String> {
        let words: Vec<&str> = command.split_whitespace().collect();
        match words.as_slice() {
            ["tick", target, rest @ ..] => {
                let count = match rest {
                    [] => 1,
                    [count] => parse(count)?,
                    _ => return Err("usage: tick ID|all [COUNT]".into()),
                };
                for _ in 0..count {
                    if *target == "all" {
                        self.tick_all();
                    } else {
                        self.tick(parse_id(target)?);
                    }
                }
            }
            ["campaign", id] => self.campaign(parse_id(id)?),
            ["propose", id, command] => self.propose(parse_id(id)?, command)?,
            ["deliver", filter @ ..] => {
                let select = parse_filter(filter)?;
                self.deliver_where(select);
            }
            ["drop", filter @ ..] => {
                let select = parse_filter(filter)?;
                self.drop_where(select);
            }
            ["stabilize"] => self.stabilize(),
            ["crash", id] => {
                let id = parse_id(id)?;
                self.crash(id);
                self.say(|| format!("S{id} crashed"));
            }
            ["restart", id] => {
                let id = parse_id(id)?;
                self.restart(id)?;
                self.say(|| format!("S{id} restarted from its durable state"));
            }
            ["partition", rest @ ..] => {
                let groups = rest
                    .split(|word| *word == "|")
                    .map(|group| group.iter().map(|id| parse_id(id)).collect())
                    .collect::<Result<Vec<Vec<NodeId>>, String>>()?;
                self.partition(&groups);
            }
            ["heal"] => self.heal(),
            ["status"] => return Ok(self.status()),
            ["queue"] => {
                let lines: Vec<String> = self.queue.iter().map(|e| e.to_string()).collect();
                return Ok(lines.join("\n"));
            }
            ["check"] => {
                return Ok(if self.violations.is_empty() {
                    "no slot has two chosen values".to_string()
                } else {
                    self.violations.join("\n")
                })
            }
            _ => return Err(format!("unknown command {command:?}")),
        }
        Ok(std::mem::take(&mut self.lines).join("\n"))
    }
}

fn parse(word: &str) -> Result<usize, String> {
    word.parse().map_err(|_| format!("not a number: {word}"))
}

fn parse_id(word: &str) -> Result<NodeId, String> {
    word.trim_start_matches('S')
        .parse()
        .map_err(|_| format!("not a node: {word}"))
}

/// `[from A] [to B]`.
fn parse_filter(words: &[&str]) -> Result<impl Fn(&Envelope<String>) -> bool, String> {
    let (mut from, mut to) = (None, None);
    for pair in words.chunks(2) {
        match pair {
            ["from", id] => from = Some(parse_id(id)?),
            ["to", id] => to = Some(parse_id(id)?),
            _ => return Err("usage: deliver|drop [from ID] [to ID]".into()),
        }
    }
    Ok(move |e: &Envelope<String>| {
        from.is_none_or(|from| e.from == from) && to.is_none_or(|to| e.to == to)
    })
}

/// The story language: `cluster N [bug NAME]…` first, then cluster commands.
#[derive(Default)]
pub struct Script {
    cluster: Option<Cluster>,
}

impl Script {
    pub fn run(&mut self, command: &str) -> Result<String, String> {
        let words: Vec<&str> = command.split_whitespace().collect();
        if let ["cluster", size, rest @ ..] = words.as_slice() {
            let size: u8 = size.parse().map_err(|_| format!("not a size: {size}"))?;
            let mut bugs = Vec::new();
            for pair in rest.chunks(2) {
                match pair {
                    ["bug", name] => {
                        bugs.push(Bug::from_name(name).ok_or_else(|| format!("no bug {name}"))?)
                    }
                    _ => return Err("usage: cluster N [bug NAME]…".into()),
                }
            }
            let cluster = Cluster::new(size, &bugs, true);
            let text = cluster.status();
            self.cluster = Some(cluster);
            return Ok(text);
        }
        self.cluster
            .as_mut()
            .ok_or("start with: cluster N")?
            .run(command)
    }

    /// Runs the commands of `tests/stories/<story>` (ignoring the recorded output); with
    /// `with_bugs` false the `bug NAME` words of its `cluster` line are dropped, so the same
    /// schedule runs on the correct protocol. Failing commands (a proposal to a node that is
    /// not leader) are part of the schedule, not errors.
    pub fn replay(story: &str, with_bugs: bool) -> Script {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/stories")
            .join(story);
        let text = std::fs::read_to_string(path).unwrap();
        let mut script = Script::default();
        for command in text.lines().filter_map(|line| line.strip_prefix("> ")) {
            let command = if !with_bugs && command.starts_with("cluster") {
                command
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                command.to_string()
            };
            let _ = script.run(&command);
        }
        script
    }

    pub fn cluster(&mut self) -> &mut Cluster {
        self.cluster.as_mut().expect("the script started a cluster")
    }
}
