//! What the list shows: the filter form (sent to the server), its sheet on
//! a narrow panel, and the refinements of the loaded page (no request).

mod form;
mod refinements;
mod sheet;

pub(crate) use form::Filters;
pub(crate) use refinements::Refinements;
pub(crate) use sheet::FilterSheet;
