//! What a user does in the page: clicks, choices, typing, keys, the
//! language switch, and where the keyboard focus is.

use crate::support::{check, wait_until};
use crate::Browser;
use fantoccini::key::Key;
use fantoccini::Locator;
use sdrs_console::i18n::Locale;
use serde_json::json;

impl Browser {
    /// A real (WebDriver) click on the first element matching `css`,
    /// scrolled to the middle of the viewport first so that sticky headers
    /// do not cover it. While it is covered or not yet interactable (an
    /// overlay sliding in), the click is tried again, up to 10 s.
    pub async fn click(&self, css: &str) {
        wait_until(&format!("a click on {css} to land"), || async move {
            let el = self
                .client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            self.center(&el).await;
            el.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Scrolls `el` to the middle of the viewport.
    pub async fn center(&self, el: &fantoccini::elements::Element) {
        let arg = serde_json::to_value(el).expect("element reference");
        self.js(
            "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})",
            vec![arg],
        )
        .await;
    }

    /// Chooses the option with `value` in the `<select>` matching `css`,
    /// as a user would (a click on the option: `input` and `change` fire).
    pub async fn select(&self, css: &str, value: &str) {
        let option = format!("option[value=\"{value}\"]");
        wait_until(&format!("choosing {value:?} in {css}"), || async {
            let select = self
                .client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            self.center(&select).await;
            let option = select
                .find(Locator::Css(&option))
                .await
                .map_err(|e| e.to_string())?;
            option.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Types into the focused element (`Key::Escape.to_string()`, text...).
    pub async fn press(&self, keys: &str) {
        let el = self.client.active_element().await.expect("an active element");
        el.send_keys(keys).await.expect("send keys");
    }

    /// The value of an attribute of `document.activeElement`.
    pub async fn active_attr(&self, name: &str) -> Option<String> {
        self.js(
            "const e = document.activeElement; return e ? e.getAttribute(arguments[0]) : null",
            vec![json!(name)],
        )
        .await
        .as_str()
        .map(str::to_owned)
    }

    /// Presses and releases `key` (a [`Key`] or a character) through the
    /// WebDriver actions API: it goes to whatever has focus (the page body
    /// at first), as a user's keyboard would.
    pub async fn key(&self, key: impl Into<char> + std::fmt::Debug) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let name = format!("{key:?}");
        let value: char = key.into();
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("pressing {name}: {e}"));
    }

    /// Shift + `key`.
    pub async fn shift_key(&self, key: Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let value: char = key.into();
        let shift: char = Key::Shift.into();
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value })
            .then(KeyAction::Up { value: shift });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("pressing Shift+{key:?}: {e}"));
    }

    /// A short description of the focused element, looking into shadow
    /// roots: `tag[name=..][data-job-id=..].classes`.
    pub async fn focused(&self) -> String {
        self.js(
            "let e = document.activeElement;\
             while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;\
             if (!e) return '';\
             let d = e.tagName.toLowerCase();\
             for (const a of ['name', 'data-job-id', 'data-action', 'role']) {\
               const v = e.getAttribute(a); if (v !== null) d += `[${a}=${v}]`;\
             }\
             if (e.className && typeof e.className === 'string') d += '.' + e.className.trim().split(/\\s+/).join('.');\
             return d;",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Whether the focused element matches `css`.
    pub async fn focus_matches(&self, css: &str) -> bool {
        self.js(
            "const e = document.activeElement; return !!e && e.matches(arguments[0])",
            vec![json!(css)],
        )
        .await
        .as_bool()
        .unwrap_or(false)
    }

    /// Empties the field matching `css` and types `text` into it.
    pub async fn fill(&self, css: &str, text: &str) {
        // Found once: a field drawn anew while a user types loses what was
        // typed, so a replaced field fails the test instead of being found
        // again.
        let field = self.find(css).await;
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clearing {css}: {e}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    /// Chooses `locale` in the page's language switcher and waits until the
    /// document and every panel on it speak it.
    pub async fn switch_language(&self, locale: Locale) {
        self.select("select[name=locale]", locale.tag()).await;
        wait_until(&format!("the page in {locale:?}"), || async {
            let langs = self
                .js(
                    "return [document.documentElement.lang,\
                       ...[...document.querySelectorAll('.sdrs-panel')].map(p => p.getAttribute('lang'))]",
                    vec![],
                )
                .await;
            let all = langs
                .as_array()
                .is_some_and(|ls| ls.iter().all(|l| l.as_str() == Some(locale.tag())));
            check(all, langs)
        })
        .await
    }
}
