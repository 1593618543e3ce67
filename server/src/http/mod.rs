//! HTTP-level protections that do not depend on the mode: the connection
//! loop and its limits, the `Host` check of single-user mode, the guard of
//! the emulator's control endpoints, `Cache-Control` of API answers.

pub mod connections;
pub mod emulator_guard;
pub mod host_check;
pub mod limits;
pub mod no_store;
