//! All reports from a single pass over the histories.

use crate::business_time::WorkingTime;
use crate::event::EventEnvelope;
use crate::id::LeadId;

use super::attribution::{AttributionReport, AttributionSpec};
use super::attributor::Attributor;
use super::builder::FunnelBuilder;
use super::effectiveness::{EffectivenessBuilder, EffectivenessReport, EffectivenessSpec};
use super::error::MetricsError;
use super::facts::for_each_lead;
use super::funnel::{FunnelReport, FunnelSpec};

/// The specs of the three reports.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MetricsSpec {
    /// The funnel.
    pub funnel: FunnelSpec,
    /// The attribution.
    pub attribution: AttributionSpec,
    /// The effectiveness review, or `None` to leave it out: the pass then does none of its
    /// work (per lead, the scores looked up and the figures of its campaign and source),
    /// and the report has no effectiveness figures. Absent from JSON when `None`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub effectiveness: Option<EffectivenessSpec>,
}

/// The funnel, attribution and effectiveness reports, built by reading each history once.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MetricsReport {
    /// The funnel.
    pub funnel: FunnelReport,
    /// The attribution.
    pub attribution: AttributionReport,
    /// The effectiveness figures, when the spec asks for them. Absent from JSON when
    /// `None`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub effectiveness: Option<EffectivenessReport>,
}

impl MetricsReport {
    /// Empty reports for `spec`.
    #[must_use]
    pub fn empty(spec: &MetricsSpec) -> Self {
        Self {
            funnel: FunnelReport::empty(&spec.funnel),
            attribution: AttributionReport::empty(&spec.attribution),
            effectiveness: spec.effectiveness.as_ref().map(EffectivenessReport::empty),
        }
    }

    /// Builds the reports in one pass over `histories` (one slice per lead, each lead
    /// once); see [`FunnelReport::build`], [`AttributionReport::build`] and
    /// [`EffectivenessReport::build`] (only when the spec has an effectiveness spec: `score`
    /// is not called otherwise).
    ///
    /// # Errors
    /// As [`AttributionReport::build`] and [`EffectivenessReport::build`].
    ///
    /// `histories` is read up to 15 leads ahead of the lead being added, so on an error
    /// it may have been advanced past the lead that raised it.
    pub fn build<'a, I>(
        spec: &MetricsSpec,
        working_time: &dyn WorkingTime,
        histories: I,
        score: &dyn Fn(LeadId) -> Option<i64>,
    ) -> Result<Self, MetricsError>
    where
        I: IntoIterator<Item = &'a [EventEnvelope]>,
    {
        let mut funnel = FunnelBuilder::new(&spec.funnel);
        let mut attributor = Attributor::new(&spec.attribution)?;
        let mut effectiveness = spec.effectiveness.as_ref().map(EffectivenessBuilder::new);
        for_each_lead(histories, |facts| {
            funnel.add(facts, working_time);
            attributor.add(facts)?;
            match &mut effectiveness {
                Some(effectiveness) => effectiveness.add(facts, score),
                None => Ok(()),
            }
        })?;
        Ok(Self {
            funnel: funnel.finish(),
            attribution: attributor.finish(),
            effectiveness: effectiveness.map(EffectivenessBuilder::finish),
        })
    }

    /// Adds the reports of `other`, built with the same spec from other leads.
    ///
    /// # Errors
    /// As the three reports' `merge`, and [`MetricsError::IncompatibleReports`] when one
    /// report has effectiveness figures and the other not. Every check runs before anything
    /// is added, so on an error `self` is unchanged.
    pub fn merge(&mut self, other: &MetricsReport) -> Result<(), MetricsError> {
        self.funnel.check_merge(&other.funnel)?;
        self.attribution.check_merge(&other.attribution)?;
        match (&self.effectiveness, &other.effectiveness) {
            (Some(mine), Some(theirs)) => mine.check_merge(theirs)?,
            (None, None) => {}
            _ => {
                return Err(MetricsError::IncompatibleReports {
                    what: "effectiveness specs",
                });
            }
        }
        self.funnel.merge(&other.funnel)?;
        self.attribution.merge(&other.attribution)?;
        match (&mut self.effectiveness, &other.effectiveness) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            _ => Ok(()),
        }
    }
}
