//! "Table | Group by error code": two toggle buttons (`aria-pressed`) in a
//! labelled group; each is a Tab stop and works with Enter and Space.

use super::PanelStore;
use crate::i18n::Key;
use crate::view_model::url_state::ListView;
use leptos::prelude::*;

#[component]
pub(crate) fn ViewSwitch(store: PanelStore) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    let choice = move |view: ListView, key: Key, value: &'static str| {
        let pressed = move || {
            if store.list_view().get() == view {
                "true"
            } else {
                "false"
            }
        };
        view! {
            <button
                type="button"
                class="sdrs-button sdrs-segment"
                data-view=value
                aria-pressed=pressed
                on:click=move |_| store.set_list_view(view)
            >
                {move || t(key)}
            </button>
        }
    };
    view! {
        <div class="sdrs-segments" role="group" aria-label=move || t(Key::ViewLabel)>
            {choice(ListView::Table, Key::ViewTable, "table")}
            {choice(ListView::ByErrorCode, Key::ViewByCode, "code")}
        </div>
    }
}
