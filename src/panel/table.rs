//! The failed-task table: a real `<table>`, one plain row per job, keyed by
//! job id; sortable headers over the fetched page.

use super::PanelContext;
use crate::browser::time;
use crate::browser::{dom, focus};
use crate::i18n::{job_type_label, label, Key, Locale};
use crate::view_model::format::{one_line, relative_time, short_id};
use crate::view_model::sort::{Sort, SortDir, SortKey};
use leptos::html;
use leptos::prelude::*;
use std::borrow::Cow;
use wasm_bindgen::JsCast;

/// Characters of a failure reason shown in its cell; the drawer has all.
const REASON_CHARS: usize = 90;

use super::actions::{Action, Pending};
use crate::view_model::rows::ViewRow;
use sdrs_models::StatusFamily;

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
pub(crate) fn Table(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    let rows = ctx.view_rows;
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
        let open = state.open_job.get();
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
        gloo_timers::callback::Timeout::new(0, move || {
            if !focus::focus_lost(&body) || dom::find_row(&body, &id).is_some() {
                return;
            }
            let rows = body.children();
            let last = rows.length().checked_sub(1);
            if let Some(row) = last.and_then(|last| rows.item(index.min(last))) {
                focus::focus(&row);
            }
        })
        .forget();
    });

    let header = move |(key, title): (SortKey, Key)| {
        let sorted = move || state.sort.get().unwrap_or(Sort::DEFAULT);
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
            <th scope="col" data-sort-key=key.as_str() aria-sort=aria_sort>
                <button
                    type="button"
                    class="sdrs-sort"
                    on:click=move |_| state.sort.set(Some(sorted().toggled(key)))
                >
                    {move || ctx.t(title)}
                    <span class="sdrs-sort-arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    let body = move || {
        let locale = state.locale.get();
        intern_row_strings(locale);
        let now = time::now_ms();
        view! {
            <For
                each=move || rows.get()
                key=|row| row.key.clone()
                children=move |r| {
                    let marks = RowMarks {
                        open: state.open_job.with_untracked(|o| o.as_ref() == Some(&r.id)),
                        tab_stop: focus_row.with_untracked(|f| f.as_ref() == Some(&r.id)),
                    };
                    row(r, locale, now, marks)
                }
            />
        }
    };

    // One listener per event type on <tbody> instead of five per row: rows
    // stay plain markup and are found from the event target.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(hit) = RowHit::of(&ev) else { return };
        if hit.delete {
            let job =
                rows.with_untracked(|r| r.iter().find(|row| row.id == hit.id).map(|row| row.job.clone()));
            if let Some(job) = job {
                ctx.pending.set(Some(Pending::new(Action::DeleteOne(job))));
            }
        } else {
            state.open_job.set(Some(hit.id));
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        // Enter on the row itself opens it; on its button it presses the
        // button.
        if ev.key() == "Enter" {
            if let Some(hit) = RowHit::of(&ev).filter(|hit| hit.on_row) {
                ev.prevent_default();
                state.open_job.set(Some(hit.id));
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

    let empty = move || {
        let loaded = ctx.loaded.get();
        let show = loaded.query.is_some() && loaded.rows.is_empty() && ctx.error.with(Option::is_none);
        show.then(|| {
            let text = match loaded.query.and_then(|q| q.server_group_id) {
                None if !state.query.with(|q| {
                    q.failure_status.is_some() || q.resource_type.is_some() || q.resource_name.is_some()
                }) =>
                {
                    ctx.t(Key::EmptyGroupLevel).to_owned()
                }
                None => ctx.t(Key::EmptyFiltered).to_owned(),
                Some(id) => {
                    let name = ctx.groups.with(|g| {
                        g.as_ref()
                            .ok()
                            .and_then(|gs| gs.iter().find(|g| g.id == id).map(|g| g.name.clone()))
                    });
                    crate::i18n::fill(ctx.t(Key::EmptyInGroup), &[("group", &name.unwrap_or(id))])
                        .into_owned()
                }
            };
            view! { <p class="sdrs-empty">{text}</p> }
        })
    };

    view! {
        <div
            class="sdrs-table-wrap"
            class:is-loading=move || ctx.loading.get()
            class:is-stale=move || ctx.error.with(Option::is_some)
            aria-busy=move || ctx.loading.get().then_some("true")>
            <div class="sdrs-progress" aria-hidden="true"></div>
            <table class="sdrs-table">
                <caption class="sdrs-visually-hidden">
                    {move || ctx.t(Key::TableCaption)} " " {move || ctx.t(Key::SortHint)}
                </caption>
                <thead>
                    <tr>
                        {COLUMNS.into_iter().map(header).collect_view()}
                        <th scope="col"><span class="sdrs-visually-hidden">{move || ctx.t(Key::ColActions)}</span></th>
                    </tr>
                </thead>
                <tbody
                    node_ref=tbody
                    on:click=on_click
                    on:keydown=on_keydown
                    on:focusin=on_focusin
                    on:focusout=on_focusout
                >{body}</tbody>
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

/// A row's marks when it is drawn; later changes are moved by the table.
struct RowMarks {
    open: bool,
    tab_stop: bool,
}

/// Classes of a status chip: the family picks its shape and colour.
fn chip_class(family: StatusFamily) -> &'static str {
    match family {
        StatusFamily::Provision => "sdrs-chip sdrs-chip-provision",
        StatusFamily::Teardown => "sdrs-chip sdrs-chip-teardown",
        StatusFamily::Switchover => "sdrs-chip sdrs-chip-switchover",
        StatusFamily::Capacity => "sdrs-chip sdrs-chip-capacity",
        StatusFamily::Unknown => "sdrs-chip sdrs-chip-unknown",
    }
}

/// The fixed strings every row passes to the DOM (classes and attribute
/// values); with the catalog texts they are interned, so that a thousand
/// rows do not decode each of them a thousand times. A string missing here
/// is only slower.
const ROW_STRINGS: &[&str] = &[
    "sdrs-cell-time",
    "sdrs-sub",
    "sdrs-cell-resource",
    "sdrs-name",
    "sdrs-mono",
    "sdrs-cell-reason",
    "sdrs-cell-actions",
    "sdrs-icon-button sdrs-row-delete",
    "button",
    "0",
    "-1",
    "true",
];

/// Interns the rows' fixed strings and every catalog text of `locale`
/// (interning a string again is a lookup).
fn intern_row_strings(locale: Locale) {
    let families = [
        StatusFamily::Provision,
        StatusFamily::Teardown,
        StatusFamily::Switchover,
        StatusFamily::Capacity,
        StatusFamily::Unknown,
    ];
    let catalog = Key::ALL.iter().map(|key| key.text(locale));
    for s in ROW_STRINGS
        .iter()
        .copied()
        .chain(families.map(chip_class))
        .chain(catalog)
    {
        wasm_bindgen::intern(s);
    }
}

/// A catalog label, or the raw value when there is none. Labels stay
/// borrowed: a thousand rows keep no copies of them.
fn label_or_raw(label: Option<&'static str>, raw: &str) -> Cow<'static, str> {
    label.map_or_else(|| Cow::Owned(raw.to_owned()), Cow::Borrowed)
}

/// One row: plain markup, no listeners and nothing reactive of its own.
fn row(ViewRow { id: row_id, job, .. }: ViewRow, locale: Locale, now: f64, marks: RowMarks) -> impl IntoView {
    let tabindex = if marks.tab_stop { "0" } else { "-1" };
    let id = job.job_id.clone();
    let is_open = marks.open.then_some("true");
    let status_label = label_or_raw(
        label(job.failure_status.label_key(), locale),
        job.failure_status.as_str(),
    );
    let type_label = label_or_raw(
        job.resource_type
            .kind()
            .and_then(|k| label(Some(k.label_key()), locale)),
        job.resource_type.as_str(),
    );
    let job_type = label_or_raw(job_type_label(&job.job_type, locale), &job.job_type);
    let error_code: Cow<'static, str> = match &job.error_code {
        Some(code) => Cow::Owned(code.clone()),
        None => Cow::Borrowed(Key::NoValue.text(locale)),
    };
    let family = chip_class(job.failure_status.family());
    let reason = job.fail_reason.as_deref().unwrap_or_default();
    let reason_shown = one_line(reason, REASON_CHARS);
    // The whole reason as a tooltip only where the cell cuts it.
    let reason_title = Some(one_line(reason, 2000)).filter(|full| *full != reason_shown);
    view! {
        <tr
            data-job-id=id.clone()
            data-row-id=row_id
            tabindex=tabindex
            aria-current=is_open
        >
            <td class="sdrs-cell-time">
                <time datetime=job.begin_time.clone()>{time::format_local(&job.begin_time, locale)}</time>
                <span class="sdrs-sub">{relative_time(now, time::parse_ms(&job.begin_time), locale)}</span>
            </td>
            <td>
                // The family's dot is the chip's ::before.
                <span class=family>{status_label}</span>
            </td>
            <td class="sdrs-cell-resource">
                <span class="sdrs-name">{one_line(&job.resource_name, 80)}</span>
                <span class="sdrs-sub">{type_label}</span>
            </td>
            <td>{job_type}</td>
            <td class="sdrs-mono">{error_code}</td>
            <td class="sdrs-cell-reason" title=reason_title>{reason_shown}</td>
            <td class="sdrs-mono" title=id.clone()>{short_id(&id)}</td>
            <td class="sdrs-cell-actions">
                <button
                    type="button"
                    class="sdrs-icon-button sdrs-row-delete"
                    tabindex=tabindex
                    aria-label=crate::i18n::fill(Key::DeleteRowLabel.text(locale), &[("id", &short_id(&id))]).into_owned()
                >
                    {Key::DeleteRow.text(locale)}
                </button>
            </td>
        </tr>
    }
}
