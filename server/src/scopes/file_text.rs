//! One config file's text as its checks read it: the TOML parsed with its
//! errors placed, where a key is (its line), an error placed there, and a
//! required text key. The scopes' and the alerts' checks add their own
//! methods to [`FileText`] (`scopes/config_check.rs`,
//! `alerts/config_check.rs`).

use super::place::{key_at, line_of, scrub_message, ConfigError, Place};
use serde::de::DeserializeOwned;
use std::path::Path;
use toml::Spanned;

pub struct FileText<'a> {
    pub text: &'a str,
    /// The file as errors name it.
    pub file: &'a str,
    /// Where relative paths in the file start.
    pub base: Option<&'a Path>,
}

/// Parses `text` of `file`; a syntax error or an unknown key is placed on
/// its line, its message without the value.
pub fn parse_toml<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        ConfigError {
            file: file.to_owned(),
            line: offset.map(|o| line_of(text, o)),
            key: offset.and_then(|o| key_at(text, o)),
            message: scrub_message(e.message()),
        }
    })
}

impl FileText<'_> {
    pub(crate) fn place<T>(&self, spanned: &Spanned<T>, key: impl Into<String>) -> Place {
        Place::new(line_of(self.text, spanned.span().start), key)
    }

    pub(crate) fn error(&self, at: &Place, message: impl Into<String>) -> ConfigError {
        ConfigError::at(self.file, at, message)
    }

    /// The text of a required key, trimmed, and where it is: an error at
    /// the key when it is empty, at `at` (its table) saying `missing` when
    /// it is not there.
    pub(crate) fn required(
        &self,
        value: &Option<Spanned<String>>,
        key: String,
        at: &Place,
        missing: String,
    ) -> Result<(String, Place), ConfigError> {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => {
                Ok((v.get_ref().trim().to_owned(), self.place(v, key)))
            }
            Some(v) => Err(self.error(&self.place(v, key), "is empty")),
            None => Err(self.error(at, missing)),
        }
    }
}
