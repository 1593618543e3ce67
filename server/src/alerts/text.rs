//! The words of a message, shared by the formats: the facts of each
//! failure as label and value (values escaped by the format's own
//! function), and a markdown rendering for the chat robots that keeps a
//! byte limit by folding whole failures first and cutting last.

use super::alert::{Alert, AlertEvent, FailureItem};
use super::markup::{cut_bytes, plain};

/// The facts of one failure, values passed through `escape`.
pub fn facts(failure: &FailureItem, escape: fn(&str) -> String) -> Vec<(&'static str, String)> {
    let mut out = Vec::with_capacity(6);
    let r = &failure.resource;
    let mut resource = escape(&r.name);
    let detail: Vec<String> = [&r.kind, &r.id]
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| escape(t))
        .collect();
    if !detail.is_empty() {
        resource.push_str(&format!(" ({})", detail.join(", ")));
    }
    out.push(("Resource", resource));
    out.push(("Failure status", escape(&failure.failure_status)));
    if let Some(code) = failure.error_code.as_deref().filter(|c| !c.trim().is_empty()) {
        let mut error = escape(code);
        if let Some(meaning) = failure.error_meaning.as_deref().filter(|m| !m.trim().is_empty()) {
            error.push_str(" — ");
            error.push_str(&escape(meaning));
        }
        out.push(("Error", error));
    }
    if let Some(reason) = failure.fail_reason.as_deref().filter(|m| !m.trim().is_empty()) {
        out.push(("Reason", escape(reason)));
    }
    out.push(("Began", escape(&failure.begin_time)));
    if let Some(cleared) = &failure.cleared_at {
        out.push(("Cleared", escape(cleared)));
    }
    out
}

/// "and 9 more" for a batch that folded failures.
pub fn folded_line(alert: &Alert, extra: usize) -> Option<String> {
    let n = alert.folded + extra;
    (n > 0).then(|| format!("…and {n} more"))
}

/// The message's plain-text form (SMN's message, the webhook's `text`).
pub fn plain_text(alert: &Alert) -> String {
    let mut out = format!("{}\n", plain(&alert.headline()));
    for failure in &alert.failures {
        out.push('\n');
        for (label, value) in facts(failure, plain) {
            out.push_str(&format!("{label}: {value}\n"));
        }
        out.push_str(&format!("Console: {}\n", alert.failure_link(failure)));
    }
    if let Some(more) = folded_line(alert, 0) {
        out.push_str(&format!("\n{more}\n"));
    }
    if alert.failures.len() != 1 || alert.folded > 0 {
        out.push_str(&format!("All of them: {}\n", alert.link()));
    }
    out
}

/// How a markdown dialect writes what the messages use.
pub struct Markdown {
    pub escape: fn(&str) -> String,
    /// The headline line (heading or bold).
    pub headline: fn(&str, AlertEvent) -> String,
    pub link: fn(&str, &str) -> String,
}

pub fn markdown_link(text: &str, url: &str) -> String {
    format!("[{text}]({url})")
}

/// The alert in `dialect`, at most `limit` bytes: the first failure
/// always, the others while they fit, the rest folded into the count; if
/// even that is too long, cut on a character boundary.
pub fn markdown(alert: &Alert, dialect: &Markdown, limit: usize) -> String {
    let escape = dialect.escape;
    let mut head = (dialect.headline)(&escape(&alert.headline()), alert.event);
    head.push_str(&format!(
        "\n\n**Scope:** {}  **Region:** {}\n",
        escape(&alert.scope),
        escape(&alert.region)
    ));
    let blocks: Vec<String> = alert
        .failures
        .iter()
        .map(|failure| {
            let mut block = String::from("\n");
            for (label, value) in facts(failure, escape) {
                block.push_str(&format!("- **{label}:** {value}\n"));
            }
            block.push_str(&format!(
                "- {}\n",
                (dialect.link)("Open in the console", &alert.failure_link(failure))
            ));
            block
        })
        .collect();
    let footer = |left_out: usize| {
        let mut text = String::new();
        if let Some(more) = folded_line(alert, left_out) {
            text.push_str(&format!(
                "\n{more}: {}\n",
                (dialect.link)("all of them", &alert.link())
            ));
        }
        text
    };
    let mut body = head;
    let mut left_out = 0;
    for (i, block) in blocks.iter().enumerate() {
        let remaining = blocks.len() - i - 1;
        let fits = body.len() + block.len() + footer(left_out + remaining).len() <= limit;
        if i == 0 || (left_out == 0 && fits) {
            body.push_str(block);
        } else {
            left_out += 1;
        }
    }
    body.push_str(&footer(left_out));
    cut_bytes(&body, limit)
}
