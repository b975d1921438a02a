//! Build helper, run as `cargo run -p xtask -- <command>`.
//!
//! It links `wasm-bindgen-cli` as a library, pinned with `=` to the exact version of the
//! `wasm-bindgen` crate, so that the JS glue generator and the in-browser test runner always
//! match the bindings (a mismatch is a "schema version" error) and nobody installs a global
//! binary. wasm-pack is not used: its npm package downloads a binary at install time.
//!
//! Commands:
//! - `bindgen ARGS…`: the `wasm-bindgen` command line (JS glue for a `.wasm`).
//! - `test-runner ARGS…`: `wasm-bindgen-test-runner`; `.cargo/config.toml` makes it the runner
//!   for `cargo test --target wasm32-unknown-unknown`, which then runs in headless Chromium.

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let command = args.next().unwrap_or_default();
    // Both CLIs expect their own program name first.
    let rest = |name: &str| std::iter::once(OsString::from(name)).chain(args);
    let result = match command.to_str() {
        Some("bindgen") => wasm_bindgen_cli::wasm_bindgen::run_cli_with_args(rest("wasm-bindgen")),
        Some("test-runner") => wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(rest(
            "wasm-bindgen-test-runner",
        )),
        _ => {
            eprintln!("usage: xtask bindgen ARGS… | xtask test-runner ARGS…");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:?}");
            ExitCode::FAILURE
        }
    }
}
