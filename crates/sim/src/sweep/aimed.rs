//! Aimed seeds: fault schedules that target roles and moments. Some bugs show only under a
//! precise schedule — Figure 8's needs a leader that replicates an entry of an earlier term to
//! a bare majority and then vanishes — which random faults reach once in hundreds of seeds.
//! A director runs the simulation and, while an aim is under way, watches the world (every
//! millisecond where a moment must not be missed); when a fault's moment comes, it injects the
//! fault at a server named by its role in the world right then ("the leader", "the voter that
//! just granted a vote"). An injected action is recorded in the scenario at its time like any
//! other (`Timeline::inject`), so the finished scenario replays the run exactly, and every
//! choice comes from the seed.
//!
//! The director injects only what a real cluster meets — crashes, restarts, partitions, forced
//! timeouts — and the user's own writes, and it never looks at which bug is switched on: a
//! correct core stays clean under every aim, and the liveness phase is the random profiles'.

use common::{NodeId, SplitMix64};

use super::{base_scenario, liveness_actions, CHAOS_MS};
use crate::cores::LogSlot;
use crate::engine::kv::KvOp;
use crate::engine::simulation::Simulation;
use crate::engine::snapshot::{NodeSnapshot, Snapshot};
use crate::scenario::action::Action;
use crate::scenario::{ClientSettings, NetworkSettings, ProtocolKind, Scenario};

/// Every fourth seed is aimed. Seeds 1 to 3 stay random: the golden links replay them.
const AIMED_EVERY: u64 = 4;

/// Attempts stop this long before the chaos phase ends, so that the liveness phase starts on
/// time whatever an attempt was doing.
const AIM_UNTIL_MS: u64 = CHAOS_MS - 200;
/// A safety net on attempts per run: each spans at least one write or election.
const ATTEMPTS_MAX: usize = 64;

/// How long each stage may wait for the world before the attempt is given up.
const SETTLE_MS: u64 = 2_000;
const WRITE_MS: u64 = 1_000;
const ELECTION_MS: u64 = 2_000;
const HEARTBEAT_WAIT_MS: u64 = 200;

/// How often the director looks while it waits for a moment that must not be missed (a vote
/// granted, an entry stored), and while it waits for something that only has to happen (a
/// leader settled, an election won). A look at the servers reads every one's whole log, so
/// looking every millisecond throughout would make an aimed seed many times dearer than a
/// random one; loose waits first ask the world for its leader, which is cheap.
const SHARP_MS: u64 = 1;
const LOOSE_MS: u64 = 5;

/// The director's writes carry values no workload client uses (those are `client · 100000 +
/// seq`, clients ≤ 16), so an entry's command text names the write it came from.
const WRITE_VALUE_BASE: u32 = 9_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Aim {
    /// Figure 8 (§5.4.2), on both protocols: a leader's entry reaches only a minority; it
    /// crashes; a leader of a later term writes elsewhere at the same index and crashes; the
    /// first returns, and a leader holding the entry replicates it to a bare majority and is
    /// cut off just then; the second returns and campaigns. Raft's old-term commit by counting
    /// replicas (`commit-old-term`) lets it overwrite a committed entry; Multi-Paxos's
    /// lowest-ballot adoption (`adopt-any-value`) lets it re-propose the older value over the
    /// chosen one.
    ReturningLeader,
    /// Raft: the leader crashes, two followers campaign together, and a voter that granted one
    /// its vote restarts before the other's request lands (Figure 2: votedFor is durable, or
    /// `forget-vote-on-restart` votes twice in one term).
    RestartedVoter,
    /// Multi-Paxos: a leader's broadcast is lost, a later slot reaches the followers, and the
    /// leader crashes before re-sending — a hole that only a new leader's no-op can fill
    /// (Howard & Mortier §3; `never-fill-gaps` leaves it, and application stops there).
    LostBroadcast,
}

/// The aim of `seed`, if it is an aimed seed: Figure 8 on every other one, the protocol's own
/// aim on the rest.
pub(super) fn aim_of(protocol: ProtocolKind, seed: u64) -> Option<Aim> {
    if !seed.is_multiple_of(AIMED_EVERY) {
        return None;
    }
    Some(match (seed / AIMED_EVERY % 2, protocol) {
        (1, _) => Aim::ReturningLeader,
        (_, ProtocolKind::Raft) => Aim::RestartedVoter,
        (_, ProtocolKind::Paxos) => Aim::LostBroadcast,
    })
}

/// Runs `seed`'s aim through the chaos phase and puts the liveness phase's actions in, so the
/// scenario is complete; the run goes on from there. A refused scenario comes back instead.
pub(super) fn direct(
    protocol: ProtocolKind,
    seed: u64,
    bug: Option<&str>,
    aim: Aim,
) -> Result<Simulation, Box<Scenario>> {
    let mut rng = SplitMix64::new(seed ^ 0xA1ED_A1ED_A1ED_A1ED);
    let scenario = aimed_scenario(protocol, seed, bug, aim, &mut rng);
    let nodes = scenario.nodes;
    let sim = Simulation::forward_only(scenario.clone()).map_err(|_| Box::new(scenario))?;
    let mut director = Director {
        sim,
        rng,
        nodes,
        writes: 0,
    };
    for _ in 0..ATTEMPTS_MAX {
        if !director.running() {
            break;
        }
        let aimed = match aim {
            Aim::ReturningLeader => director.returning_leader(),
            Aim::RestartedVoter => director.restarted_voter(),
            Aim::LostBroadcast => director.lost_broadcast(),
        };
        // One hidden hole is enough, and it must outlive the chaos phase: no more faults.
        if aim == Aim::LostBroadcast && aimed.is_some() {
            break;
        }
    }
    Ok(director.finish())
}

/// The cluster, options, clients and network an aim needs; the rest is drawn from the seed.
fn aimed_scenario(
    protocol: ProtocolKind,
    seed: u64,
    bug: Option<&str>,
    aim: Aim,
    rng: &mut SplitMix64,
) -> Scenario {
    let sizes: &[u8] = match aim {
        Aim::ReturningLeader => &[3, 5, 5, 7],
        // Two candidates and at least two voters once the leader is down.
        Aim::RestartedVoter => &[5, 5, 7],
        Aim::LostBroadcast => &[3, 5, 5],
    };
    let nodes = sizes[rng.range_inclusive(0, sizes.len() as u64 - 1) as usize];
    let mut scenario = base_scenario(protocol, seed, nodes, bug, rng);
    scenario.options.fast_backtrack = rng.chance(1, 2);
    // §5.4.2: the rule against counting replicas of an earlier term's entry matters while the
    // new leader has no entry of its own term; a no-op at election (§8) would give it one.
    scenario.options.noop_on_election = aim != Aim::ReturningLeader && rng.chance(1, 2);
    scenario.clients = match aim {
        // Only the director writes, so no leader gains an entry of its own term unasked; its
        // client gives up fast on a write to a leader that vanished, free for the next one.
        Aim::ReturningLeader => ClientSettings {
            count: 0,
            timeout_ms: 100,
            ..ClientSettings::default()
        },
        Aim::RestartedVoter => ClientSettings {
            count: rng.range_inclusive(1, 2) as u16,
            interval_ms: rng.range_inclusive(20, 200),
            keys: rng.range_inclusive(1, 4) as u8,
            ..ClientSettings::default()
        },
        // A steady stream of proposals: some land between a lost broadcast and its re-send.
        Aim::LostBroadcast => ClientSettings {
            count: rng.range_inclusive(1, 3) as u16,
            interval_ms: rng.range_inclusive(5, 30),
            keys: rng.range_inclusive(1, 4) as u8,
            timeout_ms: rng.range_inclusive(100, 300),
            ..ClientSettings::default()
        },
    };
    scenario.network = NetworkSettings {
        delay_min_ms: rng.range_inclusive(1, 5),
        // Two candidates' requests far apart in time leave room for a restart between them;
        // elsewhere, messages well within a heartbeat interval.
        delay_jitter_ms: match aim {
            Aim::RestartedVoter => rng.range_inclusive(10, 40),
            Aim::ReturningLeader | Aim::LostBroadcast => rng.range_inclusive(0, 10),
        },
        ..NetworkSettings::default()
    };
    scenario
}

struct Director {
    sim: Simulation,
    rng: SplitMix64,
    nodes: u8,
    /// Writes made so far, for fresh values.
    writes: u32,
}

impl Director {
    fn quorum(&self) -> usize {
        usize::from(self.nodes) / 2 + 1
    }

    /// Still aiming: nothing broke yet, and the chaos phase has time left.
    fn running(&self) -> bool {
        self.sim.violation().is_none() && self.sim.now() < AIM_UNTIL_MS * 1000
    }

    /// Does `action` at the next millisecond (actions are timed in whole milliseconds).
    fn act(&mut self, action: Action) {
        let injected = self.sim.inject(action);
        debug_assert!(
            injected.is_ok(),
            "the director's actions are valid: {injected:?}"
        );
    }

    /// Runs `every_ms` at a time, for at most `ms`, until `find` finds what it looks for.
    fn watch<T>(
        &mut self,
        ms: u64,
        every_ms: u64,
        mut find: impl FnMut(&Simulation) -> Option<T>,
    ) -> Option<T> {
        for _ in 0..ms / every_ms {
            if !self.running() {
                return None;
            }
            let next_us = self.sim.now() + every_ms * 1000;
            self.sim.run_until(next_us);
            if let Some(found) = find(&self.sim) {
                return Some(found);
            }
        }
        None
    }

    /// The servers but `except`, in an order drawn from the seed.
    fn shuffled_others(&mut self, except: NodeId) -> Vec<NodeId> {
        let mut others = everyone_but(self.nodes, except);
        for i in (1..others.len()).rev() {
            let j = self.rng.range_inclusive(0, i as u64) as usize;
            others.swap(i, j);
        }
        others
    }

    /// A fresh start for an attempt: every link healed and every server up, then a leader that
    /// every server follows.
    fn settle(&mut self) -> Option<NodeId> {
        self.act(Action::HealAll);
        let down: Vec<NodeId> = look(&self.sim)
            .nodes
            .iter()
            .filter(|node| !node.up)
            .map(|node| node.view.id)
            .collect();
        for node in down {
            self.act(Action::Restart { node });
        }
        self.watch(SETTLE_MS, LOOSE_MS, |sim| {
            sim.leader()?;
            settled(&look(sim))
        })
    }

    /// The user's client writes a fresh value through `node`; the index of the entry `node`
    /// appends for it, and the entry's command text (unique to this write).
    fn write(&mut self, node: NodeId) -> Option<(u64, String)> {
        self.writes += 1;
        let op = KvOp::Put {
            key: 0,
            value: WRITE_VALUE_BASE + self.writes,
        };
        let command = op.to_string();
        self.act(Action::Request { node, op });
        let index = self.watch(WRITE_MS, SHARP_MS, |sim| {
            index_of(&look(sim), node, &command)
        })?;
        Some((index, command))
    }

    /// A write through the leader, committed on every server: all that came before it is
    /// committed with it, in the leader's term.
    fn write_everywhere(&mut self, leader: NodeId) -> Option<()> {
        let (index, command) = self.write(leader)?;
        self.watch(WRITE_MS, LOOSE_MS, |sim| {
            look(sim)
                .nodes
                .iter()
                .all(|node| node.view.commit_index >= index && holds(node, index, &command))
                .then_some(())
        })
    }

    /// Waits for a leader that `wanted` accepts, forcing `nudge` to campaign every
    /// `period_ms` meanwhile: its own timer would take a whole election timeout, and the other
    /// servers' timers race it. The leader's id.
    fn elect(
        &mut self,
        nudge: NodeId,
        period_ms: u64,
        wanted: impl Fn(&Snapshot, NodeId) -> bool,
    ) -> Option<NodeId> {
        let every_ms = period_ms.min(LOOSE_MS);
        // The world's leader, once found unwanted, is not looked at again while it leads: what
        // `wanted` reads, its term and the entries it holds, a leader keeps while it leads
        // (Raft's Leader Append-Only, §5.3; a Paxos leader re-proposes at its election).
        let mut unwanted = None;
        for _ in 0..ELECTION_MS / period_ms {
            let elected = self.watch(period_ms, every_ms, |sim| {
                let leader = sim.leader();
                if leader.is_none() || leader == unwanted {
                    unwanted = leader;
                    return None;
                }
                let leader = leader?;
                let found = wanted(&look(sim), leader);
                if !found {
                    unwanted = Some(leader);
                }
                found.then_some(leader)
            });
            if elected.is_some() || !self.running() {
                return elected;
            }
            self.act(Action::Timeout { node: nudge });
        }
        None
    }

    /// [`Aim::ReturningLeader`]: Figure 8's schedule, (a) to (d), at any odd cluster size.
    fn returning_leader(&mut self) -> Option<()> {
        let quorum = self.quorum();
        let first = self.settle()?;
        self.write_everywhere(first)?;
        // (a) The leader is cut off with the largest minority, so what it writes now reaches
        // only them.
        let others = self.shuffled_others(first);
        let (followers, majority) = others.split_at(usize::from(self.nodes) - quorum - 1);
        let majority = majority.to_vec();
        let minority: Vec<NodeId> = std::iter::once(first).chain(followers.to_vec()).collect();
        self.act(Action::Partition {
            groups: vec![minority.clone(), majority.clone()],
        });
        let (index, command) = self.write(first)?;
        let first_term = self.watch(WRITE_MS, SHARP_MS, |sim| {
            let world = look(sim);
            minority
                .iter()
                .all(|&id| holds(node(&world, id), index, &command))
                .then(|| node(&world, first).view.term)
        })?;
        // (b) It crashes. The majority elects a leader of a later term, which appends an entry
        // of its own at the same index while cut off from everyone, and crashes too.
        self.act(Action::Crash { node: first });
        let second = self.elect(majority[0], 100, |world, id| {
            majority.contains(&id) && node(world, id).view.term > first_term
        })?;
        self.act(Action::Partition {
            groups: vec![vec![second], everyone_but(self.nodes, second)],
        });
        self.write(second)?;
        let second_term = node(&look(&self.sim), second).view.term;
        self.act(Action::Crash { node: second });
        // (c) The first leader returns. A server holding the entry wins a later term — only
        // they can: the entry makes their logs the most up to date (§5.4.1) — and replicates
        // it until it knows a bare majority stores it: the moment counting replicas of an
        // earlier term's entry would commit it.
        self.act(Action::HealAll);
        self.act(Action::Restart { node: first });
        let third = self.elect(first, 50, |world, id| {
            node(world, id).view.term > second_term && holds(node(world, id), index, &command)
        })?;
        let third_term = self.watch(WRITE_MS, SHARP_MS, |sim| {
            let world = look(sim);
            let view = &node(&world, third).view;
            let stored = 1 + view.peers.iter().filter(|p| p.match_index >= index).count();
            (view.role == "leader" && (view.commit_index >= index || stored >= quorum))
                .then_some(view.term)
        })?;
        // (d) That leader is cut off at once, and the second one returns and campaigns. Its
        // last entry's term is later than the replicated entry's, so every vote goes its way
        // (§5.4.1): elected, it overwrites the entry everywhere. Correct only if the entry was
        // never committed.
        self.act(Action::Partition {
            groups: vec![vec![third], everyone_but(self.nodes, third)],
        });
        self.act(Action::Restart { node: second });
        let period_ms = self.rng.range_inclusive(10, 30);
        self.elect(second, period_ms, |world, id| {
            id != third && node(world, id).view.term > third_term
        })?;
        Some(())
    }

    /// [`Aim::RestartedVoter`]: two candidates of one term, and a voter restarted between
    /// their requests.
    fn restarted_voter(&mut self) -> Option<()> {
        let leader = self.settle()?;
        let others = self.shuffled_others(leader);
        let (x, y) = (others[0], others[1]);
        // The leader crashes; two followers campaign at once, and again every few heartbeats
        // while nobody leads, so that voters see two candidates of one term.
        self.act(Action::Crash { node: leader });
        let period_ms = self.rng.range_inclusive(40, 100);
        for _ in 0..ELECTION_MS / period_ms {
            self.act(Action::Timeout { node: x });
            self.act(Action::Timeout { node: y });
            // A voter to restart, or `None` once someone leads.
            let found = self.watch(period_ms, SHARP_MS, |sim| {
                let world = look(sim);
                restartable_voter(&world, x, y)
                    .map(Some)
                    .or_else(|| world.leader.map(|_| None))
            });
            match found {
                Some(Some(voter)) => {
                    // It granted one candidate its vote while the other's request is on its
                    // way: it crashes and is back before that request lands (while the next
                    // attempt settles the cluster).
                    self.act(Action::Crash { node: voter });
                    self.act(Action::Restart { node: voter });
                    return Some(());
                }
                Some(None) => return None, // elected before a chance came
                None if !self.running() => return None,
                None => {}
            }
        }
        None
    }

    /// [`Aim::LostBroadcast`]: a hole below a slot the followers accepted, and the leader gone
    /// before it re-sends.
    fn lost_broadcast(&mut self) -> Option<()> {
        let leader = self.settle()?;
        self.write_everywhere(leader)?;
        // The leader is cut off (a cut link drops what is sent on it) until it has proposed a
        // slot — the workload keeps it busy — and sent a heartbeat, which re-sends every
        // Accept not yet acknowledged: that slot's Accepts and their copies are all lost.
        let before = node(&look(&self.sim), leader).log_length;
        self.act(Action::Partition {
            groups: vec![vec![leader], everyone_but(self.nodes, leader)],
        });
        let mut after_step = self.sim.steps();
        let mut beat = false;
        self.watch(HEARTBEAT_WAIT_MS, SHARP_MS, |sim| {
            beat = beat || heartbeat_since(sim, leader, after_step);
            after_step = sim.steps();
            (beat && node(&look(sim), leader).log_length > before).then_some(())
        })?;
        // Healed just after that heartbeat, the user writes: the new slot reaches the
        // followers well before the next heartbeat re-sends the lost one, and they accept it
        // over the hole.
        self.act(Action::HealAll);
        self.write(leader)?;
        let holder = self.watch(HEARTBEAT_WAIT_MS, SHARP_MS, |sim| {
            hidden_hole(&look(sim), leader)
        })?;
        // The leader crashes before re-sending (cut first, so nothing it sent still lands): no
        // server but it accepted the lost slot. The follower holding the later slot campaigns,
        // so its own promise reports that slot and the hole lies below it.
        self.act(Action::Partition {
            groups: vec![vec![leader], everyone_but(self.nodes, leader)],
        });
        self.act(Action::Crash { node: leader });
        self.elect(holder, 100, |_, id| id != leader)?;
        Some(())
    }

    /// Puts the liveness phase's actions in, from the end of the chaos phase (one millisecond
    /// apart, as injected actions are).
    fn finish(mut self) -> Simulation {
        if self.sim.violation().is_none() {
            self.sim.run_until(CHAOS_MS * 1000 - 1000);
            for action in liveness_actions(self.nodes) {
                self.act(action);
            }
        }
        self.sim
    }
}

/// Every server as the page would draw it, whole logs included.
fn look(sim: &Simulation) -> Snapshot {
    sim.snapshot(usize::MAX)
}

/// Server `id` of the snapshot. The director only asks for servers of the cluster it made.
fn node(world: &Snapshot, id: NodeId) -> &NodeSnapshot {
    world
        .node(id)
        .expect("the director names servers of its own cluster")
}

fn everyone_but(nodes: u8, except: NodeId) -> Vec<NodeId> {
    (1..=nodes).filter(|&id| id != except).collect()
}

/// Does the server store `command` at `index` (under any term or ballot)?
fn holds(node: &NodeSnapshot, index: u64, command: &str) -> bool {
    slot_at(node, index).is_some_and(|slot| !slot.hole && slot.command == command)
}

fn slot_at(node: &NodeSnapshot, index: u64) -> Option<&LogSlot> {
    let slot = node
        .view
        .log
        .get(usize::try_from(index.checked_sub(1)?).ok()?)?;
    (slot.index == index).then_some(slot)
}

/// Where the server stores `command`, if it does.
fn index_of(world: &Snapshot, id: NodeId, command: &str) -> Option<u64> {
    node(world, id)
        .view
        .log
        .iter()
        .rev()
        .find(|slot| !slot.hole && slot.command == command)
        .map(|slot| slot.index)
}

/// Every server up and following one leader.
fn settled(world: &Snapshot) -> Option<NodeId> {
    let leader = world.leader?;
    world
        .nodes
        .iter()
        .all(|node| node.up && (node.view.id == leader || node.view.leader == Some(leader)))
        .then_some(leader)
}

/// A voter that granted `x` or `y` its vote in the term the other is campaigning in, while the
/// other's request is still on its way — late enough for a crash and a restart first.
fn restartable_voter(world: &Snapshot, x: NodeId, y: NodeId) -> Option<NodeId> {
    let restarted_at_us = world.time_us + 2000;
    world
        .nodes
        .iter()
        .filter(|voter| voter.up && voter.view.id != x && voter.view.id != y)
        .find(|voter| {
            let rival = match voter.view.voted_for {
                Some(id) if id == x => y,
                Some(id) if id == y => x,
                _ => return false,
            };
            let rival_view = &node(world, rival).view;
            rival_view.role == "candidate"
                && rival_view.term == voter.view.term
                && world.messages.iter().any(|m| {
                    m.from == rival
                        && m.to == voter.view.id
                        && m.kind == "RequestVote"
                        && m.deliver_at_us.is_some_and(|at| at >= restarted_at_us)
                })
        })
        .map(|voter| voter.view.id)
}

/// Did `leader` send a heartbeat after step `after_step`? (A cut link drops it at once, so it
/// is found in the trace, not in flight.)
fn heartbeat_since(sim: &Simulation, leader: NodeId, after_step: u64) -> bool {
    sim.events(after_step).iter().any(|event| {
        event
            .message
            .as_ref()
            .is_some_and(|m| m.from == leader && m.kind == "Heartbeat")
    })
}

/// A follower that accepted a slot above one no follower holds — a hole only `leader` could
/// fill: the follower holding the highest slot.
fn hidden_hole(world: &Snapshot, leader: NodeId) -> Option<NodeId> {
    let followers: Vec<&NodeSnapshot> = world
        .nodes
        .iter()
        .filter(|node| node.up && node.view.id != leader)
        .collect();
    let highest = |node: &NodeSnapshot| {
        node.view
            .log
            .iter()
            .rev()
            .find(|slot| !slot.hole)
            .map_or(0, |slot| slot.index)
    };
    let holder = followers.iter().copied().max_by_key(|node| highest(node))?;
    let hole = (1..highest(holder)).any(|index| {
        followers
            .iter()
            .all(|node| slot_at(node, index).is_none_or(|slot| slot.hole))
    });
    hole.then_some(holder.view.id)
}
