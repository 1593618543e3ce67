//! Glue to browser APIs, shared by the panel and the embedding code. Only
//! [`time`] is public (tests compare its formatting).

pub(crate) mod dom;
pub(crate) mod events;
pub(crate) mod focus;
pub(crate) mod storage;
pub mod time;
