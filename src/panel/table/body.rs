//! The rows inside the table's `<tbody>`, kept equal to the view rows by
//! key: new rows are built in batches (`RowBatch`), a row whose key stays
//! keeps its element (and focus), and a language or role change draws them
//! anew.

use super::row::{intern_catalog, RowBatch, RowMarks};
use crate::i18n::Locale;
use crate::view_model::row_diff::{plan, RowOp};
use crate::view_model::rows::ViewRow;
use std::collections::HashMap;
use wasm_bindgen::JsValue;
use web_sys::{Element, Node};

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

/// The keys of the rows on screen, in their order in `<tbody>`.
#[derive(Default)]
pub(crate) struct KeyedRows {
    look: Option<RowLook>,
    order: Vec<u64>,
}

/// New rows built per call. All the texts of a 1000-row page in one batch
/// were ~300 KB of wasm memory at once, and wasm memory never shrinks.
const BATCH_ROWS: usize = 100;

/// New rows waiting to go in before the same row (or at the end).
struct Pending {
    before: Option<u64>,
    rows: RowBatch,
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
            intern_catalog(look.locale);
            self.order.clear();
            self.look = Some(look);
        }
        let doc = body
            .owner_document()
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let by_key: HashMap<u64, &ViewRow> = rows.iter().map(|row| (row.key, row)).collect();
        let order: Vec<u64> = rows.iter().map(|row| row.key).collect();
        let ops = plan(&self.order, &order);

        let old_index: HashMap<u64, u32> = self
            .order
            .iter()
            .enumerate()
            .map(|(i, &key)| (key, i as u32))
            .collect();
        let removed = ops.iter().filter(|op| matches!(op, RowOp::Remove(_))).count();
        let handles = if redraw || removed == self.order.len() {
            // Nothing stays: one call empties the body.
            body.replace_children_with_node_0();
            HashMap::new()
        } else {
            // The rows the plan names, read before anything moves (the DOM
            // order is `self.order` until then).
            let children = body.children();
            let named = ops.iter().flat_map(|op| match *op {
                RowOp::Remove(key) => [Some(key), None],
                RowOp::Place { key, before } => [Some(key), before],
            });
            named
                .flatten()
                .filter_map(|key| Some((key, children.item(*old_index.get(&key)?)?)))
                .collect::<HashMap<u64, Element>>()
        };

        let mut pending: Option<Pending> = None;
        let flush = |pending: &mut Option<Pending>| -> Result<(), JsValue> {
            if let Some(Pending { before, mut rows }) = pending.take() {
                let before: Option<&Node> = before.and_then(|key| handles.get(&key)).map(AsRef::as_ref);
                let fragment = rows.build(&doc)?;
                body.insert_before(fragment.as_ref(), before)?;
            }
            Ok(())
        };
        for op in ops {
            match op {
                RowOp::Remove(key) => {
                    if let Some(row) = handles.get(&key) {
                        row.remove();
                    }
                }
                RowOp::Place { key, before } => match handles.get(&key) {
                    Some(row) => {
                        flush(&mut pending)?;
                        let before: Option<&Node> =
                            before.and_then(|key| handles.get(&key)).map(AsRef::as_ref);
                        body.insert_before(row, before)?;
                    }
                    None => {
                        if pending
                            .as_ref()
                            .is_some_and(|p| p.before != before || p.rows.len() == BATCH_ROWS)
                        {
                            flush(&mut pending)?;
                        }
                        let batch = pending.get_or_insert_with(|| Pending {
                            before,
                            rows: RowBatch::default(),
                        });
                        let view = by_key[&key];
                        batch.rows.push(view, look.locale, look.now, &marks(view));
                    }
                },
            }
        }
        flush(&mut pending)?;
        self.order = order;
        Ok(())
    }
}
