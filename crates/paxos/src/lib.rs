//! The Multi-Paxos core (being written).
