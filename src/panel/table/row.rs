//! The rows of the failed-task table: plain markup, no listeners and
//! nothing reactive of their own; their texts computed here and sent in one
//! batch to `rows.js`, which clones a template row for each.

use crate::browser::time;
use crate::i18n::{fill, JobType, Key, Labelled, Locale};
use crate::view_model::format::{one_line, relative_time, short_id};
use crate::view_model::rows::ViewRow;
use sdrs_models::StatusFamily;
use wasm_bindgen::prelude::*;
use web_sys::{Document, DocumentFragment};

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

/// Interns every catalog text of `locale`, which the views pass to the DOM
/// again and again (interning a string again is a lookup).
pub(crate) fn intern_catalog(locale: Locale) {
    for key in Key::ALL {
        wasm_bindgen::intern(key.text(locale));
    }
}

#[wasm_bindgen(module = "/src/panel/table/rows.js")]
extern "C" {
    #[wasm_bindgen(js_name = buildRows, catch)]
    fn build_rows(
        doc: &Document,
        text: &str,
        ends: &[u32],
        flags: &[u8],
    ) -> Result<DocumentFragment, JsValue>;
}

/// Rows to build in one call: every text of every row in one string, with
/// where each field ends (`rows.js` reads them in this order).
#[derive(Default)]
pub(crate) struct RowBatch {
    text: String,
    /// End of each field in `text`, in UTF-16 units (JavaScript's).
    ends: Vec<u32>,
    end: u32,
    flags: Vec<u8>,
}

impl RowBatch {
    fn field(&mut self, text: &str) {
        self.text.push_str(text);
        self.end += text.chars().map(|c| c.len_utf16() as u32).sum::<u32>();
        self.ends.push(self.end);
    }

    /// Adds the row of `row`.
    pub(crate) fn push(
        &mut self,
        ViewRow { id: row_id, job, .. }: &ViewRow,
        locale: Locale,
        now: f64,
        marks: &RowMarks,
    ) {
        let id = job.job_id.as_str();
        self.field(row_id);
        self.field(id);
        self.field(&job.begin_time);
        self.field(&time::format_local(&job.begin_time, locale));
        self.field(&relative_time(now, time::parse_ms(&job.begin_time), locale));
        self.field(chip_class(job.failure_status.family()));
        self.field(&job.failure_status.label(locale));
        self.field(&one_line(&job.resource_name, 80));
        self.field(&job.resource_type.label(locale));
        self.field(&JobType(&job.job_type).label(locale));
        self.field(job.error_code.as_deref().unwrap_or(Key::NoValue.text(locale)));
        // The whole reason as a tooltip only where the cell cuts it.
        let reason_full = one_line(job.fail_reason.as_deref().unwrap_or_default(), 2000);
        let reason_shown = one_line(&reason_full, REASON_CHARS);
        self.field(if reason_full == reason_shown {
            ""
        } else {
            &reason_full
        });
        self.field(&reason_shown);
        let short = short_id(id);
        self.field(&short);
        self.field(&fill(Key::DeleteRowLabel.text(locale), &[("id", &short)]));
        self.field(Key::DeleteRow.text(locale));
        self.field(marks.delete_refusal.unwrap_or_default());
        self.flags
            .push(u8::from(marks.tab_stop) | u8::from(marks.open) << 1);
    }

    /// How many rows are in the batch.
    pub(crate) fn len(&self) -> usize {
        self.flags.len()
    }

    /// The rows, in a fragment, in the order pushed; the batch is emptied.
    pub(crate) fn build(&mut self, doc: &Document) -> Result<DocumentFragment, JsValue> {
        let fragment = build_rows(doc, &self.text, &self.ends, &self.flags);
        *self = RowBatch::default();
        fragment
    }
}
