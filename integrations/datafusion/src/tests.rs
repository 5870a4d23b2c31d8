//! Round trips of the partial states: splitting the input over accumulators and merging
//! their states gives what one accumulator gives.

use std::sync::Arc;

use chrono::{TimeDelta, TimeZone, Utc};
use datafusion::arrow::array::{
    ArrayRef, Int64Array, LargeStringArray, StringArray, TimestampNanosecondArray,
};
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::Accumulator;
use leadflow::metrics::{FunnelReport, FunnelSpec};
use leadflow::{
    Action, Actor, CalendarTime, Command, CommandId, EventEnvelope, Lead, LeadId, Machine, Owner,
    Period, Role, Zone, evolve,
};

use crate::history::HistoryAccumulator;
use crate::report::ReportAccumulator;
use crate::reports::FunnelFold;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

fn history(lead: u128, steps: usize) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let mia = Actor::new("mia", Role::Marketer);
    let ana = Actor::new("ana", Role::SalesRep);
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let actions = [
        (mia.clone(), Action::capture()),
        (mia.clone(), Action::QualifyMql),
        (
            mia,
            Action::HandOff {
                to: Owner::user("ana"),
            },
        ),
        (ana, Action::Accept),
    ];
    let mut state: Option<Lead> = None;
    let mut events = Vec::new();
    for (n, (actor, action)) in actions.into_iter().take(steps).enumerate() {
        let at = t0 + TimeDelta::hours(i64::try_from(n).unwrap() * 3);
        let command = Command::new(
            LeadId::from_u128(lead),
            CommandId::from_u128(lead * 10 + n as u128),
            actor,
            at,
            state.as_ref().map_or(0, Lead::version),
            action,
        );
        for envelope in machine
            .decide(state.as_ref(), &command)
            .unwrap()
            .into_events()
        {
            state = Some(evolve(state.take(), &envelope));
            events.push(envelope);
        }
    }
    events
}

/// The six argument columns of `leadflow_history` for `events`.
fn columns(events: &[&EventEnvelope]) -> Vec<ArrayRef> {
    let text = |f: &dyn Fn(&EventEnvelope) -> String| -> ArrayRef {
        Arc::new(events.iter().map(|e| Some(f(e))).collect::<StringArray>())
    };
    vec![
        text(&|e| e.lead_id.as_uuid().to_string()),
        Arc::new(
            events
                .iter()
                .map(|e| i64::try_from(e.seq).ok())
                .collect::<Int64Array>(),
        ),
        Arc::new(
            events
                .iter()
                .map(|e| e.occurred_at.timestamp_nanos_opt())
                .collect::<TimestampNanosecondArray>()
                .with_timezone("UTC"),
        ),
        text(&|e| serde_json::to_string(&e.actor).unwrap()),
        text(&|e| e.command_id.as_uuid().to_string()),
        text(&|e| serde_json::to_string(&e.event).unwrap()),
    ]
}

fn state_arrays(acc: &mut dyn Accumulator) -> Result<Vec<ArrayRef>> {
    acc.state()?
        .into_iter()
        .map(|value| value.to_array())
        .collect()
}

fn text(value: ScalarValue) -> String {
    match value {
        ScalarValue::Utf8(Some(text)) | ScalarValue::LargeUtf8(Some(text)) => text,
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn history_state_round_trip_gathers_a_split_lead_in_order() -> TestResult {
    let events = history(7, 4);
    assert_eq!(events.len(), 4);
    // The lead's events arrive out of order and split over two partitions.
    let [e1, e2, e3, e4] = [&events[0], &events[1], &events[2], &events[3]];
    let mut left = HistoryAccumulator::default();
    left.update_batch(&columns(&[e3, e1]))?;
    let mut right = HistoryAccumulator::default();
    right.update_batch(&columns(&[e4]))?;
    right.update_batch(&columns(&[e2]))?;
    let mut merged = HistoryAccumulator::default();
    merged.merge_batch(&state_arrays(&mut right)?)?;
    merged.merge_batch(&state_arrays(&mut left)?)?;
    // An empty partition's state merges as nothing.
    merged.merge_batch(&state_arrays(&mut HistoryAccumulator::default())?)?;
    let json = text(merged.evaluate()?);
    let back: Vec<EventEnvelope> = serde_json::from_str(&json)?;
    assert_eq!(back, events);

    let mut single = HistoryAccumulator::default();
    single.update_batch(&columns(&[e4, e3, e2, e1]))?;
    assert_eq!(text(single.evaluate()?), json);
    Ok(())
}

#[test]
fn history_of_an_empty_group_is_an_empty_list() -> TestResult {
    assert_eq!(text(HistoryAccumulator::default().evaluate()?), "[]");
    Ok(())
}

#[test]
fn funnel_state_round_trip_equals_one_pass() -> TestResult {
    let spec = FunnelSpec::new(Period::month(2026, 3, Zone::utc())?);
    let fold = Arc::new(FunnelFold::new(spec.clone(), Arc::new(CalendarTime))?);
    let leads: Vec<Vec<EventEnvelope>> =
        (1..=6).map(|n| history(n, (n % 4 + 1) as usize)).collect();
    let json_of = |lead: &Vec<EventEnvelope>| serde_json::to_string(lead).unwrap();
    let column = |ls: &[Vec<EventEnvelope>]| -> Vec<ArrayRef> {
        vec![Arc::new(
            ls.iter()
                .map(|l| Some(json_of(l)))
                .collect::<LargeStringArray>(),
        )]
    };
    let mut left = ReportAccumulator::new(Arc::clone(&fold));
    left.update_batch(&column(&leads[..2]))?;
    left.update_batch(&column(&leads[2..3]))?;
    let mut right = ReportAccumulator::new(Arc::clone(&fold));
    right.update_batch(&column(&leads[3..]))?;
    let mut empty = ReportAccumulator::new(Arc::clone(&fold));
    assert_eq!(empty.state()?, vec![ScalarValue::Utf8(None)]);

    let mut merged = ReportAccumulator::new(Arc::clone(&fold));
    merged.merge_batch(&state_arrays(&mut empty)?)?;
    merged.merge_batch(&state_arrays(&mut right)?)?;
    merged.merge_batch(&state_arrays(&mut left)?)?;
    let got: FunnelReport = serde_json::from_str(&text(merged.evaluate()?))?;
    let want = FunnelReport::build(&spec, &CalendarTime, leads.iter().map(Vec::as_slice));
    assert_eq!(got, want);
    assert_eq!(got.total.leads, 6);

    // With no input at all, the report is the empty one.
    let none: FunnelReport = serde_json::from_str(&text(empty.evaluate()?))?;
    assert_eq!(none, FunnelReport::empty(&spec));
    Ok(())
}
