//! Calibration, the quarterly review: scored leads against their outcomes. Conversion by score
//! band and by grid cell, ROC AUC, and the MQL threshold that best meets an objective.

use std::collections::BTreeMap;

use super::card::ScoreSummary;
use super::error::CalibrationError;
use super::grade::Grade;
use super::scorer::Outcome;

/// Leads and wins counted together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Tally {
    /// Closed leads.
    pub leads: u64,
    /// Of which won.
    pub wins: u64,
}

impl Tally {
    /// The share of leads won; `None` without leads.
    #[allow(clippy::cast_precision_loss)]
    #[must_use]
    pub fn conversion(&self) -> Option<f64> {
        (self.leads > 0).then(|| self.wins as f64 / self.leads as f64)
    }

    fn add(&mut self, outcome: Outcome) {
        self.leads = self.leads.saturating_add(1);
        if outcome.is_won() {
            self.wins = self.wins.saturating_add(1);
        }
    }

    fn merge(&mut self, other: Tally) {
        self.leads = self.leads.saturating_add(other.leads);
        self.wins = self.wins.saturating_add(other.wins);
    }

    fn losses(&self) -> u64 {
        self.leads.saturating_sub(self.wins)
    }
}

/// One score band's conversion: leads with `from <= total < to` (open ends are `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BandRow {
    /// Inclusive lower bound; `None` for the first band.
    pub from: Option<i64>,
    /// Exclusive upper bound; `None` for the last band.
    pub to: Option<i64>,
    /// Its leads and wins.
    pub tally: Tally,
}

/// What the MQL threshold should achieve. A lead is an MQL when its total is at least the
/// threshold; candidate thresholds are the scores seen.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Objective {
    /// Keep at least `min_share` (a fraction, e.g. 0.9) of the eventual wins among the MQLs,
    /// while cutting MQL volume the most: the highest threshold that keeps enough wins.
    KeepWins {
        /// The share of wins to keep, in `[0, 1]`.
        min_share: f64,
    },
    /// MQLs must convert at `min_rate` or better; among such thresholds keep the most wins
    /// (then the fewest MQLs).
    MinConversion {
        /// The lowest acceptable conversion, in `[0, 1]`.
        min_rate: f64,
    },
}

/// A threshold and what it does on the history.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ThresholdChoice {
    /// The MQL threshold: leads scoring at least this qualify.
    pub threshold: i64,
    /// Leads that would have been MQLs.
    pub mqls: u64,
    /// Wins among them.
    pub wins_kept: u64,
    /// `wins_kept` over all wins.
    pub win_share: f64,
    /// `mqls` over all leads: the MQL volume kept.
    pub volume_share: f64,
    /// `wins_kept` over `mqls`.
    pub conversion: f64,
}

/// A backtest of the definition of a good lead: closed leads' scores against their outcomes.
///
/// It keeps counts by score and by grid cell, so it is a mergeable aggregate: shard leads
/// anywhere, [`merge`](Self::merge) the shards, and get the same report as from one pass.
///
/// ```
/// use leadflow::scoring::{Calibration, Grade, Objective, Outcome};
/// let grade: Grade = "B2".parse()?;
/// let mut cal = Calibration::new();
/// for (score, outcome) in [(90, Outcome::Won), (70, Outcome::Won), (70, Outcome::Lost),
///                          (40, Outcome::Won), (20, Outcome::Lost), (10, Outcome::Lost)] {
///     cal.record(score, grade, outcome);
/// }
/// // Pairs (win, loss) ranked right: 90 beats all 3 losses, 70 beats 2 and ties 1,
/// // 40 beats 2: (3 + 2.5 + 2) / 9.
/// assert_eq!(cal.auc(), Some(7.5 / 9.0));
/// let choice = cal.threshold(Objective::KeepWins { min_share: 0.6 })?.unwrap();
/// assert_eq!((choice.threshold, choice.mqls, choice.wins_kept), (70, 3, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Calibration {
    by_score: BTreeMap<i64, Tally>,
    by_cell: BTreeMap<Grade, Tally>,
}

impl Calibration {
    /// An empty report.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one closed lead with this total and grade.
    pub fn record(&mut self, total: i64, grade: Grade, outcome: Outcome) {
        self.by_score.entry(total).or_default().add(outcome);
        self.by_cell.entry(grade).or_default().add(outcome);
    }

    /// Counts one closed lead by its score summary.
    pub fn add(&mut self, score: &ScoreSummary, outcome: Outcome) {
        self.record(score.total, score.grade, outcome);
    }

    /// Adds another shard's counts.
    pub fn merge(&mut self, other: &Calibration) {
        for (score, tally) in &other.by_score {
            self.by_score.entry(*score).or_default().merge(*tally);
        }
        for (grade, tally) in &other.by_cell {
            self.by_cell.entry(*grade).or_default().merge(*tally);
        }
    }

    /// All leads and wins.
    #[must_use]
    pub fn overall(&self) -> Tally {
        let mut all = Tally::default();
        for tally in self.by_score.values() {
            all.merge(*tally);
        }
        all
    }

    /// Leads and wins per exact score, ascending.
    #[must_use]
    pub fn by_score(&self) -> &BTreeMap<i64, Tally> {
        &self.by_score
    }

    /// Leads and wins per grid cell (A1 first); cells without leads are absent.
    #[must_use]
    pub fn by_cell(&self) -> &BTreeMap<Grade, Tally> {
        &self.by_cell
    }

    /// Conversion by score band. With edges `e0 < e1 < … < en` the bands are `total < e0`,
    /// `e0 <= total < e1`, …, `en <= total`: `n + 2` rows, empty ones included.
    ///
    /// # Errors
    /// [`CalibrationError::UnorderedEdges`] unless the edges are strictly ascending.
    pub fn by_band(&self, edges: &[i64]) -> Result<Vec<BandRow>, CalibrationError> {
        if edges.windows(2).any(|w| w.first() >= w.get(1)) {
            return Err(CalibrationError::UnorderedEdges);
        }
        let mut rows = Vec::with_capacity(edges.len() + 1);
        let mut from = None;
        for edge in edges.iter().copied().map(Some).chain(std::iter::once(None)) {
            let mut tally = Tally::default();
            let range = (
                from.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Included),
                edge.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded),
            );
            for t in self.by_score.range(range).map(|(_, t)| t) {
                tally.merge(*t);
            }
            rows.push(BandRow {
                from,
                to: edge,
                tally,
            });
            from = edge;
        }
        Ok(rows)
    }

    /// The ROC AUC of the score as a predictor of winning: the probability that a random won
    /// lead outscores a random lost one, ties counting one half (the average-rank,
    /// Mann–Whitney form). `None` without both wins and losses.
    #[allow(clippy::cast_precision_loss)]
    #[must_use]
    pub fn auc(&self) -> Option<f64> {
        let all = self.overall();
        let (wins, losses) = (u128::from(all.wins), u128::from(all.losses()));
        if wins == 0 || losses == 0 {
            return None;
        }
        // Twice the count of correctly ordered pairs, ties counting 1 (exact integers).
        let mut twice = 0_u128;
        let mut losses_below = 0_u128;
        for tally in self.by_score.values() {
            let (w, l) = (u128::from(tally.wins), u128::from(tally.losses()));
            twice = twice
                .saturating_add(w.saturating_mul(losses_below.saturating_mul(2).saturating_add(l)));
            losses_below = losses_below.saturating_add(l);
        }
        Some(twice as f64 / (2.0 * wins as f64 * losses as f64))
    }

    /// The MQL threshold that best meets `objective` on this history, or `None` when no
    /// threshold does (or there are no leads; or, for [`Objective::KeepWins`], no wins).
    ///
    /// # Errors
    /// [`CalibrationError::InvalidTarget`] when the objective's fraction is NaN or outside
    /// `[0, 1]`.
    #[allow(clippy::cast_precision_loss)]
    pub fn threshold(
        &self,
        objective: Objective,
    ) -> Result<Option<ThresholdChoice>, CalibrationError> {
        let target = match objective {
            Objective::KeepWins { min_share } => min_share,
            Objective::MinConversion { min_rate } => min_rate,
        };
        if !(0.0..=1.0).contains(&target) {
            return Err(CalibrationError::InvalidTarget { value: target });
        }
        let all = self.overall();
        if all.leads == 0 {
            return Ok(None);
        }
        // Scan thresholds from the highest score down; `kept` is what scores >= threshold.
        let mut kept = Tally::default();
        let mut best: Option<ThresholdChoice> = None;
        for (&score, tally) in self.by_score.iter().rev() {
            kept.merge(*tally);
            let choice = ThresholdChoice {
                threshold: score,
                mqls: kept.leads,
                wins_kept: kept.wins,
                win_share: if all.wins == 0 {
                    0.0
                } else {
                    kept.wins as f64 / all.wins as f64
                },
                volume_share: kept.leads as f64 / all.leads as f64,
                conversion: kept.conversion().unwrap_or(0.0),
            };
            match objective {
                Objective::KeepWins { min_share } => {
                    if all.wins > 0 && choice.win_share >= min_share {
                        // The first (highest) threshold that keeps enough wins cuts the most.
                        return Ok(Some(choice));
                    }
                }
                Objective::MinConversion { min_rate } => {
                    let better = best.is_none_or(|b| choice.wins_kept > b.wins_kept);
                    if choice.conversion >= min_rate && better {
                        best = Some(choice);
                    }
                }
            }
        }
        Ok(best)
    }
}

impl FromIterator<(ScoreSummary, Outcome)> for Calibration {
    fn from_iter<I: IntoIterator<Item = (ScoreSummary, Outcome)>>(iter: I) -> Self {
        let mut cal = Calibration::new();
        for (score, outcome) in iter {
            cal.add(&score, outcome);
        }
        cal
    }
}
