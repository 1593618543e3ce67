//! Where the custom element's shadow root gets its styles: it links the
//! `console.css` the page already loads (the wasm carries no copy of the
//! stylesheet), else the URL of its `stylesheet` attribute, else the file
//! beside the module; one it cannot load is named in a message in the
//! element. Page: `examples/portal/` (links `../console.css`).

use sdrs_e2e::{check, wait_until, Console};
use serde_json::{json, Value};

const PORTAL: &str = "/portal/index.html";

/// Adds `<sdrs-failed-tasks>` with `attrs` to the portal's element slot and
/// returns its index among the page's elements.
async fn add_element(c: &Console, attrs: Value) -> usize {
    let index = c
        .js(
            "const el = document.createElement('sdrs-failed-tasks');\
             el.setAttribute('project-id', document.querySelector('sdrs-failed-tasks').getAttribute('project-id'));\
             el.setAttribute('locale', 'en');\
             for (const [k, v] of Object.entries(arguments[0])) el.setAttribute(k, v);\
             document.getElementById('element-slot').append(el);\
             return document.querySelectorAll('sdrs-failed-tasks').length - 1;",
            vec![attrs],
        )
        .await;
    index.as_u64().expect("element index") as usize
}

/// The stylesheet links, the loaded sheets, a button's corner radius (6px
/// when console.css applies) and the alert text of element `index`.
async fn element_styles(c: &Console, index: usize) -> Value {
    c.js(
        "const root = document.querySelectorAll('sdrs-failed-tasks')[arguments[0]].shadowRoot;\
         const button = root.querySelector('.sdrs-button');\
         return {\
           links: [...root.querySelectorAll('link[rel=stylesheet]')].map(l => l.href),\
           sheets: root.styleSheets.length,\
           radius: button ? getComputedStyle(button).borderTopLeftRadius : null,\
           alert: root.querySelector('[role=alert].sdrs-stylesheet-missing')?.textContent ?? null,\
         };",
        vec![json!(index)],
    )
    .await
}

async fn wait_styled(c: &Console, index: usize) -> Value {
    wait_until(&format!("element {index} to be styled"), || async {
        let s = element_styles(c, index).await;
        check(s["sheets"] == json!(1) && s["radius"] == json!("6px"), &s).map(|_| s)
    })
    .await
}

async fn open_portal(c: &Console) -> String {
    c.open_portal_page(PORTAL).await;
    let page_link = c
        .js(
            "return [...document.querySelectorAll('link[rel=stylesheet]')]\
               .map(l => l.href).find(h => h.endsWith('/console.css'))",
            vec![],
        )
        .await;
    page_link
        .as_str()
        .expect("the portal links console.css")
        .to_owned()
}

/// The element links the page's console.css and is styled by it; with the
/// page's link gone, a new element uses its `stylesheet` attribute or the
/// file beside the module.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn element_links_the_stylesheet_the_page_loads() {
    let c = Console::start(&[]).await;
    let page_link = open_portal(&c).await;
    let first = wait_styled(&c, 0).await;
    assert_eq!(first["links"], json!([page_link]), "{first}");
    assert_eq!(first["alert"], Value::Null, "{first}");

    c.js(
        "for (const l of document.querySelectorAll('link[rel=stylesheet]'))\
           if (l.href.endsWith('/console.css')) l.remove();",
        vec![],
    )
    .await;
    let given = add_element(&c, json!({"stylesheet": "/console.css"})).await;
    let styled = wait_styled(&c, given).await;
    assert_eq!(styled["links"], json!([c.server.url("/console.css")]), "{styled}");

    // portal.js imports ../sdrs-console.js: console.css is beside it.
    let beside = add_element(&c, json!({})).await;
    let styled = wait_styled(&c, beside).await;
    assert_eq!(styled["links"], json!([c.server.url("/console.css")]), "{styled}");
    c.close().await;
}

/// A stylesheet that cannot be loaded is named in a message inside the
/// element (the panel still renders, unstyled).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn element_says_when_its_stylesheet_cannot_be_loaded() {
    let c = Console::start(&[]).await;
    open_portal(&c).await;
    let missing = add_element(&c, json!({"stylesheet": "/no-such-folder/console.css"})).await;
    let seen = wait_until("the missing-stylesheet message", || async {
        let s = element_styles(&c, missing).await;
        check(s["alert"].is_string(), &s).map(|_| s)
    })
    .await;
    let alert = seen["alert"].as_str().unwrap_or_default();
    let url = c.server.url("/no-such-folder/console.css");
    assert!(
        alert.contains(&url)
            && alert.contains("could not be loaded")
            && alert.contains("stylesheet attribute"),
        "{alert}"
    );
    assert_ne!(seen["radius"], json!("6px"), "styled without its sheet: {seen}");

    // A URL that does not parse gets the same message, and no exception.
    let bad = add_element(&c, json!({"stylesheet": "http://["})).await;
    let seen = wait_until("the message for a URL that does not parse", || async {
        let s = element_styles(&c, bad).await;
        check(s["alert"].is_string(), &s).map(|_| s)
    })
    .await;
    assert!(
        seen["alert"].as_str().unwrap_or_default().contains("http://["),
        "{seen}"
    );
    // The others keep their styles.
    wait_styled(&c, 0).await;
    c.close().await;
}
