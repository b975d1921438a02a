//! The follower: the election timer, the AppendEntries receiver (§5.3, Figure 2's receiver
//! rules 2 to 5, each in a function of its own), and TimeoutNow (§3.10). Candidates share the
//! timer.

use common::{NodeId, Payload};

use crate::bug::Bug;
use crate::event::{AppendSource, CampaignReason, CommitReason, EventKind, RejectReason};
use crate::log::{Entry, LogPosition};
use crate::message::{ConflictHint, Envelope, Message, MessageKind};
use crate::node::{Node, Output};
use crate::role::Role;

impl<C: Payload> Node<C> {
    /// Figure 2, followers and candidates (§5.2): "if election timeout elapses without
    /// receiving AppendEntries RPC from current leader or granting vote to candidate: convert
    /// to candidate" (or, with PreVote, first ask).
    pub(crate) fn tick_election(&mut self, out: &mut Output<C>) {
        self.election_elapsed_ticks += 1;
        if self.election_elapsed_ticks >= self.election_timeout_ticks {
            self.emit(
                out,
                EventKind::ElectionTimeout {
                    elapsed_ticks: self.election_elapsed_ticks,
                },
            );
            self.campaign_now(CampaignReason::ElectionTimeout, out);
        }
    }

    pub(crate) fn step_follower(&mut self, envelope: Envelope<C>, out: &mut Output<C>) {
        match envelope.message {
            Message::RequestVote { .. } => self.handle_vote_request(envelope, out),
            Message::AppendEntries {
                prev,
                entries,
                leader_commit,
            } => self.handle_append_entries(envelope.from, prev, entries, leader_commit, out),
            Message::TimeoutNow => self.handle_timeout_now(&envelope, out),
            Message::VoteResponse { .. } | Message::AppendEntriesResponse { .. } => {
                let reason = RejectReason::NotExpectedAs {
                    role: Role::Follower,
                };
                self.reject(out, &envelope, reason)
            }
        }
    }

    /// §3.10: TimeoutNow has the effect of the election timer firing, whether or not this
    /// follower has heard from the leader yet (a freshly restarted one knows no leader). It
    /// campaigns at once, without PreVote; the flag on the vote requests tells other
    /// followers not to ignore them. Only the leader of the message's term (now this node's)
    /// sends TimeoutNow, so a follower that knows of another leader of this term has been sent
    /// a forgery; no correct cluster gets there.
    fn handle_timeout_now(&mut self, envelope: &Envelope<C>, out: &mut Output<C>) {
        if self.leader.is_some_and(|leader| leader != envelope.from) {
            let reason = RejectReason::NotFromLeader {
                leader: self.leader,
            };
            self.reject(out, envelope, reason);
            return;
        }
        if self.has_term_left(out) {
            let reason = CampaignReason::TimeoutNow {
                from: envelope.from,
            };
            self.become_candidate(reason, true, out);
        }
    }

    /// Figure 2, the AppendEntries receiver (§5.3). Rule 1 (a stale term) was applied before;
    /// the others follow in order.
    fn handle_append_entries(
        &mut self,
        leader: NodeId,
        prev: LogPosition,
        entries: Vec<Entry<C>>,
        leader_commit: u64,
        out: &mut Output<C>,
    ) {
        debug_assert_eq!(self.role(), Role::Follower);
        if self.leader != Some(leader) {
            self.leader = Some(leader);
            let term = self.term;
            self.emit(out, EventKind::LeaderDiscovered { term, leader });
        }
        self.reset_election_timer();
        if let Some((reason, hint)) = self.consistency_refusal(prev) {
            self.emit(
                out,
                EventKind::Rejected {
                    from: leader,
                    message: MessageKind::AppendEntries,
                    reason,
                },
            );
            let hint = self.config.options.fast_backtrack.then_some(hint);
            let reply = Message::AppendEntriesResponse {
                success: false,
                match_index: prev.index,
                hint,
            };
            self.send(out, leader, self.term, reply);
            return;
        }
        let last_new = prev.index + entries.len() as u64;
        if !self.store_entries(leader, entries, out) {
            return;
        }
        self.follow_leader_commit(leader, leader_commit, last_new, out);
        let reply = Message::AppendEntriesResponse {
            success: true,
            match_index: last_new,
            hint: None,
        };
        self.send(out, leader, self.term, reply);
    }

    /// Rule 2: "reply false if log doesn't contain an entry at prevLogIndex whose term
    /// matches prevLogTerm" (the consistency check). The refusal carries a hint for fast
    /// backtracking (§5.3, end): the conflicting term and the first index this node holds of
    /// it, or (term 0) where its log ends.
    fn consistency_refusal(&self, prev: LogPosition) -> Option<(RejectReason, ConflictHint)> {
        match self.log.term_at(prev.index) {
            None => {
                let last_index = self.log.last_index();
                let hint = ConflictHint {
                    term: 0,
                    index: last_index + 1,
                };
                Some((RejectReason::LogTooShort { prev, last_index }, hint))
            }
            Some(own_term) if own_term != prev.term => {
                let index = self.log.first_index_of_term_before(prev.index, own_term);
                let hint = ConflictHint {
                    term: own_term,
                    index,
                };
                Some((RejectReason::LogMismatch { prev, own_term }, hint))
            }
            Some(_) => None,
        }
    }

    /// Rules 3 and 4: "if an existing entry conflicts with a new one (same index but
    /// different terms), delete the existing entry and all that follow it", then "append any
    /// new entries not already in the log". Only on a conflict: a delayed or duplicated
    /// AppendEntries whose entries all match must not cut off later entries. Returns false if
    /// the message was refused (it would have truncated a committed entry).
    fn store_entries(
        &mut self,
        leader: NodeId,
        entries: Vec<Entry<C>>,
        out: &mut Output<C>,
    ) -> bool {
        let mut start = entries.len();
        for (position, entry) in entries.iter().enumerate() {
            match self.log.term_at(entry.index) {
                Some(own_term) if own_term == entry.term => continue,
                Some(own_term) => {
                    if entry.index <= self.commit_index {
                        let reason = RejectReason::WouldTruncateCommitted {
                            index: entry.index,
                            commit: self.commit_index,
                        };
                        self.emit(
                            out,
                            EventKind::Rejected {
                                from: leader,
                                message: MessageKind::AppendEntries,
                                reason,
                            },
                        );
                        return false;
                    }
                    if self.config.has_bug(Bug::AppendWithoutTruncate) {
                        self.overwrite_in_place(leader, entries, position, out);
                        return true;
                    }
                    let to = self.log.last_index();
                    self.emit(
                        out,
                        EventKind::EntriesTruncated {
                            from: entry.index,
                            to,
                            own_term,
                            leader_term: entry.term,
                            leader,
                        },
                    );
                    self.log.truncate_from(entry.index);
                    out.persist = true;
                }
                None => {}
            }
            start = position;
            break;
        }
        let (Some(first), Some(last)) = (entries.get(start), entries.last()) else {
            return true;
        };
        let (first, last, term) = (first.index, last.index, last.term);
        for entry in entries.into_iter().skip(start) {
            let index = self.log.push(entry.term, entry.payload);
            debug_assert_eq!(index, entry.index);
        }
        out.persist = true;
        self.emit(
            out,
            EventKind::EntriesAppended {
                first,
                last,
                term,
                source: AppendSource::Leader { leader },
            },
        );
        true
    }

    /// Rule 5: "if leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of
    /// last new entry)": only entries known to match the leader's log are committed.
    fn follow_leader_commit(
        &mut self,
        leader: NodeId,
        leader_commit: u64,
        last_new: u64,
        out: &mut Output<C>,
    ) {
        let commit = leader_commit.min(last_new);
        if commit > self.commit_index {
            self.commit_to(commit, CommitReason::LeaderCommit { leader }, out);
        }
        if self.config.has_bug(Bug::ApplyBeforeCommit) && last_new > self.applied_index {
            let first = self.applied_index + 1;
            self.emit(
                out,
                EventKind::AppliedBeforeCommit {
                    first,
                    last: last_new,
                    commit: self.commit_index,
                },
            );
            self.apply_to(last_new, out);
        }
    }

    /// The `append-without-truncate` bug: replace conflicting entries one by one and keep
    /// whatever followed them.
    fn overwrite_in_place(
        &mut self,
        leader: NodeId,
        entries: Vec<Entry<C>>,
        start: usize,
        out: &mut Output<C>,
    ) {
        for entry in entries.into_iter().skip(start) {
            match self.log.term_at(entry.index) {
                Some(own_term) if own_term == entry.term => {}
                Some(old_term) => {
                    let (index, new_term) = (entry.index, entry.term);
                    self.log.overwrite(entry);
                    let kept_last = self.log.last_index();
                    self.emit(
                        out,
                        EventKind::EntryOverwrittenInPlace {
                            index,
                            old_term,
                            new_term,
                            kept_last,
                        },
                    );
                }
                None => {
                    let (index, term) = (entry.index, entry.term);
                    self.log.push(entry.term, entry.payload);
                    let source = AppendSource::Leader { leader };
                    self.emit(
                        out,
                        EventKind::EntriesAppended {
                            first: index,
                            last: index,
                            term,
                            source,
                        },
                    );
                }
            }
        }
        out.persist = true;
    }
}
