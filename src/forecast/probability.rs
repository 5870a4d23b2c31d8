//! Win probabilities: fixed per forecast category, the naive-Bayes scorer, or the
//! empirical category-to-win conversion measured from closed history.

use chrono::{DateTime, Utc};

use crate::event::{Event, EventEnvelope};
use crate::lead::{ForecastCategory, Lead, Opportunity};
use crate::scoring::BayesModel;

use super::error::ForecastError;
use super::view::PPM;

/// What gives an open opportunity its win probability, in parts per million
/// (`0..=1_000_000`). Implemented by [`WinProbability`]; a host may implement it too.
pub trait WinModel: Send + Sync {
    /// The probability that `opportunity` (of `lead`) is won, in ppm. Values above
    /// 1 000 000 are treated as 1 000 000.
    fn win_ppm(&self, lead: &Lead, opportunity: &Opportunity) -> u32;
}

impl<T: WinModel + ?Sized> WinModel for &T {
    fn win_ppm(&self, lead: &Lead, opportunity: &Opportunity) -> u32 {
        (**self).win_ppm(lead, opportunity)
    }
}

/// A win probability per open forecast category, in ppm, validated in `[0, 1]`.
///
/// ```
/// use leadflow::forecast::CategoryProbabilities;
/// let p = CategoryProbabilities::new(100_000, 400_000, 800_000)?; // 10%, 40%, 80%
/// assert!(CategoryProbabilities::new(100_000, 400_000, 1_200_000).is_err());
/// # let _ = p;
/// # Ok::<(), leadflow::forecast::ForecastError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CategoryProbabilities {
    pipeline: u32,
    best_case: u32,
    commit: u32,
}

impl CategoryProbabilities {
    /// Probabilities for pipeline, best-case and commit opportunities, in ppm.
    ///
    /// # Errors
    /// [`ForecastError::InvalidProbability`] for a value above 1 000 000.
    pub fn new(pipeline: u32, best_case: u32, commit: u32) -> Result<Self, ForecastError> {
        for (category, ppm) in [
            (ForecastCategory::Pipeline, pipeline),
            (ForecastCategory::BestCase, best_case),
            (ForecastCategory::Commit, commit),
        ] {
            if ppm > PPM {
                return Err(ForecastError::InvalidProbability { category, ppm });
            }
        }
        Ok(Self {
            pipeline,
            best_case,
            commit,
        })
    }

    /// The probability of `category`: closed is certain, omitted is zero.
    #[must_use]
    pub fn of(&self, category: ForecastCategory) -> u32 {
        match category {
            ForecastCategory::Pipeline => self.pipeline,
            ForecastCategory::BestCase => self.best_case,
            ForecastCategory::Commit => self.commit,
            ForecastCategory::Closed => PPM,
            ForecastCategory::Omitted => 0,
        }
    }
}

/// Closed opportunities counted by the forecast category they held when they closed, and
/// how many of them were won: the empirical category-to-win conversion. Measured from
/// histories with [`EmpiricalRates::measure`]; mergeable across shards.
///
/// ```
/// use leadflow::ForecastCategory;
/// use leadflow::forecast::EmpiricalRates;
/// let rates = EmpiricalRates::default(); // nothing measured yet
/// assert_eq!(rates.ppm(ForecastCategory::Commit), 0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EmpiricalRates {
    /// `[pipeline, best_case, commit]`: opportunities closed (won or lost) from that category.
    pub closed: [u64; 3],
    /// `[pipeline, best_case, commit]`: of those, won.
    pub won: [u64; 3],
}

fn slot(category: ForecastCategory) -> Option<usize> {
    match category {
        ForecastCategory::Pipeline => Some(0),
        ForecastCategory::BestCase => Some(1),
        ForecastCategory::Commit => Some(2),
        ForecastCategory::Closed | ForecastCategory::Omitted => None,
    }
}

impl EmpiricalRates {
    /// Measures the rates from every opportunity closed at or before `now` in `histories`
    /// (one slice of envelopes per lead). Later events are ignored, so a backtest measures
    /// only what was known then.
    pub fn measure<'a, I>(histories: I, now: DateTime<Utc>) -> Self
    where
        I: IntoIterator<Item = &'a [EventEnvelope]>,
    {
        let mut rates = Self::default();
        for history in histories {
            rates.observe(history, now);
        }
        rates
    }

    /// Adds one lead's closed opportunities (up to `now`).
    pub fn observe(&mut self, history: &[EventEnvelope], now: DateTime<Utc>) {
        let mut open: Option<ForecastCategory> = None;
        for envelope in history.iter().filter(|e| e.occurred_at <= now) {
            match &envelope.event {
                Event::ConvertedToOpportunity { .. } => open = Some(ForecastCategory::Pipeline),
                Event::OpportunityUpdated {
                    forecast_category: Some(category),
                    ..
                } => {
                    if let Some(current) = &mut open {
                        if slot(*category).is_some() {
                            *current = *category;
                        }
                    }
                }
                Event::Won { .. } | Event::Lost { .. } => {
                    if let Some(i) = open.take().and_then(slot) {
                        if let Some(c) = self.closed.get_mut(i) {
                            *c = c.saturating_add(1);
                        }
                        if matches!(envelope.event, Event::Won { .. }) {
                            if let Some(w) = self.won.get_mut(i) {
                                *w = w.saturating_add(1);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Adds another shard's counts.
    pub fn merge(&mut self, other: &EmpiricalRates) {
        for i in 0..3 {
            if let (Some(c), Some(o)) = (self.closed.get_mut(i), other.closed.get(i)) {
                *c = c.saturating_add(*o);
            }
            if let (Some(w), Some(o)) = (self.won.get_mut(i), other.won.get(i)) {
                *w = w.saturating_add(*o);
            }
        }
    }

    /// The measured win rate of `category` in ppm (rounded down); the rate over all
    /// categories when none closed from this one; 0 when nothing closed at all. Closed is
    /// 1 000 000, omitted 0.
    #[must_use]
    pub fn ppm(&self, category: ForecastCategory) -> u32 {
        let rate = |won: u64, closed: u64| -> u32 {
            if closed == 0 {
                return 0;
            }
            let ppm = u128::from(won) * u128::from(PPM) / u128::from(closed);
            u32::try_from(ppm).unwrap_or(PPM).min(PPM)
        };
        match slot(category) {
            None if category == ForecastCategory::Closed => PPM,
            None => 0,
            Some(i) => {
                let closed = self.closed.get(i).copied().unwrap_or(0);
                if closed > 0 {
                    rate(self.won.get(i).copied().unwrap_or(0), closed)
                } else {
                    let all_closed = self.closed.iter().fold(0u64, |a, b| a.saturating_add(*b));
                    let all_won = self.won.iter().fold(0u64, |a, b| a.saturating_add(*b));
                    rate(all_won, all_closed)
                }
            }
        }
    }
}

/// The host's choice of win probability for open opportunities.
///
/// ```
/// use leadflow::forecast::{CategoryProbabilities, WinProbability};
/// let fixed = WinProbability::Fixed(CategoryProbabilities::new(100_000, 400_000, 800_000)?);
/// # let _ = fixed;
/// # Ok::<(), leadflow::forecast::ForecastError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WinProbability {
    /// A fixed probability per forecast category.
    Fixed(CategoryProbabilities),
    /// The naive-Bayes model's probability from the lead's attributes.
    Bayes(BayesModel),
    /// The category-to-win conversion measured from closed history.
    Empirical(EmpiricalRates),
}

impl WinModel for WinProbability {
    fn win_ppm(&self, lead: &Lead, opportunity: &Opportunity) -> u32 {
        let category = opportunity.forecast_category;
        match self {
            WinProbability::Fixed(p) => p.of(category),
            WinProbability::Empirical(rates) => rates.ppm(category),
            WinProbability::Bayes(model) => match category {
                ForecastCategory::Closed => PPM,
                ForecastCategory::Omitted => 0,
                _ => {
                    let p = model.probability(lead.attributes());
                    let p = if p.is_finite() {
                        p.clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    // in 0..=1e6 after the clamp
                    let ppm = (p * f64::from(PPM)).round() as u32;
                    ppm.min(PPM)
                }
            },
        }
    }
}
