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
//! - `presets --out PATH`: the preset gallery as the page reads it, as JSON (the page's WASM
//!   does not carry the presets; `npm run build` writes them to `www/pkg/presets.json`).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: xtask bindgen ARGS… | xtask test-runner ARGS… | xtask presets --out PATH";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let command = args.next().unwrap_or_default();
    let result = match command.to_str() {
        Some("bindgen") => {
            wasm_bindgen_cli::wasm_bindgen::run_cli_with_args(named("wasm-bindgen", args))
        }
        Some("test-runner") => wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(
            named("wasm-bindgen-test-runner", args),
        ),
        Some("presets") => return write_presets(args),
        _ => {
            eprintln!("{USAGE}");
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

/// Both CLIs expect their own program name first.
fn named(name: &str, args: impl Iterator<Item = OsString>) -> impl Iterator<Item = OsString> {
    std::iter::once(OsString::from(name)).chain(args)
}

/// `presets --out PATH`: writes `sim::scenario::presets::page_list_json()` to PATH.
fn write_presets(mut args: impl Iterator<Item = OsString>) -> ExitCode {
    let out = match (args.next(), args.next(), args.next()) {
        (Some(flag), Some(path), None) if flag == "--out" => PathBuf::from(path),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let written = match out.parent() {
        Some(dir) => std::fs::create_dir_all(dir),
        None => Ok(()),
    }
    .and_then(|()| std::fs::write(&out, sim::scenario::presets::page_list_json()));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}
