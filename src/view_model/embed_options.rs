//! Run-time checks of what JavaScript hands to `mount(element, options)`
//! and `PanelHandle.setFilters(filters)`: a value of the wrong type gets a
//! `TypeError` naming the option, before anything is mounted. The TypeScript
//! types of the package say the same at compile time; these checks catch
//! plain-JavaScript hosts and `any`. Values are never quoted in a message
//! (one of them is a token).
//!
//! Unknown keys are ignored, so a host may pass a larger config object.
//! The values are read from JavaScript by `embed/options.rs`.

use crate::view_model::config::valid_project_id;
use std::fmt;

/// What a JavaScript value is, as far as the checks care.
#[derive(Clone, Debug, PartialEq)]
pub enum JsKind {
    /// `undefined` or `null`: the option is not given.
    Missing,
    Boolean,
    Number(f64),
    String(String),
    Function,
    Array,
    Object,
    /// A symbol or a bigint.
    Other,
}

impl JsKind {
    /// How a message names a value of this kind.
    fn described(&self) -> &'static str {
        match self {
            JsKind::Missing => "nothing",
            JsKind::Boolean => "a boolean",
            JsKind::Number(_) => "a number",
            JsKind::String(_) => "a string",
            JsKind::Function => "a function",
            JsKind::Array => "an array",
            JsKind::Object => "an object",
            JsKind::Other => "a symbol or bigint",
        }
    }
}

/// A rejected option: where it is, what it must be, what it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    /// `mount(element, options)` or `setFilters(filters)`.
    pub call: &'static str,
    /// `options.apiBase`, `options.initialFilters.limit`, `filters`...
    pub path: String,
    pub problem: String,
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} {}", self.call, self.path, self.problem)
    }
}

impl std::error::Error for OptionError {}

const MOUNT: &str = "mount(element, options)";
const SET_FILTERS: &str = "setFilters(filters)";

/// The filter keys, snake_case first (the API's spelling) then camelCase;
/// `true` for the numeric ones.
const FILTER_KEYS: [(&str, &str, bool); 6] = [
    ("failure_status", "failureStatus", false),
    ("resource_type", "resourceType", false),
    ("server_group_id", "serverGroupId", false),
    ("resource_name", "resourceName", false),
    ("limit", "limit", true),
    ("offset", "offset", true),
];

/// Checks `mount`'s first argument: an element node (`nodeType` 1), not
/// a selector or `null` from a `getElementById` that found nothing.
pub fn check_mount_element(element: &JsKind, node_type: &JsKind) -> Result<(), OptionError> {
    if *element == JsKind::Object && *node_type == JsKind::Number(1.0) {
        return Ok(());
    }
    let got = match element {
        JsKind::Object => "an object that is not an element",
        other => other.described(),
    };
    Err(OptionError {
        call: MOUNT,
        path: "element".to_owned(),
        problem: format!("must be an HTML element, got {got}"),
    })
}

/// Checks `mount`'s options; `get(path)` answers the kind of the value at
/// `path` below the options object (`[]` is the object itself).
pub fn check_mount_options(get: &dyn Fn(&[&str]) -> JsKind) -> Result<(), OptionError> {
    let fail = |path: &str, problem: String| OptionError {
        call: MOUNT,
        path: path.to_owned(),
        problem,
    };
    let root = get(&[]);
    if root != JsKind::Object {
        return Err(fail(
            "options",
            format!("must be an object, got {}", root.described()),
        ));
    }
    match get(&["projectId"]) {
        JsKind::String(id) if valid_project_id(id.trim()) => {}
        JsKind::String(_) => {
            return Err(fail(
                "options.projectId",
                "must be a project id: 1 to 64 letters, digits, '-' or '_'".to_owned(),
            ))
        }
        other => return Err(fail("options.projectId", expected("a string", &other))),
    }
    for (key, want) in [
        ("apiBase", Want::String),
        ("token", Want::String),
        ("getToken", Want::Function),
        ("syncUrl", Want::Boolean),
        ("locale", Want::String),
        ("codesBase", Want::String),
    ] {
        let kind = get(&[key]);
        if kind != JsKind::Missing && !want.accepts(&kind) {
            return Err(fail(&format!("options.{key}"), expected(want.described(), &kind)));
        }
    }
    if get(&["getToken"]) == JsKind::Function && get(&["token"]) != JsKind::Missing {
        return Err(fail(
            "options.token",
            "and options.getToken are both given: pass one of them".to_owned(),
        ));
    }
    match get(&["initialFilters"]) {
        JsKind::Missing => Ok(()),
        JsKind::Object => check_filters_at(MOUNT, "options.initialFilters", &|path| {
            let full: Vec<&str> = std::iter::once("initialFilters")
                .chain(path.iter().copied())
                .collect();
            get(&full)
        }),
        other => Err(fail("options.initialFilters", expected("an object", &other))),
    }
}

/// Checks the argument of `setFilters`; `get(path)` as for
/// [`check_mount_options`], below the filters object.
pub fn check_filters(get: &dyn Fn(&[&str]) -> JsKind) -> Result<(), OptionError> {
    match get(&[]) {
        JsKind::Object => check_filters_at(SET_FILTERS, "filters", get),
        other => Err(OptionError {
            call: SET_FILTERS,
            path: "filters".to_owned(),
            problem: expected("an object", &other),
        }),
    }
}

fn check_filters_at(
    call: &'static str,
    prefix: &str,
    get: &dyn Fn(&[&str]) -> JsKind,
) -> Result<(), OptionError> {
    for (snake, camel, numeric) in FILTER_KEYS {
        // The same precedence as the reader: snake_case wins when given.
        let (key, kind) = match get(&[snake]) {
            JsKind::Missing => (camel, get(&[camel])),
            kind => (snake, kind),
        };
        let problem = match (&kind, numeric) {
            (JsKind::Missing, _) | (JsKind::String(_), false) => continue,
            (JsKind::Number(n), true) if n.is_finite() && *n >= 0.0 && n.fract() == 0.0 => continue,
            (JsKind::Number(_), true) => "must be a whole number, 0 or more".to_owned(),
            (_, true) => expected("a number", &kind),
            (_, false) => expected("a string", &kind),
        };
        return Err(OptionError {
            call,
            path: format!("{prefix}.{key}"),
            problem,
        });
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Want {
    String,
    Function,
    Boolean,
}

impl Want {
    fn accepts(self, kind: &JsKind) -> bool {
        matches!(
            (self, kind),
            (Want::String, JsKind::String(_))
                | (Want::Function, JsKind::Function)
                | (Want::Boolean, JsKind::Boolean)
        )
    }

    fn described(self) -> &'static str {
        match self {
            Want::String => "a string",
            Want::Function => "a function",
            Want::Boolean => "a boolean",
        }
    }
}

fn expected(what: &str, got: &JsKind) -> String {
    format!("must be {what}, got {}", got.described())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// A JS value from JSON; the string `"fn"` stands for a function.
    fn kind_at(root: &Value, path: &[&str]) -> JsKind {
        let mut value = root;
        for key in path {
            match value.get(key) {
                Some(v) => value = v,
                None => return JsKind::Missing,
            }
        }
        match value {
            Value::Null => JsKind::Missing,
            Value::Bool(_) => JsKind::Boolean,
            Value::Number(n) => JsKind::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) if s == "fn" => JsKind::Function,
            Value::String(s) => JsKind::String(s.clone()),
            Value::Array(_) => JsKind::Array,
            Value::Object(_) => JsKind::Object,
        }
    }

    fn mount(options: Value) -> Result<(), String> {
        check_mount_options(&|path| kind_at(&options, path)).map_err(|e| e.to_string())
    }

    fn set_filters(filters: Value) -> Result<(), String> {
        check_filters(&|path| kind_at(&filters, path)).map_err(|e| e.to_string())
    }

    const PROJECT: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn every_documented_option_is_accepted() {
        let full = json!({
            "apiBase": "https://sdrs.example.com", "projectId": PROJECT, "getToken": "fn",
            "initialFilters": {
                "failure_status": "createFail", "resourceType": "server_groups",
                "server_group_id": "g-1", "resourceName": "web", "limit": 50, "offset": 0,
            },
            "syncUrl": true, "locale": "zh-CN", "somethingElse": 42,
        });
        assert_eq!(mount(full), Ok(()));
        assert_eq!(
            mount(json!({ "projectId": PROJECT, "token": "t", "apiBase": null })),
            Ok(())
        );
        // Unknown filter values are the open enums' business, not an error.
        assert_eq!(
            mount(json!({ "projectId": PROJECT, "initialFilters": { "failure_status": "migrateFail" } })),
            Ok(())
        );
    }

    #[test]
    fn a_wrong_type_names_the_option_and_what_it_got() {
        let cases = [
            (json!([]), "mount(element, options): options must be an object, got an array"),
            (json!("x"), "mount(element, options): options must be an object, got a string"),
            (json!({}), "mount(element, options): options.projectId must be a string, got nothing"),
            (json!({ "projectId": 7 }), "mount(element, options): options.projectId must be a string, got a number"),
            (json!({ "projectId": PROJECT, "apiBase": 8080 }), "mount(element, options): options.apiBase must be a string, got a number"),
            (json!({ "projectId": PROJECT, "getToken": "abc" }), "mount(element, options): options.getToken must be a function, got a string"),
            (json!({ "projectId": PROJECT, "token": {} }), "mount(element, options): options.token must be a string, got an object"),
            (json!({ "projectId": PROJECT, "syncUrl": "yes" }), "mount(element, options): options.syncUrl must be a boolean, got a string"),
            (json!({ "projectId": PROJECT, "locale": ["en"] }), "mount(element, options): options.locale must be a string, got an array"),
            (json!({ "projectId": PROJECT, "initialFilters": "createFail" }), "mount(element, options): options.initialFilters must be an object, got a string"),
            (json!({ "projectId": PROJECT, "initialFilters": { "failureStatus": ["createFail"] } }), "mount(element, options): options.initialFilters.failureStatus must be a string, got an array"),
            (json!({ "projectId": PROJECT, "initialFilters": { "limit": "50" } }), "mount(element, options): options.initialFilters.limit must be a number, got a string"),
            (json!({ "projectId": PROJECT, "initialFilters": { "offset": -10 } }), "mount(element, options): options.initialFilters.offset must be a whole number, 0 or more"),
            (json!({ "projectId": PROJECT, "initialFilters": { "limit": 2.5 } }), "mount(element, options): options.initialFilters.limit must be a whole number, 0 or more"),
        ];
        for (options, message) in cases {
            assert_eq!(mount(options.clone()), Err(message.to_owned()), "{options}");
        }
    }

    #[test]
    fn an_invalid_project_id_is_refused_without_quoting_it() {
        let err = mount(json!({ "projectId": "<img src=x onerror=alert(1)>" })).unwrap_err();
        assert_eq!(err, "mount(element, options): options.projectId must be a project id: 1 to 64 letters, digits, '-' or '_'");
        assert!(mount(json!({ "projectId": "" })).is_err());
        assert!(mount(json!({ "projectId": "a".repeat(65) })).is_err());
        assert_eq!(mount(json!({ "projectId": format!(" {PROJECT} ") })), Ok(()));
    }

    #[test]
    fn token_and_get_token_together_are_refused_and_the_token_is_not_quoted() {
        let err = mount(json!({ "projectId": PROJECT, "token": "secret-token-value", "getToken": "fn" }))
            .unwrap_err();
        assert_eq!(
            err,
            "mount(element, options): options.token and options.getToken are both given: pass one of them"
        );
        let err = mount(json!({ "projectId": PROJECT, "token": 12345 })).unwrap_err();
        assert!(!err.contains("12345"), "{err}");
    }

    #[test]
    fn snake_case_wins_over_camel_case_as_when_reading() {
        // The reader takes `failure_status` when given and ignores
        // `failureStatus`, so only the one it reads is checked.
        assert_eq!(
            set_filters(json!({ "failure_status": "createFail", "failureStatus": 3 })),
            Ok(())
        );
        assert_eq!(
            set_filters(json!({ "failure_status": 3, "failureStatus": "createFail" })),
            Err("setFilters(filters): filters.failure_status must be a string, got a number".to_owned())
        );
    }

    #[test]
    fn mount_wants_an_element_node() {
        let element = |kind: JsKind, node_type: JsKind| {
            check_mount_element(&kind, &node_type).map_err(|e| e.to_string())
        };
        assert_eq!(element(JsKind::Object, JsKind::Number(1.0)), Ok(()));
        assert_eq!(
            element(JsKind::Missing, JsKind::Missing),
            Err("mount(element, options): element must be an HTML element, got nothing".to_owned())
        );
        assert_eq!(
            element(JsKind::String("#panel".into()), JsKind::Missing),
            Err("mount(element, options): element must be an HTML element, got a string".to_owned())
        );
        // A text node or a document is an object but not an element.
        assert_eq!(
            element(JsKind::Object, JsKind::Number(3.0)),
            Err("mount(element, options): element must be an HTML element, got an object that is not an element".to_owned())
        );
    }

    #[test]
    fn set_filters_wants_an_object() {
        assert_eq!(set_filters(json!({})), Ok(()));
        assert_eq!(
            set_filters(json!(null)),
            Err("setFilters(filters): filters must be an object, got nothing".to_owned())
        );
        assert_eq!(
            set_filters(json!({ "resource_type": true })),
            Err("setFilters(filters): filters.resource_type must be a string, got a boolean".to_owned())
        );
    }
}
