//! `raftplay`: the simulator from the command line.
//!
//! ```text
//! raftplay run SCENARIO [--trace] [--json] [--until MS] [--keep-going]   a file, a preset or a link
//! raftplay sweep --protocol raft|paxos --seeds N [--start S] [--bug NAME] [--random K]
//! raftplay mermaid SCENARIO [--from MS] [--to MS] [--last-election] [--lines N]
//! raftplay bugs | presets | bench
//! ```

use std::process::ExitCode;

use sim::report::mermaid::{self, Window};
use sim::scenario::{link, presets};
use sim::{sweep, ProtocolKind, Scenario, Simulation};

/// Counts live heap bytes, so `raftplay bench` can report memory without platform tools.
mod heap {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct Counting;
    static LIVE: AtomicUsize = AtomicUsize::new(0);

    // SAFETY: every method forwards its arguments unchanged to `System`, which upholds
    // `GlobalAlloc`'s contract; the counter is only an atomic add or subtract beside it and
    // never touches the memory.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
            System.alloc(layout)
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            System.dealloc(ptr, layout)
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            System.realloc(ptr, layout, new_size)
        }
    }

    pub fn live_bytes() -> usize {
        LIVE.load(Ordering::Relaxed)
    }
}

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("sweep") => sweep_command(&args[1..]),
        Some("mermaid") => mermaid(&args[1..]),
        Some("detect") => detect(&args[1..]),
        Some("fixtures") => match option(&args[1..], "--format").unwrap_or("1") {
            "1" => {
                println!("{}", fixtures(link::encode));
                Ok(ExitCode::SUCCESS)
            }
            "2" => {
                println!("{}", fixtures(link::encode_compact));
                Ok(ExitCode::SUCCESS)
            }
            other => Err(format!("--format must be 1 or 2, not {other:?}")),
        },
        Some("bugs") => {
            for bug in sim::scenario::bugs::all() {
                println!("{}\t{}: {}", bug.name, bug.protocol, bug.breaks);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some("presets") => {
            for preset in presets::all() {
                println!("{}\t{}", preset.name, preset.caption);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some("bench") => bench(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("raftplay: {message}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str = "usage:
  raftplay run SCENARIO [--trace] [--json] [--until MS] [--protocol raft|paxos] [--keep-going]
      (SCENARIO: a file, a preset name or a link; --keep-going: run on after a violation,
      as the page does, instead of stopping at the first)
  raftplay sweep --protocol raft|paxos --seeds N [--start S] [--bug NAME] [--random K] [--show]
  raftplay mermaid SCENARIO [--from MS] [--to MS] [--last-election] [--lines N]
      (a sequence diagram of the whole run, of its part between --from and --to, or of its
      last election; heartbeats folded, at most N lines, 300 by default)
  raftplay detect --seeds N      (every bug switch must be caught within N seeds)
  raftplay fixtures [--format 1|2] (golden links of that link format and their trace hashes, as JSON)
  raftplay bench [--scenario SCENARIO]
  raftplay bugs | presets";

/// `--name VALUE` from the arguments.
fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn number(args: &[String], name: &str) -> Result<Option<u64>, String> {
    option(args, name)
        .map(|v| {
            v.parse::<u64>()
                .map_err(|_| format!("{name} takes a whole number, not {v:?}"))
        })
        .transpose()
}

/// A scenario from a preset name, a link (anything with `#` or starting `s=`), or a file.
fn load(spec: &str) -> Result<Scenario, String> {
    if let Some(preset) = presets::find(spec) {
        return Ok(preset.scenario);
    }
    if spec.contains('#') || spec.starts_with("s=") {
        return link::decode(spec).map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(spec).map_err(|e| {
        format!(
            "{spec:?} is neither a preset (`raftplay presets`), a link, nor a readable file: {e}"
        )
    })?;
    Scenario::from_json(&text).map_err(|e| format!("{spec}: {e}"))
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let spec = args.first().ok_or(USAGE)?;
    let mut scenario = load(spec)?;
    // The other pane of a comparison: the same scenario under the other protocol.
    match option(args, "--protocol") {
        Some("raft") => scenario.protocol = ProtocolKind::Raft,
        Some("paxos") => scenario.protocol = ProtocolKind::Paxos,
        Some(other) => return Err(format!("--protocol is raft or paxos, not {other:?}")),
        None => {}
    }
    let until_ms = number(args, "--until")?.unwrap_or(scenario.run_until_ms);
    let mut sim = Simulation::forward_only(scenario).map_err(|e| e.to_string())?;
    if args.iter().any(|a| a == "--keep-going") {
        sim.keep_going();
    }
    let trace = args.iter().any(|a| a == "--trace");
    if trace {
        sim.keep_full_trace();
    }
    sim.run_until(until_ms * 1000);
    let summary = sim::report::summary::summary(&sim);
    if args.iter().any(|a| a == "--json") {
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        );
    } else {
        if trace {
            for line in sim.full_trace() {
                println!("{line}");
            }
            println!();
        }
        print!("{}", sim::report::summary::text(&summary));
    }
    Ok(if summary.violation.is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `raftplay bench`: the standard figures; `--scenario FILE`: events per second of one
/// scenario (what `npm run bench` compares with the same scenario in WASM).
fn bench(args: &[String]) -> Result<ExitCode, String> {
    match option(args, "--scenario") {
        None => sim::tools::bench::run_all(&heap::live_bytes),
        Some(spec) => {
            let (steps, seconds) = sim::tools::bench::time_scenario(load(spec)?)?;
            println!(
                "native: {:.0} simulated events/s ({steps} events in {seconds:.3} s)",
                steps as f64 / seconds
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn sweep_command(args: &[String]) -> Result<ExitCode, String> {
    let bug = option(args, "--bug");
    let bug_protocol = match bug {
        Some(name) => Some(
            sim::scenario::bugs::find(name)
                .ok_or(format!(
                    "no bug switch is called {name:?} (see `raftplay bugs`)"
                ))?
                .protocol,
        ),
        None => None,
    };
    let protocol = match (option(args, "--protocol"), bug_protocol) {
        (Some("raft"), _) => ProtocolKind::Raft,
        (Some("paxos"), _) => ProtocolKind::Paxos,
        (None, Some(protocol)) => protocol,
        (Some(other), _) => return Err(format!("--protocol is raft or paxos, not {other:?}")),
        (None, None) => return Err("sweep needs --protocol raft|paxos (or --bug NAME)".into()),
    };
    if bug_protocol.is_some_and(|p| p != protocol) {
        return Err(format!(
            "bug {:?} belongs to the other protocol",
            bug.unwrap_or("")
        ));
    }
    let seeds = number(args, "--seeds")?.unwrap_or(100);
    let start = number(args, "--start")?.unwrap_or(1);
    let mut list: Vec<u64> = (start..start + seeds).collect();
    if let Some(random) = number(args, "--random")? {
        let fresh = fresh_seeds(random);
        println!("fresh random seeds: {fresh:?}");
        list.extend(fresh);
    }
    if args.iter().any(|a| a == "--show") {
        for seed in &list {
            let scenario = sweep::random_scenario(protocol, *seed, bug);
            println!(
                "seed {seed}: raftplay run '#{}'",
                link::encode_compact(&scenario)
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let started = std::time::Instant::now();
    let report = sweep::sweep(protocol, list, bug, bug.is_some());
    let elapsed = started.elapsed();
    println!(
        "{} {protocol} seeds ({} simulated events) in {:.1} s{}: {} failed",
        report.seeds_run,
        report.steps,
        elapsed.as_secs_f64(),
        bug.map(|b| format!(" with bug {b}")).unwrap_or_default(),
        report.failures.len()
    );
    for failure in report.failures.iter().take(5) {
        println!(
            "seed {}: {} — {}\nreplay: raftplay run '#{}'",
            failure.seed,
            failure.invariant,
            failure.explanation,
            link::encode_compact(&failure.scenario)
        );
    }
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The checker-power table: for each bug switch, the first seed whose sweep run catches it.
fn detect(args: &[String]) -> Result<ExitCode, String> {
    let seeds = number(args, "--seeds")?.unwrap_or(500);
    println!(
        "{:<28} {:<12} {:>6}  caught by",
        "bug switch", "protocol", "seed"
    );
    let mut missed = 0;
    for bug in sim::scenario::bugs::all() {
        let report = sweep::sweep(bug.protocol, 1..=seeds, Some(bug.name), true);
        match report.failures.first() {
            Some(failure) => println!(
                "{:<28} {:<12} {:>6}  {}",
                bug.name,
                bug.protocol.name(),
                failure.seed,
                failure.invariant
            ),
            None => {
                missed += 1;
                println!(
                    "{:<28} {:<12} {:>6}  NOT CAUGHT in {seeds} seeds",
                    bug.name,
                    bug.protocol.name(),
                    "-"
                );
            }
        }
    }
    Ok(if missed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn mermaid(args: &[String]) -> Result<ExitCode, String> {
    let spec = args.first().ok_or(USAGE)?;
    let scenario = load(spec)?;
    let lines = number(args, "--lines")?.map_or(mermaid::LINES_MAX, |n| n as usize);
    let from = number(args, "--from")?;
    let to = number(args, "--to")?;
    let last_election = args.iter().any(|a| a == "--last-election");
    let mut sim = Simulation::forward_only(scenario).map_err(|e| e.to_string())?;
    sim.run_to_end();
    let window = if last_election {
        if from.is_some() || to.is_some() {
            return Err("--last-election chooses its own window: leave out --from and --to".into());
        }
        sim.last_election()
            .ok_or("nobody was elected in this run: there is no last election to show")?
    } else {
        let window = Window {
            from: from.map_or(0, |ms| ms.saturating_mul(1000)),
            to: to.map_or(Window::WHOLE.to, |ms| ms.saturating_mul(1000)),
        };
        if window.from > window.to {
            return Err("--from must not be after --to".into());
        }
        window
    };
    print!("{}", sim.mermaid(window, lines));
    Ok(ExitCode::SUCCESS)
}

/// Seeds nobody chose, printed so that any failure can be replayed. The operating system's
/// randomness reaches them through std's hasher keys; the simulation itself never sees it.
fn fresh_seeds(count: u64) -> Vec<u64> {
    use std::hash::{BuildHasher, Hasher};
    (0..count)
        .map(|i| {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(i);
            hasher.finish() >> 11
        })
        .collect()
}

/// Golden fixtures: links (every preset, and sweep seeds of both protocols) made by `encode`,
/// with the trace hash each must replay to. Committed as `fixtures/links-v1.json` (plain) and
/// `fixtures/links-v2.json` (compressed); natively, in Node and in the browser the same links
/// must give the same hashes, today and after every later change.
fn fixtures(encode: fn(&Scenario) -> String) -> String {
    let mut scenarios: Vec<(String, Scenario)> = presets::all()
        .into_iter()
        .map(|p| (format!("preset {}", p.name), p.scenario))
        .collect();
    for protocol in [ProtocolKind::Raft, ProtocolKind::Paxos] {
        for seed in [1, 2, 3] {
            scenarios.push((
                format!("sweep {} seed {seed}", protocol.name()),
                sweep::random_scenario(protocol, seed, None),
            ));
        }
    }
    let entries: Vec<serde_json::Value> = scenarios
        .into_iter()
        .filter_map(|(name, scenario)| {
            let link = encode(&scenario);
            let until_ms = scenario.run_until_ms;
            // As the page replays a link: on after a violation.
            let mut sim = Simulation::forward_only(scenario).ok()?;
            sim.keep_going();
            sim.run_until(until_ms * 1000);
            Some(serde_json::json!({
                "name": name,
                "link": link,
                "until_ms": until_ms,
                "trace_hash": sim::report::trace::hash_text(sim.trace_hash()),
            }))
        })
        .collect();
    let file = serde_json::json!({
        "hash_version": sim::report::trace_hash::TRACE_HASH_VERSION,
        "about": FIXTURES_ABOUT,
        "fixtures": entries,
    });
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// The header of a fixture file: what its hashes are, and the rule for changing them.
const FIXTURES_ABOUT: &str = "Golden links and the trace hash each must replay to, natively, in \
    Node and in every browser, forever. hash_version is the trace hash's encoding \
    (sim::report::trace_hash): version 1 hashed event texts; version 2 (2026-12-03) hashes every \
    event's typed fields and never its wording, and these hashes were recomputed once for it, \
    the links unchanged. A link replays as the page runs it, on after a violation; until \
    2027-01 a run stopped at its first violation, and the one golden run that breaks an \
    invariant, preset figure-8-bug, then had the hash 297d8f30dda81f7f (what stopping there \
    still gives). Never regenerate this file to make a test pass: a changed hash is a changed \
    run, and fails CI.";
