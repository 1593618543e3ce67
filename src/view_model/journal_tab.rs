//! Which page of the "All scopes" view is shown: the failures themselves,
//! their trends, the silences, or the alert channels. The choice is the
//! page URL's `tab` (absent: the failures), so a link or a reload keeps it.

use sdrs_models::query::{encode_component, query_pairs};

pub const TAB_PARAM: &str = "tab";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum JournalTab {
    #[default]
    Failures,
    Trends,
    Silences,
    Channels,
}

impl JournalTab {
    pub const ALL: [JournalTab; 4] = [
        JournalTab::Failures,
        JournalTab::Trends,
        JournalTab::Silences,
        JournalTab::Channels,
    ];

    /// The word in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            JournalTab::Failures => "failures",
            JournalTab::Trends => "trends",
            JournalTab::Silences => "silences",
            JournalTab::Channels => "channels",
        }
    }

    pub fn parse(text: &str) -> Option<JournalTab> {
        JournalTab::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// The tab a page URL's query names; anything else is the failures.
    pub fn from_search(search: &str) -> JournalTab {
        query_pairs(search)
            .filter(|(k, _)| k == TAB_PARAM)
            .last()
            .and_then(|(_, v)| JournalTab::parse(&v))
            .unwrap_or_default()
    }
}

/// `search` (with or without its `?`) with its `tab` set to `tab`, the
/// other parameters kept in order, without `?`; the failures leave `tab`
/// out.
pub fn search_with_tab(search: &str, tab: JournalTab) -> String {
    let mut parts: Vec<String> = query_pairs(search)
        .filter(|(k, _)| k != TAB_PARAM)
        .map(|(k, v)| format!("{}={}", encode_component(&k), encode_component(&v)))
        .collect();
    if tab != JournalTab::Failures {
        parts.push(format!("{TAB_PARAM}={}", tab.as_str()));
    }
    parts.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_reads_back_its_word() {
        for tab in JournalTab::ALL {
            assert_eq!(JournalTab::parse(tab.as_str()), Some(tab));
            assert_eq!(JournalTab::from_search(&search_with_tab("?scope=", tab)), tab);
        }
    }

    #[test]
    fn junk_or_no_tab_is_the_failures() {
        assert_eq!(JournalTab::from_search(""), JournalTab::Failures);
        assert_eq!(JournalTab::from_search("?tab=Trends"), JournalTab::Failures);
        assert_eq!(JournalTab::from_search("?tab=%3Cscript%3E"), JournalTab::Failures);
    }

    #[test]
    fn switching_keeps_the_other_parameters() {
        let search = "?state=all&tab=trends&failure_status=createFail";
        assert_eq!(
            search_with_tab(search, JournalTab::Silences),
            "state=all&failure_status=createFail&tab=silences"
        );
        assert_eq!(
            search_with_tab(search, JournalTab::Failures),
            "state=all&failure_status=createFail"
        );
        assert_eq!(search_with_tab("?tab=trends", JournalTab::Failures), "");
    }
}
