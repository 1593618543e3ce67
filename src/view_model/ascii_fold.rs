//! Matching and ordering text without regard to case, for the refinement
//! and the sort by name. Only ASCII letters are folded: SDRS names are
//! ASCII letters, digits and a little punctuation, or Chinese characters,
//! and the rest of its text (codes, IDs, reasons) is English or Chinese,
//! where no other letter has a case to fold. Unicode's full
//! lowercasing would add its tables to the first module (~15 KB) and
//! allocate a string for every field of every row on each keystroke, and
//! two for every comparison of a sort.

use std::cmp::Ordering;

/// Whether `haystack` contains `needle`, ignoring ASCII case. Bytes of
/// UTF-8 text match only at character boundaries, so a non-ASCII needle
/// matches exactly.
pub fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The order of `a` and `b` with ASCII letters lowercased.
pub fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_folds_ascii_letters_only() {
        assert!(contains_ignore_ascii_case("PG-Shanghai-01", "shanghai"));
        assert!(contains_ignore_ascii_case("pg-shanghai-01", "SHANGHAI-0"));
        assert!(contains_ignore_ascii_case("上海保护组-A", "保护组-a"));
        assert!(contains_ignore_ascii_case("anything", ""));
        assert!(!contains_ignore_ascii_case("pg", "pg-1"));
        assert!(!contains_ignore_ascii_case("pg-beijing", "shanghai"));
        // Beyond ASCII, letters match as written.
        assert!(contains_ignore_ascii_case("Éclair", "É"));
        assert!(!contains_ignore_ascii_case("Éclair", "é"));
    }

    #[test]
    fn order_ignores_ascii_case_and_keeps_the_rest() {
        let mut names = vec!["gamma", "Beta", "alpha", "ALPHA-2", "保护组", "beta"];
        names.sort_by(|a, b| cmp_ignore_ascii_case(a, b));
        assert_eq!(names, ["alpha", "ALPHA-2", "Beta", "beta", "gamma", "保护组"]);
        assert_eq!(cmp_ignore_ascii_case("Beta", "bETA"), Ordering::Equal);
        assert_eq!(cmp_ignore_ascii_case("a", "B"), Ordering::Less);
        assert_eq!(cmp_ignore_ascii_case("b", "A"), Ordering::Greater);
    }
}
