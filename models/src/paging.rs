//! Paging that works whatever `count` means.
//!
//! The API documents `count` only as "the number of failed tasks in the
//! list". Some deployments answer the total across pages, others the rows of
//! this page. [`Paging::from_response`] infers what it can: a short page is
//! the last one; a `count` larger than the page is a total; otherwise a full
//! page means "maybe more".

/// Whether a next page exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoreRows {
    No,
    Yes,
    /// A full page and no total: the next page may be empty.
    Maybe,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub offset: u64,
    pub limit: u32,
    pub rows_on_page: u64,
    /// Total rows for these filters, when it can be known.
    pub total: Option<u64>,
    pub more: MoreRows,
}

impl Paging {
    pub fn from_response(offset: u64, limit: u32, rows_on_page: usize, count: Option<u64>) -> Self {
        let limit = limit.max(1);
        let rows = rows_on_page as u64;
        let end = offset + rows;
        let total = match count {
            // A count beyond this page can only be a total.
            Some(c) if c > rows && c >= end => Some(c),
            // Past the end: a non-zero count cannot be this empty page's.
            Some(c) if rows == 0 && offset > 0 && c > 0 => Some(c),
            _ if rows < limit as u64 && (rows > 0 || offset == 0) => Some(end),
            _ => None,
        };
        let more = match total {
            Some(t) if t > end => MoreRows::Yes,
            Some(_) => MoreRows::No,
            None if rows >= limit as u64 => MoreRows::Maybe,
            None => MoreRows::No,
        };
        Paging {
            offset,
            limit,
            rows_on_page: rows,
            total,
            more,
        }
    }

    /// Zero-based page index.
    pub fn page_index(&self) -> u64 {
        self.offset / self.limit as u64
    }

    pub fn page_count(&self) -> Option<u64> {
        self.total.map(|t| t.div_ceil(self.limit as u64).max(1))
    }

    /// One-based first and last row shown, `None` for an empty page.
    pub fn row_range(&self) -> Option<(u64, u64)> {
        (self.rows_on_page > 0).then(|| (self.offset + 1, self.offset + self.rows_on_page))
    }

    pub fn has_previous(&self) -> bool {
        self.offset > 0
    }

    pub fn has_next(&self) -> bool {
        self.more != MoreRows::No
    }

    pub fn previous_offset(&self) -> u64 {
        self.offset.saturating_sub(self.limit as u64)
    }

    pub fn next_offset(&self) -> u64 {
        self.offset + self.limit as u64
    }

    pub fn offset_of_page(&self, index: u64) -> u64 {
        index * self.limit as u64
    }

    /// The last page's offset, when the total is known.
    pub fn last_offset(&self) -> Option<u64> {
        self.page_count().map(|n| self.offset_of_page(n - 1))
    }

    /// Page indexes to offer as buttons: the first, the last, and `radius`
    /// pages around the current one; `None` marks a gap. Empty without a
    /// total.
    pub fn page_buttons(&self, radius: u64) -> Vec<Option<u64>> {
        let Some(count) = self.page_count() else {
            return Vec::new();
        };
        let current = self.page_index().min(count - 1);
        let lo = current.saturating_sub(radius);
        let hi = (current + radius).min(count - 1);
        let mut out = Vec::new();
        if lo > 0 {
            out.push(Some(0));
            if lo > 1 {
                out.push(None);
            }
        }
        out.extend((lo..=hi).map(Some));
        if hi < count - 1 {
            if hi < count - 2 {
                out.push(None);
            }
            out.push(Some(count - 1));
        }
        out
    }
}

/// The offset that keeps the first visible row on screen after the page
/// size changes.
pub fn offset_for_new_limit(offset: u64, new_limit: u32) -> u64 {
    let l = new_limit.max(1) as u64;
    offset / l * l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_as_total() {
        let p = Paging::from_response(0, 50, 50, Some(128));
        assert_eq!(p.total, Some(128));
        assert_eq!(p.page_count(), Some(3));
        assert_eq!(p.more, MoreRows::Yes);
        assert_eq!(p.row_range(), Some((1, 50)));
        let last = Paging::from_response(100, 50, 28, Some(128));
        assert_eq!(last.more, MoreRows::No);
        assert_eq!(last.row_range(), Some((101, 128)));
        assert_eq!(last.page_index(), 2);
    }

    #[test]
    fn count_as_page_count() {
        let p = Paging::from_response(0, 50, 50, Some(50));
        assert_eq!(p.total, None);
        assert_eq!(p.more, MoreRows::Maybe);
        assert!(p.page_buttons(2).is_empty());
        let mid = Paging::from_response(50, 50, 50, Some(50));
        assert_eq!(mid.total, None);
        assert!(mid.has_next() && mid.has_previous());
        let last = Paging::from_response(100, 50, 28, Some(28));
        assert_eq!(last.total, Some(128));
        assert_eq!(last.more, MoreRows::No);
    }

    #[test]
    fn no_count_at_all() {
        assert_eq!(Paging::from_response(0, 10, 10, None).more, MoreRows::Maybe);
        assert_eq!(Paging::from_response(0, 10, 3, None).total, Some(3));
        let empty = Paging::from_response(0, 10, 0, None);
        assert_eq!(
            (empty.total, empty.more, empty.row_range()),
            (Some(0), MoreRows::No, None)
        );
        assert_eq!(empty.page_count(), Some(1));
    }

    #[test]
    fn beyond_the_end() {
        let p = Paging::from_response(200, 50, 0, Some(128));
        assert_eq!(p.total, Some(128));
        assert_eq!(p.last_offset(), Some(100));
        let p = Paging::from_response(200, 50, 0, Some(0));
        assert_eq!((p.total, p.more), (None, MoreRows::No));
        assert!(p.has_previous());
    }

    #[test]
    fn page_buttons_with_gaps() {
        let p = Paging::from_response(500, 50, 50, Some(1000));
        assert_eq!(
            p.page_buttons(1),
            vec![Some(0), None, Some(9), Some(10), Some(11), None, Some(19)]
        );
        let p = Paging::from_response(0, 50, 50, Some(120));
        assert_eq!(p.page_buttons(2), vec![Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn new_limit_keeps_first_row() {
        assert_eq!(offset_for_new_limit(120, 50), 100);
        assert_eq!(offset_for_new_limit(120, 0), 120);
    }
}
