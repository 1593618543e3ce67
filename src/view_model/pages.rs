//! Where the page buttons and keys lead: the one place that turns "first,
//! previous, next, last" into an offset of the list.

use sdrs_models::paging::Paging;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageMove {
    First,
    Previous,
    Next,
    Last,
}

impl PageMove {
    /// The name the pager's buttons carry (`data-page`).
    pub fn as_str(self) -> &'static str {
        match self {
            PageMove::First => "first",
            PageMove::Previous => "prev",
            PageMove::Next => "next",
            PageMove::Last => "last",
        }
    }
}

/// The offset `to` leads to from the page `paging` describes, or `None`
/// when it leads nowhere (already there, or the last page is unknown).
pub fn target_offset(paging: &Paging, to: PageMove) -> Option<u64> {
    match to {
        PageMove::First => paging.has_previous().then_some(0),
        PageMove::Previous => paging.has_previous().then(|| paging.previous_offset()),
        PageMove::Next => paging.has_next().then(|| paging.next_offset()),
        PageMove::Last => paging.last_offset().filter(|o| *o > paging.offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_on_a_middle_page_with_a_total() {
        // Rows 21–40 of 95, 20 a page.
        let p = Paging::from_response(20, 20, 20, Some(95));
        assert_eq!(target_offset(&p, PageMove::First), Some(0));
        assert_eq!(target_offset(&p, PageMove::Previous), Some(0));
        assert_eq!(target_offset(&p, PageMove::Next), Some(40));
        assert_eq!(target_offset(&p, PageMove::Last), Some(80));
    }

    #[test]
    fn nowhere_to_go_on_the_first_and_last_pages() {
        let first = Paging::from_response(0, 20, 20, Some(95));
        assert_eq!(target_offset(&first, PageMove::First), None);
        assert_eq!(target_offset(&first, PageMove::Previous), None);
        let last = Paging::from_response(80, 20, 15, Some(95));
        assert_eq!(target_offset(&last, PageMove::Next), None);
        assert_eq!(target_offset(&last, PageMove::Last), None);
    }

    #[test]
    fn no_last_page_without_a_total() {
        let p = Paging::from_response(0, 20, 20, None);
        assert_eq!(target_offset(&p, PageMove::Next), Some(20));
        assert_eq!(target_offset(&p, PageMove::Last), None);
    }
}
