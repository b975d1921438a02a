//! The follower: the election timer, the AppendEntries consistency check and log repair
//! (§5.3), and TimeoutNow (§3.10). Candidates share the timer.

use common::{NodeId, Payload};

use crate::bug::Bug;
use crate::event::{AppendSource, CampaignReason, CommitReason, EventKind, RejectReason};
use crate::log::{Entry, LogPosition};
use crate::message::{ConflictHint, Envelope, Message, MessageKind};
use crate::node::{Node, Role};

impl<C: Payload> Node<C> {
    /// §5.2: a follower (or candidate) that hears nothing for an election timeout campaigns.
    pub(crate) fn tick_election(&mut self) {
        self.election_elapsed_ticks += 1;
        if self.election_elapsed_ticks >= self.election_timeout_ticks {
            self.emit(EventKind::ElectionTimeout {
                elapsed_ticks: self.election_elapsed_ticks,
            });
            self.campaign_now(CampaignReason::ElectionTimeout);
        }
    }

    pub(crate) fn step_follower(&mut self, envelope: Envelope<C>) {
        match envelope.message {
            Message::RequestVote { .. } => self.handle_vote_request(envelope),
            Message::AppendEntries {
                prev,
                entries,
                leader_commit,
            } => self.handle_append_entries(envelope.from, prev, entries, leader_commit),
            Message::TimeoutNow => match self.leader {
                // Only the leader of the message's term (now this node's) sends TimeoutNow,
                // so a follower that knows of another leader of this term has been sent a
                // forgery; no correct cluster gets here.
                Some(leader) if leader != envelope.from => {
                    let reason = RejectReason::NotFromLeader {
                        leader: self.leader,
                    };
                    self.reject(&envelope, reason);
                }
                // §3.10: TimeoutNow has the effect of the election timer firing, whether or
                // not this follower has heard from the leader yet (a freshly restarted one
                // knows no leader). It campaigns at once, without PreVote; the flag on the
                // vote requests tells other followers not to ignore them.
                _ => {
                    if self.has_term_left() {
                        let reason = CampaignReason::TimeoutNow {
                            from: envelope.from,
                        };
                        self.become_candidate(reason, true);
                    }
                }
            },
            Message::VoteResponse { .. } | Message::AppendEntriesResponse { .. } => self.reject(
                &envelope,
                RejectReason::NotExpectedAs {
                    role: Role::Follower,
                },
            ),
        }
    }

    /// §5.3, the receiver side of AppendEntries. The term has been checked already.
    fn handle_append_entries(
        &mut self,
        leader: NodeId,
        prev: LogPosition,
        entries: Vec<Entry<C>>,
        leader_commit: u64,
    ) {
        debug_assert_eq!(self.role, Role::Follower);
        if self.leader != Some(leader) {
            self.leader = Some(leader);
            self.emit(EventKind::LeaderDiscovered {
                term: self.term,
                leader,
            });
        }
        self.reset_election_timer();

        // The consistency check: the entry before the new ones must match.
        let refusal = match self.log.term_at(prev.index) {
            None => {
                let last_index = self.log.last_index();
                Some((
                    RejectReason::LogTooShort { prev, last_index },
                    ConflictHint {
                        term: 0,
                        index: last_index + 1,
                    },
                ))
            }
            Some(own_term) if own_term != prev.term => {
                let first = self.log.first_index_of_term_before(prev.index, own_term);
                Some((
                    RejectReason::LogMismatch { prev, own_term },
                    ConflictHint {
                        term: own_term,
                        index: first,
                    },
                ))
            }
            Some(_) => None,
        };
        if let Some((reason, hint)) = refusal {
            self.emit(EventKind::Rejected {
                from: leader,
                message: MessageKind::AppendEntries,
                reason,
            });
            let hint = self.config.options.fast_backtrack.then_some(hint);
            let reply = Message::AppendEntriesResponse {
                success: false,
                match_index: prev.index,
                hint,
            };
            self.send(leader, self.term, reply);
            return;
        }

        let last_new = prev.index + entries.len() as u64;
        if !self.store_entries(leader, entries) {
            return;
        }
        // §5.3: the commit index follows the leader's, but only over entries known to match.
        let commit = leader_commit.min(last_new);
        if commit > self.commit_index {
            self.commit_to(commit, CommitReason::LeaderCommit { leader });
        }
        if self.config.has_bug(Bug::ApplyBeforeCommit) && last_new > self.applied_index {
            let first = self.applied_index + 1;
            self.emit(EventKind::AppliedBeforeCommit {
                first,
                last: last_new,
                commit: self.commit_index,
            });
            self.apply_to(last_new);
        }
        let reply = Message::AppendEntriesResponse {
            success: true,
            match_index: last_new,
            hint: None,
        };
        self.send(leader, self.term, reply);
    }

    /// Skips entries already present, drops a conflicting suffix, appends the rest. Returns
    /// false if the message was refused.
    ///
    /// §5.3: "If an existing entry conflicts with a new one (same index but different terms),
    /// delete the existing entry and all that follow it". Only on a conflict: a delayed or
    /// duplicated AppendEntries whose entries all match must not cut off later entries.
    fn store_entries(&mut self, leader: NodeId, entries: Vec<Entry<C>>) -> bool {
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
                        self.emit(EventKind::Rejected {
                            from: leader,
                            message: MessageKind::AppendEntries,
                            reason,
                        });
                        return false;
                    }
                    if self.config.has_bug(Bug::AppendWithoutTruncate) {
                        self.overwrite_in_place(leader, entries, position);
                        return true;
                    }
                    let to = self.log.last_index();
                    self.emit(EventKind::EntriesTruncated {
                        from: entry.index,
                        to,
                        own_term,
                        leader_term: entry.term,
                        leader,
                    });
                    self.log.truncate_from(entry.index);
                    self.out.persist = true;
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
        self.out.persist = true;
        self.emit(EventKind::EntriesAppended {
            first,
            last,
            term,
            source: AppendSource::Leader { leader },
        });
        true
    }

    /// The `append-without-truncate` bug: replace conflicting entries one by one and keep
    /// whatever followed them.
    fn overwrite_in_place(&mut self, leader: NodeId, entries: Vec<Entry<C>>, start: usize) {
        for entry in entries.into_iter().skip(start) {
            match self.log.term_at(entry.index) {
                Some(own_term) if own_term == entry.term => {}
                Some(old_term) => {
                    let (index, new_term) = (entry.index, entry.term);
                    self.log.overwrite(entry);
                    let kept_last = self.log.last_index();
                    self.emit(EventKind::EntryOverwrittenInPlace {
                        index,
                        old_term,
                        new_term,
                        kept_last,
                    });
                }
                None => {
                    let (index, term) = (entry.index, entry.term);
                    self.log.push(entry.term, entry.payload);
                    let source = AppendSource::Leader { leader };
                    self.emit(EventKind::EntriesAppended {
                        first: index,
                        last: index,
                        term,
                        source,
                    });
                }
            }
        }
        self.out.persist = true;
    }
}
