//! Small helpers both production and the emulator use: time formats.

pub mod iso_time;
pub mod timefmt;
