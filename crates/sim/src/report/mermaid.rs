//! The message exchange as a Mermaid `sequenceDiagram`: requests drawn `->>`, replies `-->>`,
//! participants named by server with their role — ready to paste into GitHub, GitLab, mdBook,
//! Docusaurus or Obsidian.

use common::NodeId;
use std::fmt::Write as _;

use crate::cores::Core;
use crate::report::trace::{TraceEntry, TraceKind};

/// `roles`: each server and its role now; `entries`: the trace to draw (only sends are drawn,
/// with drops marked); at most `messages_max` messages, the most recent.
pub fn sequence_diagram<'a, P: Core + 'a>(
    roles: &[(NodeId, &'static str)],
    entries: impl Iterator<Item = &'a TraceEntry<P>>,
    messages_max: usize,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    for entry in entries {
        match &entry.kind {
            TraceKind::Sent {
                from,
                to,
                kind,
                reply,
                ..
            } => {
                let arrow = if *reply { "-->>" } else { "->>" };
                lines.push(format!("    S{from}{arrow}S{to}: {kind}"));
            }
            TraceKind::Dropped {
                from,
                to,
                kind,
                reason,
                ..
            } => {
                lines.push(format!(
                    "    Note over S{from},S{to}: {kind} dropped ({})",
                    reason.describe()
                ));
            }
            TraceKind::Action(action) if action.is_fault() => {
                lines.push(format!("    Note over S1: {action}"));
            }
            _ => {}
        }
    }
    let skip = lines.len().saturating_sub(messages_max);
    let mut text = String::from("sequenceDiagram\n");
    for (id, role) in roles {
        let _ = writeln!(text, "    participant S{id} as S{id} ({role})");
    }
    for line in &lines[skip..] {
        text.push_str(line);
        text.push('\n');
    }
    text
}
