//! The failed-task table: the `<table>` with its sortable headers and
//! delegated listeners, and the keyed rows of its `<tbody>`.

mod body;
mod row;
mod view;

pub(crate) use view::Table;
