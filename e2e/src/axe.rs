//! axe-core over the page: its violations of WCAG 2.0 and 2.1, A and AA.

use crate::{tools, Browser};
use serde_json::{json, Value};

/// The axe-core tags checked: WCAG 2.0 and 2.1, levels A and AA.
pub const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The source of axe-core: the file `$AXE_CORE_JS` names (`axe.min.js` of
/// npm's `axe-core`; `scripts/test` installs it and sets the variable).
pub fn axe_source() -> String {
    let path = tools::axe_core_js();
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("AXE_CORE_JS={}: cannot read it: {e}", path.display()))
}

/// One node of an axe violation.
#[derive(Clone, Debug)]
pub struct AxeNode {
    /// CSS selector path (shadow roots as nested lists), as JSON.
    pub target: String,
    pub summary: String,
    pub html: String,
}

/// One axe rule that failed.
#[derive(Clone, Debug)]
pub struct AxeViolation {
    pub id: String,
    /// `minor`, `moderate`, `serious`, `critical`.
    pub impact: String,
    pub help: String,
    pub nodes: Vec<AxeNode>,
}

impl AxeViolation {
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl std::fmt::Display for AxeViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "[{}] {}: {}", self.impact, self.id, self.help)?;
        for n in &self.nodes {
            writeln!(f, "    target {}", n.target)?;
            writeln!(f, "      {}", n.html)?;
            for line in n.summary.lines() {
                writeln!(f, "      {line}")?;
            }
        }
        Ok(())
    }
}

impl Browser {
    /// Runs axe-core (injected once per page) over the whole document with
    /// [`AXE_TAGS`] and returns its violations, every impact.
    pub async fn axe(&self) -> Vec<AxeViolation> {
        let loaded = self.js("return typeof window.axe === 'object'", vec![]).await;
        if loaded != json!(true) {
            // A WebDriver script is not subject to the page's CSP, unlike a
            // <script> element would be.
            let script = format!("{}\n;return typeof window.axe", axe_source());
            let kind = self.js(&script, vec![]).await;
            assert_eq!(kind, json!("object"), "axe-core did not load");
        }
        let out = self
            .js_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {runOnly: arguments[0], resultTypes: ['violations']})\
                   .then(r => done(JSON.stringify(r.violations.map(v => ({\
                     id: v.id, impact: v.impact || '', help: v.help,\
                     nodes: v.nodes.map(n => ({target: JSON.stringify(n.target),\
                       summary: n.failureSummary || '', html: n.html}))})))))\
                   .catch(e => done('axe failed: ' + e));",
                vec![json!(AXE_TAGS)],
            )
            .await;
        let text = out.as_str().unwrap_or_default();
        let parsed: Value = serde_json::from_str(text).unwrap_or_else(|_| panic!("{text}"));
        parsed
            .as_array()
            .map(|vs| {
                vs.iter()
                    .map(|v| AxeViolation {
                        id: v["id"].as_str().unwrap_or_default().to_owned(),
                        impact: v["impact"].as_str().unwrap_or_default().to_owned(),
                        help: v["help"].as_str().unwrap_or_default().to_owned(),
                        nodes: v["nodes"]
                            .as_array()
                            .map(|ns| {
                                ns.iter()
                                    .map(|n| AxeNode {
                                        target: n["target"].as_str().unwrap_or_default().to_owned(),
                                        summary: n["summary"].as_str().unwrap_or_default().to_owned(),
                                        html: n["html"].as_str().unwrap_or_default().to_owned(),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits for animations to end, runs [`Self::axe`] and keeps its serious
    /// and critical violations, each headed by `what` (where it was seen);
    /// prints the milder ones.
    pub async fn axe_serious(&self, what: &str) -> Vec<String> {
        self.wait_animations().await;
        let all = self.axe().await;
        for v in all.iter().filter(|v| !v.is_serious()) {
            eprintln!("axe, {what} (not failing): {v}");
        }
        all.into_iter()
            .filter(AxeViolation::is_serious)
            .map(|v| format!("--- {what}\n{v}"))
            .collect()
    }
}

/// Fails listing every violation of [`Browser::axe_serious`] found.
pub fn assert_axe_clean(found: &[String]) {
    assert!(
        found.is_empty(),
        "{} serious or critical axe violations:\n{}",
        found.len(),
        found.concat()
    );
}
