//! The process's log: `tracing` events on stderr, as text or one JSON
//! object a line (`--log-format`). `--quiet` keeps warnings and errors only
//! (no request lines). Nothing logged carries a header value, a token, a
//! cookie or a password: call sites log names of things and fixed words.

use clap::ValueEnum;
use std::io::IsTerminal;
use tracing_subscriber::filter::LevelFilter;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// `time LEVEL span{fields}: message fields`, for people.
    #[default]
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// Installs the subscriber of the binary. A second call (or a program that
/// installed its own) leaves the first in place.
pub fn init(format: LogFormat, quiet: bool) {
    let level = if quiet {
        LevelFilter::WARN
    } else {
        LevelFilter::INFO
    };
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}
