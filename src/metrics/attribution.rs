//! Attribution: crediting conversions (wins with their revenue, MQLs, SALs) to the campaigns
//! that touched the lead before them, by six models, exact to the minor unit.

use std::collections::BTreeMap;
use std::fmt;

use crate::event::EventEnvelope;
use crate::id::CampaignId;
use crate::money::{Currency, Money};
use crate::period::Period;

use super::attributor::Attributor;
use super::error::{MetricsError, add_i64};
use super::facts::for_each_lead;
use super::table::{Table, micros};

/// One conversion in micro-units: a conversion credited to campaigns is split into
/// 1,000,000 parts, so that fractional credits stay exact integers.
pub const MICROS: i64 = 1_000_000;

/// An attribution model: how a conversion's credit is split among the touches before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Model {
    /// All credit to the first touch.
    FirstTouch,
    /// All credit to the last touch at or before the conversion.
    LastTouch,
    /// Equal credit to every touch.
    Linear,
    /// 40% to the first touch, 40% to the last, 20% spread evenly over the touches between
    /// (with one touch it gets everything; with two, half each).
    UShaped,
    /// 30% each to three key touches and 10% spread evenly over the others. The key touches
    /// are the first touch, the last touch at or before the lead's (latest) MQL, and the last
    /// touch at or before its (latest) opportunity creation, each at or before the
    /// conversion; a key whose milestone is missing or has no touch before it falls on the
    /// first touch. Keys falling on one touch add up; with no other touches the 10% goes to
    /// the keys too (a third each).
    WShaped,
    /// Each touch weighs `2^(-age / half_life)`, its age taken back from the conversion;
    /// the weights are normalised to the newest touch (2^32) and rounded to integers.
    TimeDecay,
}

impl Model {
    /// Every model, in order.
    pub const ALL: [Model; 6] = [
        Model::FirstTouch,
        Model::LastTouch,
        Model::Linear,
        Model::UShaped,
        Model::WShaped,
        Model::TimeDecay,
    ];
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Model::FirstTouch => "first touch",
            Model::LastTouch => "last touch",
            Model::Linear => "linear",
            Model::UShaped => "u-shaped",
            Model::WShaped => "w-shaped",
            Model::TimeDecay => "time decay",
        })
    }
}

/// What an attribution report measures: conversions in `period`, revenue in `currency`,
/// and the half-life of the time-decay model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AttributionSpec {
    /// Conversions (a win, an entry into MQL, an entry into SAL) dated in this period count.
    pub period: Period,
    /// The currency of the revenue; a win in another currency is an error.
    pub currency: Currency,
    /// The half-life of [`Model::TimeDecay`], in seconds (seven days by default).
    pub half_life_secs: i64,
}

impl AttributionSpec {
    /// Conversions in `period`, revenue in `currency`, a seven-day half-life.
    #[must_use]
    pub fn new(period: Period, currency: Currency) -> Self {
        Self {
            period,
            currency,
            half_life_secs: 7 * 86_400,
        }
    }

    /// The same spec with another half-life for the time-decay model.
    #[must_use]
    pub fn with_half_life_secs(mut self, seconds: i64) -> Self {
        self.half_life_secs = seconds;
        self
    }
}

/// Credit given to a campaign (or left unattributed): revenue in minor units of the
/// report's currency, and wins, MQLs and SALs in micro-units ([`MICROS`] = one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Credit {
    /// Revenue, in minor units.
    pub revenue: i64,
    /// Wins, in micro-units.
    pub wins: i64,
    /// MQLs, in micro-units.
    pub mqls: i64,
    /// SALs, in micro-units.
    pub sals: i64,
}

impl Credit {
    /// The sum of both credits, or the overflow.
    fn merged(&self, other: &Credit) -> Result<Credit, MetricsError> {
        Ok(Credit {
            revenue: add_i64(self.revenue, other.revenue, "revenue")?,
            wins: add_i64(self.wins, other.wins, "win credits")?,
            mqls: add_i64(self.mqls, other.mqls, "mql credits")?,
            sals: add_i64(self.sals, other.sals, "sal credits")?,
        })
    }

    pub(crate) fn merge(&mut self, other: &Credit) -> Result<(), MetricsError> {
        *self = self.merged(other)?;
        Ok(())
    }
}

/// The credits of one model: per campaign, and what no touch preceded (unattributed). For
/// every model, the campaigns' credits plus the unattributed credit equal the report's
/// totals exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ModelCredits {
    /// Credit per campaign.
    pub campaigns: BTreeMap<CampaignId, Credit>,
    /// Conversions with no campaign touch before them.
    pub unattributed: Credit,
}

/// An attribution report: the conversions of a period credited to campaigns by every
/// [`Model`].
///
/// The touches of a lead are its activities with a campaign (dated by `Activity::at`) plus
/// its sourcing campaign (`Captured::campaign`), which counts as a touch at capture time.
/// A conversion is credited to the touches dated at or before it. Conversions are: each win
/// (`Won`, with its amount as revenue), each entry into MQL and each entry into SAL (for
/// cost per MQL and per SAL) dated in the period. Revenue is split by largest-remainder
/// rounding, ties to the lower campaign id, so credits sum exactly to the revenue.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadflow::metrics::{AttributionReport, AttributionSpec, Model};
/// use leadflow::{Activity, ActivityKind, Actor, Attributes, CampaignId, CommandId, Currency,
///                Event, EventEnvelope, LeadId, Money, Period, Role, SCHEMA_VERSION, Stage, Zone};
///
/// let eur = Currency::new("EUR")?;
/// let t = |day| Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap();
/// let envelope = |seq: u64, day, event| EventEnvelope {
///     lead_id: LeadId::from_u128(1), seq, occurred_at: t(day),
///     actor: Actor::new("ana", Role::SalesRep), command_id: CommandId::from_u128(seq.into()),
///     schema_version: SCHEMA_VERSION, event,
/// };
/// let touch = |day, campaign: &str| Event::ActivityRecorded {
///     activity: Activity::new(ActivityKind::Email, t(day)).in_campaign(campaign.into()) };
/// let history = vec![
///     envelope(1, 1, Event::Captured { stage: Stage::Inquiry, owner: None, source: None,
///         campaign: Some("ads".into()), attributes: Attributes::new() }),
///     envelope(2, 2, touch(2, "webinar")),
///     envelope(3, 3, Event::ConvertedToOpportunity { amount: Money::new(100, eur),
///         expected_close: None }),
///     envelope(4, 4, Event::Won { amount: Money::new(100, eur) }),
/// ];
/// let spec = AttributionSpec::new(Period::month(2026, 3, Zone::utc())?, eur);
/// let report = AttributionReport::build(&spec, [history.as_slice()])?;
/// let linear = &report.models[&Model::Linear];
/// assert_eq!(linear.campaigns[&CampaignId::new("ads")].revenue, 50);
/// assert_eq!(linear.campaigns[&CampaignId::new("webinar")].revenue, 50);
/// assert_eq!(report.totals.revenue, 100);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AttributionReport {
    /// What was measured.
    pub spec: AttributionSpec,
    /// All conversions of the period (one win is [`MICROS`]).
    pub totals: Credit,
    /// The credits of each model (every model is present).
    pub models: BTreeMap<Model, ModelCredits>,
}

impl AttributionReport {
    /// An empty report for `spec`.
    #[must_use]
    pub fn empty(spec: &AttributionSpec) -> Self {
        Self {
            spec: *spec,
            totals: Credit::default(),
            models: Model::ALL
                .iter()
                .map(|m| (*m, ModelCredits::default()))
                .collect(),
        }
    }

    /// Credits the conversions of `histories` (one slice of envelopes per lead, each lead
    /// once).
    ///
    /// # Errors
    /// [`MetricsError::InvalidParameter`] for a half-life that is not positive;
    /// [`MetricsError::CurrencyMismatch`] for a win in another currency than the spec's;
    /// [`MetricsError::Overflow`] when a sum overflows.
    ///
    /// `histories` is read up to 15 leads ahead of the lead being added, so on an error
    /// it may have been advanced past the lead that raised it.
    pub fn build<'a, I>(spec: &AttributionSpec, histories: I) -> Result<Self, MetricsError>
    where
        I: IntoIterator<Item = &'a [EventEnvelope]>,
    {
        let mut attributor = Attributor::new(spec)?;
        for_each_lead(histories, |facts| attributor.add(facts))?;
        Ok(attributor.finish())
    }

    /// Adds the credits of `other`, a report of other leads built with the same spec.
    ///
    /// # Errors
    /// [`MetricsError::IncompatibleReports`] when the specs differ;
    /// [`MetricsError::Overflow`] when a sum would overflow. Either way `self` is unchanged.
    pub fn merge(&mut self, other: &AttributionReport) -> Result<(), MetricsError> {
        self.check_merge(other)?;
        self.totals.merge(&other.totals)?;
        for (model, theirs) in &other.models {
            let mine = self.models.entry(*model).or_default();
            mine.unattributed.merge(&theirs.unattributed)?;
            for (campaign, credit) in &theirs.campaigns {
                mine.campaigns
                    .entry(campaign.clone())
                    .or_default()
                    .merge(credit)?;
            }
        }
        Ok(())
    }

    /// Whether [`merge`](Self::merge) would succeed, changing nothing: the same spec, and
    /// no sum overflows.
    pub(crate) fn check_merge(&self, other: &AttributionReport) -> Result<(), MetricsError> {
        if self.spec != other.spec {
            return Err(MetricsError::IncompatibleReports {
                what: "attribution specs",
            });
        }
        self.totals.merged(&other.totals)?;
        let zero = Credit::default();
        for (model, theirs) in &other.models {
            let mine = self.models.get(model);
            mine.map_or(&zero, |m| &m.unattributed)
                .merged(&theirs.unattributed)?;
            for (campaign, credit) in &theirs.campaigns {
                mine.and_then(|m| m.campaigns.get(campaign))
                    .unwrap_or(&zero)
                    .merged(credit)?;
            }
        }
        Ok(())
    }

    /// The revenue credited to `campaign` by `model`.
    #[must_use]
    pub fn revenue(&self, model: Model, campaign: &CampaignId) -> Money {
        let minor = self
            .models
            .get(&model)
            .and_then(|m| m.campaigns.get(campaign))
            .map_or(0, |c| c.revenue);
        Money::new(minor, self.spec.currency)
    }

    /// The report as plain-text tables (the same as its `Display`).
    #[must_use]
    pub fn render_table(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for AttributionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let currency = self.spec.currency;
        writeln!(
            f,
            "attribution, period {}: revenue {}, wins {}, mqls {}, sals {}",
            self.spec.period,
            Money::new(self.totals.revenue, currency),
            micros(self.totals.wins),
            micros(self.totals.mqls),
            micros(self.totals.sals)
        )?;
        let mut table = Table::new(
            "",
            &["model", "campaign", "revenue", "wins", "mqls", "sals"],
        );
        for (model, credits) in &self.models {
            let unattributed = (super::NONE.to_owned(), &credits.unattributed);
            let rows = credits
                .campaigns
                .iter()
                .map(|(c, credit)| (c.to_string(), credit))
                .chain(std::iter::once(unattributed));
            for (campaign, credit) in rows {
                table.row(vec![
                    model.to_string(),
                    campaign,
                    Money::new(credit.revenue, currency).to_string(),
                    micros(credit.wins),
                    micros(credit.mqls),
                    micros(credit.sals),
                ]);
            }
        }
        write!(f, "{table}")
    }
}
