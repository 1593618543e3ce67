//! Labels of the wire models' values: the catalog's text for a known
//! value, the value as it came for one the catalog does not know. The one
//! label lookup of the console.

use super::{Key, Locale};
use sdrs_models::{FailureStatus, JobStatus, ResourceKind, ResourceType};
use std::borrow::Cow;

/// The label of a model value by its label key, or `None` when the catalog
/// has none (the raw value is shown then).
pub fn label(label_key: Option<&str>, locale: Locale) -> Option<&'static str> {
    label_key.and_then(Key::from_label_key).map(|k| k.text(locale))
}

/// Label of a free-text job type, or `None` when the catalog has none (the
/// raw text is shown then).
pub fn job_type_label(job_type: &str, locale: Locale) -> Option<&'static str> {
    Key::from_label_key(&format!("job_type.{job_type}")).map(|k| k.text(locale))
}

/// A value shown by its catalog label, or raw when there is none.
pub trait Labelled {
    /// The catalog's label, when the value is known to it.
    fn catalog_label(&self, locale: Locale) -> Option<&'static str>;
    /// The value as it came.
    fn raw(&self) -> &str;

    /// The label, or the raw value. Labels stay borrowed: a thousand rows
    /// keep no copies of them.
    fn label(&self, locale: Locale) -> Cow<'static, str> {
        self.catalog_label(locale)
            .map_or_else(|| Cow::Owned(self.raw().to_owned()), Cow::Borrowed)
    }
}

impl Labelled for FailureStatus {
    fn catalog_label(&self, locale: Locale) -> Option<&'static str> {
        label(self.label_key(), locale)
    }
    fn raw(&self) -> &str {
        self.as_str()
    }
}

impl Labelled for JobStatus {
    fn catalog_label(&self, locale: Locale) -> Option<&'static str> {
        label(self.label_key(), locale)
    }
    fn raw(&self) -> &str {
        self.as_str()
    }
}

impl Labelled for ResourceKind {
    fn catalog_label(&self, locale: Locale) -> Option<&'static str> {
        label(Some(self.label_key()), locale)
    }
    fn raw(&self) -> &str {
        self.filter_value()
    }
}

/// Both spellings of a resource type share their kind's label.
impl Labelled for ResourceType {
    fn catalog_label(&self, locale: Locale) -> Option<&'static str> {
        self.kind().and_then(|k| k.catalog_label(locale))
    }
    fn raw(&self) -> &str {
        self.as_str()
    }
}

/// A job type: free text, labelled when the catalog knows it.
pub struct JobType<'a>(pub &'a str);

impl Labelled for JobType<'_> {
    fn catalog_label(&self, locale: Locale) -> Option<&'static str> {
        job_type_label(self.0, locale)
    }
    fn raw(&self) -> &str {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_are_labelled_and_unknown_ones_raw() {
        assert_eq!(
            FailureStatus::parse("createFail").label(Locale::En),
            "Create failed"
        );
        assert_eq!(
            FailureStatus::parse("somethingNew").label(Locale::En),
            "somethingNew"
        );
        assert_eq!(JobType("no_such_type").label(Locale::Zh), "no_such_type");
    }
}
