//! Huawei Cloud regions: the SDRS and IAM endpoints of a region name, as
//! the official SDKs derive them. The names are those of the SDKs' IAM
//! endpoint table (`huaweicloudsdkcore` `auth/endpoint.py`), which covers
//! every public region; SDRS itself is offered in fewer of them, and a
//! region without SDRS answers with a connection error at the first call.

use std::fmt;

/// Every public region name the official SDKs know an IAM endpoint for.
pub const KNOWN_REGIONS: &[&str] = &[
    "af-south-1",
    "ae-ad-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-north-12",
    "cn-south-1",
    "cn-south-2",
    "cn-southwest-2",
    "eu-west-0",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "sa-brazil-1",
    "tr-west-1",
];

/// The endpoints of one region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    pub region: String,
    /// `https://sdrs.<region>.myhuaweicloud.com`
    pub sdrs: String,
    /// `https://iam.<region>.myhuaweicloud.com`
    pub iam: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRegion(pub String);

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The name is echoed only when it is a plausible region name.
        let plausible = self.0.len() <= 40 && self.0.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let shown = if plausible {
            self.0.as_str()
        } else {
            "(not a region name)"
        };
        write!(
            f,
            "--region {shown}: no such Huawei Cloud region; known regions: {}",
            KNOWN_REGIONS.join(", ")
        )
    }
}

impl std::error::Error for UnknownRegion {}

/// The SDRS and IAM endpoints of `region`.
pub fn endpoints(region: &str) -> Result<Endpoints, UnknownRegion> {
    if !KNOWN_REGIONS.contains(&region) {
        return Err(UnknownRegion(region.to_owned()));
    }
    Ok(Endpoints {
        region: region.to_owned(),
        sdrs: format!("https://sdrs.{region}.myhuaweicloud.com"),
        iam: format!("https://iam.{region}.myhuaweicloud.com"),
    })
}

/// The region of an official SDRS endpoint URL
/// (`https://sdrs.<region>.myhuaweicloud.com`), if it is one.
pub fn of_sdrs_endpoint(url: &str) -> Option<String> {
    let host = reqwest::Url::parse(url).ok()?.host_str()?.to_owned();
    let region = host.strip_prefix("sdrs.")?.strip_suffix(".myhuaweicloud.com")?;
    KNOWN_REGIONS.contains(&region).then(|| region.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_both_endpoints() {
        assert_eq!(
            endpoints("ap-southeast-3").unwrap(),
            Endpoints {
                region: "ap-southeast-3".into(),
                sdrs: "https://sdrs.ap-southeast-3.myhuaweicloud.com".into(),
                iam: "https://iam.ap-southeast-3.myhuaweicloud.com".into(),
            }
        );
        // Every region of the SDRS SDK's own table is known.
        for r in [
            "ap-southeast-3",
            "ap-southeast-2",
            "cn-north-4",
            "cn-south-1",
            "cn-east-2",
            "cn-east-3",
            "af-south-1",
        ] {
            assert!(endpoints(r).is_ok(), "{r}");
        }
    }

    #[test]
    fn unknown_regions_are_a_clear_error() {
        let e = endpoints("ap-southeast-9").unwrap_err().to_string();
        assert!(
            e.contains("ap-southeast-9")
                && e.contains("no such Huawei Cloud region")
                && e.contains("cn-north-4"),
            "{e}"
        );
        let e = endpoints("AP-SOUTHEAST-3").unwrap_err().to_string();
        assert!(e.contains("no such"), "{e}");
        let e = endpoints("<script>").unwrap_err().to_string();
        assert!(!e.contains("<script>"), "{e}");
    }

    #[test]
    fn region_of_an_sdrs_url() {
        assert_eq!(
            of_sdrs_endpoint("https://sdrs.cn-north-4.myhuaweicloud.com/").as_deref(),
            Some("cn-north-4")
        );
        assert_eq!(of_sdrs_endpoint("http://127.0.0.1:8080"), None);
        assert_eq!(of_sdrs_endpoint("https://sdrs.nowhere-1.myhuaweicloud.com"), None);
    }
}
