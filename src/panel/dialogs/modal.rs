//! One modal shell for the drawer and the dialogs: a backdrop, a box with
//! `role`, `aria-modal` and its title ([`ModalTitle`]), Tab kept inside,
//! Esc to close, and focus moved in when it opens and given back when it
//! goes.

use crate::browser::focus;
use leptos::html;
use leptos::prelude::*;

#[component]
pub(crate) fn Modal(
    /// `dialog` or `alertdialog`.
    role: &'static str,
    /// Class of the box: `sdrs-dialog` unless given (`sdrs-drawer`).
    #[prop(optional)]
    class: Option<&'static str>,
    /// What Esc, and a click on the backdrop where allowed, do.
    on_close: impl Fn() + Copy + 'static,
    /// The element that gets focus on opening, inside the box.
    focus_first: &'static str,
    /// A click on the backdrop closes too.
    #[prop(optional)]
    close_on_backdrop: bool,
    /// Give focus back to what had it when the modal opened, as it goes
    /// (the drawer gives it to its row instead).
    #[prop(optional)]
    restore_focus: bool,
    children: Children,
) -> impl IntoView {
    let shell = NodeRef::<html::Div>::new();
    let title_id = crate::panel::unique_id("modal-title");
    provide_context(TitleId(title_id.clone()));
    let opener = StoredValue::new_local(None::<web_sys::Element>);
    Effect::new(move |_| {
        if let Some(el) = shell.get() {
            if opener.with_value(Option::is_none) {
                opener.set_value(focus::active_element(&el));
            }
            if let Ok(Some(first)) = el.query_selector(focus_first) {
                focus::focus(&first);
            }
        }
    });
    if restore_focus {
        on_cleanup(move || {
            if let Some(el) = opener.try_get_value().flatten() {
                if el.is_connected() {
                    focus::focus(&el);
                }
            }
        });
    }
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close();
        } else if let Some(el) = shell.get_untracked() {
            focus::trap_tab(&el, &ev);
        }
        // Panel shortcuts stay off while a modal is open.
        ev.stop_propagation();
    };
    view! {
        <div class="sdrs-backdrop" on:click=move |_| if close_on_backdrop { on_close() }></div>
        <div
            class=class.unwrap_or("sdrs-dialog")
            role=role
            aria-modal="true"
            aria-labelledby=title_id
            node_ref=shell
            on:keydown=on_keydown
        >
            {children()}
        </div>
    }
}

/// The id of the modal's heading, for [`ModalTitle`].
#[derive(Clone)]
struct TitleId(String);

/// The heading that names the modal around it.
#[component]
pub(crate) fn ModalTitle(children: Children) -> impl IntoView {
    let id = use_context::<TitleId>().map(|t| t.0);
    view! { <h2 id=id>{children()}</h2> }
}
