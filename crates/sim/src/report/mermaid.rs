//! A window of a run as a Mermaid `sequenceDiagram` that tells its story, ready to paste into
//! GitHub, GitLab, mdBook, Docusaurus or Obsidian:
//!
//! ```text
//! sequenceDiagram
//!     participant S1 as S1 (follower)
//!     participant S2 as S2 (follower)
//!     S2->>S1: RequestVote term 1
//!     S1-->>S2: Vote granted
//!     Note over S2: becomes leader (term 1)
//!     S2->>S1: AppendEntries term 1, entry 1, commit 0
//!     S1-->>S2: Acknowledged up to 1
//!     Note over S2: commits entry 1
//!     Note over S1,S2: 6 heartbeat rounds
//! ```
//!
//! - Participants carry their role where the diagram starts; a role change is a note
//!   (`becomes leader (term 2)`), as are crashes, restarts, cuts and heals, client requests,
//!   commits, truncations and violations.
//! - A message is drawn when it arrives (`->>` a request, `-->>` a reply) or is lost (`-x`,
//!   `--x`), labelled with its content in the core's own few words ([`Core::message_label`]);
//!   a refusal carries the reason its sender recorded ([`EventNote::Reason`]).
//! - Heartbeats ([`MessageClass::Heartbeat`]) that repeat the last one their link delivered
//!   (or lost), such as an empty AppendEntries with the same term and commit index or an
//!   acknowledgement of the same index, are folded: a run of more than three between two
//!   other lines becomes one note, `Note over S1,S5: 6 heartbeat rounds, 6 lost` (rounds: the
//!   most any one link carried).
//! - The output is bounded: past `lines_max` lines the earliest are left out, and a first note
//!   says how many (`… 120 earlier messages omitted`). Every text is cut at
//!   [`TEXT_CHARS_MAX`] characters and kept free of what Mermaid reads as syntax (`;` ends a
//!   statement, `#` starts an entity, `<` and `>` make HTML).
//!
//! The diagram reads entries one at a time ([`Diagram::push`]), so a replay can feed it a
//! whole run without keeping the run's trace.

use common::NodeId;
use std::collections::VecDeque;
use std::fmt::{self, Write as _};

use crate::cores::{Core, EventNote, Marker, MessageClass, MessageLabel};
use crate::engine::history::Time;
use crate::report::trace::{TraceEntry, TraceKind};
use crate::scenario::action::{Action, MessageId};

/// The lines a diagram holds by default (its participants aside).
pub const LINES_MAX: usize = 300;
/// The longest text of one arrow or note, in characters.
pub const TEXT_CHARS_MAX: usize = 160;

/// The part of a run a diagram shows: entries at times `from..=to` (microseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: Time,
    pub to: Time,
}

impl Window {
    /// The whole run.
    pub const WHOLE: Window = Window {
        from: 0,
        to: Time::MAX,
    };

    fn contains(&self, time: Time) -> bool {
        (self.from..=self.to).contains(&time)
    }
}

/// The window of the run's last election, or `None` if nobody was ever elected.
///
/// It opens when the leader before it stopped leading (it crashed, or a role change made it
/// something else), so what unseated it is in the window. If there was no leader before, or
/// the one before never stopped (a partition can elect a second leader beside it), it opens
/// at the first vote request (a message of [`MessageClass::VoteRequest`]: RequestVote or
/// PreVote, Multi-Paxos's Prepare) sent since the run's start or that leader's election:
/// the split votes and failed campaigns that led to the election are in it. With no vote
/// request at all (a one-server cluster), it opens at the moment of election. It closes once
/// the winner's first round as leader is answered: the winner's first messages after its
/// election (all those it sends in one step) have each either brought a message back from
/// their receiver or been followed by another message to that receiver (the next round, for
/// one that never answers). A run that ends first closes it at the run's last entry.
pub fn last_election<'a, P: Core + 'a>(
    entries: impl IntoIterator<Item = &'a TraceEntry<P>>,
) -> Option<Window> {
    let mut finder = ElectionFinder::default();
    for entry in entries {
        finder.push(entry);
    }
    finder.finish()
}

/// [`last_election`], one entry at a time.
#[derive(Default)]
pub struct ElectionFinder {
    /// The first vote request since the last election.
    campaign_from: Option<Time>,
    /// The last leader elected, its role's name, and when it stopped leading.
    leader: Option<(NodeId, &'static str, Option<Time>)>,
    current: Option<Election>,
    last: Option<Window>,
    last_time: Time,
}

struct Election {
    from: Time,
    winner: NodeId,
    /// The step of the winner's first round, once it has sent one.
    round_step: Option<u64>,
    /// Receivers of that round that have not answered yet.
    waiting: Vec<NodeId>,
}

impl ElectionFinder {
    pub fn push<P: Core>(&mut self, entry: &TraceEntry<P>) {
        self.last_time = entry.time;
        match &entry.kind {
            TraceKind::Core(event) => {
                let node = P::event_node(event);
                let role = match P::event_note(event) {
                    Some(EventNote::Role(role, _)) => Some(role),
                    _ => None,
                };
                if let Some(Marker::Elected { .. }) = P::event_marker(event) {
                    let lost_at = self.leader.and_then(|(_, _, lost_at)| lost_at);
                    let campaign = self.campaign_from.take();
                    self.current = Some(Election {
                        from: lost_at.or(campaign).unwrap_or(entry.time),
                        winner: node,
                        round_step: None,
                        waiting: Vec::new(),
                    });
                    self.leader = role.map(|role| (node, role, None));
                } else if let (Some(role), Some((leader, leading, None))) = (role, self.leader) {
                    if node == leader && role != leading {
                        self.leader = Some((leader, leading, Some(entry.time)));
                    }
                }
            }
            TraceKind::Action(Action::Crash { node }) => {
                if let Some((leader, leading, None)) = self.leader {
                    if leader == *node {
                        self.leader = Some((leader, leading, Some(entry.time)));
                    }
                }
            }
            TraceKind::Sent {
                from, to, label, ..
            } => {
                if label.class() == MessageClass::VoteRequest && self.campaign_from.is_none() {
                    self.campaign_from = Some(entry.time);
                }
                let Some(election) = &mut self.current else {
                    return;
                };
                if *from != election.winner {
                    return;
                }
                match election.round_step {
                    None => {
                        election.round_step = Some(entry.step);
                        election.waiting.push(*to);
                    }
                    Some(step) if step == entry.step => election.waiting.push(*to),
                    Some(_) => self.answered(*to, entry.time),
                }
            }
            TraceKind::Delivered { from, to, .. }
                if self
                    .current
                    .as_ref()
                    .is_some_and(|e| e.winner == *to && e.round_step.is_some()) =>
            {
                self.answered(*from, entry.time);
            }
            _ => {}
        }
    }

    fn answered(&mut self, node: NodeId, time: Time) {
        let Some(election) = &mut self.current else {
            return;
        };
        election.waiting.retain(|&waiting| waiting != node);
        if election.waiting.is_empty() {
            self.last = Some(Window {
                from: election.from,
                to: time,
            });
            self.current = None;
        }
    }

    pub fn finish(self) -> Option<Window> {
        match self.current {
            Some(election) => Some(Window {
                from: election.from,
                to: self.last_time,
            }),
            None => self.last,
        }
    }
}

/// One line of the diagram's body.
struct Line {
    text: String,
    /// Messages it stands for: 1 for an arrow, the folded count for a heartbeat note.
    messages: u64,
    /// A role the line gives a server (kept for the participants when the line is dropped).
    role: Option<(NodeId, &'static str)>,
}

/// Folds of at most this many heartbeats are drawn as their arrows: a note would say less.
const FOLD_DRAWN_MAX: usize = 3;

/// A run of folded heartbeats.
struct Fold<L> {
    /// The first few, drawn instead of the note if the run stays that short.
    first: Vec<(NodeId, NodeId, L, Option<&'static str>)>,
    /// Heartbeat requests per link: the most any link carried is the number of rounds.
    /// (Small maps are vectors here: a BTreeMap would cost the WASM kilobytes.)
    requests: Vec<((NodeId, NodeId), u64)>,
    replies: u64,
    lost: u64,
    low: NodeId,
    high: NodeId,
}

impl<L> Default for Fold<L> {
    fn default() -> Self {
        Fold {
            first: Vec::new(),
            requests: Vec::new(),
            replies: 0,
            lost: 0,
            low: 0,
            high: 0,
        }
    }
}

impl<L> Fold<L> {
    fn messages(&self) -> u64 {
        self.requests.iter().map(|(_, n)| n).sum::<u64>() + self.replies
    }

    fn add(&mut self, from: NodeId, to: NodeId, label: L, reply: bool, lost: Option<&'static str>) {
        if self.first.len() < FOLD_DRAWN_MAX {
            self.first.push((from, to, label, lost));
        }
        if self.messages() == 0 {
            (self.low, self.high) = (from.min(to), from.max(to));
        }
        self.low = self.low.min(from.min(to));
        self.high = self.high.max(from.max(to));
        if reply {
            self.replies += 1;
        } else {
            match self
                .requests
                .iter_mut()
                .find(|(link, _)| *link == (from, to))
            {
                Some((_, count)) => *count += 1,
                None => self.requests.push(((from, to), 1)),
            }
        }
        self.lost += u64::from(lost.is_some());
    }
}

/// A sequence diagram being built from trace entries (see the module's documentation).
pub struct Diagram<P: Core> {
    window: Window,
    lines_max: usize,
    /// Each server's role where the kept lines start.
    roles: Vec<(NodeId, &'static str)>,
    lines: VecDeque<Line>,
    omitted_messages: u64,
    omitted_notes: u64,
    /// The last heartbeat delivered on each link, and the last one lost on it: one that
    /// repeats the last of its own fate is folded.
    heartbeats: Vec<((NodeId, NodeId, bool), P::Label)>,
    fold: Fold<P::Label>,
    /// The reason a server recorded in the step it is in, for the refusal it sends in it.
    reason_now: Option<(u64, NodeId, P::Words)>,
    /// Refusals in flight and their reasons.
    reasons: Vec<(MessageId, P::Words)>,
}

impl<P: Core> Diagram<P> {
    /// `roles`: each server and its role at the first entry to be pushed.
    pub fn new(roles: &[(NodeId, &'static str)], window: Window, lines_max: usize) -> Self {
        Diagram {
            window,
            lines_max: lines_max.max(1),
            roles: roles.to_vec(),
            lines: VecDeque::new(),
            omitted_messages: 0,
            omitted_notes: 0,
            heartbeats: Vec::new(),
            fold: Fold::default(),
            reason_now: None,
            reasons: Vec::new(),
        }
    }

    /// Reads one entry, in trace order. Entries before the window only move roles; those
    /// after it are ignored.
    pub fn push(&mut self, entry: &TraceEntry<P>) {
        if entry.time > self.window.to {
            return;
        }
        let shown = self.window.contains(entry.time);
        match &entry.kind {
            TraceKind::Core(event) => {
                let node = P::event_node(event);
                match P::event_note(event) {
                    Some(EventNote::Role(role, words)) => {
                        self.note(shown, node, node, Some((node, role)), &words)
                    }
                    Some(EventNote::Note(words)) => self.note(shown, node, node, None, &words),
                    Some(EventNote::Reason(words)) => {
                        self.reason_now = Some((entry.step, node, words))
                    }
                    None => {}
                }
            }
            TraceKind::Sent {
                id, from, label, ..
            } if label.class() == MessageClass::Refusal => {
                if let Some((step, node, words)) = self.reason_now {
                    if step == entry.step && node == *from {
                        self.reasons.push((*id, words));
                    }
                }
            }
            TraceKind::Delivered {
                id,
                from,
                to,
                label,
                ..
            } => {
                let reason = self.take_reason(*id);
                if shown {
                    self.message(*from, *to, label, reason, None);
                }
            }
            TraceKind::Dropped {
                id,
                from,
                to,
                label,
                reason,
                ..
            } => {
                let why = self.take_reason(*id);
                if shown {
                    self.message(*from, *to, label, why, Some(reason.describe()));
                }
            }
            TraceKind::Action(action) => self.action(shown, action),
            TraceKind::Invoked {
                client,
                seq,
                op,
                node,
            } if shown => {
                let text = format_args!("client c{client} sends request {seq}, {op}");
                self.line_over(*node, *node, None, &text);
            }
            TraceKind::Redirected {
                client, node, hint, ..
            } if shown => match hint {
                Some(leader) => self.line_over(
                    *node,
                    *node,
                    None,
                    &format_args!("not the leader, tells client c{client} to try S{leader}"),
                ),
                None => self.line_over(
                    *node,
                    *node,
                    None,
                    &format_args!("not the leader, knows none, client c{client} tries another"),
                ),
            },
            TraceKind::GaveUp { client, seq } if shown => {
                let text = format_args!("client c{client} gives up on request {seq}");
                self.line_over(1, self.last_node(), None, &text);
            }
            TraceKind::Violation(violation) if shown => {
                let low = violation.nodes.iter().copied().min().unwrap_or(1);
                let high = violation
                    .nodes
                    .iter()
                    .copied()
                    .max()
                    .unwrap_or(self.last_node());
                let text = format_args!(
                    "VIOLATION of {}. {}",
                    violation.invariant, violation.explanation
                );
                self.line_over(low, high, None, &text);
            }
            _ => {}
        }
    }

    fn take_reason(&mut self, id: MessageId) -> Option<P::Words> {
        let index = self
            .reasons
            .iter()
            .position(|(refusal, _)| *refusal == id)?;
        Some(self.reasons.swap_remove(index).1)
    }

    fn last_node(&self) -> NodeId {
        self.roles.last().map_or(1, |(id, _)| *id)
    }

    fn note(
        &mut self,
        shown: bool,
        low: NodeId,
        high: NodeId,
        role: Option<(NodeId, &'static str)>,
        words: &dyn fmt::Display,
    ) {
        if shown {
            self.line_over(low, high, role, words);
        } else if let Some(role) = role {
            self.set_role(role);
        }
    }

    fn action(&mut self, shown: bool, action: &Action) {
        let all = (1, self.last_node());
        let (low, high, role) = match *action {
            // Drawn as the message's own arrow.
            Action::Deliver { .. } | Action::Drop { .. } => return,
            Action::Crash { node } => (node, node, Some((node, "crashed"))),
            Action::Restart { node } => (node, node, Some((node, P::BOOT_ROLE))),
            Action::Cut { from, to, .. }
            | Action::Heal { from, to, .. }
            | Action::Transfer { from, to } => (from.min(to), from.max(to), None),
            _ => match crate::report::trace::action_node(action) {
                Some(node) => (node, node, None),
                None => (all.0, all.1, None),
            },
        };
        self.note(shown, low, high, role, &action);
    }

    fn set_role(&mut self, (node, role): (NodeId, &'static str)) {
        if let Some(slot) = self.roles.iter_mut().find(|(id, _)| *id == node) {
            slot.1 = role;
        }
    }

    fn message(
        &mut self,
        from: NodeId,
        to: NodeId,
        label: &P::Label,
        reason: Option<P::Words>,
        lost: Option<&'static str>,
    ) {
        let reply = label.is_reply();
        if label.class() == MessageClass::Heartbeat {
            let link = (from, to, lost.is_some());
            let last = match self.heartbeats.iter_mut().find(|(l, _)| *l == link) {
                Some((_, last)) => Some(std::mem::replace(last, *label)),
                None => {
                    self.heartbeats.push((link, *label));
                    None
                }
            };
            if last.as_ref() == Some(label) {
                self.fold.add(from, to, *label, reply, lost);
                return;
            }
        }
        let reason = reason.as_ref().map(|r| r as &dyn fmt::Display);
        let line = arrow(from, to, label, reason, lost);
        self.push_line(line);
    }

    fn line_over(
        &mut self,
        low: NodeId,
        high: NodeId,
        role: Option<(NodeId, &'static str)>,
        text: &dyn fmt::Display,
    ) {
        let mut line = String::from("    Note over ");
        over(&mut line, low, high);
        line.push_str(": ");
        push_text(&mut line, text);
        self.push_line(Line {
            text: line,
            messages: 0,
            role,
        });
    }

    /// Ends a run of folded heartbeats with its note.
    fn flush_fold(&mut self) {
        let fold = std::mem::take(&mut self.fold);
        let messages = fold.messages();
        if messages == 0 {
            return;
        }
        if messages <= fold.first.len() as u64 {
            for (from, to, label, lost) in &fold.first {
                self.keep(arrow(*from, *to, label, None, *lost));
            }
            return;
        }
        let rounds = fold.requests.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let mut text = String::from("    Note over ");
        over(&mut text, fold.low, fold.high);
        let _ = match rounds {
            0 => write!(text, ": {} heartbeat replies", fold.replies),
            1 => write!(text, ": 1 heartbeat round"),
            _ => write!(text, ": {rounds} heartbeat rounds"),
        };
        if fold.lost > 0 {
            let _ = write!(text, ", {} lost", fold.lost);
        }
        self.keep(Line {
            text,
            messages,
            role: None,
        });
    }

    fn push_line(&mut self, line: Line) {
        self.flush_fold();
        self.keep(line);
    }

    /// Keeps a line, dropping the earliest past `lines_max`.
    fn keep(&mut self, line: Line) {
        if self.lines.len() >= self.lines_max {
            if let Some(dropped) = self.lines.pop_front() {
                if dropped.messages > 0 {
                    self.omitted_messages += dropped.messages;
                } else {
                    self.omitted_notes += 1;
                }
                if let Some(role) = dropped.role {
                    self.set_role(role);
                }
            }
        }
        self.lines.push_back(line);
    }

    /// The diagram's text.
    pub fn finish(mut self) -> String {
        self.flush_fold();
        let mut text = String::from("sequenceDiagram\n");
        for (id, role) in &self.roles {
            let _ = writeln!(text, "    participant S{id} as S{id} ({role})");
        }
        let last = self.last_node();
        if self.omitted_messages > 0 || self.omitted_notes > 0 {
            text.push_str("    Note over ");
            over(&mut text, 1, last);
            let _ = write!(text, ": … {} earlier messages", self.omitted_messages);
            match self.omitted_notes {
                0 => {}
                1 => text.push_str(" and 1 note"),
                notes => {
                    let _ = write!(text, " and {notes} notes");
                }
            }
            text.push_str(" omitted\n");
        }
        if self.lines.is_empty() {
            text.push_str("    Note over ");
            over(&mut text, 1, last);
            text.push_str(": nothing happened in this window\n");
        }
        for line in &self.lines {
            text.push_str(&line.text);
            text.push('\n');
        }
        text
    }
}

/// A message's arrow: `->>` a request, `-->>` a reply, `-x` and `--x` when lost.
fn arrow(
    from: NodeId,
    to: NodeId,
    label: &impl MessageLabel,
    reason: Option<&dyn fmt::Display>,
    lost: Option<&'static str>,
) -> Line {
    let arrow = match (label.is_reply(), lost.is_some()) {
        (false, false) => "->>",
        (true, false) => "-->>",
        (false, true) => "-x",
        (true, true) => "--x",
    };
    let mut line = format!("    S{from}{arrow}S{to}: ");
    let mut text = Clean::new(&mut line);
    let _ = write!(text, "{label}");
    if let Some(reason) = reason {
        let _ = write!(text, " ({reason})");
    }
    if let Some(lost) = lost {
        let _ = write!(text, " (lost, {lost})");
    }
    Line {
        text: line,
        messages: 1,
        role: None,
    }
}

/// `S1` or `S1,S5`: what a note spans.
fn over(text: &mut String, low: NodeId, high: NodeId) {
    let _ = write!(text, "S{low}");
    if high != low {
        let _ = write!(text, ",S{high}");
    }
}

/// Appends `words` as Mermaid text ([`Clean`]).
fn push_text(line: &mut String, words: &dyn fmt::Display) {
    let _ = write!(Clean::new(line), "{words}");
}

/// Writes Mermaid text into a line: at most [`TEXT_CHARS_MAX`] characters, on one line, with
/// none of the characters Mermaid reads as syntax inside a message or a note.
struct Clean<'a> {
    line: &'a mut String,
    chars: usize,
}

impl<'a> Clean<'a> {
    fn new(line: &'a mut String) -> Self {
        Clean { line, chars: 0 }
    }
}

impl fmt::Write for Clean<'_> {
    fn write_str(&mut self, words: &str) -> fmt::Result {
        for c in words.chars() {
            self.chars += 1;
            if self.chars > TEXT_CHARS_MAX {
                if self.chars == TEXT_CHARS_MAX + 1 {
                    self.line.push('…');
                }
                continue;
            }
            self.line.push(match c {
                ';' => ',',
                '<' => '‹',
                '>' => '›',
                '#' => continue,
                c if c.is_control() => ' ',
                c => c,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_lose_what_mermaid_reads_as_syntax_and_stay_short() {
        let mut line = String::new();
        push_text(&mut line, &"a;b #3 <br> c\nd");
        assert_eq!(line, "a,b 3 ‹br› c d");
        let mut line = String::new();
        push_text(&mut line, &"x".repeat(TEXT_CHARS_MAX + 40));
        assert_eq!(line.chars().count(), TEXT_CHARS_MAX + 1);
        assert!(line.ends_with('…'));
    }
}
