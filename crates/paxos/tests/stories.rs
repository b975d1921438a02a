//! Story tests: each file in `tests/stories` is a script of commands with the output they must
//! produce. Rewrite them with `UPDATE_STORIES=1 cargo test -p paxos --test stories` and read
//! the diff: they are also the documentation of how this Multi-Paxos behaves.

mod support;

use std::path::Path;

#[test]
fn stories() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stories");
    let mut paths: Vec<_> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no stories in {}", directory.display());
    for path in paths {
        let mut script = support::Script::default();
        testkit::story::run_story(&path, |command| script.run(command));
    }
}
