//! The Raft core (being written).
