//! The errors of the forecast module.

use crate::lead::ForecastCategory;
use crate::money::Currency;
use crate::stage::Stage;

/// Why a forecast, plan comparison or reverse waterfall could not be built or merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ForecastError {
    /// A configured win probability is above one million parts per million (100%). Fix the
    /// configuration: probabilities are in `0..=1_000_000` ppm.
    #[error("win probability for {category:?} is {ppm} ppm, above 1000000")]
    InvalidProbability {
        /// The forecast category it was configured for.
        category: ForecastCategory,
        /// The value given.
        ppm: u32,
    },
    /// An amount was in another currency than the report's. Forecasts never convert or add
    /// currencies: build one report per currency, or convert amounts before passing them in.
    #[error("currency mismatch: expected {expected}, found {found}")]
    CurrencyMismatch {
        /// The report's currency.
        expected: Currency,
        /// The currency found.
        found: Currency,
    },
    /// Two reports built with different parameters (period, `now`, currency) were merged or
    /// compared. Merge only reports built with the same spec and `now`; compare a plan with
    /// the forecast of the same period.
    #[error("incompatible reports: different {what}")]
    IncompatibleReports {
        /// Which parameter differs.
        what: &'static str,
    },
    /// The measured conversion between two stages is zero (or was never measured), so no
    /// number of leads at `from` is enough. Measure over a longer window, or supply the rate.
    #[error("no measured conversion from {from} to {to}")]
    NoConversion {
        /// The earlier stage.
        from: Stage,
        /// The later stage.
        to: Stage,
    },
    /// The average deal size is zero or negative (no wins were measured). Measure over a
    /// longer window, or supply the average deal size.
    #[error("no average deal size")]
    NoDealSize,
    /// A sum overflowed 128 bits. The amounts are implausible (check minor units).
    #[error("arithmetic overflow in {what}")]
    Overflow {
        /// What was being computed.
        what: &'static str,
    },
}
