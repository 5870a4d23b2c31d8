//! The report aggregates: one generic UDAF over lead histories whose partial state is the
//! serialized, mergeable leadflow report.

use std::fmt::Debug;
use std::hash::{Hash, Hasher};

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::cast::{as_large_string_array, as_string_array};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Signature, Volatility};
use leadflow::EventEnvelope;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What a report aggregate computes: how to build a report from whole histories and how to
/// merge two.
pub(crate) trait Fold: Debug + Send + Sync + 'static {
    /// The report.
    type Report: Serialize + DeserializeOwned + Debug + Send + Sync;

    /// The function's name.
    fn name(&self) -> &'static str;

    /// The configuration, canonical, for equality and hashing of the function.
    fn fingerprint(&self) -> &str;

    /// Whether two folds with equal fingerprints are the same (e.g. the same calendar).
    fn same(&self, other: &Self) -> bool;

    /// The report of `histories` (each a whole history of a distinct lead).
    fn build(&self, histories: &[Vec<EventEnvelope>]) -> Result<Self::Report>;

    /// Adds `other` (a report of other leads) to `into`.
    fn merge(&self, into: &mut Self::Report, other: &Self::Report) -> Result<()>;
}

/// A report aggregate: `name(history)`, where `history` is a lead's whole history as the
/// JSON list that `leadflow_history` returns.
#[derive(Debug)]
pub(crate) struct ReportUdaf<F> {
    fold: std::sync::Arc<F>,
    signature: Signature,
}

impl<F: Fold> ReportUdaf<F> {
    pub(crate) fn new(fold: F) -> Self {
        Self {
            fold: std::sync::Arc::new(fold),
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl<F: Fold> PartialEq for ReportUdaf<F> {
    fn eq(&self, other: &Self) -> bool {
        self.fold.fingerprint() == other.fold.fingerprint() && self.fold.same(&other.fold)
    }
}

impl<F: Fold> Eq for ReportUdaf<F> {}

impl<F: Fold> Hash for ReportUdaf<F> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fold.name().hash(state);
        self.fold.fingerprint().hash(state);
    }
}

impl<F: Fold> AggregateUDFImpl for ReportUdaf<F> {
    fn name(&self) -> &str {
        self.fold.name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if arg_types.len() == 1 {
            Ok(vec![DataType::LargeUtf8])
        } else {
            Err(DataFusionError::Plan(format!(
                "{} takes one argument, a lead's history from leadflow_history, not {}",
                self.fold.name(),
                arg_types.len()
            )))
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(ReportAccumulator::new(std::sync::Arc::clone(
            &self.fold,
        ))))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![
            Field::new(format!("{}[report]", args.name), DataType::Utf8, true).into(),
        ])
    }
}

/// The partial report of the histories seen so far (`None` before the first).
#[derive(Debug)]
pub(crate) struct ReportAccumulator<F: Fold> {
    fold: std::sync::Arc<F>,
    report: Option<F::Report>,
    /// The size of the JSON last read or written, as an estimate of the report's size.
    bytes: usize,
}

impl<F: Fold> ReportAccumulator<F> {
    /// An accumulator that has seen no history.
    pub(crate) fn new(fold: std::sync::Arc<F>) -> Self {
        Self {
            fold,
            report: None,
            bytes: 0,
        }
    }

    fn add(&mut self, report: F::Report) -> Result<()> {
        if let Some(mine) = &mut self.report {
            return self.fold.merge(mine, &report);
        }
        self.report = Some(report);
        Ok(())
    }

    fn json(&mut self) -> Result<String> {
        let report = match self.report.take() {
            Some(report) => report,
            None => self.fold.build(&[])?,
        };
        let json = serde_json::to_string(&report).map_err(external)?;
        self.bytes = json.len();
        self.report = Some(report);
        Ok(json)
    }
}

impl<F: Fold> Accumulator for ReportAccumulator<F> {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(histories) = values.first() else {
            return Err(DataFusionError::Internal(format!(
                "{}: no argument",
                self.fold.name()
            )));
        };
        let histories = as_large_string_array(histories)?;
        let mut leads = Vec::with_capacity(histories.len());
        for row in 0..histories.len() {
            if histories.is_valid(row) {
                let history: Vec<EventEnvelope> = serde_json::from_str(histories.value(row))
                    .map_err(|e| {
                        DataFusionError::Execution(format!(
                            "{}: row {row} is not a history (a JSON list of event envelopes): {e}",
                            self.fold.name()
                        ))
                    })?;
                leads.push(history);
            }
        }
        if leads.is_empty() {
            return Ok(());
        }
        let report = self.fold.build(&leads)?;
        self.add(report)
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Utf8(Some(self.json()?)))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.bytes
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        if self.report.is_none() {
            return Ok(vec![ScalarValue::Utf8(None)]);
        }
        Ok(vec![ScalarValue::Utf8(Some(self.json()?))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(states) = states.first() else {
            return Err(DataFusionError::Internal(format!(
                "{}: no state",
                self.fold.name()
            )));
        };
        let states = as_string_array(states)?;
        for row in 0..states.len() {
            if states.is_valid(row) {
                let json = states.value(row);
                self.bytes = self.bytes.max(json.len());
                let report: F::Report = serde_json::from_str(json).map_err(|e| {
                    DataFusionError::Internal(format!(
                        "{}: corrupt partial report: {e}",
                        self.fold.name()
                    ))
                })?;
                self.add(report)?;
            }
        }
        Ok(())
    }
}

pub(crate) fn external(e: serde_json::Error) -> DataFusionError {
    DataFusionError::External(Box::new(e))
}
