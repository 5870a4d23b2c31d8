//! `leadflow_history`: gathers one lead's event rows, from however many partitions, into
//! its ordered history (a JSON list of [`EventEnvelope`](leadflow::EventEnvelope)s).

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat};
use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, TimeUnit};
use datafusion::common::cast::{
    as_int64_array, as_large_binary_array, as_string_array, as_timestamp_nanosecond_array,
    as_uint16_array,
};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};
use serde_json::value::RawValue;

/// The name the history function is registered under.
pub const HISTORY: &str = "leadflow_history";

/// The time zone of the `at` argument after coercion.
const UTC: &str = "UTC";

/// `leadflow_history(lead_id, seq, at, actor, command_id, payload [, schema_version])`, an
/// aggregate that returns one lead's history as a JSON list of event envelopes, ordered by
/// `seq`, whatever partitions its rows were read from.
///
/// Group by the lead id: `SELECT lead_id, leadflow_history(..) AS history FROM events GROUP
/// BY lead_id`. The arguments are coerced to: `lead_id` Utf8 (a UUID), `seq` Int64 (from 1),
/// `at` Timestamp(ns, UTC), `actor` Utf8 (the [`Actor`](leadflow::Actor) as JSON),
/// `command_id` Utf8 (a UUID), `payload` Utf8 (the [`Event`](leadflow::Event) as JSON) and
/// the optional `schema_version` `UInt16` (default [`leadflow::SCHEMA_VERSION`]). A null in
/// any of them, a negative `seq` or text that is not one JSON value is an execution error.
///
/// The result is `LargeUtf8` and the partial state `LargeBinary` (64-bit offsets), because a
/// final aggregate emits the histories of all its leads in one array, which passes 2 GiB
/// for a few million leads. The partial state is the envelopes gathered so far (for each
/// envelope its `seq` and length, little endian, then its JSON); merging concatenates, and
/// only the final value sorts, so the result does not depend on how the rows were split.
#[must_use]
pub fn history_udaf() -> AggregateUDF {
    AggregateUDF::from(HistoryUdaf::new())
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct HistoryUdaf {
    signature: Signature,
}

impl HistoryUdaf {
    fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl AggregateUDFImpl for HistoryUdaf {
    fn name(&self) -> &str {
        HISTORY
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let mut types = vec![
            DataType::Utf8,
            DataType::Int64,
            DataType::Timestamp(TimeUnit::Nanosecond, Some(UTC.into())),
            DataType::Utf8,
            DataType::Utf8,
            DataType::Utf8,
        ];
        match arg_types.len() {
            6 => Ok(types),
            7 => {
                types.push(DataType::UInt16);
                Ok(types)
            }
            n => Err(DataFusionError::Plan(format!(
                "{HISTORY} takes (lead_id, seq, at, actor, command_id, payload [, schema_version]), \
                 not {n} arguments"
            ))),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::LargeUtf8)
    }

    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(HistoryAccumulator::default()))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![
            Field::new(
                format!("{}[events]", args.name),
                DataType::LargeBinary,
                true,
            )
            .into(),
        ])
    }
}

/// One lead's envelopes gathered so far: each with its `seq` and its JSON.
#[derive(Debug, Default)]
pub(crate) struct HistoryAccumulator {
    events: Vec<(u64, String)>,
    bytes: usize,
}

impl HistoryAccumulator {
    fn push(&mut self, seq: u64, json: String) {
        self.bytes = self.bytes.saturating_add(json.len());
        self.events.push((seq, json));
    }

    /// The envelopes as one binary value: per envelope, `seq` (u64 LE), the JSON's length
    /// (u32 LE) and the JSON.
    fn encode(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.bytes + 12 * self.events.len());
        for (seq, json) in &self.events {
            let len = u32::try_from(json.len()).map_err(|_| {
                DataFusionError::Execution(format!("{HISTORY}: an envelope exceeds 4 GiB"))
            })?;
            out.extend_from_slice(&seq.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(json.as_bytes());
        }
        Ok(out)
    }

    /// Adds the envelopes of an encoded state.
    fn decode(&mut self, mut bytes: &[u8]) -> Result<()> {
        let corrupt = || DataFusionError::Internal(format!("{HISTORY}: corrupt partial state"));
        while !bytes.is_empty() {
            let (seq, rest) = bytes.split_first_chunk::<8>().ok_or_else(corrupt)?;
            let (len, rest) = rest.split_first_chunk::<4>().ok_or_else(corrupt)?;
            let len = usize::try_from(u32::from_le_bytes(*len)).map_err(|_| corrupt())?;
            let (json, rest) = rest.split_at_checked(len).ok_or_else(corrupt)?;
            let json = std::str::from_utf8(json).map_err(|_| corrupt())?;
            self.push(u64::from_le_bytes(*seq), json.to_owned());
            bytes = rest;
        }
        Ok(())
    }
}

/// Checks that `text` is exactly one JSON value.
fn json_value<'a>(text: &'a str, what: &str, row: usize) -> Result<&'a str> {
    serde_json::from_str::<&RawValue>(text)
        .map(RawValue::get)
        .map_err(|e| {
            DataFusionError::Execution(format!("{HISTORY}: row {row}: {what} is not JSON: {e}"))
        })
}

fn null(what: &str, row: usize) -> DataFusionError {
    DataFusionError::Execution(format!("{HISTORY}: row {row}: {what} is null"))
}

impl Accumulator for HistoryAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let [lead, seq, at, actor, command, payload, rest @ ..] = values else {
            return Err(DataFusionError::Internal(format!(
                "{HISTORY}: expected 6 or 7 arguments, got {}",
                values.len()
            )));
        };
        let lead = as_string_array(lead)?;
        let seq = as_int64_array(seq)?;
        let at = as_timestamp_nanosecond_array(at)?;
        let actor = as_string_array(actor)?;
        let command = as_string_array(command)?;
        let payload = as_string_array(payload)?;
        let version = rest.first().map(|a| as_uint16_array(a)).transpose()?;
        for row in 0..lead.len() {
            let present = |a: &dyn Array, what: &str| {
                if a.is_null(row) {
                    Err(null(what, row))
                } else {
                    Ok(())
                }
            };
            present(lead, "lead_id")?;
            present(seq, "seq")?;
            present(at, "at")?;
            present(actor, "actor")?;
            present(command, "command_id")?;
            present(payload, "payload")?;
            let n = u64::try_from(seq.value(row)).map_err(|_| {
                DataFusionError::Execution(format!("{HISTORY}: row {row}: seq is negative"))
            })?;
            let occurred_at = DateTime::from_timestamp_nanos(at.value(row))
                .to_rfc3339_opts(SecondsFormat::AutoSi, true);
            let schema_version = match version {
                Some(v) if v.is_null(row) => return Err(null("schema_version", row)),
                Some(v) => v.value(row),
                None => leadflow::SCHEMA_VERSION,
            };
            let mut json = String::with_capacity(160 + payload.value(row).len());
            json.push_str("{\"lead_id\":");
            json.push_str(&serde_json::to_string(lead.value(row)).map_err(external)?);
            let _ = write!(
                json,
                ",\"seq\":{n},\"occurred_at\":\"{occurred_at}\",\"actor\":"
            );
            json.push_str(json_value(actor.value(row), "actor", row)?);
            json.push_str(",\"command_id\":");
            json.push_str(&serde_json::to_string(command.value(row)).map_err(external)?);
            let _ = write!(json, ",\"schema_version\":{schema_version},\"event\":");
            json.push_str(json_value(payload.value(row), "payload", row)?);
            json.push('}');
            self.push(n, json);
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.events.sort_unstable();
        let mut out = String::with_capacity(self.bytes + self.events.len() + 2);
        out.push('[');
        for (i, (_, json)) in self.events.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(json);
        }
        out.push(']');
        Ok(ScalarValue::LargeUtf8(Some(out)))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.bytes + self.events.capacity() * size_of::<(u64, String)>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::LargeBinary(Some(self.encode()?))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(states) = states.first() else {
            return Err(DataFusionError::Internal(format!("{HISTORY}: no state")));
        };
        let states = as_large_binary_array(states)?;
        for row in 0..states.len() {
            if states.is_valid(row) {
                self.decode(states.value(row))?;
            }
        }
        Ok(())
    }
}

fn external(e: serde_json::Error) -> DataFusionError {
    DataFusionError::External(Box::new(e))
}
