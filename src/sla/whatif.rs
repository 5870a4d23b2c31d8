//! What-if: the same histories under two policies, side by side.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::event::EventEnvelope;

use super::evaluate::SlaEvaluator;
use super::outcome::LeadSla;
use super::summary::{Counts, SlaSummary};

/// One metric under both policies.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MetricComparison {
    /// The metric (for example `time_to_accept`).
    pub metric: String,
    /// Outcomes under the baseline.
    pub baseline: Counts,
    /// Outcomes under the alternative.
    pub alternative: Counts,
    /// Met / decided under the baseline.
    pub baseline_compliance: Option<f64>,
    /// Met / decided under the alternative.
    pub alternative_compliance: Option<f64>,
}

/// The side-by-side comparison of two policies over the same histories.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WhatIf {
    /// Everything under the baseline.
    pub baseline: SlaSummary,
    /// Everything under the alternative.
    pub alternative: SlaSummary,
    /// Per metric, in metric order.
    pub metrics: Vec<MetricComparison>,
}

/// Evaluates every history under `baseline` and under `alternative` at `now`, in one pass.
///
/// Build the alternative with [`SlaEvaluator::fixed`] to ask "what if this policy had
/// applied all along", for example a 2-hour acceptance target instead of 4.
#[must_use]
pub fn compare<H: AsRef<[EventEnvelope]>>(
    histories: impl IntoIterator<Item = H>,
    now: DateTime<Utc>,
    baseline: &SlaEvaluator,
    alternative: &SlaEvaluator,
) -> WhatIf {
    let mut sides = [SlaSummary::new(), SlaSummary::new()];
    let mut metrics: BTreeMap<String, [Counts; 2]> = BTreeMap::new();
    for history in histories {
        let history = history.as_ref();
        for (side, evaluator) in [baseline, alternative].into_iter().enumerate() {
            let report = evaluator.evaluate(history, now);
            tally(&mut metrics, &report, side);
            if let Some(summary) = sides.get_mut(side) {
                summary.add(&report);
            }
        }
    }
    let [baseline, alternative] = sides;
    WhatIf {
        baseline,
        alternative,
        metrics: metrics
            .into_iter()
            .map(|(metric, [baseline, alternative])| MetricComparison {
                metric,
                baseline_compliance: baseline.compliance(),
                alternative_compliance: alternative.compliance(),
                baseline,
                alternative,
            })
            .collect(),
    }
}

fn tally(metrics: &mut BTreeMap<String, [Counts; 2]>, report: &LeadSla, side: usize) {
    for (_, goal) in report.goals() {
        if !metrics.contains_key(&*goal.metric) {
            metrics.insert(goal.metric.to_string(), [Counts::default(); 2]);
        }
        if let Some(counts) = metrics
            .get_mut(&*goal.metric)
            .and_then(|pair| pair.get_mut(side))
        {
            counts.add(goal.outcome.kind());
        }
    }
}
