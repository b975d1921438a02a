//! Every bug switch of both cores, by name: `raftplay bugs` lists them and scenarios name them.

use crate::scenario::Protocol;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BugInfo {
    pub name: &'static str,
    pub protocol: Protocol,
    /// The rule it breaks and what goes wrong.
    pub breaks: &'static str,
}

pub fn all() -> Vec<BugInfo> {
    let raft = raft::Bug::ALL.iter().map(|bug| BugInfo {
        name: bug.name(),
        protocol: Protocol::Raft,
        breaks: bug.breaks(),
    });
    let paxos = paxos::Bug::ALL.iter().map(|bug| BugInfo {
        name: bug.name(),
        protocol: Protocol::Paxos,
        breaks: bug.breaks(),
    });
    raft.chain(paxos).collect()
}

pub fn find(name: &str) -> Option<BugInfo> {
    all().into_iter().find(|bug| bug.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_across_protocols_and_round_trip() {
        let bugs = all();
        assert!(bugs.len() >= 9, "{bugs:?}");
        for bug in &bugs {
            assert_eq!(
                bugs.iter().filter(|b| b.name == bug.name).count(),
                1,
                "{}",
                bug.name
            );
            assert_eq!(find(bug.name), Some(*bug));
            assert!(!bug.breaks.is_empty());
        }
        assert_eq!(find("no-such-bug"), None);
    }
}
