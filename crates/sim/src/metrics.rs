//! Per-run figures: what the comparison panel and `raftplay run` report.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::history::Time;

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
    pub messages: BTreeMap<&'static str, MessageCount>,
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
        let count = self.messages.entry(kind).or_default();
        count.sent += 1;
        count.bytes += bytes as u64;
    }

    pub fn delivered(&mut self, kind: &'static str) {
        self.messages.entry(kind).or_default().delivered += 1;
    }

    pub fn dropped(&mut self, kind: &'static str) {
        self.messages.entry(kind).or_default().dropped += 1;
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

    /// Time without a leader up to `now`, counting a gap still open.
    pub fn leaderless_until(&self, now: Time) -> Time {
        self.leaderless_us + self.leaderless_since.map_or(0, |since| now - since)
    }

    pub fn latency(&self) -> Latency {
        let mut sorted = self.latencies_us.clone();
        sorted.sort_unstable();
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
