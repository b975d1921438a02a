//! Scenario actions applied to the world: what a user or a fault script does to servers,
//! links and messages. Each kind of action has its own function; an action that cannot be
//! done now (crash a server that is down, deliver a message no longer in flight) is recorded
//! as refused, with the reason, and changes nothing.

use common::NodeId;

use super::{QueueEvent, Touched, World};
use crate::cores::Core;
use crate::engine::clients::{ClientMove, USER_CLIENT};
use crate::engine::kv::{KvOp, KvStore};
use crate::engine::network::{DropReason, Sent};
use crate::engine::node::NodeState;
use crate::report::trace::TraceKind;
use crate::scenario::action::{Action, MessageId};
use crate::scenario::NetworkSettings;

impl<P: Core> World<P> {
    pub(super) fn apply_action(&mut self, action: &Action) -> Option<Touched> {
        // `World::new` validated the scenario's actions, but a caller may step the world with
        // another list: a server that is not in the cluster is a refusal, never a panic.
        if let Err(reason) = action.validate(self.setup.nodes) {
            return self.refuse(action, reason);
        }
        match *action {
            Action::Crash { node } => self.crash(action, node),
            Action::Restart { node } => self.restart(action, node),
            Action::Pause { node } => self.pause(action, node),
            Action::Resume { node } => self.resume(action, node),
            Action::Timeout { node } => self.force_timeout(action, node),
            Action::Skew { node, percent } => self.skew(action, node, percent),
            Action::Transfer { from, to } => self.transfer(action, from, to),
            Action::Request { node, op } => self.user_request(action, node, op),
            Action::Cut { from, to, one_way } => self.set_link(action, from, to, one_way, true),
            Action::Heal { from, to, one_way } => self.set_link(action, from, to, one_way, false),
            Action::Partition { ref groups } => self.partition(action, groups),
            Action::HealAll => {
                self.network.heal_all();
                self.record(TraceKind::Action(action.clone()));
                None
            }
            Action::Network { settings } => self.set_network(action, settings),
            Action::Deliver { message } => self.deliver_by_user(action, message),
            Action::Drop { message } => self.drop_by_user(action, message),
            Action::Duplicate { message } => self.duplicate_by_user(action, message),
        }
    }

    fn refuse(&mut self, action: &Action, reason: impl Into<String>) -> Option<Touched> {
        self.record(TraceKind::Refused {
            action: action.clone(),
            reason: reason.into(),
        });
        None
    }

    // ----- Servers -----

    /// Only the durable state survives; messages waiting in a paused server's buffer are lost.
    fn crash(&mut self, action: &Action, node: NodeId) -> Option<Touched> {
        let slot = self.slot_mut(node)?;
        let NodeState::Up(core) = &slot.state else {
            return self.refuse(action, format!("S{node} is already down"));
        };
        slot.state = NodeState::Down(core.durable());
        slot.paused = false;
        slot.pending.clear();
        let deferred: Vec<MessageId> = slot.deferred.drain(..).collect();
        self.record(TraceKind::Action(action.clone()));
        for id in deferred {
            if let Some(m) = self.network.in_flight.remove(id) {
                let label = P::message_label(&m.message);
                self.record_drop(id, m.from, m.to, m.kind, label, DropReason::ReceiverDown);
            }
        }
        Some(Touched::node(node))
    }

    /// A new incarnation from the durable state, with its own seed and an empty store (it
    /// re-applies the log as the core commits it again).
    fn restart(&mut self, action: &Action, node: NodeId) -> Option<Touched> {
        let slot = self.slot(node)?;
        let NodeState::Down(durable) = &slot.state else {
            return self.refuse(action, format!("S{node} is already up"));
        };
        let incarnation = slot.incarnation + 1;
        let setup = self.incarnation_setup(node, incarnation);
        let core = match P::boot(&setup, Some(durable.clone())) {
            Ok(core) => core,
            Err(error) => {
                // The state is the node's own: a core that refuses what it wrote has a bug in
                // its rules, which the sweeps (assertions on) should catch.
                debug_assert!(false, "S{node} refused its own durable state: {error}");
                return self.refuse(action, error.to_string());
            }
        };
        let slot = self.slot_mut(node)?;
        slot.state = NodeState::Up(core);
        slot.incarnation = incarnation;
        slot.store = KvStore::default();
        self.record(TraceKind::Action(action.clone()));
        let first_tick = self.now + self.tick_interval_us(node);
        self.schedule(first_tick, QueueEvent::Tick { node, incarnation });
        Some(Touched::restarted(node))
    }

    fn pause(&mut self, action: &Action, node: NodeId) -> Option<Touched> {
        let slot = self.slot_mut(node)?;
        if !slot.is_up() || slot.paused {
            return self.refuse(action, format!("S{node} is not running"));
        }
        slot.paused = true;
        self.record(TraceKind::Action(action.clone()));
        None
    }

    /// The messages that waited in the paused server's buffer are delivered now, each as its
    /// own step for the checkers.
    fn resume(&mut self, action: &Action, node: NodeId) -> Option<Touched> {
        let slot = self.slot_mut(node)?;
        if !slot.paused {
            return self.refuse(action, format!("S{node} is not paused"));
        }
        slot.paused = false;
        let deferred: Vec<MessageId> = slot.deferred.drain(..).collect();
        self.record(TraceKind::Action(action.clone()));
        for id in deferred {
            if self.stopped() {
                break;
            }
            if let Some(touched) = self.deliver(id) {
                self.run_checks(touched);
                self.step_events.clear();
                self.step_applied.clear();
            }
        }
        None
    }

    /// The user makes a server's election timer fire now.
    fn force_timeout(&mut self, action: &Action, node: NodeId) -> Option<Touched> {
        let slot = self.slot_mut(node)?;
        if slot.paused {
            return self.refuse(action, format!("S{node} is paused"));
        }
        let NodeState::Up(core) = &mut slot.state else {
            return self.refuse(action, format!("S{node} is down"));
        };
        let out = core.campaign();
        self.record(TraceKind::Action(action.clone()));
        self.absorb(node, out);
        Some(Touched::node(node))
    }

    fn skew(&mut self, action: &Action, node: NodeId, percent: i8) -> Option<Touched> {
        self.slot_mut(node)?.skew_percent = percent;
        self.record(TraceKind::Action(action.clone()));
        None
    }

    fn transfer(&mut self, action: &Action, from: NodeId, to: NodeId) -> Option<Touched> {
        let slot = self.slot_mut(from)?;
        if slot.paused {
            return self.refuse(action, format!("S{from} is paused"));
        }
        let NodeState::Up(core) = &mut slot.state else {
            return self.refuse(action, format!("S{from} is down"));
        };
        match core.transfer(to) {
            Ok(out) => {
                self.record(TraceKind::Action(action.clone()));
                self.absorb(from, out);
                Some(Touched::node(from))
            }
            Err(reason) => self.refuse(action, reason),
        }
    }

    // ----- Clients -----

    /// The user's own client sends one operation to the server they chose.
    fn user_request(&mut self, action: &Action, node: NodeId, op: KvOp) -> Option<Touched> {
        self.record(TraceKind::Action(action.clone()));
        let movement = self
            .clients
            .start(USER_CLIENT, op, Some(node), self.now, &mut self.history);
        if movement == ClientMove::Wait {
            return self.refuse(action, "your previous request is still waiting");
        }
        self.follow(USER_CLIENT, movement, true);
        None
    }

    // ----- The network -----

    fn set_link(
        &mut self,
        action: &Action,
        from: NodeId,
        to: NodeId,
        one_way: bool,
        cut: bool,
    ) -> Option<Touched> {
        self.network.set_cut(from, to, cut);
        if !one_way {
            self.network.set_cut(to, from, cut);
        }
        self.record(TraceKind::Action(action.clone()));
        None
    }

    /// Servers in the same group hear each other; every other link is cut. A server in no
    /// group is cut off from everyone.
    fn partition(&mut self, action: &Action, groups: &[Vec<NodeId>]) -> Option<Touched> {
        let group_of = |id: NodeId| groups.iter().position(|g| g.contains(&id));
        for a in 1..=self.setup.nodes {
            for b in 1..=self.setup.nodes {
                let same = a == b || (group_of(a).is_some() && group_of(a) == group_of(b));
                self.network.set_cut(a, b, !same);
            }
        }
        self.record(TraceKind::Action(action.clone()));
        None
    }

    /// Leaving manual mode schedules every message the user was holding.
    fn set_network(&mut self, action: &Action, settings: NetworkSettings) -> Option<Touched> {
        let was_manual = self.network.settings.manual;
        self.network.settings = settings;
        if was_manual && !settings.manual {
            for (id, at) in self.network.schedule_held(self.now) {
                self.schedule(at, QueueEvent::Deliver(id));
            }
        }
        self.record(TraceKind::Action(action.clone()));
        None
    }

    // ----- Messages in flight -----

    fn deliver_by_user(&mut self, action: &Action, message: MessageId) -> Option<Touched> {
        if !self.network.in_flight.contains_key(message) {
            return self.refuse(action, format!("message #{message} is not in flight"));
        }
        self.record(TraceKind::Action(action.clone()));
        self.deliver(message)
    }

    fn drop_by_user(&mut self, action: &Action, message: MessageId) -> Option<Touched> {
        let Some(m) = self.network.in_flight.remove(message) else {
            return self.refuse(action, format!("message #{message} is not in flight"));
        };
        for slot in &mut self.nodes {
            slot.deferred.retain(|&id| id != message);
        }
        self.record(TraceKind::Action(action.clone()));
        let label = P::message_label(&m.message);
        self.record_drop(message, m.from, m.to, m.kind, label, DropReason::ByUser);
        None
    }

    fn duplicate_by_user(&mut self, action: &Action, message: MessageId) -> Option<Touched> {
        let Some(sent) = self.network.duplicate(message, self.now) else {
            return self.refuse(action, format!("message #{message} is not in flight"));
        };
        self.record(TraceKind::Action(action.clone()));
        if let Sent::Scheduled(id, at) = sent {
            self.schedule(at, QueueEvent::Deliver(id));
        }
        None
    }
}
