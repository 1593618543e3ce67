//! On a narrow panel the filter form gives way to one line saying what the
//! filters are ("Any status · Protection-group level · 200 tasks"); the
//! line opens a sheet holding the same form. Which of the two shows is the
//! stylesheet's choice (a container query on the panel), so the panel
//! follows its own width, also when a portal embeds it.

use super::form::Filters;
use crate::i18n::Key;
use crate::panel::dialogs::modal::{Modal, ModalTitle};
use crate::panel::PanelStore;
use crate::view_model::filter_summary::filter_summary;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub(crate) fn FilterSheet(store: PanelStore) -> impl IntoView {
    let open = RwSignal::new(false);
    let body = NodeRef::<html::Div>::new();

    let summary = move || {
        let locale = store.locale().get();
        let query = store.query().get();
        let group = query
            .server_group_id
            .as_deref()
            .and_then(|id| store.group_name(id));
        store.loaded().with(|l| {
            let counted = l.query.as_ref().zip(l.paging.as_ref());
            filter_summary(&query, group.as_deref(), counted, locale)
        })
    };
    // A name typed just before closing still applies: the form is
    // submitted (which applies it at once) before the sheet goes.
    let close = move || {
        let submit = body
            .get_untracked()
            .and_then(|b| b.query_selector("form button[type=submit]").ok().flatten())
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = submit {
            button.click();
        }
        open.set(false);
    };

    view! {
        <button
            type="button"
            class="sdrs-filter-summary"
            aria-haspopup="dialog"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=move |_| open.set(true)
        >
            <span class="sdrs-filter-summary-label">{move || store.t(Key::FiltersLabel)}</span>
            <span class="sdrs-filter-summary-text">{summary}</span>
        </button>
        {move || {
            open.get().then(|| {
                view! {
                    <Modal
                        role="dialog"
                        class="sdrs-sheet"
                        on_close=close
                        focus_first="select, input"
                        close_on_backdrop=true
                        restore_focus=true
                    >
                        <header class="sdrs-sheet-head">
                            <ModalTitle>{move || store.t(Key::FiltersLabel)}</ModalTitle>
                        </header>
                        <div class="sdrs-sheet-body" node_ref=body>
                            <Filters store=store />
                        </div>
                        <footer class="sdrs-sheet-foot">
                            <button
                                type="button"
                                class="sdrs-button sdrs-button-primary"
                                data-action="close-filters"
                                on:click=move |_| close()
                            >
                                {move || store.t(Key::FilterSheetDone)}
                            </button>
                        </footer>
                    </Modal>
                }
            })
        }}
    }
}
