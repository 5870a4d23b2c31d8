//! The funnel report: stage entries, cohort and period conversion, velocity, flows and the
//! sales side, for a period, optionally broken down by dimensions.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;

use crate::business_time::WorkingTime;
use crate::event::EventEnvelope;
use crate::period::Period;
use crate::stage::Stage;

use super::builder::FunnelBuilder;
use super::cell::{FunnelCell, Transition};
use super::dimension::{Dimension, GroupKey};
use super::error::MetricsError;
use super::facts::for_each_lead;
use super::sales::WinLoss;
use super::segment::Segment;
use super::table::{Table, duration, percent};

/// The transitions a funnel measures by default: each step of the waterfall, MQL to SAL
/// (the handoff as a whole) and Inquiry to Customer (end to end).
pub const DEFAULT_TRANSITIONS: [Transition; 8] = [
    Transition::new(Stage::Inquiry, Stage::Mql),
    Transition::new(Stage::Mql, Stage::HandedOff),
    Transition::new(Stage::HandedOff, Stage::Sal),
    Transition::new(Stage::Sal, Stage::Sql),
    Transition::new(Stage::Sql, Stage::Opportunity),
    Transition::new(Stage::Opportunity, Stage::Customer),
    Transition::new(Stage::Mql, Stage::Sal),
    Transition::new(Stage::Inquiry, Stage::Customer),
];

/// What a funnel report measures: the period, the dimensions to break it down by, the
/// segments (for [`Dimension::Segment`]) and the transitions whose velocity it measures.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FunnelSpec {
    /// The period.
    pub period: Period,
    /// The dimensions, in the order of the group keys' values.
    #[cfg_attr(feature = "serde", serde(default))]
    pub dimensions: Vec<Dimension>,
    /// The segments, for [`Dimension::Segment`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub segments: Vec<Segment>,
    /// The transitions whose velocity is measured.
    pub transitions: Vec<Transition>,
}

impl FunnelSpec {
    /// A spec for `period`, without dimensions, measuring [`DEFAULT_TRANSITIONS`].
    #[must_use]
    pub fn new(period: Period) -> Self {
        Self {
            period,
            dimensions: Vec::new(),
            segments: Vec::new(),
            transitions: DEFAULT_TRANSITIONS.to_vec(),
        }
    }

    /// The same spec, broken down by `dimensions`.
    #[must_use]
    pub fn by(mut self, dimensions: impl IntoIterator<Item = Dimension>) -> Self {
        self.dimensions.extend(dimensions);
        self
    }

    /// The same spec, with `segments` for [`Dimension::Segment`].
    #[must_use]
    pub fn with_segments(mut self, segments: impl IntoIterator<Item = Segment>) -> Self {
        self.segments.extend(segments);
        self
    }

    /// The same spec, measuring `transitions` instead.
    #[must_use]
    pub fn with_transitions(mut self, transitions: impl IntoIterator<Item = Transition>) -> Self {
        self.transitions = transitions.into_iter().collect();
        self
    }
}

/// A funnel report: the figures of all leads (`total`) and of each group of the spec's
/// dimensions, plus wins and losses by source (the win rate by source).
///
/// Built in one pass over the histories (one slice of envelopes per lead); it holds
/// O(leads) values (the velocity samples), never O(events). Reports of disjoint sets of
/// leads merge exactly: `merge(report(a), report(b)) == report(a ++ b)`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadflow::metrics::{Dimension, FunnelReport, FunnelSpec};
/// use leadflow::{Actor, Attributes, CalendarTime, CommandId, Event, EventEnvelope, LeadId,
///                Period, Role, SCHEMA_VERSION, Stage, Zone};
///
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let envelope = |seq, minutes, event| EventEnvelope {
///     lead_id: LeadId::from_u128(1), seq, occurred_at: at + chrono::TimeDelta::minutes(minutes),
///     actor: Actor::new("mia", Role::Marketer), command_id: CommandId::from_u128(seq.into()),
///     schema_version: SCHEMA_VERSION, event,
/// };
/// let history = vec![
///     envelope(1, 0, Event::Captured { stage: Stage::Inquiry, owner: None,
///         source: Some("web".into()), campaign: None, attributes: Attributes::new() }),
///     envelope(2, 90, Event::QualifiedMql),
/// ];
/// let spec = FunnelSpec::new(Period::month(2026, 3, Zone::utc())?).by([Dimension::Source]);
/// let report = FunnelReport::build(&spec, &CalendarTime, [history.as_slice()]);
/// assert_eq!(report.total.entered(Stage::Mql), 1);
/// assert_eq!(report.total.velocity(Stage::Inquiry, Stage::Mql).unwrap().median(), Some(5400));
/// assert!(report.render_table().contains("web"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FunnelReport {
    /// What was measured.
    pub spec: FunnelSpec,
    /// All leads.
    pub total: FunnelCell,
    /// Each group of the spec's dimensions (empty without dimensions).
    #[cfg_attr(feature = "serde", serde(with = "super::pairs"))]
    pub groups: BTreeMap<GroupKey, FunnelCell>,
    /// Opportunities won and lost in the period, by the lead's source.
    pub by_source: BTreeMap<String, WinLoss>,
}

impl FunnelReport {
    /// An empty report for `spec`.
    #[must_use]
    pub fn empty(spec: &FunnelSpec) -> Self {
        Self {
            spec: spec.clone(),
            total: FunnelCell::new(&spec.transitions),
            groups: BTreeMap::new(),
            by_source: BTreeMap::new(),
        }
    }

    /// Measures `histories` (one slice of envelopes per lead, each lead once), timing
    /// velocities in `working_time` ([`CalendarTime`](crate::CalendarTime), or a business
    /// calendar).
    #[must_use]
    pub fn build<'a, I>(spec: &FunnelSpec, working_time: &dyn WorkingTime, histories: I) -> Self
    where
        I: IntoIterator<Item = &'a [EventEnvelope]>,
    {
        let mut builder = FunnelBuilder::new(spec);
        let Ok(()) = for_each_lead(histories, |facts| {
            builder.add(facts, working_time);
            Ok::<(), Infallible>(())
        });
        builder.finish()
    }

    /// Adds the figures of `other`, a report of other leads built with the same spec.
    ///
    /// # Errors
    /// [`MetricsError::IncompatibleReports`] when the specs differ; `self` is unchanged.
    pub fn merge(&mut self, other: &FunnelReport) -> Result<(), MetricsError> {
        self.check_merge(other)?;
        self.total.merge(&other.total);
        for (key, cell) in &other.groups {
            match self.groups.get_mut(key) {
                Some(mine) => mine.merge(cell),
                None => {
                    self.groups.insert(key.clone(), cell.clone());
                }
            }
        }
        for (source, wl) in &other.by_source {
            self.by_source.entry(source.clone()).or_default().merge(wl);
        }
        Ok(())
    }

    /// Whether [`merge`](Self::merge) would succeed, changing nothing: the same spec (the
    /// sums themselves saturate).
    pub(crate) fn check_merge(&self, other: &FunnelReport) -> Result<(), MetricsError> {
        if self.spec == other.spec {
            Ok(())
        } else {
            Err(MetricsError::IncompatibleReports {
                what: "funnel specs",
            })
        }
    }

    /// The report as plain-text tables (the same as its `Display`).
    #[must_use]
    pub fn render_table(&self) -> String {
        self.to_string()
    }
}

const WATERFALL: [Stage; 8] = [
    Stage::Inquiry,
    Stage::Mql,
    Stage::HandedOff,
    Stage::Sal,
    Stage::Sql,
    Stage::Opportunity,
    Stage::Customer,
    Stage::Advocate,
];

fn render_cell(f: &mut fmt::Formatter<'_>, name: &str, cell: &FunnelCell) -> fmt::Result {
    let mut stages = Table::new(
        format!("funnel: {name} ({} leads)", cell.leads),
        &["stage", "entered", "next", "cohort conv", "period conv"],
    );
    for stage in Stage::ALL {
        let next = WATERFALL
            .iter()
            .position(|s| *s == stage)
            .and_then(|i| WATERFALL.get(i + 1));
        stages.row(vec![
            stage.to_string(),
            cell.entered(stage).to_string(),
            next.map_or_else(|| "-".to_owned(), ToString::to_string),
            next.map_or_else(
                || "-".to_owned(),
                |n| percent(cell.reached(stage, *n), cell.entered(stage)),
            ),
            next.map_or_else(
                || "-".to_owned(),
                |n| percent(cell.entered(*n), cell.entered(stage)),
            ),
        ]);
    }
    writeln!(f, "{stages}")?;
    let mut velocity = Table::new("", &["transition", "n", "median", "p75", "p90"]);
    for v in &cell.velocity {
        velocity.row(vec![
            format!("{} -> {}", v.transition.from, v.transition.to),
            v.seconds.len().to_string(),
            duration(v.seconds.median()),
            duration(v.seconds.percentile(75)),
            duration(v.seconds.percentile(90)),
        ]);
    }
    writeln!(f, "{velocity}")?;
    let flows = &cell.flows;
    let sales = &cell.sales;
    let mut side = Table::new("", &["figure", "count", "rate"]);
    let mut row = |label: &str, part: u64, whole: u64| {
        side.row(vec![
            label.to_owned(),
            part.to_string(),
            percent(part, whole),
        ]);
    };
    row("moves", flows.moves, flows.moves);
    row("advanced", flows.advanced, flows.moves);
    row("recycled", flows.recycled, flows.moves);
    row("disqualified", flows.disqualified, flows.moves);
    row("handed off", sales.handed_off, sales.handed_off);
    row("worked by owner", sales.worked, sales.handed_off);
    row("accepted", sales.accepted, sales.handed_off);
    row("rejected", sales.rejected, sales.handed_off);
    for (code, n) in &sales.rejection_reasons {
        row(&format!("  rejected: {code}"), *n, sales.rejected);
    }
    let closed = sales.closed.won.saturating_add(sales.closed.lost);
    row("won (close rate)", sales.closed.won, closed);
    row("lost", sales.closed.lost, closed);
    side.row(vec![
        "time to work (median / p90)".to_owned(),
        duration(sales.time_to_work.median()),
        duration(sales.time_to_work.percentile(90)),
    ]);
    writeln!(f, "{side}")
}

impl fmt::Display for FunnelReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "period {}", self.spec.period)?;
        render_cell(f, "all leads", &self.total)?;
        let dims: Vec<String> = self
            .spec
            .dimensions
            .iter()
            .map(ToString::to_string)
            .collect();
        for (key, cell) in &self.groups {
            render_cell(f, &format!("{} = {key}", dims.join(" / ")), cell)?;
        }
        let mut sources = Table::new("win rate by source", &["source", "won", "lost", "win rate"]);
        for (source, wl) in &self.by_source {
            sources.row(vec![
                source.clone(),
                wl.won.to_string(),
                wl.lost.to_string(),
                percent(wl.won, wl.won.saturating_add(wl.lost)),
            ]);
        }
        write!(f, "{sources}")
    }
}
