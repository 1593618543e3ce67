//! What an error code means for the failed task and what to do next: every
//! code of the SDRS code table (`data/sdrs-error-codes.tsv`) and the common
//! codes of the services SDRS calls (EVS, ECS, VPC, IMS, CBR, IAM, API
//! Gateway), in the console's own words.
//!
//! The texts are data, one file per language (`web/codes/en.json`,
//! `web/codes/zh.json`), fetched the first time a drawer or an error needs
//! one (`panel/codes/catalogs.rs`), so they stay out of the start-up wasm.
//! This module parses a catalog and looks codes up; the few texts needed
//! when no catalog is at hand (loading, failed, not in the table) are in
//! the typed catalog ([`crate::i18n`]).

use crate::view_model::format::code_service;
use serde_json::Value;

/// One explained code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub meaning: String,
    pub action: String,
}

struct Service {
    name: String,
    check: String,
}

/// A parsed catalog of one language. Lookups ignore case (`Ecs.0114` is
/// `ECS.0114`) and surrounding spaces.
///
/// The file is read through `serde_json::Value` and kept in plain vectors
/// searched in order (a few hundred entries, one lookup per explanation):
/// the console already carries that parser, so the catalog adds almost no
/// code to the wasm, where typed decoding and hash maps would.
pub struct CodeCatalog {
    areas: Vec<String>,
    /// Upper-cased SDRS code, area index, entry.
    sdrs: Vec<(String, usize, Entry)>,
    services: Vec<Service>,
    /// Upper-cased code prefix, service index.
    prefixes: Vec<(String, usize)>,
    /// Upper-cased code of another service, service index, entry.
    service_codes: Vec<(String, usize, Entry)>,
    /// `400`, `401`, `403`, `404`, `429`, `5xx`.
    http: Vec<(String, Entry)>,
}

/// What the console can say about a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Explanation<'a> {
    /// A code of the SDRS table, with the area of the table it is in.
    Sdrs { area: &'a str, entry: &'a Entry },
    /// A code the console has no entry for: an `SDRS.` code missing from
    /// the table, or a code of no recognisable service.
    Unlisted,
    /// A code of another service the console knows. `entry` when the code
    /// itself is in the service's short table; `check` says what to look at
    /// in that service otherwise.
    Service {
        name: &'a str,
        check: &'a str,
        entry: Option<&'a Entry>,
    },
    /// A code with a service prefix the console has no table for.
    UnknownService { prefix: &'a str },
    /// No usable code: what the HTTP status says.
    Http { entry: &'a Entry },
    /// Nothing to explain (no code, no error status).
    Nothing,
}

impl CodeCatalog {
    /// Parses a catalog file (`web/codes/*.json`); `None` when it is not
    /// one.
    pub fn from_json(text: &str) -> Option<Self> {
        let root: Value = serde_json::from_str(text).ok()?;
        let mut catalog = CodeCatalog {
            areas: Vec::new(),
            sdrs: Vec::new(),
            services: Vec::new(),
            prefixes: Vec::new(),
            service_codes: Vec::new(),
            http: Vec::new(),
        };
        for area in root.get("sdrs")?.as_array()? {
            let index = catalog.areas.len();
            catalog.areas.push(area.get("area")?.as_str()?.to_owned());
            for (code, pair) in area.get("codes")?.as_object()? {
                catalog.sdrs.push((normalize(code), index, entry(pair)?));
            }
        }
        for service in root.get("services")?.as_array()? {
            let index = catalog.services.len();
            for prefix in service.get("prefixes")?.as_array()? {
                catalog.prefixes.push((normalize(prefix.as_str()?), index));
            }
            for (code, pair) in service.get("codes")?.as_object()? {
                catalog.service_codes.push((normalize(code), index, entry(pair)?));
            }
            catalog.services.push(Service {
                name: service.get("name")?.as_str()?.to_owned(),
                check: service.get("check")?.as_str()?.to_owned(),
            });
        }
        for (status, pair) in root.get("http")?.as_object()? {
            catalog.http.push((status.clone(), entry(pair)?));
        }
        Some(catalog)
    }

    /// The SDRS codes of the catalog, upper-cased.
    pub fn sdrs_codes(&self) -> impl Iterator<Item = &str> {
        self.sdrs.iter().map(|(c, _, _)| c.as_str())
    }

    /// The entry of an SDRS code, if the table has it.
    pub fn sdrs_entry(&self, code: &str) -> Option<&Entry> {
        let code = normalize(code);
        self.sdrs.iter().find(|(c, _, _)| *c == code).map(|(_, _, e)| e)
    }

    /// Every entry of the catalog with its code (SDRS, other services and
    /// HTTP statuses), for checks over the whole file.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        let sdrs = self.sdrs.iter().map(|(c, _, e)| (c.as_str(), e));
        let services = self.service_codes.iter().map(|(c, _, e)| (c.as_str(), e));
        let http = self.http.iter().map(|(c, e)| (c.as_str(), e));
        sdrs.chain(services).chain(http)
    }

    /// The explanation of `code` (of a failed job or an API error), with the
    /// HTTP status when there is one.
    pub fn explain<'a>(&'a self, code: &'a str, http_status: Option<u16>) -> Explanation<'a> {
        let code = code.trim();
        let upper = normalize(code);
        if upper.starts_with("SDRS.") {
            return match self.sdrs.iter().find(|(c, _, _)| *c == upper) {
                Some((_, area, entry)) => Explanation::Sdrs {
                    area: &self.areas[*area],
                    entry,
                },
                None => Explanation::Unlisted,
            };
        }
        if let Some((_, service, entry)) = self.service_codes.iter().find(|(c, _, _)| *c == upper) {
            let s = &self.services[*service];
            return Explanation::Service {
                name: &s.name,
                check: &s.check,
                entry: Some(entry),
            };
        }
        if let Some(prefix) = code_service(code) {
            let prefix_upper = normalize(prefix);
            return match self.prefixes.iter().find(|(p, _)| *p == prefix_upper) {
                Some((_, service)) => {
                    let s = &self.services[*service];
                    Explanation::Service {
                        name: &s.name,
                        check: &s.check,
                        entry: None,
                    }
                }
                None => Explanation::UnknownService { prefix },
            };
        }
        // A bare number is the HTTP status repeated by the error parser.
        if !code.is_empty() && !code.bytes().all(|b| b.is_ascii_digit()) {
            return Explanation::Unlisted;
        }
        let status_key = match http_status {
            Some(s) if s >= 500 => Some("5xx".to_owned()),
            Some(s) if s >= 400 => Some(s.to_string()),
            _ => None,
        };
        match status_key.and_then(|k| self.http.iter().find(|(s, _)| *s == k)) {
            Some((_, entry)) => Explanation::Http { entry },
            None => Explanation::Nothing,
        }
    }
}

/// `[meaning, action]`.
fn entry(pair: &Value) -> Option<Entry> {
    match pair.as_array()?.as_slice() {
        [meaning, action] => Some(Entry {
            meaning: meaning.as_str()?.to_owned(),
            action: action.as_str()?.to_owned(),
        }),
        _ => None,
    }
}

fn normalize(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

#[cfg(test)]
#[path = "code_catalog_tests.rs"]
mod tests;
