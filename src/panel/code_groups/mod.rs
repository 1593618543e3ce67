//! "Group by error code": the grouped view and one code's row with its
//! failures.

mod row;
mod view;

pub(crate) use view::CodeGroupsView;
