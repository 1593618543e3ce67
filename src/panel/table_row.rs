//! One row of the failed-task table: plain markup, no listeners and
//! nothing reactive of its own, cloned from one template row and filled
//! with text (never markup); and the strings rows pass to the DOM,
//! interned once.

use crate::browser::time;
use crate::i18n::{fill, JobType, Key, Labelled, Locale};
use crate::view_model::format::{one_line, relative_time, short_id};
use crate::view_model::rows::ViewRow;
use sdrs_models::StatusFamily;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

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

/// The attribute values rows set one by one (classes and the rest come
/// with the template's clone); with the catalog texts they are interned, so
/// that a thousand rows do not decode each of them a thousand times. A
/// string missing here is only slower.
const ROW_STRINGS: &[&str] = &[
    "0",
    "-1",
    "true",
    "data-job-id",
    "data-row-id",
    "tabindex",
    "datetime",
    "title",
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

/// The template every row is cloned from: its elements, classes, roles
/// and fixed attributes. The explicit roles keep the table's semantics
/// when the stylesheet lays rows out as grids.
pub(crate) struct RowTemplate(Element);

impl RowTemplate {
    pub(crate) fn new(document: &Document) -> Result<Self, JsValue> {
        let element = |tag: &str, class: &str, role: &str| -> Result<Element, JsValue> {
            let el = document.create_element(tag)?;
            if !class.is_empty() {
                el.set_class_name(class);
            }
            if !role.is_empty() {
                el.set_attribute("role", role)?;
            }
            Ok(el)
        };
        let cell = |class: &str, children: &[Element]| -> Result<Element, JsValue> {
            let td = element("td", class, "cell")?;
            for child in children {
                td.append_child(child)?;
            }
            Ok(td)
        };
        let tr = element("tr", "", "row")?;
        let button = element("button", "sdrs-icon-button sdrs-row-delete", "")?;
        button.set_attribute("type", "button")?;
        let cells = [
            cell(
                "sdrs-cell-time",
                &[element("time", "", "")?, element("span", "sdrs-sub", "")?],
            )?,
            // The family's dot is the chip's ::before.
            cell("sdrs-cell-status", &[element("span", "", "")?])?,
            cell(
                "sdrs-cell-resource",
                &[
                    element("span", "sdrs-name", "")?,
                    element("span", "sdrs-sub", "")?,
                ],
            )?,
            cell("sdrs-cell-job-type", &[])?,
            cell("sdrs-mono sdrs-cell-code", &[])?,
            cell("sdrs-cell-reason", &[])?,
            cell("sdrs-mono sdrs-cell-job-id", &[])?,
            cell("sdrs-cell-actions", &[button])?,
        ];
        for td in cells {
            tr.append_child(&td)?;
        }
        Ok(RowTemplate(tr))
    }

    /// A new row for `row`: the template's clone with the row's texts.
    pub(crate) fn row(
        &self,
        ViewRow { id: row_id, job, .. }: &ViewRow,
        locale: Locale,
        now: f64,
        marks: &RowMarks,
    ) -> Result<Element, JsValue> {
        let tr: Element = self.0.clone_node_with_deep(true)?.unchecked_into();
        let tabindex = if marks.tab_stop { "0" } else { "-1" };
        let id = job.job_id.as_str();
        tr.set_attribute("data-job-id", id)?;
        tr.set_attribute("data-row-id", row_id)?;
        tr.set_attribute("tabindex", tabindex)?;
        if marks.open {
            tr.set_attribute("aria-current", "true")?;
        }
        let cells = tr.children();
        let cell = |i: u32| cells.item(i).ok_or_else(|| JsValue::from_str("row template"));
        let first = |el: &Element| {
            el.first_element_child()
                .ok_or_else(|| JsValue::from_str("row template"))
        };
        let second = |el: &Element| {
            el.last_element_child()
                .filter(|last| el.first_element_child().as_ref() != Some(last))
                .ok_or_else(|| JsValue::from_str("row template"))
        };
        let text = |el: &Element, text: &str| el.set_text_content(Some(text));

        let time_cell = cell(0)?;
        let time_el = first(&time_cell)?;
        time_el.set_attribute("datetime", &job.begin_time)?;
        text(&time_el, &time::format_local(&job.begin_time, locale));
        text(
            &second(&time_cell)?,
            &relative_time(now, time::parse_ms(&job.begin_time), locale),
        );

        let chip = first(&cell(1)?)?;
        chip.set_class_name(chip_class(job.failure_status.family()));
        text(&chip, &job.failure_status.label(locale));

        let resource = cell(2)?;
        text(&first(&resource)?, &one_line(&job.resource_name, 80));
        text(&second(&resource)?, &job.resource_type.label(locale));

        text(&cell(3)?, &JobType(&job.job_type).label(locale));
        text(
            &cell(4)?,
            job.error_code.as_deref().unwrap_or(Key::NoValue.text(locale)),
        );

        let reason = job.fail_reason.as_deref().unwrap_or_default();
        let reason_shown = one_line(reason, REASON_CHARS);
        let reason_cell = cell(5)?;
        // The whole reason as a tooltip only where the cell cuts it.
        let reason_full = one_line(reason, 2000);
        if reason_full != reason_shown {
            reason_cell.set_attribute("title", &reason_full)?;
        }
        text(&reason_cell, &reason_shown);

        let id_cell = cell(6)?;
        id_cell.set_attribute("title", id)?;
        let short = short_id(id);
        text(&id_cell, &short);

        let button = first(&cell(7)?)?;
        button.set_attribute("tabindex", tabindex)?;
        button.set_attribute(
            "aria-label",
            &fill(Key::DeleteRowLabel.text(locale), &[("id", &short)]),
        )?;
        if let Some(refusal) = marks.delete_refusal {
            button.set_attribute("aria-disabled", "true")?;
            button.set_attribute("title", refusal)?;
        }
        text(&button, Key::DeleteRow.text(locale));
        Ok(tr)
    }
}
