//! A Raft consensus core: the algorithm of the Raft paper (Ongaro & Ousterhout, "In Search of
//! an Understandable Consensus Algorithm", extended version) and of Ongaro's thesis, with no
//! clock, no network, no disk and no globals. It is written to be watched: every decision comes
//! with an [`Event`] that says what happened and why.
//!
//! # Driving a node
//!
//! A [`Node`] is a state machine. The host calls it and it answers with an [`Output`]:
//!
//! - [`Node::tick`] advances its logical clock by one tick;
//! - [`Node::step`] hands it one message ([`Envelope`]) from a peer;
//! - [`Node::propose`] hands it a client command (only a leader accepts one);
//! - [`Node::campaign`] and [`Node::transfer_leadership`] are user actions.
//!
//! The `Output` lists messages to send, whether durable state changed (`persist`: save
//! [`Node::durable`] before sending), entries newly committed (apply them, in order) and
//! events. Randomness (election timeouts) comes from a `SplitMix64` seeded by
//! [`Config::seed`] and kept inside the node, so one seed replays one run exactly.
//!
//! ```
//! use raft::{Config, Durable, Node, Role};
//!
//! let mut node: Node<String> = Node::new(Config::new(1, vec![1]), Durable::default()).unwrap();
//! node.campaign(); // a one-server cluster elects itself at once
//! assert_eq!(node.role(), Role::Leader);
//! let output = node.propose("x=1".to_string()).unwrap();
//! assert_eq!(output.committed.len(), 1); // the command, committed on a majority of one
//! assert!(output.persist);
//! ```
//!
//! # Terms and roles (§5.1)
//!
//! Time is divided into *terms*, numbered from 1; each has at most one leader. Every message
//! carries its sender's term. A node that sees a higher term adopts it and becomes a follower;
//! a request from a lower term is refused with the current term, so its sender catches up.
//! Roles are [`Role::Follower`], [`Role::PreCandidate`], [`Role::Candidate`] and
//! [`Role::Leader`]; each has its own step function (`step_follower`, `step_candidate`,
//! `step_leader`).
//!
//! # Elections (§5.2, §5.4.1)
//!
//! A follower that hears nothing from a leader for its election timeout (drawn anew from
//! `election_timeout_ticks_min..=max` at every reset) becomes a candidate: it increments its
//! term, votes for itself and sends RequestVote to everyone. A server grants at most one vote
//! per term, first come first served, and only to a candidate whose log is at least as up to
//! date as its own: a later last term, or the same last term and at least as long
//! ([`LogPosition`] orders exactly so). A candidate with votes from a majority becomes leader.
//! Votes are durable: [`Durable`] holds the term, the vote and the log, and nothing else
//! survives a restart ([`Node::new`] is also the restart).
//!
//! # Replication (§5.3)
//!
//! The leader appends each command to its log and sends AppendEntries to every follower,
//! from that follower's `next_index`, at most `max_entries_per_append` entries at a time, and
//! empty ones as heartbeats. While it does not know where a follower's log matches its own (a
//! new leader, or after a refusal) it *probes*: one AppendEntries at a time, sent again at
//! each heartbeat until answered. Once a probe succeeds it *replicates*: it advances
//! `next_index` optimistically and pipelines, with at most [`MAX_APPENDS_IN_FLIGHT`]
//! unacknowledged AppendEntries ([`ReplicationState`], as in etcd raft). Only a refusal of
//! what is out now moves `next_index` back, so a network that duplicates or reorders
//! messages cannot make the leader send more and more of them. A follower
//! accepts entries only if its log holds the entry just before them with the same term (the
//! consistency check); if an existing entry conflicts with a new one, it drops that entry and
//! everything after it, and only then. A refusal carries a hint (the conflicting term and its
//! first index, [`ConflictHint`]) so the leader can skip a whole term per round trip
//! ([`Options::fast_backtrack`]); without it the leader steps back one entry at a time.
//!
//! # Commitment (§5.4.2)
//!
//! An entry is committed once it is stored on a majority, *and* the leader counts replicas
//! only for entries of its own term; earlier entries are committed along with them. Counting
//! replicas of an old-term entry is unsafe (the paper's Figure 8, and the `commit-old-term`
//! [`Bug`]). That is why a new leader appends a no-op of its own term at once
//! ([`Options::noop_on_election`]). Followers learn the commit index from the leader, but
//! only up to the entries they know match the leader's log.
//!
//! # Figure 2 → code
//!
//! The paper's Figure 2 is the whole algorithm on one page. Each of its rules lives in one
//! function; the receiver rules are numbered as in the paper.
//!
//! | Figure 2 | Rule | Where |
//! |---|---|---|
//! | State | persistent: `currentTerm`, `votedFor`, `log[]` | [`Durable`], written by [`Node::durable`] |
//! | State | volatile: `commitIndex`, `lastApplied` | [`Node::commit_index`], [`Node::applied_index`] |
//! | State | leaders: `nextIndex[]`, `matchIndex[]` | [`Progress`], held by the leader's role ([`role::Leadership`]) |
//! | AppendEntries receiver | 1. reply false if `term < currentTerm` | [`Node::handle_stale_term`] |
//! | AppendEntries receiver | 2. reply false if the log has no entry at `prevLogIndex` of `prevLogTerm` | [`Node::consistency_refusal`] |
//! | AppendEntries receiver | 3. an existing entry conflicts with a new one: delete it and all after | [`Node::store_entries`] |
//! | AppendEntries receiver | 4. append any new entries not already in the log | [`Node::store_entries`] |
//! | AppendEntries receiver | 5. `commitIndex = min(leaderCommit, index of last new entry)` | [`Node::follow_leader_commit`] |
//! | RequestVote receiver | 1. reply false if `term < currentTerm` | [`Node::handle_stale_term`] |
//! | RequestVote receiver | 2. grant if not voted for another and the candidate's log is at least as up to date | [`Node::handle_vote_request`], refusals in [`Node::vote_refusal`] |
//! | All servers | `commitIndex > lastApplied`: apply `log[lastApplied]` | [`Node::apply_to`] |
//! | All servers | a term `T > currentTerm`: set `currentTerm = T`, convert to follower | [`Node::adopt_term`] |
//! | Followers | election timeout without hearing from the leader: convert to candidate | [`Node::tick_election`] |
//! | Candidates | on conversion: increment the term, vote for self, reset the timer, send RequestVote | [`Node::become_candidate`] (PreVote first: `become_pre_candidate`) |
//! | Candidates | votes from a majority: become leader | [`Node::maybe_finish_election`], [`Node::become_leader`] |
//! | Candidates | AppendEntries from the new leader: convert to follower | [`Node::step_candidate`] |
//! | Candidates | election timeout: start a new election | [`Node::tick_election`] |
//! | Leaders | upon election and when idle: empty AppendEntries (heartbeats) | [`Node::become_leader`], [`Node::tick_leader`] → `send_heartbeat` |
//! | Leaders | command from a client: append to the local log | [`Node::propose`] → [`Node::append_as_leader`] |
//! | Leaders | last log index ≥ `nextIndex`: send AppendEntries from `nextIndex` | [`Node::maybe_send_append`] (flow control) → `send_append` |
//! | Leaders | success: update `nextIndex` and `matchIndex` | [`Node::handle_append_success`] |
//! | Leaders | refused for inconsistency: decrement `nextIndex` and retry | [`Node::handle_append_refusal`], [`Node::next_index_after_refusal`] |
//! | Leaders | a majority has `matchIndex ≥ N` and `log[N].term == currentTerm`: commit `N` | [`Node::maybe_commit`] |
//!
//! Each role's messages go through its own step function ([`Node::step_follower`],
//! [`Node::step_candidate`], [`Node::step_leader`]), after the checks every message gets
//! (addressing, well-formedness, terms) in `handle_envelope`.
//!
//! # Beyond the core algorithm
//!
//! - **PreVote** (thesis §9.6, [`Options::pre_vote`]): before bumping its term, a node asks
//!   whether it could win. A server cut off from the others therefore cannot inflate its term
//!   and depose a healthy leader when it returns.
//! - **Leader stickiness**: with PreVote or CheckQuorum on, a follower that heard from its
//!   leader within the minimum election timeout ignores (pre-)vote requests, and so does the
//!   leader itself.
//! - **CheckQuorum** (thesis §6.2, [`Options::check_quorum`]): a leader that has not heard from
//!   a majority within an election timeout steps down.
//! - **Leadership transfer** (thesis §3.10, [`Node::transfer_leadership`]): the leader stops
//!   taking commands, brings the target's log up to date, then sends TimeoutNow; the target
//!   campaigns at once, and its vote requests bypass the stickiness rule.
//! - **Redirects**: a follower refuses a proposal with [`NotLeader`] naming the leader it knows.
//!
//! # Being watched
//!
//! Every role change, term change, vote granted or refused, entry appended, truncated or
//! committed, and every rejected message is an [`Event`] with a typed reason
//! ([`EventKind`], [`Event::category`]) and a plain-English `Display`, for example
//! "S3 refused its vote to S2 for term 5: S2's log ends at (term 3, index 7), behind S3's
//! (term 4, index 6) (§5.4.1)". Events are plain data; text is made only when displayed.
//! A node never panics on input: a stale, malformed, misaddressed or stranger's message is
//! rejected with an event. [`Node::view`] gives everything a renderer or a checker needs.
//! [`Bug`] switches break one rule each, so that a checker can be seen catching it.
//!
//! # Not here (yet)
//!
//! - Membership changes (joint consensus or single-server changes, §6 / thesis ch. 4): the
//!   member list is fixed by the [`Config`].
//! - Log compaction and snapshots (§7): logs grow without bound.
//! - Linearizable reads (ReadIndex or leader leases, §8 / thesis §6.4): there is no read path.
//! - Client sessions and duplicate detection (§8): a retried command is applied twice.
//! - Flow control by bytes (only by entries per message and messages in flight), and
//!   asynchronous storage: `persist` asks the host to save everything before sending.

// The Figure 2 table links the functions that implement each rule, most of them private: the
// docs are meant to be read with `cargo doc --document-private-items`, where the links resolve.
#![allow(rustdoc::private_intra_doc_links)]
#![forbid(unsafe_code)]

mod bug;
mod candidate;
mod config;
mod durable;
mod event;
mod follower;
mod leader;
mod log;
mod message;
mod node;
mod progress;
mod role;
mod view;

pub use bug::Bug;
pub use common::{Category, NotLeader};
pub use config::{Config, ConfigError, Options};
pub use durable::{Durable, DurableError};
pub use event::{
    AppendSource, CampaignReason, CommitReason, Event, EventKind, FollowerReason, Malformation,
    RejectReason, Tally, TermReason, VoteRefusal,
};
pub use log::{Entry, EntryPayload, LogPosition};
pub use message::{ConflictHint, Envelope, Message, MessageKind};
pub use node::{Node, Output, TransferError};
pub use progress::{Progress, ReplicationState, MAX_APPENDS_IN_FLIGHT};
pub use role::Role;
pub use view::{PeerView, View};
