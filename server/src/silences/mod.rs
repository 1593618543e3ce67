//! Silences: matchers on scope, failure status, error code and resource
//! name over a time span, during which matching failures are not announced
//! on any alert channel. The rules are plain functions ([`rules`]), the
//! table is [`crate::db::silences`], the routes [`routes`].

pub mod routes;
pub mod rules;
