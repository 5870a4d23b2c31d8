//! The errors of the metrics module.

use crate::id::LeadId;
use crate::money::Currency;

/// Why a metrics report could not be built, merged or priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricsError {
    /// An amount was in another currency than the report's. Reports never convert or add
    /// currencies: build one report per currency, or convert amounts before passing them in.
    #[error("currency mismatch: the report is in {expected}, found {found}")]
    CurrencyMismatch {
        /// The report's currency.
        expected: Currency,
        /// The currency found.
        found: Currency,
        /// The lead whose amount was in another currency, when it came from a history.
        lead: Option<LeadId>,
    },
    /// A sum of money or counts overflowed 64 bits. The data is implausible (check amounts
    /// in minor units), or split it into smaller reports.
    #[error("arithmetic overflow in {what}")]
    Overflow {
        /// What was being computed.
        what: &'static str,
    },
    /// Two reports built with different parameters (period, dimensions, currency, model
    /// parameters) were merged. Merge only reports built with the same spec.
    #[error("cannot merge reports built with different {what}")]
    IncompatibleReports {
        /// Which parameter differs.
        what: &'static str,
    },
    /// A parameter was invalid (for example a non-positive half-life). Fix the spec.
    #[error("invalid parameter: {what}")]
    InvalidParameter {
        /// What is wrong.
        what: String,
    },
}

pub(crate) fn add_i64(a: i64, b: i64, what: &'static str) -> Result<i64, MetricsError> {
    a.checked_add(b).ok_or(MetricsError::Overflow { what })
}
