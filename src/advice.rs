//! What an error code means and what to do about it, from the SDRS code
//! table of the Task Center API. Codes of other services (`EVS.2024`) are
//! attributed to their service.

use crate::format::code_service;
use crate::i18n::Key;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    pub meaning: Key,
    pub action: Key,
    /// The service that raised the code, when it is not SDRS.
    pub other_service: Option<String>,
}

/// Advice for an error code (of a failed job or of an API error), with the
/// HTTP status when there is one.
pub fn advice_for(code: &str, http_status: Option<u16>) -> Advice {
    let sdrs = |meaning, action| Advice {
        meaning,
        action,
        other_service: None,
    };
    let code = code.trim();
    if let Some(number) = code.strip_prefix("SDRS.") {
        return match number.parse::<u16>().ok() {
            Some(1..=5) => sdrs(Key::MeaningAuth, Key::AdviceAuth),
            Some(201) => sdrs(Key::MeaningParams, Key::AdviceParams),
            Some(207) | Some(1013) => sdrs(Key::MeaningGroup, Key::AdviceGroup),
            Some(221) => sdrs(Key::MeaningLimit, Key::AdviceLimit),
            Some(222) => sdrs(Key::MeaningOffset, Key::AdviceOffset),
            Some(13) | Some(405) | Some(406) => sdrs(Key::MeaningInternal, Key::AdviceInternal),
            Some(1820) => sdrs(Key::MeaningExpand, Key::AdviceExpand),
            _ => sdrs(Key::MeaningUnknown, Key::AdviceUnknown),
        };
    }
    // The API gateway's codes (`APIGW.0301`: signature or token refused)
    // are about the call itself, not another service's resource.
    if let Some(service) = code_service(code).filter(|s| !matches!(*s, "APIGW" | "APIG")) {
        return Advice {
            meaning: Key::MeaningOtherService,
            action: Key::AdviceOtherService,
            other_service: Some(service.to_owned()),
        };
    }
    match http_status {
        Some(401) | Some(403) => sdrs(Key::MeaningAuth, Key::AdviceAuth),
        Some(429) => sdrs(Key::MeaningThrottled, Key::AdviceThrottled),
        Some(400) => sdrs(Key::MeaningParams, Key::AdviceParams),
        Some(s) if s >= 500 => sdrs(Key::MeaningInternal, Key::AdviceInternal),
        _ => sdrs(Key::MeaningUnknown, Key::AdviceUnknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a refused AK/SK signature (401 `APIGW.0301`) was
    /// advised as a failure of a cloud service named "APIGW".
    #[test]
    fn gateway_codes_follow_the_http_status() {
        assert_eq!(advice_for("APIGW.0301", Some(401)).action, Key::AdviceAuth);
        assert_eq!(advice_for("APIGW.0301", Some(401)).other_service, None);
        assert_eq!(advice_for("APIG.0301", Some(401)).action, Key::AdviceAuth);
        assert_eq!(advice_for("APIGW.0308", Some(429)).action, Key::AdviceThrottled);
        assert_eq!(advice_for("EVS.2024", None).other_service.as_deref(), Some("EVS"));
    }

    #[test]
    fn documented_sdrs_codes() {
        assert_eq!(advice_for("SDRS.0003", None).action, Key::AdviceAuth);
        assert_eq!(advice_for("SDRS.0201", Some(400)).action, Key::AdviceParams);
        assert_eq!(advice_for("SDRS.1013", None).action, Key::AdviceGroup);
        assert_eq!(advice_for("SDRS.0207", None).action, Key::AdviceGroup);
        assert_eq!(advice_for("SDRS.0221", None).action, Key::AdviceLimit);
        assert_eq!(advice_for("SDRS.0222", None).action, Key::AdviceOffset);
        assert_eq!(advice_for("SDRS.0406", None).action, Key::AdviceInternal);
        assert_eq!(advice_for("SDRS.1820", None).meaning, Key::MeaningExpand);
        assert_eq!(advice_for("SDRS.9999", None).action, Key::AdviceUnknown);
    }

    #[test]
    fn other_services_and_bare_statuses() {
        let a = advice_for("EVS.2024", None);
        assert_eq!(a.other_service.as_deref(), Some("EVS"));
        assert_eq!(advice_for("429", Some(429)).action, Key::AdviceThrottled);
        assert_eq!(advice_for("502", Some(502)).action, Key::AdviceInternal);
        assert_eq!(advice_for("", None).action, Key::AdviceUnknown);
    }
}
