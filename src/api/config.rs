//! `GET config.json` beside `index.html`, once at start-up; a missing file
//! (404) is the default configuration. What the file says is read by
//! `view_model::config`. The standalone page's `boot.js` has usually asked
//! already (`window.__sdrsEarlyConfig`: a promise of `{status, text}` or
//! `null`): its answer is taken, once, and the file asked for only without
//! one.

use super::early_list::take_boot_answer;
use crate::view_model::config::ConsoleConfig;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

const EARLY_SLOT: &str = "__sdrsEarlyConfig";

/// The page's `config.json`, or why it could not be read.
pub async fn load_config() -> Result<ConsoleConfig, String> {
    let (status, text) = match take_early().await {
        Some(answer) => answer,
        None => {
            let response = gloo_net::http::Request::get("config.json")
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status();
            let text = if status < 400 {
                response.text().await.map_err(|e| e.to_string())?
            } else {
                String::new()
            };
            (status, text)
        }
    };
    match status {
        404 => Ok(ConsoleConfig::default()),
        s if s >= 400 => Err(format!("HTTP {s}")),
        _ => ConsoleConfig::from_json(&text).map_err(|e| e.to_string()),
    }
}

/// `boot.js`'s answer for config.json, if it has one.
async fn take_early() -> Option<(u16, String)> {
    let answer = take_boot_answer(EARLY_SLOT).await?;
    let status = Reflect::get(&answer, &JsValue::from_str("status"))
        .ok()?
        .as_f64()?;
    let text = Reflect::get(&answer, &JsValue::from_str("text"))
        .ok()?
        .as_string()?;
    Some((status as u16, text))
}
