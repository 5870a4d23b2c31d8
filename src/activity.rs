//! Activities: the touches between a lead and the company (e-mails, calls, visits, forms).

use chrono::{DateTime, Utc};

use crate::id::{CampaignId, UserId};

/// What kind of touch an activity was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ActivityKind {
    /// An e-mail sent to or received from the lead.
    Email,
    /// A phone call.
    Call,
    /// A meeting, in person or online.
    Meeting,
    /// A visit to the company's web site.
    WebVisit,
    /// A form filled in (download, contact request, sign-up).
    FormFill,
    /// A webinar or event attended.
    Event,
    /// Anything else the host records.
    Other,
}

impl ActivityKind {
    /// Every kind of touch, in declaration order.
    ///
    /// ```
    /// use leadflow::ActivityKind;
    ///
    /// assert_eq!(ActivityKind::ALL.len(), 7);
    /// assert_eq!(ActivityKind::ALL[0], ActivityKind::Email);
    /// ```
    pub const ALL: [ActivityKind; 7] = [
        ActivityKind::Email,
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::WebVisit,
        ActivityKind::FormFill,
        ActivityKind::Event,
        ActivityKind::Other,
    ];
}

/// One touch between the lead and the company.
///
/// `by` names the user who made the touch (a rep's call, a marketer's e-mail) and is `None`
/// when the lead acted alone (a web visit, a form fill). A touch by the lead's sales owner is
/// what "worked" means in the SLA and the metrics.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Activity {
    /// The kind of touch.
    pub kind: ActivityKind,
    /// When it happened (may precede the moment it was recorded).
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::serde_time::serialize_utc",
            deserialize_with = "crate::serde_time::deserialize_utc"
        )
    )]
    pub at: DateTime<Utc>,
    /// Who made the touch, if a user did.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub by: Option<UserId>,
    /// The campaign the touch belongs to, for attribution.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub campaign: Option<CampaignId>,
}

impl Activity {
    /// An activity of `kind` at `at`, by nobody in particular and outside any campaign.
    #[must_use]
    pub fn new(kind: ActivityKind, at: DateTime<Utc>) -> Self {
        Self {
            kind,
            at,
            by: None,
            campaign: None,
        }
    }

    /// The same activity, made by `user`.
    #[must_use]
    pub fn by(mut self, user: UserId) -> Self {
        self.by = Some(user);
        self
    }

    /// The same activity, credited to `campaign`.
    #[must_use]
    pub fn in_campaign(mut self, campaign: CampaignId) -> Self {
        self.campaign = Some(campaign);
        self
    }
}
