//! Reasons: why a lead was rejected, recycled, disqualified or lost (the feedback loop).

use std::fmt;

/// A reason code agreed between the teams (for example `no_budget`, `bad_timing`,
/// `competitor`) and an optional free-text note.
///
/// The note is free text a user typed ("asked to call back on +44 …, jo@acme.io"), so it is
/// treated as personal data: `Debug` shows only whether there is one, so that a logged
/// command, event or lead does not leak it. Read it through [`Reason::note`] (or the public
/// field), or show it with `Display`, which is explicit. The code is an agreed label, not
/// personal data, and is shown.
///
/// ```
/// use leadflow::Reason;
/// let reason = Reason::new("no_budget").with_note("asked to call back in Q3");
/// assert_eq!(reason.code, "no_budget");
/// assert!(!reason.is_blank());
/// assert!(Reason::new("  ").is_blank());
/// assert_eq!(reason.note(), Some("asked to call back in Q3"));
/// assert_eq!(format!("{reason:?}"), r#"Reason { code: "no_budget", note: Some(<redacted>) }"#);
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    /// The free-text note, if any: personal data, redacted from `Debug`.
    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
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

/// Stands in for a redacted value in `Debug` output.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Debug for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reason")
            .field("code", &self.code)
            .field("note", &self.note.as_ref().map(|_| Redacted))
            .finish()
    }
}
