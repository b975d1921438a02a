//! Per-run figures: what the comparison panel and `raftplay run` report.

use common::SortedMap;
use serde::Serialize;

use crate::engine::history::Time;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MessageCount {
    pub sent: u64,
    pub bytes: u64,
    pub delivered: u64,
    pub dropped: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Metrics {
    /// By message type.
    pub messages: SortedMap<&'static str, MessageCount>,
    /// Times a node became leader.
    pub elections: u64,
    /// Times a node started an election (Raft) or a phase 1 (Paxos).
    pub campaigns: u64,
    pub first_leader_at_us: Option<Time>,
    /// When the latest leadership began (for "time to first commit after a new leader").
    pub leader_since_us: Option<Time>,
    /// Per leadership, the time from its start to its first commit.
    pub first_commit_after_leader_us: Vec<Time>,
    waiting_for_commit: bool,
    pub leaderless_us: Time,
    leaderless_since: Option<Time>,
    /// Client operations answered, and their latency from first send to answer.
    pub latencies_us: Vec<Time>,
    /// Client commands in the committed log (no-ops excluded).
    pub commands_committed: u64,
    /// The highest log position applied anywhere.
    pub applied_max: u64,
    /// Entries a new leader re-proposed under its own term or ballot.
    pub entries_resent: u64,
    /// Running totals every `SAMPLE_EVERY_US` of simulated time, for the charts.
    pub samples: Vec<Sample>,
}

/// How often the running totals are sampled for charts.
pub const SAMPLE_EVERY_US: Time = 250_000;

/// Running totals at one instant (charts of the comparison panel).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sample {
    pub time_us: Time,
    pub messages: u64,
    pub bytes: u64,
    pub commands_committed: u64,
    pub elections: u64,
    pub leaderless_us: Time,
}

/// Latency figures for the page and the CLI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Latency {
    pub count: usize,
    pub p50_us: Time,
    pub p99_us: Time,
    pub max_us: Time,
}

impl Metrics {
    pub fn sent(&mut self, kind: &'static str, bytes: usize) {
        let count = self.messages.get_or_default(kind);
        count.sent += 1;
        count.bytes += bytes as u64;
    }

    pub fn delivered(&mut self, kind: &'static str) {
        self.messages.get_or_default(kind).delivered += 1;
    }

    pub fn dropped(&mut self, kind: &'static str) {
        self.messages.get_or_default(kind).dropped += 1;
    }

    pub fn elected(&mut self, now: Time) {
        self.elections += 1;
        self.first_leader_at_us.get_or_insert(now);
        self.leader_since_us = Some(now);
        self.waiting_for_commit = true;
    }

    pub fn committed(&mut self, now: Time) {
        if self.waiting_for_commit {
            if let Some(since) = self.leader_since_us {
                self.first_commit_after_leader_us.push(now - since);
            }
            self.waiting_for_commit = false;
        }
    }

    /// Called after every step with whether a current leader exists.
    pub fn leader_present(&mut self, now: Time, present: bool) {
        match (present, self.leaderless_since) {
            (false, None) => self.leaderless_since = Some(now),
            (true, Some(since)) => {
                self.leaderless_us += now - since;
                self.leaderless_since = None;
            }
            _ => {}
        }
    }

    /// Records samples for every sampling instant up to `now` (called after each step).
    pub fn sample_until(&mut self, now: Time) {
        let next = (self.samples.len() as Time + 1) * SAMPLE_EVERY_US;
        if now < next {
            return;
        }
        let total = self.messages_total();
        let sample = Sample {
            time_us: next,
            messages: total.sent,
            bytes: total.bytes,
            commands_committed: self.commands_committed,
            elections: self.elections,
            leaderless_us: self.leaderless_until(next.min(now)),
        };
        // A long quiet gap repeats the same totals at each instant it spans.
        while (self.samples.len() as Time + 1) * SAMPLE_EVERY_US <= now {
            self.samples.push(Sample {
                time_us: (self.samples.len() as Time + 1) * SAMPLE_EVERY_US,
                ..sample
            });
        }
    }

    /// Time without a leader up to `now`, counting a gap still open.
    pub fn leaderless_until(&self, now: Time) -> Time {
        self.leaderless_us
            + self
                .leaderless_since
                .map_or(0, |since| now.saturating_sub(since))
    }

    pub fn latency(&self) -> Latency {
        let mut sorted = self.latencies_us.clone();
        common::heap_sort::sort(&mut sorted);
        let at = |q: usize| sorted[(sorted.len() - 1) * q / 100];
        if sorted.is_empty() {
            return Latency::default();
        }
        Latency {
            count: sorted.len(),
            p50_us: at(50),
            p99_us: at(99),
            max_us: sorted[sorted.len() - 1],
        }
    }

    pub fn messages_total(&self) -> MessageCount {
        self.messages
            .values()
            .fold(MessageCount::default(), |a, b| MessageCount {
                sent: a.sent + b.sent,
                bytes: a.bytes + b.bytes,
                delivered: a.delivered + b.delivered,
                dropped: a.dropped + b.dropped,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaderless_time_adds_up_gaps() {
        let mut m = Metrics::default();
        m.leader_present(0, false);
        m.leader_present(100, true);
        m.leader_present(150, true);
        m.leader_present(200, false);
        assert_eq!(m.leaderless_until(260), 100 + 60);
    }

    #[test]
    fn samples_cover_every_instant_even_across_quiet_gaps() {
        let mut m = Metrics::default();
        m.sample_until(SAMPLE_EVERY_US - 1);
        assert!(m.samples.is_empty());
        m.sent("AppendEntries", 40);
        m.sample_until(SAMPLE_EVERY_US * 3 + 5);
        let times: Vec<Time> = m.samples.iter().map(|s| s.time_us).collect();
        assert_eq!(
            times,
            vec![SAMPLE_EVERY_US, 2 * SAMPLE_EVERY_US, 3 * SAMPLE_EVERY_US]
        );
        assert!(m.samples.iter().all(|s| s.messages == 1 && s.bytes == 40));
    }

    #[test]
    fn latency_percentiles() {
        let m = Metrics {
            latencies_us: (1..=100).rev().collect(),
            ..Metrics::default()
        };
        let l = m.latency();
        assert_eq!((l.count, l.p50_us, l.p99_us, l.max_us), (100, 50, 99, 100));
        assert_eq!(Metrics::default().latency(), Latency::default());
    }
}
