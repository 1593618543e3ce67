//! The scopes `config.json` names (a project of a region, each answering
//! the Task Center API live under its own base) and the page's choice among
//! them: one scope, shown live as the console always did, or "All scopes",
//! read from the server's journal. The choice lives in the page URL
//! (`scope=<name>`; no `scope`: all scopes).
//!
//! With fewer than two usable scopes there is nothing to choose: the page
//! is the single-project console it was.

use sdrs_models::query::{encode_component, query_pairs};
use serde::Deserialize;

/// The page URL's parameter of the chosen scope.
pub const SCOPE_PARAM: &str = "scope";

/// Filters both views understand, carried over when the scope changes.
const SHARED_FILTERS: [&str; 4] = [
    "failure_status",
    "resource_type",
    "resource_name",
    "server_group_id",
];

/// One scope as `config.json`'s `scopes` lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ScopeConfig {
    pub name: String,
    pub region: String,
    #[serde(alias = "projectId")]
    pub project_id: String,
    /// Where the scope answers the Task Center API live, below the API
    /// base: `""` for `/v1` itself, else a path such as `/scopes/{name}`.
    #[serde(alias = "liveBase")]
    pub live_base: String,
}

impl ScopeConfig {
    /// A name, a usable project id and a same-origin path as its base.
    pub fn is_usable(&self) -> bool {
        let name = self.name.trim();
        !name.is_empty()
            && name.len() <= 128
            && !name.chars().any(char::is_control)
            && crate::view_model::config::valid_project_id(self.project_id.trim())
            && valid_live_base(&self.live_base)
    }

    /// The API base the scope's live view calls (`api_base` + its own).
    pub fn live_api_base(&self, api_base: &str) -> String {
        let base = api_base.trim().trim_end_matches('/');
        let own = self.live_base.trim().trim_end_matches('/');
        format!("{base}{own}")
    }

    /// `name (region)`, or the name alone.
    pub fn label(&self) -> String {
        match self.region.trim() {
            "" => self.name.clone(),
            region => format!("{} ({region})", self.name),
        }
    }
}

/// `""`, or a path below the API base: starts with `/`, no `//`, no dot
/// segment, no query, fragment or backslash. Anything else could send the
/// console's calls elsewhere.
fn valid_live_base(base: &str) -> bool {
    let base = base.trim();
    if base.is_empty() {
        return true;
    }
    base.starts_with('/')
        && base.len() <= 256
        && !base.contains("//")
        && !base
            .chars()
            .any(|c| matches!(c, '?' | '#' | '\\') || c.is_control() || c == ' ')
        && base.split('/').all(|seg| seg != "." && seg != "..")
}

/// The usable scopes, in the file's order; a repeated name keeps its first.
pub fn usable_scopes(listed: &[ScopeConfig]) -> Vec<ScopeConfig> {
    let mut out: Vec<ScopeConfig> = Vec::with_capacity(listed.len());
    for scope in listed.iter().filter(|s| s.is_usable()) {
        let mut scope = scope.clone();
        scope.name = scope.name.trim().to_owned();
        scope.project_id = scope.project_id.trim().to_owned();
        if !out.iter().any(|s| s.name == scope.name) {
            out.push(scope);
        }
    }
    out
}

/// Whether the page offers a choice of scope at all.
pub fn offers_choice(scopes: &[ScopeConfig]) -> bool {
    scopes.len() >= 2
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeChoice {
    /// Every scope, from the journal.
    All,
    /// One scope, live.
    One(String),
}

impl ScopeChoice {
    /// The choice in the page URL: a known scope's name, else all scopes.
    pub fn from_search(search: &str, scopes: &[ScopeConfig]) -> ScopeChoice {
        query_pairs(search)
            .filter(|(k, _)| k == SCOPE_PARAM)
            .last()
            .and_then(|(_, name)| scopes.iter().find(|s| s.name == name))
            .map_or(ScopeChoice::All, |s| ScopeChoice::One(s.name.clone()))
    }

    /// The value of the picker's `<option>` (`""` for all scopes).
    pub fn option_value(&self) -> &str {
        match self {
            ScopeChoice::All => "",
            ScopeChoice::One(name) => name,
        }
    }

    /// The choice an `<option>` value stands for.
    pub fn from_option_value(value: &str, scopes: &[ScopeConfig]) -> ScopeChoice {
        ScopeChoice::from_search(&format!("{SCOPE_PARAM}={}", encode_component(value)), scopes)
    }
}

/// The page URL after choosing `choice` on a page at `search`: the filters
/// both views know are kept, the page, sort, open row and view-only
/// filters are not (they belong to the list left behind).
pub fn search_for_choice(search: &str, choice: &ScopeChoice) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let ScopeChoice::One(name) = choice {
        pairs.push((SCOPE_PARAM.to_owned(), name.clone()));
    }
    for (key, value) in query_pairs(search) {
        if SHARED_FILTERS.contains(&key.as_str()) && !value.trim().is_empty() {
            pairs.retain(|(k, _)| *k != key);
            pairs.push((key, value));
        }
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `search` with the live view's `scope=<name>` put in front (the panel
/// writes its own parameters; the scope is the page's).
pub fn with_scope_param(scope: Option<&str>, rest: &str) -> String {
    match scope {
        None => rest.to_owned(),
        Some(name) if rest.is_empty() => format!("{SCOPE_PARAM}={}", encode_component(name)),
        Some(name) => format!("{SCOPE_PARAM}={}&{rest}", encode_component(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(name: &str, live_base: &str) -> ScopeConfig {
        ScopeConfig {
            name: name.into(),
            region: "ap-southeast-3".into(),
            project_id: "0123abc".into(),
            live_base: live_base.into(),
        }
    }

    #[test]
    fn config_shape_reads_snake_and_camel_case() {
        let s: ScopeConfig = serde_json::from_str(
            r#"{"name":"prod","region":"ap-southeast-3","project_id":"p1","live_base":"/scopes/prod","x":1}"#,
        )
        .unwrap();
        assert_eq!(
            s,
            ScopeConfig {
                name: "prod".into(),
                region: "ap-southeast-3".into(),
                project_id: "p1".into(),
                live_base: "/scopes/prod".into(),
            }
        );
        let c: ScopeConfig = serde_json::from_str(r#"{"name":"a","projectId":"p","liveBase":""}"#).unwrap();
        assert_eq!((c.project_id.as_str(), c.live_base.as_str()), ("p", ""));
    }

    #[test]
    fn only_same_origin_paths_are_live_bases() {
        for ok in ["", "/scopes/prod", "/scopes/prod%20a/"] {
            assert!(scope("a", ok).is_usable(), "{ok}");
        }
        for bad in [
            "https://evil.example",
            "//evil.example/x",
            "scopes/prod",
            "/scopes/../v1",
            "/a?b",
            "/a#b",
            "/a\\b",
        ] {
            assert!(!scope("a", bad).is_usable(), "{bad}");
        }
        let mut no_project = scope("a", "");
        no_project.project_id = "../x".into();
        assert!(!no_project.is_usable());
        assert!(!scope(" ", "").is_usable());
    }

    #[test]
    fn usable_scopes_drop_the_unusable_and_repeated_names() {
        let list = [
            scope("a", ""),
            scope("b", "http://x"),
            scope(" a ", "/s/a2"),
            scope("c", "/scopes/c"),
        ];
        let names: Vec<_> = usable_scopes(&list).into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["a", "c"]);
        assert!(!offers_choice(&usable_scopes(&list[..2])));
        assert!(offers_choice(&usable_scopes(&list)));
        assert!(!offers_choice(&[]));
    }

    #[test]
    fn live_api_base_joins_without_doubled_slashes() {
        assert_eq!(scope("a", "").live_api_base(""), "");
        assert_eq!(scope("a", "").live_api_base("/proxy/"), "/proxy");
        assert_eq!(scope("a", "/scopes/a/").live_api_base(""), "/scopes/a");
        assert_eq!(
            scope("a", "/scopes/a").live_api_base("http://h:1/"),
            "http://h:1/scopes/a"
        );
    }

    #[test]
    fn choice_from_the_url_is_a_known_scope_or_all() {
        let scopes = [scope("prod", ""), scope("dr site", "/scopes/dr")];
        assert_eq!(
            ScopeChoice::from_search("?scope=prod", &scopes),
            ScopeChoice::One("prod".into())
        );
        assert_eq!(
            ScopeChoice::from_search("?limit=5&scope=dr%20site", &scopes),
            ScopeChoice::One("dr site".into())
        );
        assert_eq!(ScopeChoice::from_search("?scope=gone", &scopes), ScopeChoice::All);
        assert_eq!(ScopeChoice::from_search("", &scopes), ScopeChoice::All);
        let one = ScopeChoice::One("dr site".into());
        assert_eq!(ScopeChoice::from_option_value(one.option_value(), &scopes), one);
        assert_eq!(ScopeChoice::from_option_value("", &scopes), ScopeChoice::All);
    }

    #[test]
    fn switching_keeps_shared_filters_only() {
        let search = "?scope=prod&failure_status=deleteFail&limit=20&offset=40&job=x&state=cleared&resource_name=a%26b&sort=time";
        assert_eq!(
            search_for_choice(search, &ScopeChoice::All),
            "failure_status=deleteFail&resource_name=a%26b"
        );
        assert_eq!(
            search_for_choice(
                "?in_scope=x&resource_type=replications",
                &ScopeChoice::One("dr site".into())
            ),
            "scope=dr%20site&resource_type=replications"
        );
        assert_eq!(search_for_choice("", &ScopeChoice::All), "");
    }

    #[test]
    fn scope_param_goes_in_front_of_the_panel_state() {
        assert_eq!(with_scope_param(None, "limit=50"), "limit=50");
        assert_eq!(with_scope_param(Some("a b"), "limit=50"), "scope=a%20b&limit=50");
        assert_eq!(with_scope_param(Some("a"), ""), "scope=a");
    }
}
