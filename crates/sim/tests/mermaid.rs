//! The Mermaid export tells a run's story: messages with their content, heartbeats folded,
//! notes for roles, faults and commits, inside the window asked for and a bounded size.
//! (`tests/node/mermaid.test.mjs` runs the real `mermaid` parser on every preset's export.)

use sim::report::mermaid::{Window, LINES_MAX, TEXT_CHARS_MAX};
use sim::scenario::presets;
use sim::Simulation;

fn run(name: &str) -> Simulation {
    let preset = presets::find(name).unwrap_or_else(|| panic!("no preset {name}"));
    let mut sim = Simulation::forward_only(preset.scenario).unwrap();
    sim.run_to_end();
    sim
}

fn export(name: &str, window: Window, lines_max: usize) -> String {
    run(name).mermaid(window, lines_max)
}

fn ms(from: u64, to: u64) -> Window {
    Window {
        from: from * 1000,
        to: to * 1000,
    }
}

/// The body's lines (the participants left out).
fn body(text: &str) -> Vec<&str> {
    text.lines()
        .skip(1)
        .filter(|line| !line.trim_start().starts_with("participant "))
        .collect()
}

/// The index of the first line that contains `needle`, with a readable failure.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
}

#[test]
fn leader_election_reads_like_the_papers_diagram() {
    let text = export("leader-election", Window::WHOLE, LINES_MAX);
    assert!(text.starts_with("sequenceDiagram\n"));
    for id in 1..=5 {
        assert!(
            text.contains(&format!("    participant S{id} as S{id} (follower)\n")),
            "{text}"
        );
    }
    let vote = line_of(&text, "->>S1: RequestVote term 1");
    let granted = line_of(&text, "-->>S2: Vote granted");
    let elected = line_of(&text, "    Note over S2: becomes leader (term 1)");
    let append = line_of(
        &text,
        "    S2->>S1: AppendEntries term 1, entry 1, commit 0",
    );
    let ack = line_of(&text, "    S1-->>S2: Acknowledged up to 1");
    let commit = line_of(&text, "    Note over S2: commits entry 1");
    assert!(
        vote < granted && granted < elected && elected < append,
        "{text}"
    );
    assert!(append < ack && ack < commit, "{text}");
    // Refusals carry their reason, and candidates that lose say so.
    assert!(text.contains("Vote refused (voted for itself)"), "{text}");
    assert!(
        text.contains("Vote refused (already voted for S2)"),
        "{text}"
    );
    assert!(text.contains("becomes follower (term 1)"), "{text}");
    // Client requests are notes over the server they reach.
    assert!(
        text.contains("Note over S2: client c1 sends request"),
        "{text}"
    );
}

#[test]
fn runs_of_heartbeats_are_folded_into_notes() {
    let sim = run("leader-election");
    let text = sim.mermaid(Window::WHOLE, LINES_MAX);
    let folds: Vec<&str> = body(&text)
        .into_iter()
        .filter(|line| line.contains("heartbeat round"))
        .collect();
    assert!(!folds.is_empty(), "{text}");
    assert!(
        folds.iter().all(|line| line.starts_with("    Note over S")),
        "{folds:?}"
    );
    let rounds: u64 = folds
        .iter()
        .filter_map(|line| {
            line.split(": ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum();
    let drawn = text.matches(", heartbeat, commit").count() as u64;
    // A heartbeat round every 50 ms for most of the run: folded, they are a few lines.
    assert!(rounds > 50, "{rounds} rounds folded in:\n{text}");
    assert!(
        drawn < rounds,
        "{drawn} heartbeats drawn, {rounds} rounds folded"
    );
}

#[test]
fn multi_paxos_speaks_its_own_words() {
    let text = export("paxos-duelling-proposers", Window::WHOLE, LINES_MAX);
    for words in [
        "Note over S1: starts phase 1 (ballot 1.S1)",
        "->>S2: Prepare ballot 1.S3",
        "-->>S3: Promise ballot 1.S3, nothing accepted",
        "-->>S1: Refused, promised 1.S3",
        "Note over S1: steps down, saw ballot 1.S3",
        "Note over S3: becomes leader (ballot 1.S3)",
        "->>S4: Heartbeat ballot 1.S3, commit 0",
        "heartbeat rounds",
    ] {
        assert!(text.contains(words), "{words:?} missing from:\n{text}");
    }
    let text = export("paxos-leader-crash-gaps", Window::WHOLE, LINES_MAX);
    for words in ["->>S", ": Accept slot ", ": Accepted slot ", " chosen"] {
        assert!(text.contains(words), "{words:?} missing from:\n{text}");
    }
}

#[test]
fn figure_8_tells_its_story_over_the_whole_run() {
    let text = export("figure-8", Window::WHOLE, LINES_MAX);
    let first = line_of(&text, "Note over S1: becomes leader (term 4)");
    let copied = line_of(
        &text,
        "S1->>S3: AppendEntries term 4, entry 2 (term 2), commit 0",
    );
    let crash = line_of(&text, "Note over S1: crash S1");
    let second = line_of(&text, "Note over S5: becomes leader (term 5)");
    let mismatch = line_of(&text, "-->>S5: Refused at index 2 (log mismatch)");
    let dropped = line_of(&text, "Note over S3: drops entry 2 (term 2)");
    assert!(first < copied && copied < crash && crash < second, "{text}");
    assert!(second < mismatch && mismatch < dropped, "{text}");
    assert!(
        text.contains("Vote refused (already voted for S1)"),
        "{text}"
    );
    // Heartbeats to the crashed S1 are lost, and folded with the others.
    assert!(text.contains("(lost, the receiver is down)"), "{text}");
    assert!(text.contains("heartbeat rounds, "), "{text}");
    assert!(text.contains(" lost\n"), "{text}");

    let bug = export("figure-8-bug", Window::WHOLE, LINES_MAX);
    assert!(
        bug.contains("Note over S1: commits entries 1 to 2, counting replicas of an older term"),
        "{bug}"
    );
    assert!(
        bug.contains("Note over S5: VIOLATION of Leader Completeness."),
        "{bug}"
    );
}

#[test]
fn the_window_is_respected() {
    let whole = export("leader-election", Window::WHOLE, LINES_MAX);
    // Long after the election: no vote, the leader named as such where the window starts.
    let late = export("leader-election", ms(2000, 3000), LINES_MAX);
    assert!(
        !late.contains("RequestVote") && !late.contains("Vote "),
        "{late}"
    );
    assert!(late.contains("participant S2 as S2 (leader)"), "{late}");
    assert!(late.contains("AppendEntries term 1"), "{late}");
    assert_ne!(late, whole);
    // Before anything happens.
    let quiet = export("leader-election", ms(0, 1), LINES_MAX);
    assert_eq!(
        body(&quiet),
        ["    Note over S1,S5: nothing happened in this window"]
    );
    // A window past the end ends with the run; one ending there is the whole run.
    assert_eq!(
        export("leader-election", ms(0, 1_000_000), LINES_MAX),
        whole
    );
    // The same window as --from/--to of the CLI, told the same from any starting point: a
    // timeline with checkpoints (the page) replays from a later one than time 0.
    let mut scenario = presets::find("leader-election").unwrap().scenario;
    scenario.run_until_ms = 40_000;
    let mut page = Simulation::new(scenario.clone()).unwrap();
    page.run_to_end();
    let mut cli = Simulation::forward_only(scenario).unwrap();
    cli.run_to_end();
    let window = ms(30_000, 31_000);
    assert_eq!(
        page.mermaid(window, LINES_MAX),
        cli.mermaid(window, LINES_MAX)
    );
    // The page's reports module simulates the scenario afresh: the same story.
    assert_eq!(
        Simulation::mermaid_of(
            presets::find("leader-election").unwrap().scenario,
            ms(2000, 3000),
            LINES_MAX
        )
        .unwrap(),
        late
    );
    // The present bounds the window: after seeking back, the export stops there.
    page.seek(2_500_000);
    let seen = page.mermaid(ms(2000, 40_000), LINES_MAX);
    assert_eq!(seen, cli.mermaid(ms(2000, 2500), LINES_MAX));
}

#[test]
fn the_last_election_window_holds_that_election_only() {
    let sim = run("figure-8");
    let window = sim.last_election().expect("an election");
    let text = sim.mermaid(window, LINES_MAX);
    // It opens when the leader before it crashed, and closes once the winner's first round
    // is answered.
    assert_eq!(body(&text)[0], "    Note over S1: crash S1", "{text}");
    assert!(text.contains("participant S1 as S1 (leader)"), "{text}");
    assert!(
        text.contains("Note over S5: becomes leader (term 5)"),
        "{text}"
    );
    assert!(!text.contains("becomes leader (term 4)"), "{text}");
    assert!(
        text.contains("-->>S5: Refused at index 2 (log mismatch)"),
        "{text}"
    );
    assert!(!text.contains("heartbeat round"), "{text}");

    // With no leader before it, from the first vote request.
    let sim = run("split-vote");
    let text = sim.mermaid(sim.last_election().unwrap(), LINES_MAX);
    let lines = body(&text);
    let first = lines.iter().position(|l| l.contains("RequestVote term 1"));
    assert!(
        lines[..first.unwrap()]
            .iter()
            .all(|l| l.contains("Note over")),
        "{text}"
    );
    assert!(text.contains("becomes leader (term 2)"), "{text}");

    // A leader unseated by a reply: the reply is in the window.
    let sim = run("rejoin-disrupts");
    let text = sim.mermaid(sim.last_election().unwrap(), LINES_MAX);
    assert!(
        body(&text)[0].contains("Refused (stale term, mine is "),
        "{text}"
    );

    // Nobody elected, no window.
    let mut scenario = presets::find("leader-election").unwrap().scenario;
    scenario.run_until_ms = 1;
    let mut sim = Simulation::forward_only(scenario).unwrap();
    sim.run_to_end();
    assert_eq!(sim.last_election(), None);
}

#[test]
fn the_output_is_bounded_and_says_what_it_left_out() {
    let whole = export("leader-election", Window::WHOLE, LINES_MAX);
    let short = export("leader-election", Window::WHOLE, 20);
    let kept = body(&short);
    assert_eq!(kept.len(), 21, "{short}");
    let omitted = kept[0];
    assert!(
        omitted.starts_with("    Note over S1,S5: … ")
            && omitted.contains(" earlier messages")
            && omitted.ends_with(" omitted"),
        "{omitted}"
    );
    // The kept lines are the whole export's last 20, and the participants carry the roles
    // at the first of them.
    assert_eq!(kept[1..], body(&whole)[body(&whole).len() - 20..]);
    assert!(short.contains("participant S2 as S2 (leader)"), "{short}");
    // The count is right: at least the arrows left out (folds stand for more), at most every
    // message the run delivered or lost.
    let arrows = |lines: &[&str]| lines.iter().filter(|l| !l.contains("Note over")).count();
    let whole_body = body(&whole);
    let left_out = arrows(&whole_body[..whole_body.len() - 20]);
    let said: usize = omitted
        .split("… ")
        .nth(1)
        .and_then(|t| t.split(' ').next()?.parse().ok())
        .unwrap();
    let mut sim =
        Simulation::forward_only(presets::find("leader-election").unwrap().scenario).unwrap();
    sim.keep_full_trace();
    sim.run_to_end();
    let messages = sim
        .full_trace()
        .iter()
        .filter(|line| line.contains(" received #") || line.contains(" was dropped: "))
        .count();
    assert!(
        left_out <= said && said <= messages,
        "{left_out} ≤ {said} ≤ {messages}"
    );
}

/// Every line of every preset's export is one Mermaid statement, none too long, with none of
/// the characters Mermaid reads as syntax in its text, and the whole under Mermaid's default
/// `maxTextSize` (50,000 characters).
#[test]
fn every_presets_export_is_clean_mermaid_text() {
    for preset in presets::all() {
        let mut sim = Simulation::forward_only(preset.scenario).unwrap();
        sim.run_to_end();
        let mut windows = vec![Window::WHOLE];
        windows.extend(sim.last_election());
        for window in windows {
            let text = sim.mermaid(window, LINES_MAX);
            let name = &preset.name;
            assert!(text.len() < 50_000, "{name}: {} characters", text.len());
            assert!(text.lines().count() <= LINES_MAX + 10, "{name}");
            for line in text.lines().skip(1) {
                let statement = line
                    .strip_prefix("    ")
                    .unwrap_or_else(|| panic!("{line:?}"));
                let (head, words) = statement.split_once(": ").unwrap_or((statement, ""));
                assert!(
                    head.starts_with("participant S") && words.is_empty()
                        || head.starts_with("Note over S")
                        || ["->>", "-->>", "-x", "--x"]
                            .iter()
                            .any(|arrow| head.contains(arrow) && head.starts_with('S')),
                    "{name}: {line:?}"
                );
                assert!(
                    !statement.contains([';', '#', '<', '>']) || head.contains(">>"),
                    "{name}: {line:?}"
                );
                assert!(!words.contains([';', '#', '<', '>']), "{name}: {line:?}");
                assert!(
                    words.chars().count() <= TEXT_CHARS_MAX + 1,
                    "{name}: {line:?}"
                );
            }
        }
    }
}
