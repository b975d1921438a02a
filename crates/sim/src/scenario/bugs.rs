//! The bug switches, by name: `raftplay bugs` lists them and scenarios name them. A build
//! lists the switches of the protocols it has (each page WASM carries one core), but knows
//! every name, so that it reads any scenario.

use crate::scenario::ProtocolKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BugInfo {
    pub name: &'static str,
    pub protocol: ProtocolKind,
    /// The rule it breaks and what goes wrong.
    pub breaks: &'static str,
}

/// The bug switches of the protocols this build has, Raft's first.
pub fn all() -> Vec<BugInfo> {
    let mut bugs = Vec::new();
    #[cfg(feature = "raft")]
    bugs.extend(raft::Bug::ALL.iter().map(|bug| BugInfo {
        name: bug.name(),
        protocol: ProtocolKind::Raft,
        breaks: bug.breaks(),
    }));
    #[cfg(feature = "paxos")]
    bugs.extend(paxos::Bug::ALL.iter().map(|bug| BugInfo {
        name: bug.name(),
        protocol: ProtocolKind::Paxos,
        breaks: bug.breaks(),
    }));
    bugs
}

/// Is `name` a bug switch of either protocol (whether or not this build has it)?
pub fn is_known(name: &str) -> bool {
    raft::Bug::from_name(name).is_some() || paxos::Bug::from_name(name).is_some()
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
        assert!(!is_known("no-such-bug"));
        assert!(bugs.iter().all(|bug| is_known(bug.name)));
    }
}
