//! Where in the config file something went wrong: the file, the line and
//! the key (`credentials.prod.sk_env`, `scope[2].region`), never a value.

use std::fmt;
use std::io;

/// A line of the config file and the key written on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub key: String,
}

impl Place {
    pub fn new(line: usize, key: impl Into<String>) -> Self {
        Place {
            line,
            key: key.into(),
        }
    }
}

/// A config file error: `FILE:LINE: KEY: what is wrong`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl ConfigError {
    pub fn at(file: &str, place: &Place, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_owned(),
            line: Some(place.line),
            key: Some(place.key.clone()),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl From<ConfigError> for io::Error {
    fn from(e: ConfigError) -> Self {
        io::Error::new(io::ErrorKind::InvalidInput, e.to_string())
    }
}

/// The 1-based line of byte `offset` of `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// A table header line (`[credentials.prod]`, `[[scope]]`) without brackets,
/// and whether it is an array of tables.
fn header_of(line: &str) -> Option<(&str, bool)> {
    let line = line.split('#').next().unwrap_or("").trim();
    if let Some(inner) = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")) {
        return Some((inner.trim(), true));
    }
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    Some((inner.trim(), false))
}

/// Whether `key` can be shown: a bare or dotted TOML key, nothing that
/// could be a value.
fn plain_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 100
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// The key of the line holding byte `offset`, with its table:
/// `credentials.prod.sk_env`, `scope[2].region`, `watcher`.
pub fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    if let Some((header, _)) = header_of(line) {
        return plain_key(header).then(|| header.to_owned());
    }
    let own = line
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| plain_key(k));
    // The table the line belongs to: the nearest header above it, with the
    // number of an array-of-tables entry.
    let above = &text[..start];
    let table = above.lines().rev().find_map(header_of).map(|(name, array)| {
        if array {
            let count = above
                .lines()
                .filter(|l| header_of(l).is_some_and(|(n, a)| a && n == name))
                .count();
            format!("{name}[{count}]")
        } else {
            name.to_owned()
        }
    });
    match (table.filter(|t| plain_key(&t.replace(['[', ']'], ""))), own) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (Some(t), None) => Some(t),
        (None, Some(k)) => Some(k.to_owned()),
        (None, None) => None,
    }
}

/// A TOML or serde message without the value it may quote: "invalid type:
/// string \"…\", expected u64" becomes "wrong type, expected u64".
pub fn scrub_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or("").trim();
    for lead in ["invalid type", "invalid value", "invalid length"] {
        if first.starts_with(lead) {
            return match first.rsplit_once(", expected ") {
                Some((_, expected)) => format!("{lead}, expected {expected}"),
                None => lead.to_owned(),
            };
        }
    }
    // Parser messages ("unclosed table, expected `]`", "unknown field `x`,
    // expected one of …") name syntax and keys between backticks; a quote
    // outside them may open a value, so such a message is not let through.
    let mut in_backticks = false;
    for c in message.chars() {
        match c {
            '`' => in_backticks = !in_backticks,
            '"' | '\'' if !in_backticks => return "not valid TOML here".to_owned(),
            _ => {}
        }
    }
    message.trim().replace('\n', "; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[watcher]\nperiod_secs = 5\n\n[credentials.prod]\nkind = \"aksk\"\n\n[[scope]]\nname = \"a\"\n[[scope]]\nname = \"b\"\nregion = 3\n";

    #[test]
    fn lines_and_keys() {
        let at = |needle: &str| TEXT.find(needle).unwrap();
        assert_eq!(line_of(TEXT, 0), 1);
        assert_eq!(line_of(TEXT, at("period_secs")), 2);
        assert_eq!(key_at(TEXT, at("5")).as_deref(), Some("watcher.period_secs"));
        assert_eq!(key_at(TEXT, at("prod")).as_deref(), Some("credentials.prod"));
        assert_eq!(
            key_at(TEXT, at("\"aksk\"")).as_deref(),
            Some("credentials.prod.kind")
        );
        assert_eq!(key_at(TEXT, at("\"a\"")).as_deref(), Some("scope[1].name"));
        assert_eq!(key_at(TEXT, at("3")).as_deref(), Some("scope[2].region"));
        assert_eq!(line_of(TEXT, at("3")), 11);
        assert_eq!(key_at("x = 1", 4).as_deref(), Some("x"));
        // Something that is no key is not shown.
        assert_eq!(key_at("\"s3cr et\" = 1", 3), None);
    }

    #[test]
    fn messages_lose_their_values() {
        assert_eq!(
            scrub_message("invalid type: string \"hunter2\", expected u64"),
            "invalid type, expected u64"
        );
        assert_eq!(
            scrub_message("invalid value: integer `-4`, expected u32"),
            "invalid value, expected u32"
        );
        assert_eq!(
            scrub_message("unknown field `password`, expected one of `kind`, `iam`"),
            "unknown field `password`, expected one of `kind`, `iam`"
        );
        assert_eq!(scrub_message("invalid string \"abc"), "not valid TOML here");
        assert_eq!(
            scrub_message("invalid basic string, expected `\"`"),
            "invalid basic string, expected `\"`"
        );
    }

    #[test]
    fn display() {
        let e = ConfigError::at(
            "/etc/sdrs.toml",
            &Place::new(7, "scope[1].region"),
            "no such region",
        );
        assert_eq!(e.to_string(), "/etc/sdrs.toml:7: scope[1].region: no such region");
        let io: io::Error = e.into();
        assert_eq!(io.kind(), io::ErrorKind::InvalidInput);
    }
}
