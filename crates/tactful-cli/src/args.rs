//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "tactful",
    version,
    about = "A fast, local linter for client communication: defensive tone, blame, jargon and \
             missing next steps, in English, Spanish and Russian.",
    after_help = "Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 usage, \
                  configuration or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files, folders or standard input (`-`).
    Check(Box<CheckArgs>),
    /// List every rule.
    Rules(RulesArgs),
    /// Explain one rule: what it flags, why it hurts, a bad and a better example.
    Explain(ExplainArgs),
    /// Print the document model of a file (segments, language), for debugging parsers.
    Inspect(InspectArgs),
    /// Run the inline bad/good examples of rule packs (default: every rule in force).
    TestPacks(TestPacksArgs),
    /// Write a commented starter `tactful.toml` in the current folder (never overwrites).
    Init,
}

#[derive(Debug, Args)]
pub struct TestPacksArgs {
    /// Pack files to test; none: the built-in rules and every pack and plugin in force.
    #[arg(value_name = "PACK")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub rule_set: RuleSetArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// rustc/ruff-style report with the source line underlined.
    Human,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
    /// One JSON document.
    Json,
    /// One JSON object per finding per line.
    Jsonl,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML: one test suite per file, one failing test case per finding.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
    /// reviewdog's diagnostic format (rdjson).
    Rdjson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Plain,
    Markdown,
    Eml,
    Mbox,
}

impl From<InputFormat> for tactful_core::Format {
    fn from(f: InputFormat) -> Self {
        match f {
            InputFormat::Plain => tactful_core::Format::Plain,
            InputFormat::Markdown => tactful_core::Format::Markdown,
            InputFormat::Eml => tactful_core::Format::Eml,
            InputFormat::Mbox => tactful_core::Format::Mbox,
        }
    }
}

/// Options shared by every subcommand that builds the rule set.
#[derive(Debug, Clone, Args)]
pub struct RuleSetArgs {
    /// Use this config file instead of discovering `tactful.toml` files.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file (project and user).
    #[arg(long, global = true, conflicts_with = "config")]
    pub isolated: bool,
    /// Load a rule pack (TOML); repeatable.
    #[arg(long = "pack", value_name = "FILE", global = true)]
    pub packs: Vec<PathBuf>,
    /// Load a plugin library; repeatable. Naming it here is your opt-in to run its code.
    #[arg(long = "plugin", value_name = "LIB", global = true)]
    pub plugins: Vec<PathBuf>,
    /// Also load plugins that project `tactful.toml` files name (they run code).
    #[arg(long, global = true)]
    pub allow_plugins: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input. Default: the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rule_set: RuleSetArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Input format, instead of detecting it from the name and content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format_in: Option<InputFormat>,
    /// File name to report (and to pick the format and config by) for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Only these rules: codes, code prefixes or categories, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Skip these rules: codes, code prefixes or categories, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Language of every document (en, es, ru) instead of detecting it.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Also check quoted replies and signatures.
    #[arg(long)]
    pub include_quoted: bool,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Print only findings, no summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print counts per rule and per category instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// With `--format json`: also list what each document promised, by when (sentences with a
    /// time and an owner or action), for batch review.
    #[arg(long)]
    pub promises: bool,
    /// Write the report to this file; the summary line still goes to the terminal.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Check only files changed since this git revision, and report only findings on the
    /// changed lines.
    #[arg(long, visible_alias = "changed-since", value_name = "REF")]
    pub diff_base: Option<String>,
    /// Report only findings that this baseline file does not already record.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (exit code 0 unless an input fails).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rule_set: RuleSetArgs,
    /// Output format: human (a table) or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (DEF001) or name (told-you-so).
    pub rule: String,
    #[command(flatten)]
    pub rule_set: RuleSetArgs,
    /// Output format: human or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file to inspect; `-` reads standard input.
    pub path: PathBuf,
    /// Output format: human or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Input format, instead of detecting it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format_in: Option<InputFormat>,
    /// Language instead of detecting it.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Also list sentence spans.
    #[arg(long)]
    pub sentences: bool,
}
