//! Story tests: each file in `tests/stories/` is a script of commands and the output they
//! must produce, readable as a description of one behaviour. Rewrite them with
//! `UPDATE_STORIES=1 cargo test -p raft --test stories` and review the diff.
//!
//! Commands:
//! - `cluster N [pre-vote] [check-quorum] [no-noop] [no-fast-backtrack] [bug=NAME]
//!   [timeout=MIN-MAX] [heartbeat=TICKS] [max-entries=N]`
//! - `tick ID|all [TIMES]`, `campaign ID`, `propose ID COMMAND`, `transfer ID TO`
//! - `deliver [from ID] [to ID]` (messages in flight now), `drop [from ID] [to ID]`,
//!   `stabilize` (deliver until nothing is in flight)
//! - `partition 1 2 | 3`, `heal`, `crash ID`, `restart ID`, `status`

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use common::NodeId;
use raft::{Bug, Config, Envelope};
use support::{Cluster, Cmd};
use testkit::COMPACT_TIMERS;

fn id(word: Option<&str>) -> Result<NodeId, String> {
    let word = word.ok_or("missing node id")?;
    word.parse().map_err(|_| format!("bad node id {word:?}"))
}

fn count(word: Option<&str>) -> Result<u64, String> {
    word.map_or(Ok(1), |w| w.parse().map_err(|_| format!("bad count {w:?}")))
}

fn new_cluster(args: &[&str]) -> Result<Cluster, String> {
    let size: u8 = args
        .first()
        .and_then(|s| s.parse().ok())
        .ok_or("cluster needs a size")?;
    // Settings go on a template; each node's config copies them. The stories are written for
    // the compact timers (a heartbeat is `tick 1 3`), unless a `timeout=` or `heartbeat=`
    // option says otherwise.
    let mut template = Config::with_timers(1, vec![1], COMPACT_TIMERS);
    for arg in &args[1..] {
        match arg.split_once('=') {
            None if *arg == "pre-vote" => template.options.pre_vote = true,
            None if *arg == "check-quorum" => template.options.check_quorum = true,
            None if *arg == "no-noop" => template.options.noop_on_election = false,
            None if *arg == "no-fast-backtrack" => template.options.fast_backtrack = false,
            Some(("bug", name)) => {
                template
                    .bugs
                    .insert(Bug::from_name(name).ok_or(format!("no bug {name:?}"))?);
            }
            Some(("timeout", range)) => {
                let (min, max) = range.split_once('-').ok_or("timeout=MIN-MAX")?;
                template.election_timeout_ticks_min = min.parse().map_err(|_| "bad min")?;
                template.election_timeout_ticks_max = max.parse().map_err(|_| "bad max")?;
            }
            Some(("heartbeat", ticks)) => {
                template.heartbeat_interval_ticks = ticks.parse().map_err(|_| "bad heartbeat")?;
            }
            Some(("max-entries", n)) => {
                template.max_entries_per_append = n.parse().map_err(|_| "bad max-entries")?;
            }
            _ => return Err(format!("unknown cluster option {arg:?}")),
        }
    }
    Ok(Cluster::new(size, |config| {
        *config = Config {
            id: config.id,
            members: config.members.clone(),
            seed: config.seed,
            ..template.clone()
        };
    }))
}

/// `[from ID] [to ID]` → a message filter.
fn selector(args: &[&str]) -> Result<impl Fn(&Envelope<Cmd>) -> bool, String> {
    let (mut from, mut to) = (None, None);
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match *word {
            "from" => from = Some(id(words.next().copied())?),
            "to" => to = Some(id(words.next().copied())?),
            other => return Err(format!("expected 'from ID' or 'to ID', got {other:?}")),
        }
    }
    Ok(move |e: &Envelope<Cmd>| from.is_none_or(|f| e.from == f) && to.is_none_or(|t| e.to == t))
}

fn run(cluster: &mut Option<Cluster>, line: &str) -> Result<String, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (command, args) = words.split_first().ok_or("empty command")?;
    if *command == "cluster" {
        let new = new_cluster(args)?;
        let lines: Vec<String> = new.nodes.keys().map(|&id| new.status_line(id)).collect();
        *cluster = Some(new);
        return Ok(lines.join("\n"));
    }
    let cluster = cluster.as_mut().ok_or("no cluster yet")?;
    let mut lines = match *command {
        "tick" => {
            let times = count(args.get(1).copied())?;
            if args.first() == Some(&"all") {
                cluster.tick_all(times)
            } else {
                cluster.tick(id(args.first().copied())?, times)
            }
        }
        "campaign" => cluster.campaign(id(args.first().copied())?),
        "propose" => {
            let command = args.get(1).ok_or("propose ID COMMAND")?;
            cluster.propose(id(args.first().copied())?, command)?
        }
        "transfer" => cluster.transfer(id(args.first().copied())?, id(args.get(1).copied())?)?,
        "deliver" => cluster.deliver_where(selector(args)?),
        "drop" => {
            let dropped = cluster.drop_where(selector(args)?);
            vec![format!("dropped: {dropped}")]
        }
        "stabilize" => cluster.stabilize(),
        "partition" => {
            let groups: Vec<BTreeSet<NodeId>> = args
                .split(|w| *w == "|")
                .map(|group| group.iter().map(|w| id(Some(w))).collect())
                .collect::<Result<_, _>>()?;
            cluster.partition(groups);
            Vec::new()
        }
        "heal" => {
            cluster.heal();
            Vec::new()
        }
        "crash" => {
            cluster.crash(id(args.first().copied())?);
            Vec::new()
        }
        "restart" => {
            let node = id(args.first().copied())?;
            cluster.restart(node);
            vec![cluster.status_line(node)]
        }
        "status" => cluster
            .configs
            .keys()
            .map(|&id| cluster.status_line(id))
            .collect(),
        other => return Err(format!("unknown command {other:?}")),
    };
    lines.extend(
        cluster
            .violations
            .drain(..)
            .map(|v| format!("VIOLATION: {v}")),
    );
    Ok(lines.join("\n"))
}

#[test]
fn stories() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stories");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("stories directory")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no stories in {}", dir.display());
    for path in paths {
        let mut cluster = None;
        testkit::story::run_story(&path, |command| run(&mut cluster, command));
    }
}
