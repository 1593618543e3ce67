//! `GET config.json` beside `index.html`, once at start-up; a missing file
//! (404) is the default configuration. What the file says is read by
//! `view_model::config`.

use crate::view_model::config::ConsoleConfig;

/// The page's `config.json`, or why it could not be read.
pub async fn load_config() -> Result<ConsoleConfig, String> {
    let response = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    match response.status() {
        404 => Ok(ConsoleConfig::default()),
        s if s >= 400 => Err(format!("HTTP {s}")),
        _ => {
            let text = response.text().await.map_err(|e| e.to_string())?;
            ConsoleConfig::from_json(&text).map_err(|e| e.to_string())
        }
    }
}
