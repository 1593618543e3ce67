//! Checks of the shipped catalog files against the SDRS code table.

use super::*;
use std::collections::BTreeSet;

const TABLE: &str = include_str!("../../data/sdrs-error-codes.tsv");
const EN: &str = include_str!("../../web/codes/en.json");
const ZH: &str = include_str!("../../web/codes/zh.json");

/// One row of the table: code and its message, description and handling.
struct Row {
    code: String,
    texts: [String; 3],
}

fn table() -> Vec<Row> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("status\t"))
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "malformed table row: {line}");
            Row {
                code: f[1].to_owned(),
                texts: [f[2].to_owned(), f[3].to_owned(), f[4].to_owned()],
            }
        })
        .collect()
}

fn catalog(text: &str) -> CodeCatalog {
    CodeCatalog::from_json(text).expect("the catalog file parses")
}

/// Lower case, letters and digits only, single spaces: so that a copy is
/// found whatever its punctuation or `**bold**` marks.
fn words(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn both_catalog_files_parse() {
    for text in [EN, ZH] {
        let c = catalog(text);
        assert!(c.entries().count() > 218);
    }
}

#[test]
fn the_table_has_218_distinct_codes() {
    let codes: BTreeSet<String> = table().into_iter().map(|r| r.code).collect();
    assert_eq!(codes.len(), 218);
}

#[test]
fn every_code_of_the_table_is_explained_in_both_languages() {
    let (en, zh) = (catalog(EN), catalog(ZH));
    for row in table() {
        for (lang, c) in [("en", &en), ("zh", &zh)] {
            let e = c
                .sdrs_entry(&row.code)
                .unwrap_or_else(|| panic!("{} has no {lang} entry", row.code));
            assert!(!e.meaning.trim().is_empty(), "{} {lang}: empty meaning", row.code);
            assert!(!e.action.trim().is_empty(), "{} {lang}: empty action", row.code);
        }
    }
    // And nothing else: an SDRS code outside the table would be invented.
    let listed: BTreeSet<String> = table().into_iter().map(|r| r.code).collect();
    for c in [&en, &zh] {
        let catalogued: BTreeSet<String> = c.sdrs_codes().map(str::to_owned).collect();
        assert_eq!(catalogued, listed);
    }
}

#[test]
fn no_entry_copies_the_table() {
    let en = catalog(EN);
    for row in table() {
        let e = en.sdrs_entry(&row.code).unwrap();
        for ours in [&e.meaning, &e.action] {
            let ours = words(ours);
            for theirs in &row.texts {
                let theirs = words(theirs);
                // A short fragment ("disk locked") may recur; a sentence may not.
                let copied = ours == theirs || (theirs.split(' ').count() >= 4 && ours.contains(&theirs));
                assert!(!copied, "{}: {ours:?} copies {theirs:?}", row.code);
            }
        }
    }
}

#[test]
fn chinese_entries_are_chinese_and_not_the_english_text() {
    let (en, zh) = (catalog(EN), catalog(ZH));
    let en_entries: std::collections::HashMap<&str, &Entry> = en.entries().collect();
    for (code, e) in zh.entries() {
        assert!(has_cjk(&e.meaning) && has_cjk(&e.action), "{code}: {e:?}");
        let english = en_entries
            .get(code)
            .unwrap_or_else(|| panic!("{code} only in zh"));
        assert_ne!(e.meaning, english.meaning, "{code}");
    }
    assert_eq!(en.entries().count(), zh.entries().count());
}

#[test]
fn sdrs_codes_with_their_area() {
    let en = catalog(EN);
    match en.explain("SDRS.0406", None) {
        Explanation::Sdrs { area, entry } => {
            assert_eq!(area, "Task execution");
            assert!(entry.action.contains("sub-job"), "{entry:?}");
        }
        other => panic!("{other:?}"),
    }
    match en.explain(" sdrs.1820 ", Some(400)) {
        Explanation::Sdrs { area, entry } => {
            assert_eq!(area, "Disks and capacity");
            assert!(entry.meaning.contains("capacity"), "{entry:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(en.explain("SDRS.9999", None), Explanation::Unlisted);
    assert_eq!(en.explain("SDRS.9999", Some(500)), Explanation::Unlisted);
}

#[test]
fn codes_of_other_services() {
    let en = catalog(EN);
    // ECS writes its codes `Ecs.0114`; any case finds them.
    for code in ["Ecs.0114", "ECS.0114"] {
        match en.explain(code, None) {
            Explanation::Service { name, entry, .. } => {
                assert_eq!(name, "Elastic Cloud Server (ECS)");
                assert!(entry.is_some(), "{code}");
            }
            other => panic!("{code}: {other:?}"),
        }
    }
    match en.explain("EVS.9999", None) {
        Explanation::Service { name, check, entry } => {
            assert_eq!(name, "Elastic Volume Service (EVS)");
            assert!(check.contains("EVS"), "{check}");
            assert_eq!(entry, None);
        }
        other => panic!("{other:?}"),
    }
    match en.explain("BackupService.2002", None) {
        Explanation::Service { name, entry, .. } => {
            assert_eq!(name, "Cloud Backup and Recovery (CBR)");
            assert!(entry.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        en.explain("FOO.12", None),
        Explanation::UnknownService { prefix: "FOO" }
    );
    assert_eq!(en.explain("X-Unknown.9", None), Explanation::Unlisted);
    assert_eq!(en.explain("<b>.1", Some(400)), Explanation::Unlisted);
}

#[test]
fn bare_statuses_and_nothing() {
    let en = catalog(EN);
    let http = |code: &str, status| match en.explain(code, status) {
        Explanation::Http { entry } => entry.meaning.clone(),
        other => panic!("{code} {status:?}: {other:?}"),
    };
    assert!(http("", Some(503)).contains("failed on its side"));
    assert!(http("502", Some(502)).contains("failed on its side"));
    assert!(http("429", Some(429)).contains("Too many"));
    assert!(http("", Some(401)).contains("sign-in"));
    assert_eq!(en.explain("", None), Explanation::Nothing);
    assert_eq!(en.explain("", Some(302)), Explanation::Nothing);
    assert_eq!(en.explain("", Some(418)), Explanation::Nothing);
}

#[test]
fn both_languages_have_the_same_services_and_statuses() {
    let (en, zh) = (catalog(EN), catalog(ZH));
    let keys = |c: &CodeCatalog| c.entries().map(|(k, _)| k.to_owned()).collect::<BTreeSet<_>>();
    assert_eq!(keys(&en), keys(&zh));
    let prefixes = |c: &CodeCatalog| c.prefixes.iter().cloned().collect::<BTreeSet<_>>();
    assert_eq!(prefixes(&en), prefixes(&zh));
    assert_eq!(en.areas.len(), zh.areas.len());
}

#[test]
fn a_broken_file_is_refused_not_a_panic() {
    assert!(CodeCatalog::from_json("").is_none());
    assert!(CodeCatalog::from_json("{\"sdrs\":[]}").is_none());
    assert!(CodeCatalog::from_json("[1,2]").is_none());
    let one_field = EN.replacen("\"SDRS.0001\":[\"", "\"SDRS.0001\":[7,\"", 1);
    assert!(CodeCatalog::from_json(&one_field).is_none());
}
