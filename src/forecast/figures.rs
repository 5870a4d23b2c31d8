//! The figures of one forecast cell (a territory, team or owner, or the total).

use super::view::{PPM, round_div};

/// The forecast figures of one group of leads, in minor units of the report's currency.
/// Adding is exact, so cells merge across shards and a territory's figures are the sums of
/// its owners'.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Figures {
    /// Closed won in the period (won at or before `now`).
    pub won: i128,
    /// How many opportunities were won in the period.
    pub won_count: u64,
    /// Open opportunities expected to close in the period, unweighted (the open pipeline;
    /// omitted ones are left out).
    pub open: i128,
    /// How many open opportunities are expected to close in the period.
    pub open_count: u64,
    /// The open amounts weighted by their win probability, each rounded to the minor unit.
    pub weighted: i128,
    /// Open amounts in the commit category.
    pub commit: i128,
    /// Open amounts in the best-case category.
    pub best_case: i128,
    /// The part of `won` whose leads came through marketing (Mql or hand-off before Sal).
    pub marketing_won: i128,
    /// The part of `weighted` whose leads came through marketing.
    pub marketing_weighted: i128,
}

impl Figures {
    /// The forecast: closed won plus the weighted open amounts.
    #[must_use]
    pub fn forecast(&self) -> i128 {
        self.won.saturating_add(self.weighted)
    }

    /// Closed won plus commit.
    #[must_use]
    pub fn commit_total(&self) -> i128 {
        self.won.saturating_add(self.commit)
    }

    /// Closed won plus commit plus best case.
    #[must_use]
    pub fn best_case_total(&self) -> i128 {
        self.commit_total().saturating_add(self.best_case)
    }

    /// The share of the forecast from marketing-sourced leads, in basis points (rounded);
    /// `None` when the forecast is not positive.
    #[must_use]
    pub fn marketing_share_bps(&self) -> Option<u64> {
        let forecast = self.forecast();
        if forecast <= 0 {
            return None;
        }
        let marketing = self.marketing_won.saturating_add(self.marketing_weighted);
        u64::try_from(round_div(marketing.saturating_mul(10_000), forecast)).ok()
    }

    /// Adds another cell's figures.
    pub fn add(&mut self, other: &Figures) {
        self.won = self.won.saturating_add(other.won);
        self.won_count = self.won_count.saturating_add(other.won_count);
        self.open = self.open.saturating_add(other.open);
        self.open_count = self.open_count.saturating_add(other.open_count);
        self.weighted = self.weighted.saturating_add(other.weighted);
        self.commit = self.commit.saturating_add(other.commit);
        self.best_case = self.best_case.saturating_add(other.best_case);
        self.marketing_won = self.marketing_won.saturating_add(other.marketing_won);
        self.marketing_weighted = self
            .marketing_weighted
            .saturating_add(other.marketing_weighted);
    }
}

/// `amount × ppm / 1 000 000`, rounded half away from zero.
#[must_use]
pub fn weigh(amount: i64, ppm: u32) -> i128 {
    round_div(
        i128::from(amount).saturating_mul(i128::from(ppm.min(PPM))),
        i128::from(PPM),
    )
}
