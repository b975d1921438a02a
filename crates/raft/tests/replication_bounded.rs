//! Replication to a lagging follower stays bounded when the network duplicates and reorders
//! messages. A leader probes a follower whose matching point it does not know with one
//! AppendEntries at a time, pipelines a bounded number once it knows, and acts on a refusal
//! only if it answers what is out now: duplicated or late refusals and acknowledgements must
//! not trigger new sends, or each round trip multiplies the messages in flight.

mod support;

use common::{NodeId, SplitMix64};
use raft::{Envelope, Message, Role, MAX_APPENDS_IN_FLIGHT};
use support::{Cluster, Cmd};

const LEADER: NodeId = 1;
const LAGGARD: NodeId = 3;

/// A network that delivers every message twice, each copy at a random later round, in a
/// random order within the round.
struct Chaos {
    rng: SplitMix64,
    /// Copies in flight, with the round at which each is delivered.
    pending: Vec<(u64, Envelope<Cmd>)>,
    /// How many rounds a copy may be held back at most.
    max_delay: u64,
}

impl Chaos {
    fn new(seed: u64, max_delay: u64) -> Self {
        Self {
            rng: SplitMix64::new(seed),
            pending: Vec::new(),
            max_delay,
        }
    }

    /// Takes what the nodes sent since the last call and schedules two copies of each.
    fn accept(&mut self, cluster: &mut Cluster, round: u64) {
        for envelope in std::mem::take(&mut cluster.queue) {
            for _ in 0..2 {
                let at = round + self.rng.range_inclusive(0, self.max_delay);
                self.pending.push((at, envelope.clone()));
            }
        }
    }

    /// Delivers, in a random order, every copy due by `round`.
    fn deliver(&mut self, cluster: &mut Cluster, round: u64) {
        let (mut due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|(at, _)| *at <= round);
        self.pending = later;
        // Fisher-Yates with the test's own generator.
        for i in (1..due.len()).rev() {
            let j = self.rng.range_inclusive(0, i as u64) as usize;
            due.swap(i, j);
        }
        for (_, envelope) in due {
            cluster.deliver_one(envelope);
        }
    }

    fn in_flight(&self, cluster: &Cluster) -> usize {
        self.pending.len() + cluster.queue.len()
    }
}

/// S1 leads a three-node cluster and commits `lag` entries while S3 is cut off; then the
/// partition heals. Returns the cluster with nothing in flight.
fn lagging_follower(lag: usize, max_entries: u64, fast_backtrack: bool) -> Cluster {
    let mut cluster = Cluster::new(3, |c| {
        c.max_entries_per_append = max_entries;
        c.options.fast_backtrack = fast_backtrack;
    });
    cluster.campaign(LEADER);
    cluster.stabilize();
    assert_eq!(cluster.node(LEADER).role(), Role::Leader);
    cluster.partition(vec![[1, 2].into(), [3].into()]);
    for i in 0..lag {
        cluster.propose(LEADER, &format!("lag{i}")).unwrap();
        cluster.stabilize();
    }
    cluster.heal();
    assert_eq!(cluster.node(LEADER).commit_index(), lag as u64 + 1);
    assert_eq!(cluster.node(LAGGARD).log().len(), 1);
    cluster
}

/// Well above what a correct leader needs here (about a hundred at worst), far below what
/// an amplifying one reaches (it doubles every round trip).
const IN_FLIGHT_LIMIT: usize = 250;

/// Runs rounds of chaos: each round the leader ticks once (a heartbeat every third tick),
/// proposes a command every `propose_every` rounds, and the network delivers what is due.
/// Followers do not tick, so S1 stays leader. Returns the most messages ever in flight.
fn chaos_rounds(
    cluster: &mut Cluster,
    chaos: &mut Chaos,
    rounds: std::ops::Range<u64>,
    propose_every: Option<u64>,
) -> usize {
    let mut peak = 0;
    for round in rounds {
        cluster.tick(LEADER, 1);
        if propose_every.is_some_and(|every| round % every == 0) {
            cluster.propose(LEADER, &format!("r{round}")).unwrap();
        }
        chaos.accept(cluster, round);
        chaos.deliver(cluster, round);
        chaos.accept(cluster, round);
        let in_flight = chaos.in_flight(cluster);
        peak = peak.max(in_flight);
        assert!(
            in_flight < IN_FLIGHT_LIMIT,
            "{in_flight} messages in flight at round {round}"
        );
        assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
    }
    peak
}

fn check_bounded_and_caught_up(seed: u64, max_entries: u64, max_delay: u64, fast_backtrack: bool) {
    let mut cluster = lagging_follower(100, max_entries, fast_backtrack);
    let mut chaos = Chaos::new(seed, max_delay);
    let peak = chaos_rounds(&mut cluster, &mut chaos, 0..300, Some(2));
    // Then no more proposals: the laggard must catch up with everything, still under chaos.
    let mut round = 300;
    while cluster.node(LAGGARD).log() != cluster.node(LEADER).log() {
        assert!(
            round < 1_000,
            "S3 did not catch up: {} of {} entries",
            cluster.node(LAGGARD).log().len(),
            cluster.node(LEADER).log().len()
        );
        chaos_rounds(&mut cluster, &mut chaos, round..round + 10, None);
        round += 10;
    }
    assert_eq!(cluster.node(LEADER).role(), Role::Leader);
    assert_eq!(cluster.log_matching_violation(), None);
    eprintln!(
        "seed {seed}, max entries {max_entries}, delay {max_delay}, fast backtrack \
         {fast_backtrack}: peak {peak} in flight, caught up by round {round}"
    );
}

#[test]
fn duplicated_reordered_messages_stay_bounded_with_small_appends() {
    for seed in 0..4 {
        check_bounded_and_caught_up(seed, 4, 3, true);
        check_bounded_and_caught_up(seed, 4, 3, false);
    }
}

#[test]
fn duplicated_reordered_messages_stay_bounded_with_large_appends() {
    for seed in 0..4 {
        check_bounded_and_caught_up(seed, 64, 5, true);
        check_bounded_and_caught_up(seed, 64, 5, false);
    }
}

/// Deterministic: every message is delivered twice, the copies in reverse order of sending,
/// so every refusal and acknowledgement arrives duplicated and out of order.
#[test]
fn every_message_twice_in_reverse_order() {
    for fast_backtrack in [true, false] {
        let mut cluster = lagging_follower(100, 8, fast_backtrack);
        for round in 0..200u64 {
            cluster.tick(LEADER, 1);
            if round % 3 == 0 && round < 150 {
                cluster.propose(LEADER, &format!("r{round}")).unwrap();
            }
            let sent: Vec<Envelope<Cmd>> = std::mem::take(&mut cluster.queue).into();
            assert!(sent.len() < 40, "{} sent in round {round}", sent.len());
            let doubled = sent.iter().rev().chain(sent.iter().rev()).cloned();
            for envelope in doubled.collect::<Vec<_>>() {
                cluster.deliver_one(envelope);
            }
        }
        assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
        assert_eq!(cluster.node(LAGGARD).log(), cluster.node(LEADER).log());
    }
}

fn appends_to(cluster: &Cluster, to: NodeId) -> usize {
    let is_append = |e: &&Envelope<Cmd>| matches!(e.message, Message::AppendEntries { .. });
    cluster
        .queue
        .iter()
        .filter(|e| e.to == to)
        .filter(is_append)
        .count()
}

/// Step by step: a refusal delivered twice moves the leader back once; the copy is stale
/// and sends nothing. The same for an acknowledgement.
#[test]
fn a_duplicated_refusal_or_acknowledgement_sends_nothing() {
    let mut cluster = lagging_follower(10, 64, true);
    // The heartbeat after healing fails S3's consistency check.
    cluster.tick(LEADER, 3);
    cluster.deliver_where(|e| e.to == LAGGARD);
    let refusal = cluster.queue.pop_back().expect("S3's refusal");
    assert!(matches!(
        refusal.message,
        Message::AppendEntriesResponse { success: false, .. }
    ));
    cluster.queue.clear();

    // First copy: the leader probes S3 from where its log ends.
    cluster.deliver_one(refusal.clone());
    assert_eq!(appends_to(&cluster, LAGGARD), 1);
    let peer = |c: &Cluster| c.node(LEADER).view().peers[1];
    assert!(peer(&cluster).probing);
    // Second copy: stale, said so, and nothing sent.
    let lines = cluster.deliver_one(refusal);
    assert_eq!(
        lines,
        ["S1 rejected AppendEntriesResponse from S3: it answers an older request"]
    );
    assert_eq!(appends_to(&cluster, LAGGARD), 1);

    // While the probe is out, new entries wait for its answer.
    cluster.propose(LEADER, "wait").unwrap();
    assert_eq!(appends_to(&cluster, LAGGARD), 1);

    // The probe succeeds: the leader switches to pipelining and sends the rest at once.
    cluster.deliver_where(|e| e.to == LAGGARD);
    let ack = cluster.queue.pop_back().expect("S3's acknowledgement");
    cluster.queue.clear();
    cluster.deliver_one(ack.clone());
    assert!(!peer(&cluster).probing);
    let sent = appends_to(&cluster, LAGGARD);
    assert!((1..=MAX_APPENDS_IN_FLIGHT).contains(&sent), "{sent}");
    // Its copy tells nothing new and sends nothing.
    let lines = cluster.deliver_one(ack);
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(appends_to(&cluster, LAGGARD), sent);
    cluster.stabilize();
    assert_eq!(cluster.node(LAGGARD).log(), cluster.node(LEADER).log());
}

/// A response naming an index past the leader's log is impossible from a correct follower:
/// refused as malformed, success or refusal alike, even at `u64::MAX` (found by the
/// arbitrary-input property test, where `match_index + 1` overflowed).
#[test]
fn a_response_past_the_leaders_log_is_refused_as_malformed() {
    let mut cluster = lagging_follower(10, 64, true);
    cluster.tick(LEADER, 3);
    cluster.deliver_where(|e| e.to == LAGGARD);
    let refusal = cluster.queue.pop_back().expect("S3's refusal");
    cluster.queue.clear();
    let last_index = cluster.node(LEADER).log().len() as u64;
    for success in [false, true] {
        for claimed in [last_index + 1, u64::MAX] {
            let mut forged = refusal.clone();
            let Message::AppendEntriesResponse {
                success: s,
                match_index,
                ..
            } = &mut forged.message
            else {
                panic!("not a response: {forged:?}");
            };
            *s = success;
            *match_index = claimed;
            let lines = cluster.deliver_one(forged);
            assert_eq!(
                lines,
                [format!(
                    "S1 rejected AppendEntriesResponse from S3: malformed: claims to match index \
                     {claimed}, past the leader's last index {last_index}"
                )]
            );
            assert_eq!(appends_to(&cluster, LAGGARD), 0);
        }
    }
}

/// A replicating leader keeps at most `MAX_APPENDS_IN_FLIGHT` AppendEntries unacknowledged;
/// the heartbeat still goes out, and its refusal after a loss starts a probe.
#[test]
fn pipelining_is_bounded_and_recovers_from_a_loss() {
    let mut cluster = Cluster::new(3, |c| c.max_entries_per_append = 1);
    cluster.campaign(LEADER);
    cluster.stabilize();
    assert!(!cluster.node(LEADER).view().peers[1].probing);
    for i in 0..20 {
        cluster.propose(LEADER, &format!("x{i}")).unwrap();
    }
    assert_eq!(appends_to(&cluster, LAGGARD), MAX_APPENDS_IN_FLIGHT);
    assert_eq!(
        cluster.node(LEADER).view().peers[1].appends_in_flight,
        MAX_APPENDS_IN_FLIGHT
    );
    // All of them are lost; the heartbeat goes out anyway, empty, and is refused.
    cluster.drop_where(|e| e.to == LAGGARD);
    cluster.tick(LEADER, 3);
    assert_eq!(appends_to(&cluster, LAGGARD), 1);
    cluster.deliver_where(|e| e.to == LAGGARD);
    cluster.deliver_where(|e| e.from == LAGGARD);
    assert!(cluster.node(LEADER).view().peers[1].probing);
    cluster.stabilize();
    assert_eq!(cluster.node(LAGGARD).log(), cluster.node(LEADER).log());
}
