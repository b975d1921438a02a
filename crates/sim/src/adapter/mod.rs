//! The small adapters that let one world drive both cores.

pub mod paxos;
pub mod raft;

/// Keeps the bug names that belong to one protocol, parsed by that protocol's own parser.
fn own_bugs<B: Ord>(names: &[String], parse: impl Fn(&str) -> Option<B>) -> common::SortedSet<B> {
    names.iter().filter_map(|name| parse(name)).collect()
}
