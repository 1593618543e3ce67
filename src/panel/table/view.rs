//! The failed-task table: a real `<table>`, one plain row per job, keyed by
//! row identity; sortable headers over the fetched page; one delegated
//! listener per event type on `<tbody>`.

use super::body::{KeyedRows, RowLook};
use super::row::RowMarks;
use crate::browser::time;
use crate::browser::{dom, focus};
use crate::i18n::{fill, Key};
use crate::panel::PanelStore;
use crate::view_model::sort::{Sort, SortDir, SortKey};
use leptos::html;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

const COLUMNS: [(SortKey, Key); 7] = [
    (SortKey::BeginTime, Key::ColBeginTime),
    (SortKey::Status, Key::ColStatus),
    (SortKey::Resource, Key::ColResource),
    (SortKey::JobType, Key::ColJobType),
    (SortKey::ErrorCode, Key::ColErrorCode),
    (SortKey::Reason, Key::ColReason),
    (SortKey::JobId, Key::ColJobId),
];

#[component]
pub(crate) fn Table(store: PanelStore) -> impl IntoView {
    let rows = store.view_rows();
    // Roving tabindex: one row is in the tab order (the last focused, else
    // the first); j/k and the arrows move between rows.
    let focus_row = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let first = rows.with(|r| r.first().map(|row| row.id.clone()));
        let current = focus_row.get_untracked();
        let present = current
            .as_ref()
            .is_some_and(|c| rows.with_untracked(|r| r.iter().any(|row| &row.id == c)));
        if !present {
            focus_row.set(first);
        }
    });
    // The two row marks, the open row (aria-current) and the tab stop
    // (tabindex 0), are moved by one effect each instead of two reactive
    // attributes on every row. A row drawn later reads them when built.
    let tbody = NodeRef::<html::Tbody>::new();
    Effect::new(move |_| {
        let open = store.open_row().get();
        if let Some(body) = tbody.get() {
            dom::move_row_mark(&body, "aria-current", ("true", None), open.as_deref());
        }
    });
    Effect::new(move |_| {
        let stop = focus_row.get();
        if let Some(body) = tbody.get() {
            let row = dom::move_row_mark(&body, "tabindex", ("0", Some("-1")), stop.as_deref());
            // Only the tab stop's delete button is in the tab order too:
            // Tab goes row, its button, out of the table.
            dom::set_attribute_all(&body, ".sdrs-row-delete[tabindex=\"0\"]", "tabindex", "-1");
            if let Some(button) = row.and_then(|r| r.query_selector(".sdrs-row-delete").ok().flatten()) {
                let _ = button.set_attribute("tabindex", "0");
            }
        }
    });
    // A delete or a refresh can remove the row that has focus: focus then
    // goes to the row now in its place (or the last one), not to the page.
    // Only then: a user who clicked away keeps focus where it went.
    let focused = StoredValue::new(None::<(u32, String)>);
    Effect::new(move |_| {
        rows.track();
        let Some((index, id)) = focused.get_value() else {
            return;
        };
        let Some(body) = tbody.get_untracked() else { return };
        // After the keyed list has redrawn.
        set_timeout(
            move || {
                if !focus::focus_lost(&body) || dom::find_row(&body, &id).is_some() {
                    return;
                }
                let rows = body.children();
                let last = rows.length().checked_sub(1);
                if let Some(row) = last.and_then(|last| rows.item(index.min(last))) {
                    focus::focus(&row);
                }
            },
            Duration::ZERO,
        );
    });

    let header = move |(key, title): (SortKey, Key)| {
        let sorted = move || store.sort().get().unwrap_or(Sort::DEFAULT);
        let aria_sort = move || {
            let s = sorted();
            (s.key == key).then_some(match s.dir {
                SortDir::Asc => "ascending",
                SortDir::Desc => "descending",
            })
        };
        let arrow = move || {
            let s = sorted();
            match (s.key == key, s.dir) {
                (false, _) => "",
                (true, SortDir::Asc) => "▲",
                (true, SortDir::Desc) => "▼",
            }
        };
        view! {
            <th scope="col" role="columnheader" data-sort-key=key.as_str() aria-sort=aria_sort>
                <button
                    type="button"
                    class="sdrs-sort"
                    on:click=move |_| store.toggle_sort(key)
                >
                    {move || store.t(title)}
                    <span class="sdrs-sort-arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    // The rows are drawn by `KeyedRows`, not by the view: a thousand new
    // rows are one batch of texts and one call that clones a template row
    // for each.
    let drawn = StoredValue::new_local(KeyedRows::default());
    Effect::new(move |_| {
        let look = RowLook {
            locale: store.locale().get(),
            delete_refusal: store.delete_refusal(),
            now: time::now_ms(),
        };
        let Some(body) = tbody.get() else { return };
        rows.with(|rows| {
            drawn.update_value(|drawn| {
                let marks = |row: &crate::view_model::rows::ViewRow| RowMarks {
                    open: store.open_row().with_untracked(|o| o.as_ref() == Some(&row.id)),
                    tab_stop: focus_row.with_untracked(|f| f.as_ref() == Some(&row.id)),
                    delete_refusal: look.delete_refusal,
                };
                // Fails only if the DOM refuses a node; the rows drawn stay.
                let _ = drawn.sync(&body, rows, look, marks);
            })
        });
    });

    // One listener per event type on <tbody> instead of five per row: rows
    // stay plain markup and are found from the event target.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(hit) = RowHit::of(&ev) else { return };
        if hit.delete {
            if let Some(job) = store.row_job(&hit.id) {
                store.ask_delete(job);
            }
        } else {
            store.open_job(hit.id);
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        // Enter on the row itself opens it; on its button it presses the
        // button.
        if ev.key() == "Enter" {
            if let Some(hit) = RowHit::of(&ev).filter(|hit| hit.on_row) {
                ev.prevent_default();
                store.open_job(hit.id);
            }
        }
    };
    let on_focusin = move |ev: web_sys::FocusEvent| {
        let Some(hit) = RowHit::of(&ev) else { return };
        focused.set_value(Some((hit.index, hit.id.clone())));
        if hit.on_row {
            focus_row.set(Some(hit.id));
        }
    };
    let on_focusout = move |ev: web_sys::FocusEvent| {
        // Focus moving out of the table (not lost with a removed row).
        let to = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = to
            .as_ref()
            .is_some_and(|to| tbody.get_untracked().is_some_and(|b| b.contains(Some(to))));
        if to.is_some() && !inside {
            focused.set_value(None);
        }
    };

    let loaded = store.loaded();
    let empty = move || {
        let loaded = loaded.get();
        let show = loaded.query.is_some() && loaded.rows.is_empty() && store.error().with(Option::is_none);
        show.then(|| {
            let text = match loaded.query.and_then(|q| q.server_group_id) {
                None if !store.query().with(|q| {
                    q.failure_status.is_some() || q.resource_type.is_some() || q.resource_name.is_some()
                }) =>
                {
                    store.t(Key::EmptyGroupLevel).to_owned()
                }
                None => store.t(Key::EmptyFiltered).to_owned(),
                Some(id) => {
                    let name = store.group_name(&id).unwrap_or(id);
                    fill(store.t(Key::EmptyInGroup), &[("group", &name)]).into_owned()
                }
            };
            view! { <p class="sdrs-empty">{text}</p> }
        })
    };

    view! {
        <div
            class="sdrs-table-wrap"
            class:is-loading=move || store.loading().get()
            class:is-stale=move || store.error().with(Option::is_some)
            aria-busy=move || store.loading().get().then_some("true")>
            <div class="sdrs-progress" aria-hidden="true"></div>
            // Explicit roles: the stylesheet lays rows out as grids (so that
            // off-screen rows skip layout), which must not cost the table
            // its semantics in any browser.
            <table class="sdrs-table sdrs-task-table" role="table">
                <caption class="sdrs-visually-hidden">
                    {move || store.t(Key::TableCaption)} " " {move || store.t(Key::SortHint)}
                </caption>
                <thead role="rowgroup">
                    <tr role="row">
                        {COLUMNS.into_iter().map(header).collect_view()}
                        <th scope="col" role="columnheader"><span class="sdrs-visually-hidden">{move || store.t(Key::ColActions)}</span></th>
                    </tr>
                </thead>
                <tbody
                    role="rowgroup"
                    node_ref=tbody
                    on:click=on_click
                    on:keydown=on_keydown
                    on:focusin=on_focusin
                    on:focusout=on_focusout
                ></tbody>
            </table>
            {empty}
        </div>
    }
}

/// The row an event happened in, read from the row's data attributes.
struct RowHit {
    id: String,
    /// Position of the row in the table body.
    index: u32,
    /// The event's target is the row itself (not a control inside it).
    on_row: bool,
    /// The event came from the row's delete button.
    delete: bool,
}

impl RowHit {
    fn of(ev: &web_sys::Event) -> Option<RowHit> {
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        let tr = target.closest("tr[data-row-id]").ok()??;
        Some(RowHit {
            id: tr.get_attribute("data-row-id")?,
            index: tr
                .dyn_ref::<web_sys::HtmlTableRowElement>()
                .map_or(0, |r| r.section_row_index().max(0) as u32),
            on_row: target == tr,
            delete: target.closest(".sdrs-row-delete").ok().flatten().is_some(),
        })
    }
}
