//! Reasons: why a lead was rejected, recycled, disqualified or lost (the feedback loop).

use std::fmt;

/// A reason code agreed between the teams (for example `no_budget`, `bad_timing`,
/// `competitor`) and an optional free-text note.
///
/// ```
/// use leadflow::Reason;
/// let reason = Reason::new("no_budget").with_note("asked to call back in Q3");
/// assert_eq!(reason.code, "no_budget");
/// assert!(!reason.is_blank());
/// assert!(Reason::new("  ").is_blank());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Reason {
    /// The agreed reason code.
    pub code: String,
    /// Free text.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub note: Option<String>,
}

impl Reason {
    /// A reason with a code and no note.
    #[must_use]
    pub fn new(code: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            note: None,
        }
    }

    /// The same reason with a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Whether the code is empty or white space, which `decide` refuses.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.code.trim().is_empty()
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.note {
            Some(note) => write!(f, "{} ({note})", self.code),
            None => f.write_str(&self.code),
        }
    }
}
