//! Small helpers both production and the emulator use: time formats and a lock that outlives a panic.

pub mod iso_time;
pub mod lock;
pub mod timefmt;
