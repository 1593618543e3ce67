//! One row of the failed-task table: plain markup, no listeners and
//! nothing reactive of its own; and the strings every row passes to the
//! DOM, interned once.

use crate::browser::time;
use crate::i18n::{fill, JobType, Key, Labelled, Locale};
use crate::view_model::format::{one_line, relative_time, short_id};
use crate::view_model::rows::ViewRow;
use leptos::prelude::*;
use sdrs_models::StatusFamily;
use std::borrow::Cow;

/// Characters of a failure reason shown in its cell; the drawer has all.
const REASON_CHARS: usize = 90;

/// A row's marks when it is drawn; later changes are moved by the table.
pub(crate) struct RowMarks {
    pub open: bool,
    pub tab_stop: bool,
    /// Why this user may not delete (the role's reason), when so: the
    /// button stays focusable, marked disabled, with the reason.
    pub delete_refusal: Option<&'static str>,
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
    "sdrs-cell-reason",
    "sdrs-cell-status",
    "sdrs-cell-job-type",
    "sdrs-mono sdrs-cell-code",
    "sdrs-mono sdrs-cell-job-id",
    "sdrs-cell-actions",
    "sdrs-icon-button sdrs-row-delete",
    "button",
    "0",
    "-1",
    "true",
];

/// Interns the rows' fixed strings and every catalog text of `locale`
/// (interning a string again is a lookup).
pub(crate) fn intern_row_strings(locale: Locale) {
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

/// One row: plain markup, no listeners and nothing reactive of its own.
pub(crate) fn row(
    ViewRow { id: row_id, job, .. }: ViewRow,
    locale: Locale,
    now: f64,
    marks: RowMarks,
) -> impl IntoView {
    let tabindex = if marks.tab_stop { "0" } else { "-1" };
    let id = job.job_id.clone();
    let is_open = marks.open.then_some("true");
    let status_label = job.failure_status.label(locale);
    let type_label = job.resource_type.label(locale);
    let job_type = JobType(&job.job_type).label(locale);
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
            <td class="sdrs-cell-status">
                // The family's dot is the chip's ::before.
                <span class=family>{status_label}</span>
            </td>
            <td class="sdrs-cell-resource">
                <span class="sdrs-name">{one_line(&job.resource_name, 80)}</span>
                <span class="sdrs-sub">{type_label}</span>
            </td>
            <td class="sdrs-cell-job-type">{job_type}</td>
            <td class="sdrs-mono sdrs-cell-code">{error_code}</td>
            <td class="sdrs-cell-reason" title=reason_title>{reason_shown}</td>
            <td class="sdrs-mono sdrs-cell-job-id" title=id.clone()>{short_id(&id)}</td>
            <td class="sdrs-cell-actions">
                <button
                    type="button"
                    class="sdrs-icon-button sdrs-row-delete"
                    tabindex=tabindex
                    aria-label=fill(Key::DeleteRowLabel.text(locale), &[("id", &short_id(&id))]).into_owned()
                    aria-disabled=marks.delete_refusal.map(|_| "true")
                    title=marks.delete_refusal
                >
                    {Key::DeleteRow.text(locale)}
                </button>
            </td>
        </tr>
    }
}
