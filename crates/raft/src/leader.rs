//! The leader: taking office, replicating (§5.3), committing (§5.4.2), heartbeats,
//! CheckQuorum (thesis §6.2) and leadership transfer (thesis §3.10).

use common::{NodeId, Payload, NODES_MAX};

use crate::bug::Bug;
use crate::event::{
    AppendSource, CommitReason, EventKind, FollowerReason, Malformation, RejectReason, TermReason,
};
use crate::log::{EntryPayload, LogPosition};
use crate::message::{ConflictHint, Envelope, Message};
use crate::node::{Node, Progress, Role, Transfer};

impl<C: Payload> Node<C> {
    pub(crate) fn become_leader(&mut self, votes: u8) {
        debug_assert_eq!(self.role, Role::Candidate);
        debug_assert_eq!(self.voted_for, Some(self.config.id));
        self.role = Role::Leader;
        self.leader = Some(self.config.id);
        self.votes.clear();
        self.transfer = None;
        self.election_elapsed_ticks = 0;
        self.heartbeat_elapsed_ticks = 0;
        // Figure 2: nextIndex starts just past the leader's log, matchIndex at 0.
        let next_index = self.log.last_index() + 1;
        self.progress.clear();
        for &peer in &self.config.members {
            if peer != self.config.id {
                self.progress.insert(
                    peer,
                    Progress {
                        next_index,
                        match_index: 0,
                        recent_active: false,
                    },
                );
            }
        }
        self.emit(EventKind::BecameLeader {
            term: self.term,
            votes,
        });
        if self.config.options.noop_on_election {
            self.append_as_leader(None);
        } else {
            // Announce the new leader at once rather than at the first heartbeat (§5.2).
            self.bcast_append();
            self.maybe_commit(self.commit_index);
        }
    }

    /// Appends a client command (or, with `None`, the no-op of a new leader), replicates it
    /// and commits it if this node alone is a majority.
    pub(crate) fn append_as_leader(&mut self, command: Option<C>) {
        let quorum_before = self.quorum_match_index();
        let (payload, source) = match command {
            Some(command) => (EntryPayload::Command(command), AppendSource::Client),
            None => (EntryPayload::Noop, AppendSource::Noop),
        };
        let index = self.log.push(self.term, payload);
        self.out.persist = true;
        self.emit(EventKind::EntriesAppended {
            first: index,
            last: index,
            term: self.term,
            source,
        });
        self.bcast_append();
        self.maybe_commit(quorum_before);
    }

    pub(crate) fn tick_leader(&mut self) {
        self.heartbeat_elapsed_ticks += 1;
        self.election_elapsed_ticks += 1;
        if let Some(transfer) = &mut self.transfer {
            transfer.elapsed_ticks += 1;
            // §3.10: if the target has not taken over within an election timeout, give up and
            // accept clients again.
            if transfer.elapsed_ticks >= self.config.election_timeout_ticks_min {
                let (to, elapsed_ticks) = (transfer.to, transfer.elapsed_ticks);
                self.transfer = None;
                self.emit(EventKind::TransferAborted { to, elapsed_ticks });
            }
        }
        if self.election_elapsed_ticks >= self.config.election_timeout_ticks_min {
            self.election_elapsed_ticks = 0;
            if self.config.options.check_quorum && !self.maybe_keep_leadership() {
                return;
            }
        }
        if self.heartbeat_elapsed_ticks >= self.config.heartbeat_interval_ticks {
            self.heartbeat_elapsed_ticks = 0;
            self.bcast_append();
        }
    }

    /// Thesis §6.2 CheckQuorum: a leader that has not heard from a majority during the last
    /// election timeout steps down, so that a partitioned leader stops serving clients and a
    /// minority cannot keep a stale leader alive. Returns whether it is still leader.
    fn maybe_keep_leadership(&mut self) -> bool {
        let heard_from = 1 + self.progress.values().filter(|p| p.recent_active).count();
        for progress in self.progress.values_mut() {
            progress.recent_active = false;
        }
        let quorum = self.config.quorum();
        if heard_from >= quorum {
            return true;
        }
        self.become_follower(
            self.term,
            None,
            FollowerReason::LostQuorum {
                heard_from: heard_from as u8,
                quorum: quorum as u8,
            },
            TermReason::Campaign,
        );
        false
    }

    pub(crate) fn step_leader(&mut self, envelope: Envelope<C>) {
        match envelope.message {
            Message::RequestVote { .. } => self.handle_vote_request(envelope),
            Message::AppendEntriesResponse {
                success,
                match_index,
                hint,
            } => self.handle_append_response(&envelope, success, match_index, hint),
            // Election Safety (§5.2) makes this impossible without a bug.
            Message::AppendEntries { .. } => self.reject(&envelope, RejectReason::SecondLeader),
            // Late votes after winning, or a TimeoutNow sent to a leader.
            Message::VoteResponse { .. } | Message::TimeoutNow => self.reject(
                &envelope,
                RejectReason::NotExpectedAs { role: Role::Leader },
            ),
        }
    }

    pub(crate) fn bcast_append(&mut self) {
        for i in 0..self.config.members.len() {
            let peer = self.config.members[i];
            if peer != self.config.id {
                self.send_append(peer);
            }
        }
    }

    /// Sends `peer` the entries from its next index (at most `max_entries_per_append`), or an
    /// empty AppendEntries as a heartbeat.
    fn send_append(&mut self, peer: NodeId) {
        let last_index = self.log.last_index();
        let max_entries = self.config.max_entries_per_append;
        let Some(progress) = self.progress.get_mut(&peer) else {
            return;
        };
        debug_assert!(progress.next_index >= 1 && progress.next_index <= last_index + 1);
        let prev_index = progress.next_index.clamp(1, last_index + 1) - 1;
        let last_sent = last_index.min(prev_index.saturating_add(max_entries));
        if last_sent > prev_index {
            // Pipelining: assume success; a refusal moves next_index back.
            progress.next_index = last_sent + 1;
        }
        let prev = LogPosition {
            term: self.log.term_at(prev_index).unwrap_or(0),
            index: prev_index,
        };
        let entries = self.log.slice(prev_index + 1, last_sent).to_vec();
        let message = Message::AppendEntries {
            prev,
            entries,
            leader_commit: self.commit_index,
        };
        self.send(peer, self.term, message);
    }

    fn handle_append_response(
        &mut self,
        envelope: &Envelope<C>,
        success: bool,
        match_index: u64,
        hint: Option<ConflictHint>,
    ) {
        let last_index = self.log.last_index();
        let quorum_before = self.quorum_match_index();
        let fast_backtrack = self.config.options.fast_backtrack;
        let Some(progress) = self.progress.get_mut(&envelope.from) else {
            return;
        };
        progress.recent_active = true;
        if success {
            if match_index > last_index {
                let reason = Malformation::MatchBeyondLog {
                    claimed: match_index,
                    last_index,
                };
                self.reject(envelope, RejectReason::Malformed(reason));
                return;
            }
            if match_index <= progress.match_index {
                return; // A duplicate or reordered acknowledgement: nothing new.
            }
            progress.match_index = match_index;
            progress.next_index = progress.next_index.max(match_index + 1);
            let more_to_send = progress.next_index <= last_index;
            self.maybe_commit(quorum_before);
            if self
                .transfer
                .is_some_and(|t| t.to == envelope.from && !t.timeout_now_sent)
                && match_index == last_index
            {
                self.send_timeout_now(envelope.from);
            } else if more_to_send {
                self.send_append(envelope.from);
            }
            return;
        }
        // A refusal names the prev index it refused; only the latest probe counts.
        if match_index <= progress.match_index || match_index >= progress.next_index {
            self.reject(envelope, RejectReason::StaleResponse);
            return;
        }
        let next_index = match hint.filter(|_| fast_backtrack) {
            // §5.3 fast backtracking: the follower's log is too short, or it holds a term
            // the leader can skip in one step.
            Some(ConflictHint { term: 0, index }) => index,
            Some(ConflictHint { term, index }) => self
                .log
                .last_index_of_term(term)
                .map_or(index, |last| last + 1),
            // Figure 2: decrement nextIndex and retry.
            None => match_index,
        };
        if let Some(progress) = self.progress.get_mut(&envelope.from) {
            // Never below what is known to match, and always below the refused probe, so
            // every refusal makes progress.
            progress.next_index = next_index.clamp(progress.match_index + 1, match_index);
            self.send_append(envelope.from);
        }
    }

    /// The highest index stored on a majority (the leader counts its whole log).
    fn quorum_match_index(&self) -> u64 {
        let mut matches = [0u64; NODES_MAX];
        let members = &self.config.members;
        for (slot, member) in matches.iter_mut().zip(members) {
            *slot = if *member == self.config.id {
                self.log.last_index()
            } else {
                self.progress.get(member).map_or(0, |p| p.match_index)
            };
        }
        let matches = &mut matches[..members.len()];
        matches.sort_unstable_by(|a, b| b.cmp(a));
        matches[self.config.quorum() - 1]
    }

    /// §5.4.2: commit the quorum-replicated index only if it holds an entry of the current
    /// term; earlier entries then commit with it (Log Matching). `quorum_before` is the
    /// quorum index before the change that led here, so a deferral is reported once.
    fn maybe_commit(&mut self, quorum_before: u64) {
        let index = self.quorum_match_index();
        if index <= self.commit_index {
            return;
        }
        let entry_term = self.log.term_at(index).unwrap_or(0);
        let replicas = self.replicas_of(index);
        if entry_term == self.term {
            self.commit_to(index, CommitReason::Quorum { replicas });
        } else if self.config.has_bug(Bug::CommitOldTerm) {
            self.commit_to(
                index,
                CommitReason::OldTermQuorum {
                    replicas,
                    entry_term,
                },
            );
        } else if index > quorum_before {
            self.emit(EventKind::CommitDeferred {
                index,
                entry_term,
                term: self.term,
            });
        }
    }

    fn replicas_of(&self, index: u64) -> u8 {
        let followers = self
            .progress
            .values()
            .filter(|p| p.match_index >= index)
            .count();
        (1 + followers) as u8
    }

    pub(crate) fn start_transfer(&mut self, to: NodeId) {
        self.transfer = Some(Transfer {
            to,
            elapsed_ticks: 0,
            timeout_now_sent: false,
        });
        self.emit(EventKind::TransferStarted { to });
        let up_to_date = self
            .progress
            .get(&to)
            .is_some_and(|p| p.match_index == self.log.last_index());
        if up_to_date {
            self.send_timeout_now(to);
        } else {
            self.send_append(to);
        }
    }

    fn send_timeout_now(&mut self, to: NodeId) {
        if let Some(transfer) = &mut self.transfer {
            transfer.timeout_now_sent = true;
        }
        self.emit(EventKind::TimeoutNowSent { to });
        self.send(to, self.term, Message::TimeoutNow);
    }
}
