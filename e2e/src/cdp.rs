//! One DevTools command through chromedriver's `goog/cdp/execute`: what
//! WebDriver cannot see, such as the accessibility tree.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};

#[derive(Debug)]
pub struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl Cdp {
    /// `cmd` without parameters.
    pub fn new(cmd: &'static str) -> Cdp {
        Cdp::with(cmd, json!({}))
    }

    pub fn with(cmd: &'static str, params: Value) -> Cdp {
        Cdp { cmd, params }
    }
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// The nodes of the page's accessibility tree that assistive technology
/// sees (not ignored), as DevTools reports them.
pub async fn accessible_nodes(client: &fantoccini::Client) -> Vec<Value> {
    let tree = client
        .issue_cmd(Cdp::new("Accessibility.getFullAXTree"))
        .await
        .expect("the accessibility tree");
    let nodes = tree["nodes"].as_array().cloned().unwrap_or_default();
    nodes
        .into_iter()
        .filter(|n| n["ignored"] != json!(true))
        .collect()
}
