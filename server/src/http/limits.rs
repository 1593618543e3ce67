//! Process limits raised at start: each connection holds a file
//! descriptor, and the usual soft limit (1024) is far below what the
//! connection cap allows.

/// Raises the open-files soft limit to the hard limit where the OS allows;
/// the start-up note says what it is now.
pub fn raise_open_files_limit() -> String {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => format!("open-files limit: {limit}"),
        Err(e) => format!("open-files limit unchanged: {e}"),
    }
}
