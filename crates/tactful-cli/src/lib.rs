//! The `tactful` command line.

mod args;
mod baseline;
mod check;
mod config;
mod diffbase;
mod fingerprint;
mod init;
mod inputs;
mod output;
mod rules;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

pub use config::{Config, ConfigError};
pub use rules::{ExampleFailure, builtin_engine, check_examples};

/// No findings at or above `--fail-on`.
pub const EXIT_OK: u8 = 0;
/// Findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// A usage, configuration or input error (an unreadable file, a broken config or pack, a
/// failing analyzer). It wins over findings.
pub const EXIT_ERROR: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_OK });
        }
    };
    let code = match cli.command {
        Command::Check(a) => {
            let rule_set = a.rule_set.clone();
            check::run(*a, |discovery| rules::build_engine(&rule_set, discovery))
        }
        Command::Rules(a) => rules::list(&a),
        Command::Explain(a) => rules::explain(&a),
        Command::Inspect(a) => rules::inspect(&a),
        Command::TestPacks(a) => rules::test_packs(&a),
        Command::Init => init::run(),
    };
    ExitCode::from(code)
}

/// Reports a run-stopping error and returns the exit code for it.
pub(crate) fn fail(message: &str) -> u8 {
    eprintln!("tactful: error: {message}");
    EXIT_ERROR
}
