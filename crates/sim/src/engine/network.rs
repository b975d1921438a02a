//! The simulated network: per-message delay, loss, duplication, cut links (symmetric or one
//! way), and a manual mode in which messages wait for the user. Every message in flight is
//! visible with its send time and, once scheduled, its delivery time.

use common::{NodeId, SplitMix64};
use serde::Serialize;

use crate::engine::history::Time;
use crate::engine::in_flight::InFlightTable;
use crate::scenario::action::MessageId;
use crate::scenario::NetworkSettings;

/// One message on the wire.
#[derive(Clone, Debug)]
pub struct InFlight<M> {
    pub id: MessageId,
    pub from: NodeId,
    pub to: NodeId,
    pub kind: &'static str,
    pub size_bytes: usize,
    pub sent_at: Time,
    /// `None` while it waits for the user (manual mode).
    pub deliver_at: Option<Time>,
    pub message: M,
}

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    LinkCut,
    Lost,
    ReceiverDown,
    ByUser,
}

impl DropReason {
    pub fn describe(self) -> &'static str {
        match self {
            DropReason::LinkCut => "the link is cut",
            DropReason::Lost => "the network lost it",
            DropReason::ReceiverDown => "the receiver is down",
            DropReason::ByUser => "dropped by the user",
        }
    }
}

/// What `send` decided for one message.
#[derive(Clone)]
pub enum Sent {
    /// Deliver at this time (schedule it).
    Scheduled(MessageId, Time),
    /// Waiting for the user.
    Held(MessageId),
    Dropped(MessageId, DropReason),
}

#[derive(Clone)]
pub struct Network<M> {
    pub settings: NetworkSettings,
    /// Bit `from * 10 + to` set: messages from `from` to `to` are dropped.
    cut: u128,
    pub in_flight: InFlightTable<InFlight<M>>,
    next_id: MessageId,
    rng: SplitMix64,
}

fn link_bit(from: NodeId, to: NodeId) -> u128 {
    debug_assert!(from < 10 && to < 10);
    1u128 << (u32::from(from) * 10 + u32::from(to))
}

impl<M: Clone> Network<M> {
    pub fn new(settings: NetworkSettings, rng: SplitMix64) -> Self {
        Network {
            settings,
            cut: 0,
            in_flight: InFlightTable::default(),
            next_id: 1,
            rng,
        }
    }

    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        self.cut & link_bit(from, to) != 0
    }

    pub fn set_cut(&mut self, from: NodeId, to: NodeId, cut: bool) {
        if cut {
            self.cut |= link_bit(from, to);
        } else {
            self.cut &= !link_bit(from, to);
        }
    }

    pub fn heal_all(&mut self) {
        self.cut = 0;
    }

    /// Every cut link, in (from, to) order.
    pub fn cut_links(&self, nodes: u8) -> Vec<(NodeId, NodeId)> {
        let ids = 1..=nodes;
        ids.clone()
            .flat_map(|from| ids.clone().map(move |to| (from, to)))
            .filter(|&(from, to)| from != to && self.is_cut(from, to))
            .collect()
    }

    /// A delay drawn from the settings: `delay_min + uniform(0..=jitter)`, in microseconds.
    fn draw_delay(&mut self) -> Time {
        let min = self.settings.delay_min_ms * 1000;
        let jitter = self.settings.delay_jitter_ms * 1000;
        min + self.rng.range_inclusive(0, jitter)
    }

    /// Puts a message on the wire: dropped if the link is cut or the network loses it,
    /// otherwise scheduled (or held, in manual mode); may also create a duplicate.
    #[allow(clippy::too_many_arguments)]
    pub fn send(
        &mut self,
        now: Time,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        size_bytes: usize,
        message: M,
        out: &mut Vec<Sent>,
    ) {
        let id = self.allocate_id();
        if self.is_cut(from, to) {
            out.push(Sent::Dropped(id, DropReason::LinkCut));
            return;
        }
        if self.rng.chance(u64::from(self.settings.loss_percent), 100) {
            out.push(Sent::Dropped(id, DropReason::Lost));
            return;
        }
        let duplicate = self
            .rng
            .chance(u64::from(self.settings.duplicate_percent), 100);
        let copy = duplicate.then(|| message.clone());
        out.push(self.enqueue(id, now, from, to, kind, size_bytes, message));
        if let Some(copy) = copy {
            let copy_id = self.allocate_id();
            out.push(self.enqueue(copy_id, now, from, to, kind, size_bytes, copy));
        }
    }

    fn allocate_id(&mut self) -> MessageId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn enqueue(
        &mut self,
        id: MessageId,
        now: Time,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        size_bytes: usize,
        message: M,
    ) -> Sent {
        let deliver_at = (!self.settings.manual).then(|| now + self.draw_delay());
        self.in_flight.insert(
            id,
            InFlight {
                id,
                from,
                to,
                kind,
                size_bytes,
                sent_at: now,
                deliver_at,
                message,
            },
        );
        match deliver_at {
            Some(at) => Sent::Scheduled(id, at),
            None => Sent::Held(id),
        }
    }

    /// A copy of a message in flight, under a new id (the user's "duplicate").
    pub fn duplicate(&mut self, id: MessageId, now: Time) -> Option<Sent> {
        let original = self.in_flight.get(id)?.clone();
        let copy_id = self.allocate_id();
        Some(self.enqueue(
            copy_id,
            now,
            original.from,
            original.to,
            original.kind,
            original.size_bytes,
            original.message,
        ))
    }

    /// Leaving manual mode: every held message gets a delivery time.
    pub fn schedule_held(&mut self, now: Time) -> Vec<(MessageId, Time)> {
        let held: Vec<MessageId> = self
            .in_flight
            .values()
            .filter(|m| m.deliver_at.is_none())
            .map(|m| m.id)
            .collect();
        held.into_iter()
            .map(|id| {
                let at = now + self.draw_delay();
                if let Some(message) = self.in_flight.get_mut(id) {
                    message.deliver_at = Some(at);
                }
                (id, at)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network(settings: NetworkSettings) -> Network<u32> {
        Network::new(settings, SplitMix64::new(3))
    }

    #[test]
    fn cut_links_drop_one_way_only() {
        let mut net = network(NetworkSettings::default());
        net.set_cut(1, 2, true);
        let mut out = Vec::new();
        net.send(0, 1, 2, "M", 1, 7, &mut out);
        net.send(0, 2, 1, "M", 1, 8, &mut out);
        assert!(matches!(out[0], Sent::Dropped(1, DropReason::LinkCut)));
        assert!(matches!(out[1], Sent::Scheduled(2, at) if (5000..=15000).contains(&at)));
        assert_eq!(net.cut_links(3), vec![(1, 2)]);
        net.heal_all();
        assert!(net.cut_links(3).is_empty());
    }

    #[test]
    fn manual_mode_holds_until_scheduled() {
        let mut net = network(NetworkSettings {
            manual: true,
            ..NetworkSettings::default()
        });
        let mut out = Vec::new();
        net.send(100, 1, 2, "M", 1, 7, &mut out);
        assert!(matches!(out[0], Sent::Held(1)));
        assert_eq!(net.in_flight.get(1).unwrap().deliver_at, None);
        net.settings.manual = false;
        let scheduled = net.schedule_held(200);
        assert_eq!(scheduled.len(), 1);
        assert!(net.in_flight.get(1).unwrap().deliver_at.is_some());
    }

    #[test]
    fn full_loss_and_full_duplication() {
        let mut lossy = network(NetworkSettings {
            loss_percent: 100,
            ..NetworkSettings::default()
        });
        let mut out = Vec::new();
        lossy.send(0, 1, 2, "M", 1, 7, &mut out);
        assert!(matches!(out[0], Sent::Dropped(_, DropReason::Lost)));
        let mut doubling = network(NetworkSettings {
            duplicate_percent: 100,
            ..NetworkSettings::default()
        });
        let mut out = Vec::new();
        doubling.send(0, 1, 2, "M", 1, 7, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(doubling.in_flight.len(), 2);
    }
}
