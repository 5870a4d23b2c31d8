//! M1: reports hold O(leads), not O(events). The same leads with a hundred times more events
//! (marketing touches) give a report of exactly the same shape: the same number of values,
//! objects and arrays, so nothing in it grows with the history.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support_metrics;

use chrono::TimeDelta;
use leadflow::metrics::{
    AttributionSpec, Dimension, EffectivenessSpec, FunnelSpec, MetricsReport, MetricsSpec,
};
use leadflow::{Action, CalendarTime, EventEnvelope, LeadId, Period, Zone};
use serde_json::Value;
use support_metrics::{Script, capture, eur, hand_off_to, marketer, open, rep, t, touch};

/// Leads 1..=`leads`, each captured on 2 March from one of three campaigns, touched
/// `touches` times across the three campaigns, then qualified, handed off, accepted,
/// qualified as SQL, opened and won.
fn histories(leads: u128, touches: i64) -> Vec<Vec<EventEnvelope>> {
    let campaigns = ["c0", "c1", "c2"];
    (1..=leads)
        .map(|lead| {
            let mut script = Script::new(lead);
            let start = t(3, 2, 8);
            let campaign = campaigns[usize::try_from(lead % 3).unwrap()];
            script.run(start, &marketer(), capture(Some("web"), Some(campaign)));
            for k in 0..touches {
                let at = start + TimeDelta::minutes(k + 1);
                let campaign = campaigns[usize::try_from(k % 3).unwrap()];
                script.run(at, &marketer(), touch(at, Some(campaign), None));
            }
            let ana = rep("ana");
            script
                .run(t(3, 3, 9), &marketer(), Action::QualifyMql)
                .run(t(3, 3, 10), &marketer(), hand_off_to("ana"))
                .run(t(3, 3, 11), &ana, Action::Accept)
                .run(t(3, 4, 9), &ana, Action::QualifySql)
                .run(t(3, 5, 9), &ana, open(100_000))
                .run(t(3, 9, 9), &ana, Action::Win { amount: None });
            script.history
        })
        .collect()
}

/// (values, objects, arrays) in a JSON value.
fn shape(value: &Value) -> (usize, usize, usize) {
    match value {
        Value::Object(map) => map.values().map(shape).fold((1, 1, 0), add),
        Value::Array(items) => items.iter().map(shape).fold((1, 0, 1), add),
        _ => (1, 0, 0),
    }
}

fn add(a: (usize, usize, usize), b: (usize, usize, usize)) -> (usize, usize, usize) {
    (a.0 + b.0, a.1 + b.1, a.2 + b.2)
}

fn report_shape(leads: &[Vec<EventEnvelope>]) -> (usize, usize, usize) {
    let march = Period::month(2026, 3, Zone::utc()).unwrap();
    let spec = MetricsSpec {
        funnel: FunnelSpec::new(march).by([Dimension::Campaign, Dimension::Owner]),
        attribution: AttributionSpec::new(march, eur()).with_half_life_secs(3 * 86_400),
        effectiveness: Some(EffectivenessSpec {
            period: march,
            currency: eur(),
        }),
    };
    let score = |_: LeadId| Some(50);
    let report = MetricsReport::build(
        &spec,
        &CalendarTime,
        leads.iter().map(Vec::as_slice),
        &score,
    )
    .unwrap();
    shape(&serde_json::to_value(&report).unwrap())
}

#[test]
fn a_metrics_report_does_not_grow_with_the_events_per_lead() {
    let few = histories(30, 3);
    let many = histories(30, 300);
    let events = |h: &[Vec<EventEnvelope>]| h.iter().map(Vec::len).sum::<usize>();
    assert_eq!(events(&few), 30 * 10);
    assert_eq!(events(&many), 30 * 307);
    let shape_few = report_shape(&few);
    assert!(shape_few.0 > 100, "{shape_few:?}");
    assert_eq!(report_shape(&many), shape_few);
}
