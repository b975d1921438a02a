//! The leader: taking office, replicating (§5.3), committing (§5.4.2), heartbeats,
//! CheckQuorum (thesis §6.2) and leadership transfer (thesis §3.10).

use common::{NodeId, Payload, SortedMap, NODES_MAX};

use crate::bug::Bug;
use crate::event::{
    AppendSource, CommitReason, EventKind, FollowerReason, Malformation, RejectReason, TermReason,
};
use crate::log::{EntryPayload, LogPosition};
use crate::message::{ConflictHint, Envelope, Message};
use crate::node::{Node, Output};
use crate::progress::{Progress, ReplicationState};
use crate::role::{Leadership, Role, RoleState, Transfer};

impl<C: Payload> Node<C> {
    /// Figure 2, leaders: "upon election: send initial empty AppendEntries RPCs (heartbeat)
    /// to each server". With `noop_on_election` the first AppendEntries carries the leader's
    /// no-op instead (§8), which also commits the entries of earlier terms (§5.4.2).
    pub(crate) fn become_leader(&mut self, votes: u8, out: &mut Output<C>) {
        debug_assert_eq!(self.role(), Role::Candidate);
        debug_assert_eq!(self.voted_for, Some(self.config.id));
        // Figure 2: nextIndex starts just past the leader's log, matchIndex at 0.
        let next_index = self.log.last_index() + 1;
        let mut progress = SortedMap::new();
        for &peer in self.config.members.iter().filter(|&&p| p != self.config.id) {
            progress.insert(peer, Progress::new(next_index));
        }
        self.role = RoleState::Leader(Leadership {
            progress,
            transfer: None,
        });
        self.leader = Some(self.config.id);
        self.election_elapsed_ticks = 0;
        self.heartbeat_elapsed_ticks = 0;
        self.emit(
            out,
            EventKind::BecameLeader {
                term: self.term,
                votes,
            },
        );
        if self.config.options.noop_on_election {
            self.append_as_leader(None, out);
        } else {
            // Announce the new leader at once rather than at the first heartbeat (§5.2).
            self.for_each_peer(out, |node, peer, out| {
                node.maybe_send_append(peer, true, out);
            });
            self.maybe_commit(self.commit_index, out);
        }
    }

    /// Figure 2, leaders: "if command received from client: append entry to local log" and
    /// replicate it; commits it at once if this node alone is a majority. With `None`, the
    /// no-op of a new leader.
    pub(crate) fn append_as_leader(&mut self, command: Option<C>, out: &mut Output<C>) {
        let quorum_before = self.quorum_match_index();
        let (payload, source) = match command {
            Some(command) => (EntryPayload::Command(command), AppendSource::Client),
            None => (EntryPayload::Noop, AppendSource::Noop),
        };
        let index = self.log.push(self.term, payload);
        out.persist = true;
        self.emit(
            out,
            EventKind::EntriesAppended {
                first: index,
                last: index,
                term: self.term,
                source,
            },
        );
        self.for_each_peer(out, |node, peer, out| {
            node.maybe_send_append(peer, false, out);
        });
        self.maybe_commit(quorum_before, out);
    }

    /// Figure 2, leaders: heartbeats "during idle periods to prevent election timeouts"
    /// (§5.2), the CheckQuorum round, and the transfer's deadline.
    pub(crate) fn tick_leader(&mut self, out: &mut Output<C>) {
        self.heartbeat_elapsed_ticks += 1;
        self.election_elapsed_ticks += 1;
        self.tick_transfer(out);
        if self.election_elapsed_ticks >= self.config.election_timeout_ticks_min {
            self.election_elapsed_ticks = 0;
            if self.config.options.check_quorum && !self.maybe_keep_leadership(out) {
                return;
            }
        }
        if self.heartbeat_elapsed_ticks >= self.config.heartbeat_interval_ticks {
            self.heartbeat_elapsed_ticks = 0;
            self.for_each_peer(out, Self::send_heartbeat);
            self.maybe_resend_timeout_now(out);
        }
    }

    /// §3.10: if the target has not taken over within an election timeout, give up and accept
    /// clients again.
    fn tick_transfer(&mut self, out: &mut Output<C>) {
        let deadline_ticks = self.config.election_timeout_ticks_min;
        let Some(leadership) = self.role.leadership_mut() else {
            return;
        };
        let Some(transfer) = &mut leadership.transfer else {
            return;
        };
        transfer.elapsed_ticks += 1;
        if transfer.elapsed_ticks < deadline_ticks {
            return;
        }
        let (to, elapsed_ticks) = (transfer.to, transfer.elapsed_ticks);
        leadership.transfer = None;
        self.emit(out, EventKind::TransferAborted { to, elapsed_ticks });
    }

    /// Thesis §6.2 CheckQuorum: a leader that has not heard from a majority during the last
    /// election timeout steps down, so that a partitioned leader stops serving clients and a
    /// minority cannot keep a stale leader alive. Returns whether it is still leader.
    fn maybe_keep_leadership(&mut self, out: &mut Output<C>) -> bool {
        let Some(leadership) = self.role.leadership_mut() else {
            return false;
        };
        let heard_from = 1 + leadership
            .progress
            .values()
            .filter(|p| p.recent_active)
            .count();
        for progress in leadership.progress.values_mut() {
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
            out,
        );
        false
    }

    pub(crate) fn step_leader(&mut self, envelope: Envelope<C>, out: &mut Output<C>) {
        match envelope.message {
            Message::RequestVote { .. } => self.handle_vote_request(envelope, out),
            Message::AppendEntriesResponse {
                success,
                match_index,
                hint,
            } => self.handle_append_response(&envelope, success, match_index, hint, out),
            // Election Safety (§5.2) makes this impossible without a bug.
            Message::AppendEntries { .. } => {
                self.reject(out, &envelope, RejectReason::SecondLeader)
            }
            // Late votes after winning, or a TimeoutNow sent to a leader.
            Message::VoteResponse { .. } | Message::TimeoutNow => {
                let reason = RejectReason::NotExpectedAs { role: Role::Leader };
                self.reject(out, &envelope, reason)
            }
        }
    }

    /// Calls `f` for every member but this node.
    fn for_each_peer(
        &mut self,
        out: &mut Output<C>,
        mut f: impl FnMut(&mut Self, NodeId, &mut Output<C>),
    ) {
        // By position: `f` needs the whole node, so the member list cannot stay borrowed.
        for i in 0..self.config.members.len() {
            let peer = self.config.members[i];
            if peer != self.config.id {
                f(self, peer, out);
            }
        }
    }

    /// Figure 2, leaders: "if last log index ≥ nextIndex for a follower: send AppendEntries
    /// RPC with log entries starting at nextIndex", at most `max_entries_per_append` of them,
    /// if flow control allows: no probe already out, or room in the pipeline. With nothing to
    /// send, sends an empty AppendEntries only if `send_empty`. Returns whether it sent one.
    fn maybe_send_append(&mut self, peer: NodeId, send_empty: bool, out: &mut Output<C>) -> bool {
        let last_index = self.log.last_index();
        let Some(progress) = self.role.progress(peer) else {
            return false;
        };
        if !progress.may_send_entries() || (progress.next_index > last_index && !send_empty) {
            return false;
        }
        self.send_append(peer, true, out);
        true
    }

    /// The heartbeat (§5.2), which also keeps replication going after a loss. A probing leader
    /// sends its probe again, in case it or its answer was lost. A replicating one sends what
    /// the pipeline has room for, or else an empty AppendEntries from its next index, whose
    /// refusal reveals that entries in flight were lost.
    fn send_heartbeat(&mut self, peer: NodeId, out: &mut Output<C>) {
        let Some(progress) = self.role.progress_mut(peer) else {
            return;
        };
        match progress.state {
            ReplicationState::Probe => {
                progress.probe_sent = false;
                self.maybe_send_append(peer, true, out);
            }
            ReplicationState::Replicate => {
                if !self.maybe_send_append(peer, false, out) {
                    self.send_append(peer, false, out);
                }
            }
        }
    }

    /// Sends an AppendEntries from `peer`'s next index, with entries if `with_entries`,
    /// whatever flow control says, and records it: a probe is out, or (replicating) entries
    /// are in flight and `next_index` moves past them, assuming success.
    fn send_append(&mut self, peer: NodeId, with_entries: bool, out: &mut Output<C>) {
        let last_index = self.log.last_index();
        let max_entries = self.config.max_entries_per_append;
        let Some(progress) = self.role.progress_mut(peer) else {
            return;
        };
        debug_assert!(progress.next_index >= 1 && progress.next_index <= last_index + 1);
        let prev_index = progress.next_index.clamp(1, last_index + 1) - 1;
        let last_sent = if with_entries {
            last_index.min(prev_index.saturating_add(max_entries))
        } else {
            prev_index
        };
        match progress.state {
            ReplicationState::Probe => progress.probe_sent = true,
            ReplicationState::Replicate if last_sent > prev_index => {
                progress.next_index = last_sent + 1;
                progress.in_flight.push_back(last_sent);
            }
            ReplicationState::Replicate => {}
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
        self.send(out, peer, self.term, message);
    }

    fn handle_append_response(
        &mut self,
        envelope: &Envelope<C>,
        success: bool,
        match_index: u64,
        hint: Option<ConflictHint>,
        out: &mut Output<C>,
    ) {
        let last_index = self.log.last_index();
        let Some(progress) = self.role.progress_mut(envelope.from) else {
            return;
        };
        progress.recent_active = true;
        // A leader's log only grows during its term, so an acknowledgement or a refusal can
        // only name an index it has: anything beyond is malformed, and refusing it here also
        // keeps `match_index + 1` below from overflowing.
        if match_index > last_index {
            let reason = Malformation::MatchBeyondLog {
                claimed: match_index,
                last_index,
            };
            self.reject(out, envelope, RejectReason::Malformed(reason));
            return;
        }
        if success {
            self.handle_append_success(envelope.from, match_index, out);
        } else {
            self.handle_append_refusal(envelope, match_index, hint, out);
        }
    }

    /// Figure 2, leaders: "if successful: update nextIndex and matchIndex for follower"; then
    /// commit what a majority now holds, and send what comes next (or, for a transfer target
    /// now up to date, TimeoutNow).
    fn handle_append_success(&mut self, peer: NodeId, match_index: u64, out: &mut Output<C>) {
        let last_index = self.log.last_index();
        let quorum_before = self.quorum_match_index();
        let Some(progress) = self.role.progress_mut(peer) else {
            return;
        };
        let news = match_index > progress.match_index;
        let answers_probe =
            progress.state == ReplicationState::Probe && match_index + 1 >= progress.next_index;
        if !news && !answers_probe {
            return; // A duplicate or reordered acknowledgement: nothing new, nothing to send.
        }
        progress.match_index = progress.match_index.max(match_index);
        while progress
            .in_flight
            .front()
            .is_some_and(|&last| last <= match_index)
        {
            progress.in_flight.pop_front();
        }
        match progress.state {
            // The probe succeeded: the matching point is known, pipeline from there on.
            ReplicationState::Probe if news && answers_probe => progress.become_replicate(),
            // A probe from the known match index (an empty one, say) tells nothing new;
            // the next probe can carry entries.
            ReplicationState::Probe if answers_probe => progress.probe_sent = false,
            // A late acknowledgement of something older than the probe: keep waiting.
            ReplicationState::Probe => {}
            ReplicationState::Replicate => {
                progress.next_index = progress.next_index.max(match_index + 1);
            }
        }
        if news {
            self.maybe_commit(quorum_before, out);
        }
        let transfer_due = self
            .role
            .transfer()
            .is_some_and(|t| t.to == peer && !t.timeout_now_sent);
        if transfer_due && match_index == last_index {
            self.send_timeout_now(peer, out);
        } else {
            while self.maybe_send_append(peer, false, out) {}
        }
    }

    /// Figure 2, leaders: "if AppendEntries fails because of log inconsistency: decrement
    /// nextIndex and retry" — by one entry, or with the follower's hint by a whole term
    /// (§5.3, end). A refusal names the prev index it refused.
    fn handle_append_refusal(
        &mut self,
        envelope: &Envelope<C>,
        match_index: u64,
        hint: Option<ConflictHint>,
        out: &mut Output<C>,
    ) {
        let peer = envelope.from;
        let Some(progress) = self.role.progress(peer) else {
            return;
        };
        // It moves next_index back only if it answers what is out now: the probe, or, while
        // pipelining, an AppendEntries still in flight (one whose prev index is where an
        // earlier one in flight ends, or the latest heartbeat). Any other is a duplicate or a
        // late answer, already acted on or superseded, and acting on it again would multiply
        // the messages in flight.
        let current = match progress.state {
            ReplicationState::Probe => match_index + 1 == progress.next_index,
            ReplicationState::Replicate => {
                progress.in_flight.contains(&match_index) || match_index + 1 == progress.next_index
            }
        };
        if !current || match_index <= progress.match_index || match_index >= progress.next_index {
            self.reject(out, envelope, RejectReason::StaleResponse);
            return;
        }
        // Never below what is known to match, and always below the refused probe, so every
        // refusal makes progress.
        let next_index = self
            .next_index_after_refusal(match_index, hint)
            .clamp(progress.match_index + 1, match_index);
        let Some(progress) = self.role.progress_mut(peer) else {
            return;
        };
        // Where the logs match is unknown again: probe.
        progress.become_probe(next_index);
        self.maybe_send_append(peer, true, out);
    }

    /// Where to retry after a refusal of the AppendEntries whose prev index was
    /// `refused_prev_index`: Figure 2's "decrement nextIndex", or with fast backtracking the
    /// follower's hint, which skips a whole term, or past the end of a short log, at once.
    fn next_index_after_refusal(&self, refused_prev_index: u64, hint: Option<ConflictHint>) -> u64 {
        match hint.filter(|_| self.config.options.fast_backtrack) {
            // The follower's log ends before the refused prev index.
            Some(ConflictHint { term: 0, index }) => index,
            // The follower holds `term` from `index` on: skip to just past the leader's own
            // entries of that term, or to `index` if it has none.
            Some(ConflictHint { term, index }) => self
                .log
                .last_index_of_term(term)
                .map_or(index, |last| last + 1),
            // Figure 2: decrement nextIndex (the refused prev index is nextIndex − 1).
            None => refused_prev_index,
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
                self.role.progress(*member).map_or(0, |p| p.match_index)
            };
        }
        let matches = &mut matches[..members.len()];
        common::heap_sort::sort_by(matches, |a, b| a > b);
        matches[self.config.quorum() - 1]
    }

    /// Figure 2, leaders (§5.3, §5.4.2): "if there exists an N such that N > commitIndex, a
    /// majority of `matchIndex[i] ≥ N`, and `log[N].term == currentTerm`: set commitIndex = N".
    /// Earlier entries then commit with it (Log Matching). `quorum_before` is the quorum
    /// index before the change that led here, so a deferral is reported once.
    fn maybe_commit(&mut self, quorum_before: u64, out: &mut Output<C>) {
        let index = self.quorum_match_index();
        if index <= self.commit_index {
            return;
        }
        let entry_term = self.log.term_at(index).unwrap_or(0);
        let replicas = self.replicas_of(index);
        if entry_term == self.term {
            self.commit_to(index, CommitReason::Quorum { replicas }, out);
        } else if self.config.has_bug(Bug::CommitOldTerm) {
            let reason = CommitReason::OldTermQuorum {
                replicas,
                entry_term,
            };
            self.commit_to(index, reason, out);
        } else if index > quorum_before {
            self.emit(
                out,
                EventKind::CommitDeferred {
                    index,
                    entry_term,
                    term: self.term,
                },
            );
        }
    }

    fn replicas_of(&self, index: u64) -> u8 {
        let followers = self.role.leadership().map_or(0, |leadership| {
            leadership
                .progress
                .values()
                .filter(|p| p.match_index >= index)
                .count()
        });
        (1 + followers) as u8
    }

    pub(crate) fn start_transfer(&mut self, to: NodeId, out: &mut Output<C>) {
        if let Some(leadership) = self.role.leadership_mut() {
            leadership.transfer = Some(Transfer {
                to,
                elapsed_ticks: 0,
                timeout_now_sent: false,
            });
        }
        self.emit(out, EventKind::TransferStarted { to });
        if self.is_up_to_date(to) {
            self.send_timeout_now(to, out);
        } else {
            self.maybe_send_append(to, true, out);
        }
    }

    /// §3.10: a TimeoutNow can be lost like any message; while the transfer is pending and the
    /// target is up to date, every heartbeat sends it again. A second one that arrives after
    /// the target has campaigned carries an older term and is refused as stale.
    fn maybe_resend_timeout_now(&mut self, out: &mut Output<C>) {
        let Some(transfer) = self.role.transfer() else {
            return;
        };
        if transfer.timeout_now_sent && self.is_up_to_date(transfer.to) {
            self.send_timeout_now(transfer.to, out);
        }
    }

    /// Whether `peer`'s log is known to match this leader's whole log.
    fn is_up_to_date(&self, peer: NodeId) -> bool {
        self.role
            .progress(peer)
            .is_some_and(|p| p.match_index == self.log.last_index())
    }

    fn send_timeout_now(&mut self, to: NodeId, out: &mut Output<C>) {
        if let Some(transfer) = self
            .role
            .leadership_mut()
            .and_then(|leadership| leadership.transfer.as_mut())
        {
            transfer.timeout_now_sent = true;
        }
        self.emit(out, EventKind::TimeoutNowSent { to });
        self.send(out, to, self.term, Message::TimeoutNow);
    }
}
