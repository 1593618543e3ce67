//! What an error code means for the failed task and what to do next: every
//! code of the SDRS code table (`data/sdrs-error-codes.tsv`) and the common
//! codes of the services SDRS calls (EVS, ECS, VPC, IMS, CBR, IAM, API
//! Gateway), in the console's own words.
//!
//! The texts are data, one file per language (`web/codes/en.json`,
//! `web/codes/zh.json`), fetched the first time a drawer or an error needs
//! one (`code_catalog_fetch.rs`), so they stay out of the start-up wasm.
//! This module parses a catalog and looks codes up; the few texts needed
//! when no catalog is at hand (loading, failed, not in the table) are in
//! the typed catalog (`i18n.rs`).

use crate::view_model::format::code_service;
use serde::Deserialize;
use std::collections::HashMap;

/// A meaning and the next step, as the file writes them: `[meaning, action]`.
type Pair = (String, String);

#[derive(Deserialize)]
struct CatalogFile {
    sdrs: Vec<AreaFile>,
    services: Vec<ServiceFile>,
    http: HashMap<String, Pair>,
}

#[derive(Deserialize)]
struct AreaFile {
    area: String,
    codes: HashMap<String, Pair>,
}

#[derive(Deserialize)]
struct ServiceFile {
    prefixes: Vec<String>,
    name: String,
    check: String,
    codes: HashMap<String, Pair>,
}

/// One explained code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub meaning: String,
    pub action: String,
}

impl From<Pair> for Entry {
    fn from((meaning, action): Pair) -> Self {
        Entry { meaning, action }
    }
}

struct Service {
    name: String,
    check: String,
}

/// A parsed catalog of one language. Lookups ignore case (`Ecs.0114` is
/// `ECS.0114`) and surrounding spaces.
pub struct CodeCatalog {
    areas: Vec<String>,
    /// Upper-cased SDRS code → (area index, entry).
    sdrs: HashMap<String, (usize, Entry)>,
    services: Vec<Service>,
    /// Upper-cased code prefix → service index.
    prefixes: HashMap<String, usize>,
    /// Upper-cased code of another service → (service index, entry).
    service_codes: HashMap<String, (usize, Entry)>,
    /// `400`, `401`, `403`, `404`, `429`, `5xx`.
    http: HashMap<String, Entry>,
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
    /// Parses a catalog file (`web/codes/*.json`).
    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        let file: CatalogFile = serde_json::from_slice(bytes)?;
        let mut catalog = CodeCatalog {
            areas: Vec::with_capacity(file.sdrs.len()),
            sdrs: HashMap::new(),
            services: Vec::with_capacity(file.services.len()),
            prefixes: HashMap::new(),
            service_codes: HashMap::new(),
            http: file.http.into_iter().map(|(k, v)| (k, v.into())).collect(),
        };
        for (index, area) in file.sdrs.into_iter().enumerate() {
            catalog.areas.push(area.area);
            for (code, pair) in area.codes {
                catalog.sdrs.insert(normalize(&code), (index, pair.into()));
            }
        }
        for (index, service) in file.services.into_iter().enumerate() {
            for prefix in &service.prefixes {
                catalog.prefixes.insert(normalize(prefix), index);
            }
            for (code, pair) in service.codes {
                catalog
                    .service_codes
                    .insert(normalize(&code), (index, pair.into()));
            }
            catalog.services.push(Service {
                name: service.name,
                check: service.check,
            });
        }
        Ok(catalog)
    }

    /// The SDRS codes of the catalog, upper-cased.
    pub fn sdrs_codes(&self) -> impl Iterator<Item = &str> {
        self.sdrs.keys().map(String::as_str)
    }

    /// The entry of an SDRS code, if the table has it.
    pub fn sdrs_entry(&self, code: &str) -> Option<&Entry> {
        self.sdrs.get(&normalize(code)).map(|(_, e)| e)
    }

    /// Every entry of the catalog with its code (SDRS, other services and
    /// HTTP statuses), for checks over the whole file.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        let sdrs = self.sdrs.iter().map(|(c, (_, e))| (c.as_str(), e));
        let services = self.service_codes.iter().map(|(c, (_, e))| (c.as_str(), e));
        let http = self.http.iter().map(|(c, e)| (c.as_str(), e));
        sdrs.chain(services).chain(http)
    }

    /// The explanation of `code` (of a failed job or an API error), with the
    /// HTTP status when there is one.
    pub fn explain<'a>(&'a self, code: &'a str, http_status: Option<u16>) -> Explanation<'a> {
        let code = code.trim();
        let upper = normalize(code);
        if upper.starts_with("SDRS.") {
            return match self.sdrs.get(&upper) {
                Some((area, entry)) => Explanation::Sdrs {
                    area: &self.areas[*area],
                    entry,
                },
                None => Explanation::Unlisted,
            };
        }
        if let Some((service, entry)) = self.service_codes.get(&upper) {
            let s = &self.services[*service];
            return Explanation::Service {
                name: &s.name,
                check: &s.check,
                entry: Some(entry),
            };
        }
        if let Some(prefix) = code_service(code) {
            return match self.prefixes.get(&normalize(prefix)) {
                Some(service) => {
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
        match status_key.and_then(|k| self.http.get(&k)) {
            Some(entry) => Explanation::Http { entry },
            None => Explanation::Nothing,
        }
    }
}

fn normalize(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

#[cfg(test)]
#[path = "code_catalog_tests.rs"]
mod tests;
