//! The rows inside the table's `<tbody>`, kept equal to the view rows by
//! key: rows are cloned from one template, a row whose key stays keeps its
//! element (and focus), and a language or role change draws them anew.

use super::table_row::{intern_row_strings, RowMarks, RowTemplate};
use crate::i18n::Locale;
use crate::view_model::row_diff::{plan, RowOp};
use crate::view_model::rows::ViewRow;
use std::collections::HashMap;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// What the rows on screen were drawn with: when it changes, every row is
/// drawn again.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct RowLook {
    pub locale: Locale,
    pub delete_refusal: Option<&'static str>,
    /// The time a new row's "3 h ago" is measured from (kept rows keep
    /// theirs).
    pub now: f64,
}

/// The rows on screen, by key, in order.
#[derive(Default)]
pub(crate) struct KeyedRows {
    template: Option<RowTemplate>,
    look: Option<RowLook>,
    order: Vec<String>,
    rows: HashMap<String, Element>,
}

impl KeyedRows {
    /// Makes `body`'s rows those of `rows`; `marks` gives a new row's marks.
    pub(crate) fn sync(
        &mut self,
        body: &Element,
        rows: &[ViewRow],
        look: RowLook,
        marks: impl Fn(&ViewRow) -> RowMarks,
    ) -> Result<(), JsValue> {
        let redraw = self
            .look
            .is_none_or(|drawn| drawn.locale != look.locale || drawn.delete_refusal != look.delete_refusal);
        if redraw {
            intern_row_strings(look.locale);
            self.order.clear();
            self.rows.clear();
            body.replace_children_with_node_0();
            self.look = Some(look);
        }
        let template = match &self.template {
            Some(template) => template,
            None => {
                let document = body
                    .owner_document()
                    .ok_or_else(|| JsValue::from_str("no document"))?;
                self.template.insert(RowTemplate::new(&document)?)
            }
        };
        let by_key: HashMap<&str, &ViewRow> = rows.iter().map(|row| (row.key.as_str(), row)).collect();
        let order: Vec<String> = rows.iter().map(|row| row.key.clone()).collect();
        for op in plan(&self.order, &order) {
            match op {
                RowOp::Remove(key) => {
                    if let Some(row) = self.rows.remove(key) {
                        row.remove();
                    }
                }
                RowOp::Place { key, before } => {
                    let row = match self.rows.get(key) {
                        Some(row) => row.clone(),
                        None => {
                            let view = by_key[key];
                            let row = template.row(view, look.locale, look.now, &marks(view))?;
                            self.rows.insert(key.to_owned(), row.clone());
                            row
                        }
                    };
                    let before = before.and_then(|key| self.rows.get(key));
                    body.insert_before(&row, before.map(AsRef::as_ref))?;
                }
            }
        }
        self.order = order;
        Ok(())
    }
}
