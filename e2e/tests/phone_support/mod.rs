//! What the phone-layout tests share: a phone-sized console, geometry
//! probes (what lies off screen, controls under 24 px, sideways scrolling),
//! and the accessibility tree through DevTools.

use sdrs_e2e::cdp::accessible_nodes;
use sdrs_e2e::{BrowserOptions, Console};
use serde_json::{json, Value};

/// A console on a phone's screen of `size` CSS px.
pub async fn phone(size: (u32, u32)) -> Console {
    let options = BrowserOptions {
        phone: Some(size),
        ..Default::default()
    };
    Console::start_with(&["--count", "total"], &options).await
}

/// What of `css` lies outside the viewport or overflows sideways: a list of
/// offenders (empty when all fits).
pub async fn outside_viewport(c: &Console, css: &str) -> Value {
    c.js(
        "const out = [];\
         for (const e of document.querySelectorAll(arguments[0])) {\
           const r = e.getBoundingClientRect();\
           if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5\
               || e.scrollWidth > e.clientWidth + 1)\
             out.push([e.className || e.tagName, Math.round(r.left), Math.round(r.top),\
                       Math.round(r.right), Math.round(r.bottom), e.scrollWidth, e.clientWidth]);\
         }\
         return out;",
        vec![json!(css)],
    )
    .await
}

/// Controls under `css` that are rendered and smaller than 24 × 24 CSS px
/// (WCAG 2.2, 2.5.8 Target Size, minimum).
pub async fn small_targets(c: &Console, css: &str) -> Value {
    c.js(
        "const out = [];\
         for (const root of document.querySelectorAll(arguments[0]))\
           for (const e of root.querySelectorAll('button, select, input, summary, a[href]')) {\
             const r = e.getBoundingClientRect();\
             if (!e.getClientRects().length) continue;\
             if (r.width < 24 || r.height < 24)\
               out.push([e.outerHTML.slice(0, 80), Math.round(r.width), Math.round(r.height)]);\
           }\
         return out;",
        vec![json!(css)],
    )
    .await
}

/// The page scrolls sideways by this many px (0 when it fits).
pub async fn sideways_overflow(c: &Console) -> i64 {
    c.js("return document.documentElement.scrollWidth - innerWidth", vec![])
        .await
        .as_i64()
        .unwrap_or(i64::MAX)
}

/// How many nodes of the accessibility tree have each of `roles`.
pub async fn role_counts(c: &Console, roles: &[&str]) -> Vec<usize> {
    let nodes = accessible_nodes(&c.client).await;
    roles
        .iter()
        .map(|role| {
            nodes
                .iter()
                .filter(|n| n["role"]["value"].as_str() == Some(role))
                .count()
        })
        .collect()
}

pub fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[1..4], b"PNG");
    // IHDR: width and height, big-endian, at bytes 16..24.
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (w, h)
}
