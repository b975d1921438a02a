//! The world: simulated time, an event queue ordered by (time, sequence), the servers, the
//! network, the clients and the checkers. `step` processes exactly one event; `run_until`
//! every event up to a time. Scenario actions are read from a list the caller passes in, so
//! a clone of the world (a checkpoint) stays valid when the future is rewritten.

use common::{NodeId, SortedSet, SplitMix64};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

use crate::checks::context::{CheckContext, Violation};
use crate::checks::linearizability::{self, Verdict};
use crate::cores::{Category, Core, Marker, NodeSetup, Out};
use crate::engine::clients::{ClientMove, Clients, USER_CLIENT};
use crate::engine::history::{History, Time};
use crate::engine::kv::{ClientId, Key, KvCommand, KvOutput, KvStore};
use crate::engine::network::{DropReason, Network, Sent};
use crate::engine::node::{self, NodeSlot, NodeState};
use crate::report::metrics::Metrics;
use crate::report::trace::{Trace, TraceEntry, TraceKind};
use crate::scenario::action::{MessageId, TimedAction};
use crate::scenario::json::FromJson;
use crate::scenario::{Scenario, ScenarioError, KEYS_MAX};

mod actions;

/// A server whose state a step changed: the checkers look at it next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Touched {
    node: NodeId,
    /// It came back from a crash in this step (its volatile state starts over).
    restarted: bool,
}

impl Touched {
    fn node(node: NodeId) -> Touched {
        Touched {
            node,
            restarted: false,
        }
    }

    fn restarted(node: NodeId) -> Touched {
        Touched {
            node,
            restarted: true,
        }
    }
}

#[derive(Clone, Debug)]
enum QueueEvent {
    Tick {
        node: NodeId,
        incarnation: u32,
    },
    Deliver(MessageId),
    ClientWake(ClientId),
    ClientArrive {
        node: NodeId,
        command: KvCommand,
    },
    ClientReply {
        node: NodeId,
        client: ClientId,
        seq: u32,
        reply: Reply,
    },
    ClientTimeout {
        client: ClientId,
        seq: u32,
        attempt: u8,
    },
}

/// Boxed output: the queue moves its elements on every push and pop, so they stay small.
#[derive(Clone, Debug)]
enum Reply {
    Output(Box<KvOutput>),
    Redirect(Option<NodeId>),
}

#[derive(Clone, Debug)]
struct Scheduled {
    at: Time,
    seq: u64,
    event: QueueEvent,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// What the scenario fixes for the whole run.
#[derive(Clone)]
struct Setup {
    nodes: u8,
    seed: u64,
    tick_us: Time,
    /// Client ↔ server one-way delay (the clients sit outside the simulated partitions).
    client_delay_us: Time,
    client_interval_us: Time,
    client_timeout_us: Time,
    node: NodeSetup,
}

#[derive(Clone)]
pub struct World<P: Core> {
    setup: Setup,
    pub now: Time,
    /// Events processed so far.
    pub steps: u64,
    queue: BinaryHeap<Reverse<Scheduled>>,
    queue_seq: u64,
    pub nodes: Vec<NodeSlot<P>>,
    pub network: Network<P::Msg>,
    pub clients: Clients,
    pub history: History,
    checks: P::Checks,
    /// The invariants broken so far: the first [`VIOLATIONS_MAX`] distinct ones, in the order
    /// found. Unless `keep_going`, the world stops at the first.
    pub violations: Vec<Violation>,
    /// Go on after a violation (the page: the visitor sees what the broken rule leads to),
    /// or stop at the first (sweeps, `raftplay run`: the run has failed, and stopping is
    /// faster). Up to the first violation both runs are the same, event for event.
    pub keep_going: bool,
    /// The world cannot go on (a message flood), whatever `keep_going` says.
    halted: bool,
    /// Keys whose client history was found not linearizable: not checked again.
    nonlinearizable_keys: u32,
    pub trace: Trace<P>,
    pub metrics: Metrics,
    /// The next scenario action to apply.
    pub next_action: usize,
    /// Leadership may have changed since the leader metric was last updated.
    leader_dirty: bool,
    /// Operations per key so far, and the key whose operation completed in this step.
    operations_per_key: [u32; KEYS_MAX as usize],
    completed_key: Option<Key>,
    // Per-step scratch, kept to avoid allocating on every step.
    step_events: Vec<P::Event>,
    step_applied: Vec<(NodeId, u64, Option<KvCommand>)>,
    sent: Vec<Sent>,
    found: Vec<Violation>,
}

/// A run that goes on after a violation keeps this many distinct ones (by invariant, servers
/// and entries), each with its step and time; later ones are checked for but not kept.
pub const VIOLATIONS_MAX: usize = 16;

/// More messages than this in flight (outside manual mode, where the user holds them) means a
/// core is amplifying traffic: reported as a violation rather than left to exhaust memory, and
/// the world halts there even when it keeps going after other violations.
pub const IN_FLIGHT_MAX: usize = 20_000;

/// A key's history is checked for linearizability online (each time one of its operations
/// completes) while it has at most this many operations; longer histories are checked once,
/// at the end of a run (`raftplay run`, sweeps), because each check reads the whole history.
pub const LINEARIZABILITY_ONLINE_OPS_MAX: u32 = 100;

/// A node's seed for one incarnation: distinct per node and per restart, all from one seed.
fn node_seed(seed: u64, node: NodeId, incarnation: u32) -> u64 {
    crate::checks::context::mix(
        crate::checks::context::mix(seed, u64::from(node)),
        u64::from(incarnation),
    )
}

impl<P: Core> World<P> {
    pub fn new(scenario: &Scenario) -> Result<World<P>, ScenarioError> {
        scenario.validate()?;
        let mut rng = SplitMix64::new(scenario.seed);
        let members: Vec<NodeId> = scenario.node_ids().collect();
        let node_setup = NodeSetup {
            id: 0,
            members: members.clone(),
            timing: scenario.timing,
            seed: scenario.seed,
            options: scenario.options,
            bugs: scenario.bugs.clone(),
        };
        let mut nodes = Vec::with_capacity(members.len());
        for &id in &members {
            let initial = scenario
                .initial
                .iter()
                .enumerate()
                .find(|(_, i)| i.node == id && i.protocol == P::PROTOCOL);
            // A durable state's errors name their field from the scenario's top:
            // `initial[2].durable.log[4].term`.
            let in_initial = |index: usize, e: ScenarioError| {
                e.in_field("durable").in_element(index).in_field("initial")
            };
            let durable = match initial {
                Some((index, i)) => {
                    Some(P::Durable::from_value(&i.durable).map_err(|e| in_initial(index, e))?)
                }
                None => None,
            };
            let setup = NodeSetup {
                id,
                seed: node_seed(scenario.seed, id, 0),
                ..node_setup.clone()
            };
            let node = P::boot(&setup, durable).map_err(|e| match initial {
                Some((index, _)) => in_initial(index, e),
                None => e.in_field(&format!("S{id}")),
            })?;
            nodes.push(NodeSlot {
                id,
                state: NodeState::Up(node),
                paused: false,
                skew_percent: 0,
                incarnation: 0,
                store: KvStore::default(),
                pending: SortedSet::new(),
                deferred: VecDeque::new(),
            });
        }
        let network = Network::new(scenario.network, rng.fork());
        let clients = Clients::new(scenario.clients, scenario.nodes, rng.fork());
        let mut world = World {
            setup: Setup {
                nodes: scenario.nodes,
                seed: scenario.seed,
                tick_us: scenario.timing.tick_ms * 1000,
                client_delay_us: scenario.network.delay_min_ms * 1000,
                client_interval_us: scenario.clients.interval_ms * 1000,
                client_timeout_us: scenario.clients.timeout_ms * 1000,
                node: node_setup,
            },
            now: 0,
            steps: 0,
            queue: BinaryHeap::new(),
            queue_seq: 0,
            nodes,
            network,
            clients,
            history: History::default(),
            checks: P::Checks::default(),
            violations: Vec::new(),
            keep_going: false,
            halted: false,
            nonlinearizable_keys: 0,
            trace: Trace::default(),
            metrics: Metrics::default(),
            next_action: 0,
            leader_dirty: true,
            operations_per_key: [0; KEYS_MAX as usize],
            completed_key: None,
            step_events: Vec::new(),
            step_applied: Vec::new(),
            sent: Vec::new(),
            found: Vec::new(),
        };
        // Nodes start ticking at different phases within the first tick, so they are not in
        // lockstep (which would make every election a split vote).
        for id in 1..=scenario.nodes {
            let phase = 1 + rng.range_inclusive(0, world.setup.tick_us - 1);
            world.schedule(
                phase,
                QueueEvent::Tick {
                    node: id,
                    incarnation: 0,
                },
            );
        }
        let client_ids: Vec<ClientId> = world.clients.workload_ids().collect();
        for client in client_ids {
            let start = 1 + rng.range_inclusive(0, world.setup.client_interval_us);
            world.schedule(start, QueueEvent::ClientWake(client));
        }
        Ok(world)
    }

    /// What every node is started with (its id and seed aside): members, timers, options, bugs.
    pub(crate) fn node_setup(&self) -> &NodeSetup {
        &self.setup.node
    }

    pub fn node_count(&self) -> u8 {
        self.setup.nodes
    }

    /// Server `id`, if the cluster has one: ids are 1..=nodes.
    pub fn slot(&self, id: NodeId) -> Option<&NodeSlot<P>> {
        node::by_id(&self.nodes, id)
    }

    fn slot_mut(&mut self, id: NodeId) -> Option<&mut NodeSlot<P>> {
        node::by_id_mut(&mut self.nodes, id)
    }

    /// What incarnation `incarnation` of server `node` is started with.
    fn incarnation_setup(&self, node: NodeId, incarnation: u32) -> NodeSetup {
        NodeSetup {
            id: node,
            seed: node_seed(self.setup.seed, node, incarnation),
            ..self.setup.node.clone()
        }
    }

    fn schedule(&mut self, at: Time, event: QueueEvent) {
        self.queue_seq += 1;
        self.queue.push(Reverse(Scheduled {
            at,
            seq: self.queue_seq,
            event,
        }));
    }

    /// The time of the next thing to happen: the next action or queued event.
    pub fn next_time(&self, actions: &[TimedAction]) -> Option<Time> {
        let action = actions.get(self.next_action).map(|a| a.at_ms * 1000);
        let queued = self.queue.peek().map(|s| s.0.at);
        match (action, queued) {
            (Some(a), Some(q)) => Some(a.min(q)),
            (a, q) => a.or(q),
        }
    }

    /// The first invariant broken, if any.
    pub fn violation(&self) -> Option<&Violation> {
        self.violations.first()
    }

    /// The world goes no further: halted, or stopped at its first violation.
    pub fn stopped(&self) -> bool {
        self.halted || (!self.keep_going && !self.violations.is_empty())
    }

    /// Processes exactly one event (an action, a tick, a delivery or a client event).
    /// Returns false when the world cannot go on (it stopped at a violation, see
    /// [`World::stopped`]) or nothing is left.
    pub fn step(&mut self, actions: &[TimedAction]) -> bool {
        if self.stopped() {
            return false;
        }
        let action_at = actions.get(self.next_action).map(|a| a.at_ms * 1000);
        let queued_at = self.queue.peek().map(|s| s.0.at);
        // At equal times the action goes first: an action recorded at `t` is applied before
        // anything else scheduled for `t`, in the live run and in every replay alike.
        let take_action = match (action_at, queued_at) {
            (Some(a), Some(q)) => a <= q,
            (Some(_), None) => true,
            (None, _) => false,
        };
        self.step_events.clear();
        self.step_applied.clear();
        let touched = if take_action {
            let timed = &actions[self.next_action];
            self.next_action += 1;
            self.now = self.now.max(timed.at_ms * 1000);
            self.steps += 1;
            self.apply_action(&timed.action)
        } else if let Some(Reverse(scheduled)) = self.queue.pop() {
            self.now = scheduled.at;
            self.steps += 1;
            self.handle(scheduled.event)
        } else {
            return false;
        };
        if let Some(touched) = touched {
            self.run_checks(touched);
        }
        if take_action || self.leader_dirty {
            self.update_leader_metric();
            self.leader_dirty = false;
        }
        if let Some(key) = self.completed_key.take() {
            self.check_linearizability(key);
        }
        self.metrics.sample_until(self.now);
        !self.stopped()
    }

    /// Processes every event up to and including `time`, then sets the clock to `time`.
    pub fn run_until(&mut self, time: Time, actions: &[TimedAction]) -> bool {
        while self.next_time(actions).is_some_and(|next| next <= time) {
            if !self.step(actions) {
                return false;
            }
        }
        self.now = self.now.max(time);
        true
    }

    fn tick_interval_us(&self, node: NodeId) -> Time {
        let skew = self
            .slot(node)
            .map_or(0, |slot| i64::from(slot.skew_percent));
        // A clock `skew`% fast ticks every base·100/(100+skew).
        (self.setup.tick_us as i64 * 100 / (100 + skew)).max(1) as Time
    }

    /// Handles a queued event; returns the node whose state changed, if any.
    fn handle(&mut self, event: QueueEvent) -> Option<Touched> {
        match event {
            QueueEvent::Tick { node, incarnation } => {
                let slot = self.slot(node)?;
                if slot.incarnation != incarnation || !slot.is_up() {
                    return None; // a tick of an earlier life
                }
                let next = self.now + self.tick_interval_us(node);
                self.schedule(next, QueueEvent::Tick { node, incarnation });
                let slot = self.slot_mut(node)?;
                if slot.paused {
                    return None;
                }
                let NodeState::Up(core) = &mut slot.state else {
                    return None;
                };
                let out = core.tick();
                self.absorb(node, out);
                Some(Touched::node(node))
            }
            QueueEvent::Deliver(id) => self.deliver(id),
            QueueEvent::ClientWake(client) => {
                let op = self.clients.next_operation(client);
                let movement = self
                    .clients
                    .start(client, op, None, self.now, &mut self.history);
                self.follow(client, movement, true);
                None
            }
            QueueEvent::ClientArrive { node, command } => self.client_arrive(node, command),
            QueueEvent::ClientReply {
                node,
                client,
                seq,
                reply,
            } => {
                match reply {
                    Reply::Output(output) => {
                        if let Some(latency) = self.clients.answered(
                            client,
                            seq,
                            (*output).clone(),
                            node,
                            self.now,
                            &mut self.history,
                        ) {
                            self.metrics.latencies_us.push(latency);
                            self.completed_key = self.key_of(client, seq);
                            self.record(TraceKind::Returned {
                                client,
                                seq,
                                output: *output,
                                node,
                            });
                            self.wake_later(client);
                        }
                    }
                    Reply::Redirect(hint) => {
                        let movement = self.clients.redirected(client, seq, hint);
                        self.follow(client, movement, false);
                    }
                }
                None
            }
            QueueEvent::ClientTimeout {
                client,
                seq,
                attempt,
            } => {
                let movement =
                    self.clients
                        .timed_out(client, seq, attempt, self.now, &mut self.history);
                self.follow(client, movement, true);
                None
            }
        }
    }

    /// Carries out a client's decision. `new_attempt`: arm the attempt's timeout.
    fn follow(&mut self, client: ClientId, movement: ClientMove, new_attempt: bool) {
        match movement {
            ClientMove::Send {
                node,
                command,
                attempt,
            } => {
                if new_attempt && attempt == 0 {
                    if let Some(count) = self
                        .operations_per_key
                        .get_mut(usize::from(command.op.key()))
                    {
                        *count += 1;
                    }
                }
                self.record(TraceKind::Invoked {
                    client,
                    seq: command.seq,
                    op: command.op,
                    node,
                });
                let arrive = self.now + self.setup.client_delay_us;
                self.schedule(arrive, QueueEvent::ClientArrive { node, command });
                if new_attempt {
                    let deadline = self.now + self.setup.client_timeout_us;
                    self.schedule(
                        deadline,
                        QueueEvent::ClientTimeout {
                            client,
                            seq: command.seq,
                            attempt,
                        },
                    );
                }
            }
            ClientMove::Wait => {}
            ClientMove::GaveUp { seq } => {
                self.completed_key = self.key_of(client, seq);
                self.record(TraceKind::GaveUp { client, seq });
                self.wake_later(client);
            }
        }
    }

    /// The key of client `client`'s operation `seq` (searched from the most recent).
    fn key_of(&self, client: ClientId, seq: u32) -> Option<Key> {
        self.history
            .operations
            .iter()
            .rev()
            .find(|op| op.client == client && op.seq == seq)
            .map(|op| op.op.key())
    }

    fn wake_later(&mut self, client: ClientId) {
        if client != USER_CLIENT {
            let at = self.now + self.setup.client_interval_us;
            self.schedule(at, QueueEvent::ClientWake(client));
        }
    }

    fn client_arrive(&mut self, node: NodeId, command: KvCommand) -> Option<Touched> {
        let slot = self.slot_mut(node)?;
        if slot.paused {
            return None; // the request goes unanswered; the client's timer will fire
        }
        let NodeState::Up(core) = &mut slot.state else {
            return None;
        };
        match core.propose(command) {
            Ok(out) => {
                slot.pending.insert((command.client, command.seq));
                self.absorb(node, out);
                Some(Touched::node(node))
            }
            Err(redirect) => {
                self.record(TraceKind::Redirected {
                    client: command.client,
                    seq: command.seq,
                    node,
                    hint: redirect.leader_hint,
                });
                self.reply(node, &command, Reply::Redirect(redirect.leader_hint));
                None
            }
        }
    }

    /// A server's answer to a client request, arriving after the client delay.
    fn reply(&mut self, node: NodeId, command: &KvCommand, reply: Reply) {
        let at = self.now + self.setup.client_delay_us;
        self.schedule(
            at,
            QueueEvent::ClientReply {
                node,
                client: command.client,
                seq: command.seq,
                reply,
            },
        );
    }

    fn deliver(&mut self, id: MessageId) -> Option<Touched> {
        let message = self.network.in_flight.remove(id)?;
        let (from, to, kind) = (message.from, message.to, message.kind);
        let label = P::message_label(&message.message);
        let drop = if self.network.is_cut(from, to) {
            Some(DropReason::LinkCut)
        } else if !self.slot(to).is_some_and(NodeSlot::is_up) {
            Some(DropReason::ReceiverDown)
        } else {
            None
        };
        if let Some(reason) = drop {
            self.record_drop(id, from, to, kind, label, reason);
            return None;
        }
        let slot = self.slot_mut(to)?;
        if slot.paused {
            // It waits in the paused server's socket buffer.
            slot.deferred.push_back(id);
            let mut waiting = message;
            waiting.deliver_at = None;
            self.network.in_flight.insert(id, waiting);
            return None;
        }
        let NodeState::Up(core) = &mut slot.state else {
            return None;
        };
        let out = core.step(message.message);
        self.metrics.delivered(kind);
        self.record(TraceKind::Delivered {
            id,
            from,
            to,
            kind,
            label,
        });
        self.absorb(to, out);
        Some(Touched::node(to))
    }

    /// Takes a node's work: events into the trace and metrics, applied entries into its
    /// store (answering clients), messages onto the network.
    fn absorb(&mut self, node: NodeId, out: Out<P>) {
        for event in out.events {
            if matches!(P::event_category(&event), Category::Role | Category::Term) {
                self.leader_dirty = true;
            }
            match P::event_marker(&event) {
                Some(Marker::Elected { resent }) => {
                    self.metrics.elected(self.now);
                    self.metrics.entries_resent += resent;
                }
                Some(Marker::Campaign) => self.metrics.campaigns += 1,
                Some(Marker::Commit) => self.metrics.committed(self.now),
                None => {}
            }
            self.record(TraceKind::Core(event.clone()));
            self.step_events.push(event);
        }
        for (index, command) in out.applied {
            self.step_applied.push((node, index, command));
            if index > self.metrics.applied_max {
                self.metrics.applied_max = index;
                if command.is_some() {
                    self.metrics.commands_committed += 1;
                }
            }
            let Some(command) = command else { continue };
            let Some(slot) = self.slot_mut(node) else {
                continue;
            };
            let output = slot.store.apply(&command);
            if slot.pending.remove(&(command.client, command.seq)) {
                self.reply(node, &command, Reply::Output(Box::new(output)));
            }
        }
        for message in out.messages {
            self.send(message);
        }
    }

    fn send(&mut self, message: P::Msg) {
        let from = P::message_from(&message);
        let to = P::message_to(&message);
        let kind = P::message_kind(&message);
        let reply = P::message_is_reply(&message);
        let size = P::message_size_bytes(&message);
        let label = P::message_label(&message);
        if to == 0 || to > self.setup.nodes {
            return; // a core addressed a stranger: nothing to deliver to
        }
        self.metrics.sent(kind, size);
        let mut sent = std::mem::take(&mut self.sent);
        sent.clear();
        self.network
            .send(self.now, from, to, kind, size, message, &mut sent);
        for outcome in sent.drain(..) {
            let (id, scheduled, dropped) = match outcome {
                Sent::Scheduled(id, at) => (id, Some(at), None),
                Sent::Held(id) => (id, None, None),
                Sent::Dropped(id, reason) => (id, None, Some(reason)),
            };
            self.record(TraceKind::Sent {
                id,
                from,
                to,
                kind,
                reply,
                label,
            });
            if let Some(at) = scheduled {
                self.schedule(at, QueueEvent::Deliver(id));
            }
            if let Some(reason) = dropped {
                self.record_drop(id, from, to, kind, label, reason);
            }
        }
        self.sent = sent;
        if self.network.in_flight.len() > IN_FLIGHT_MAX
            && !self.network.settings.manual
            && !self.halted
        {
            self.halted = true;
            self.report_always(Violation::new(
                "Bounded messages in flight",
                vec![from],
                vec![],
                format!(
                    "more than {IN_FLIGHT_MAX} messages are in flight: S{from}'s traffic grows \
                     without bound (a message amplification bug)"
                ),
            ));
        }
    }

    /// A message lost for `reason`: counted, and put in the trace.
    fn record_drop(
        &mut self,
        id: MessageId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        label: P::Label,
        reason: DropReason,
    ) {
        self.metrics.dropped(kind);
        self.record(TraceKind::Dropped {
            id,
            from,
            to,
            kind,
            label,
            reason,
        });
    }

    fn record(&mut self, kind: TraceKind<P>) {
        self.trace.record(TraceEntry {
            step: self.steps,
            time: self.now,
            kind,
        });
    }

    /// The client history, on the key whose operation just completed.
    fn check_linearizability(&mut self, key: Key) {
        let operations = self.operations_per_key.get(usize::from(key)).copied();
        let broken = 1u32.checked_shl(u32::from(key)).unwrap_or(0);
        if self.stopped()
            || self.nonlinearizable_keys & broken != 0
            || operations.is_none_or(|count| count > LINEARIZABILITY_ONLINE_OPS_MAX)
        {
            return;
        }
        let verdict = linearizability::check_one_key(
            &self.history,
            key,
            linearizability::DEFAULT_MAX_STATES_PER_KEY,
        );
        if let Verdict::Violation(found) = verdict {
            // A history that is not linearizable stays so: this key is not checked again.
            self.nonlinearizable_keys |= broken;
            self.report(Violation::new(
                "Linearizability",
                vec![],
                found.operations.iter().map(|&i| i as u64).collect(),
                found.explanation,
            ));
        }
    }

    fn run_checks(&mut self, touched: Touched) {
        let mut found = std::mem::take(&mut self.found);
        let context = CheckContext {
            nodes: &self.nodes,
            stepped: Some(touched.node),
            events: &self.step_events,
            applied: &self.step_applied,
            restarted: touched.restarted,
        };
        P::check(&mut self.checks, &context, &mut found);
        found.reverse();
        while let Some(violation) = found.pop() {
            self.report(violation);
        }
        self.found = found;
    }

    /// An invariant broke: note when and put it in the trace, unless the world stops at its
    /// first violation and has one, or already keeps this one or as many as it keeps (a halt
    /// is kept past that number: it says why the run ends).
    fn report(&mut self, violation: Violation) {
        if self.violations.len() < VIOLATIONS_MAX {
            self.report_always(violation);
        }
    }

    fn report_always(&mut self, mut violation: Violation) {
        if (!self.keep_going && !self.violations.is_empty())
            || self.violations.iter().any(|v| v.same_as(&violation))
        {
            return;
        }
        violation.step = self.steps;
        violation.time_us = self.now;
        self.record(TraceKind::Violation(violation.clone()));
        self.violations.push(violation);
    }

    /// The leader that could still get a quorum to accept its entries: a running leader whose
    /// term no majority of the cluster has moved past (a lone server with a higher term, cut
    /// off from everyone, does not unseat it). The highest such term wins.
    fn current_leader(&self) -> Option<NodeId> {
        let running = || {
            self.nodes
                .iter()
                .filter(|s| !s.paused)
                .filter_map(NodeSlot::up)
        };
        let quorum = self.nodes.len() / 2 + 1;
        running()
            .filter(|leader| leader.is_leader())
            .filter(|leader| running().filter(|n| n.term() <= leader.term()).count() >= quorum)
            .max_by_key(|leader| leader.term())
            .map(P::id)
    }

    fn update_leader_metric(&mut self) {
        let present = self.current_leader().is_some();
        self.metrics.leader_present(self.now, present);
    }

    /// The leader of the highest term among running servers, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.current_leader()
    }

    /// Keep every trace entry from now on (the CLI's `--trace`).
    pub fn keep_full_trace(&mut self) {
        self.trace.full.get_or_insert_with(Vec::new);
    }
}
