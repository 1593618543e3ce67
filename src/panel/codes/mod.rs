//! What an error code means: the code catalogs, loaded on first need, and
//! the explanation the drawer, the error banner and the grouped view show.

pub(crate) mod catalogs;
mod explanation;

pub(crate) use catalogs::beside_module;
pub(crate) use explanation::CodeExplanation;
