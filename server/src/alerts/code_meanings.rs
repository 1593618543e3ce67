//! The meaning of an error code for a message, from the console's code
//! catalog (`web/codes/en.json`, `zh.json`: the SDRS code table in the
//! console's words, and the common codes of the services SDRS calls). The
//! caller reads the file; this parses its text and looks codes up, case
//! and surrounding spaces ignored.

use serde_json::Value;
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeMeanings {
    /// Upper-cased code → meaning.
    meanings: HashMap<String, String>,
}

impl CodeMeanings {
    /// Fails only on text that is not JSON; an entry of another shape is
    /// skipped.
    pub fn from_json(text: &str) -> Result<CodeMeanings, serde_json::Error> {
        let top: Value = serde_json::from_str(text)?;
        let mut meanings = HashMap::new();
        let groups = ["sdrs", "services"]
            .into_iter()
            .filter_map(|key| top.get(key).and_then(Value::as_array))
            .flatten();
        for group in groups {
            let Some(codes) = group.get("codes").and_then(Value::as_object) else {
                continue;
            };
            for (code, texts) in codes {
                let meaning = texts.get(0).and_then(Value::as_str).map(str::trim);
                if let Some(meaning) = meaning.filter(|m| !m.is_empty()) {
                    meanings.insert(code.trim().to_ascii_uppercase(), meaning.to_owned());
                }
            }
        }
        Ok(CodeMeanings { meanings })
    }

    pub fn meaning(&self, code: &str) -> Option<&str> {
        self.meanings
            .get(&code.trim().to_ascii_uppercase())
            .map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.meanings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.meanings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = include_str!("../../../web/codes/en.json");
    const ZH: &str = include_str!("../../../web/codes/zh.json");
    const TABLE: &str = include_str!("../../../data/sdrs-error-codes.tsv");

    #[test]
    fn every_code_of_the_sdrs_table_has_a_meaning_in_both_languages() {
        let table_codes: Vec<&str> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("status\t"))
            .filter_map(|l| l.split('\t').nth(1))
            .collect();
        assert_eq!(table_codes.len(), 218);
        for catalog in [EN, ZH] {
            let meanings = CodeMeanings::from_json(catalog).unwrap();
            for code in &table_codes {
                assert!(meanings.meaning(code).is_some(), "{code}");
            }
        }
        let en = CodeMeanings::from_json(EN).unwrap();
        assert!(en.len() > 218, "service codes too: {}", en.len());
        assert_eq!(
            en.meaning(" sdrs.0002 "),
            Some("SDRS refused the IAM token that came with the request.")
        );
        assert_eq!(
            en.meaning("evs.0001"),
            Some("EVS refused the project ID of the call.")
        );
        assert_eq!(en.meaning("SDRS.9999"), None);
    }

    #[test]
    fn odd_entries_are_skipped_and_only_non_json_fails() {
        let odd = r#"{"sdrs":[{"codes":{"A.1":["means"],"A.2":[],"A.3":"x"}},7],"services":null}"#;
        let meanings = CodeMeanings::from_json(odd).unwrap();
        assert_eq!((meanings.len(), meanings.meaning("a.1")), (1, Some("means")));
        assert!(CodeMeanings::from_json("{}").unwrap().is_empty());
        assert!(CodeMeanings::from_json("not json").is_err());
    }
}
