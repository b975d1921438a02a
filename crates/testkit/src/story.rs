//! Story tests: a script of commands, each followed by the output it must produce.
//!
//! ```text
//! # Comments start with '#'. A command starts with "> "; the lines after it, up to the
//! # next blank line, are what running it printed.
//! > campaign 1
//! S1 became candidate for term 1: its election timer expired
//!
//! > deliver
//! S2 granted its vote to S1 for term 1
//! ```
//!
//! [`run_story`] runs every command through a closure and compares the whole rewritten file
//! with the file on disk. With `UPDATE_STORIES=1` in the environment it writes the new text
//! instead, so that a change of behaviour shows up as a reviewable diff of plain English.

use std::fmt::Write as _;
use std::path::Path;

/// Runs the story at `path`, calling `run(command)` for each command in order. `run` returns
/// the text the command produced (lines, no trailing blank line) or an error text, which is
/// recorded as `error: …` so that refusals are part of the story too.
pub fn run_story(path: &Path, mut run: impl FnMut(&str) -> Result<String, String>) {
    let original = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read story {}: {e}", path.display()));
    let rewritten = rewrite(&original, &mut run);
    if std::env::var_os("UPDATE_STORIES").is_some() {
        if rewritten != original {
            std::fs::write(path, &rewritten)
                .unwrap_or_else(|e| panic!("cannot write story {}: {e}", path.display()));
        }
        return;
    }
    if rewritten != original {
        panic!(
            "story {} differs from what the code now does.\n{}\n\
             If the new behaviour is right, rerun with UPDATE_STORIES=1 and review the diff.",
            path.display(),
            first_difference(&original, &rewritten)
        );
    }
}

/// Keeps comments and commands, replaces every command's output with what `run` says now.
fn rewrite(original: &str, run: &mut impl FnMut(&str) -> Result<String, String>) -> String {
    let mut out = String::with_capacity(original.len());
    let mut skipping_output = false;
    for line in original.lines() {
        if skipping_output {
            if line.trim().is_empty() {
                skipping_output = false;
                out.push('\n');
            }
            continue;
        }
        if let Some(command) = line.strip_prefix("> ") {
            out.push_str(line);
            out.push('\n');
            let text = match run(command.trim()) {
                Ok(text) => text,
                Err(error) => format!("error: {error}"),
            };
            for output_line in text.lines() {
                let _ = writeln!(out, "{output_line}");
            }
            skipping_output = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if skipping_output {
        out.push('\n');
    }
    out
}

fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    for number in 1.. {
        match (expected_lines.next(), actual_lines.next()) {
            (None, None) => break,
            (e, a) if e == a => continue,
            (e, a) => {
                return format!(
                    "first difference at line {number}:\n  story says: {}\n  code says:  {}",
                    e.unwrap_or("<end of file>"),
                    a.unwrap_or("<end of file>")
                )
            }
        }
    }
    String::from("the texts differ only in trailing newlines")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_replaces_outputs_and_keeps_comments() {
        let script = "# a comment\n> double 2\nstale\n\n> fail\n\n> double 5\n";
        let mut run = |command: &str| -> Result<String, String> {
            match command.split_once(' ') {
                Some(("double", n)) => Ok((n.parse::<i32>().unwrap() * 2).to_string()),
                _ => Err(format!("unknown command {command:?}")),
            }
        };
        let rewritten = rewrite(script, &mut run);
        assert_eq!(
            rewritten,
            "# a comment\n> double 2\n4\n\n> fail\nerror: unknown command \"fail\"\n\n> double 5\n10\n\n"
        );
        // Running the rewritten script again changes nothing: stories are a fixed point.
        assert_eq!(rewrite(&rewritten, &mut run), rewritten);
    }

    #[test]
    fn first_difference_names_the_line() {
        let text = first_difference("a\nb\nc\n", "a\nx\nc\n");
        assert!(text.contains("line 2"), "{text}");
        assert!(
            text.contains("story says: b") && text.contains("code says:  x"),
            "{text}"
        );
    }
}
