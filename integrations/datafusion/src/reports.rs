//! The report functions: the funnel, all metrics (funnel, attribution, effectiveness) and
//! the SLA summary, each configured when it is built.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::AggregateUDF;
use leadflow::metrics::{FunnelReport, FunnelSpec, MetricsReport, MetricsSpec};
use leadflow::sla::{Calendars, SlaError, SlaEvaluator, SlaPolicy, SlaSummary};
use leadflow::{EventEnvelope, WorkingTime};

use crate::report::{Fold, ReportUdaf, external};

/// The name the funnel function is registered under.
pub const FUNNEL: &str = "leadflow_funnel";
/// The name the metrics function is registered under.
pub const METRICS: &str = "leadflow_metrics";
/// The name the SLA function is registered under.
pub const SLA: &str = "leadflow_sla";

fn histories(leads: &[Vec<EventEnvelope>]) -> impl Iterator<Item = &[EventEnvelope]> {
    leads.iter().map(Vec::as_slice)
}

fn fingerprint(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(external)
}

pub(crate) struct FunnelFold {
    spec: FunnelSpec,
    working_time: Arc<dyn WorkingTime>,
    fingerprint: String,
}

impl fmt::Debug for FunnelFold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FunnelFold")
            .field("spec", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl Fold for FunnelFold {
    type Report = FunnelReport;

    fn name(&self) -> &'static str {
        FUNNEL
    }

    fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.working_time, &other.working_time)
    }

    fn build(&self, leads: &[Vec<EventEnvelope>]) -> Result<FunnelReport> {
        Ok(FunnelReport::build(
            &self.spec,
            self.working_time.as_ref(),
            histories(leads),
        ))
    }

    fn merge(&self, into: &mut FunnelReport, other: &FunnelReport) -> Result<()> {
        into.merge(other)
            .map_err(|e| DataFusionError::Execution(format!("{FUNNEL}: {e}")))
    }
}

/// `leadflow_funnel(history)`: the [`FunnelReport`] of the leads whose histories it
/// aggregates, as JSON, measured by `spec` with velocities in `working_time`
/// ([`CalendarTime`](leadflow::CalendarTime) or a business calendar).
///
/// Its partial state is the partial report as JSON (a Utf8 value); partial reports merge
/// with [`FunnelReport::merge`], which is exact for disjoint sets of leads. Each history
/// must be a lead's whole history, once: build it with [`history_udaf`](crate::history_udaf)
/// grouped by lead id.
///
/// # Errors
/// When `spec` cannot be serialized to JSON (it always can; the error is kept for safety).
pub fn funnel_udaf(spec: FunnelSpec, working_time: Arc<dyn WorkingTime>) -> Result<AggregateUDF> {
    Ok(AggregateUDF::from(ReportUdaf::new(FunnelFold::new(
        spec,
        working_time,
    )?)))
}

impl FunnelFold {
    pub(crate) fn new(spec: FunnelSpec, working_time: Arc<dyn WorkingTime>) -> Result<Self> {
        let fingerprint = fingerprint(&spec)?;
        Ok(Self {
            spec,
            working_time,
            fingerprint,
        })
    }
}

struct MetricsFold {
    spec: MetricsSpec,
    working_time: Arc<dyn WorkingTime>,
    fingerprint: String,
}

impl fmt::Debug for MetricsFold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetricsFold")
            .field("spec", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl Fold for MetricsFold {
    type Report = MetricsReport;

    fn name(&self) -> &'static str {
        METRICS
    }

    fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.working_time, &other.working_time)
    }

    fn build(&self, leads: &[Vec<EventEnvelope>]) -> Result<MetricsReport> {
        MetricsReport::build(
            &self.spec,
            self.working_time.as_ref(),
            histories(leads),
            &|_| None,
        )
        .map_err(|e| DataFusionError::Execution(format!("{METRICS}: {e}")))
    }

    fn merge(&self, into: &mut MetricsReport, other: &MetricsReport) -> Result<()> {
        into.merge(other)
            .map_err(|e| DataFusionError::Execution(format!("{METRICS}: {e}")))
    }
}

/// `leadflow_metrics(history)`: the [`MetricsReport`] (funnel, attribution and
/// effectiveness) of the leads whose histories it aggregates, as JSON, built with `spec`
/// and velocities in `working_time`. The effectiveness figures see no lead scores (the
/// score function answers `None`).
///
/// Its partial state is the partial report as JSON, merged with [`MetricsReport::merge`].
///
/// # Errors
/// When `spec` cannot be serialized to JSON (it always can; the error is kept for safety).
/// A spec the core refuses (e.g. attribution weights) fails at execution, with the core's
/// error.
pub fn metrics_udaf(spec: MetricsSpec, working_time: Arc<dyn WorkingTime>) -> Result<AggregateUDF> {
    let fingerprint = fingerprint(&spec)?;
    Ok(AggregateUDF::from(ReportUdaf::new(MetricsFold {
        spec,
        working_time,
        fingerprint,
    })))
}

struct SlaFold {
    evaluator: Arc<SlaEvaluator>,
    now: DateTime<Utc>,
    fingerprint: String,
}

impl fmt::Debug for SlaFold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlaFold")
            .field("evaluator", &self.evaluator)
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl Fold for SlaFold {
    type Report = SlaSummary;

    fn name(&self) -> &'static str {
        SLA
    }

    fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.evaluator, &other.evaluator)
    }

    fn build(&self, leads: &[Vec<EventEnvelope>]) -> Result<SlaSummary> {
        Ok(self.evaluator.summarize(histories(leads), self.now))
    }

    fn merge(&self, into: &mut SlaSummary, other: &SlaSummary) -> Result<()> {
        into.merge(other);
        Ok(())
    }
}

/// `leadflow_sla(history)`: the [`SlaSummary`] at `now` of the leads whose histories it
/// aggregates, as JSON: outcome counts in total and per goal, responsible team and owner
/// (compliance is `met / (met + breached)`, see
/// [`Counts::compliance`](leadflow::sla::Counts::compliance)). The policy versions and
/// calendars are checked here, once, as by [`SlaEvaluator::new`].
///
/// Its partial state is the partial summary as JSON, merged with [`SlaSummary::merge`].
///
/// # Errors
/// The errors of [`SlaEvaluator::new`] (no policy, a duplicate version, an invalid goal or
/// an unknown calendar).
pub fn sla_udaf(
    policies: &[SlaPolicy],
    calendars: &Calendars,
    now: DateTime<Utc>,
) -> Result<AggregateUDF, SlaError> {
    let evaluator = SlaEvaluator::new(policies, calendars)?;
    let names: Vec<&str> = calendars.names().collect();
    let fingerprint = format!(
        "{}|{}|{}",
        serde_json::to_string(policies).unwrap_or_default(),
        names.join(","),
        now.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    );
    Ok(AggregateUDF::from(ReportUdaf::new(SlaFold {
        evaluator: Arc::new(evaluator),
        now,
        fingerprint,
    })))
}
