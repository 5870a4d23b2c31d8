//! Reports serialize with serde: golden JSON files (written once, never edited) and round
//! trips.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support_metrics;

use std::collections::BTreeMap;
use std::path::PathBuf;

use leadflow::metrics::{
    AttributionReport, AttributionSpec, Dimension, EffectivenessReport, EffectivenessSpec,
    FunnelReport, FunnelSpec, MetricsReport, MetricsSpec, Model, Review, Segment,
};
use leadflow::{CalendarTime, CampaignId, EventEnvelope, LeadId, Period, Stage, Zone};
use serde::Serialize;
use serde::de::DeserializeOwned;
use support_metrics::{dataset, eur, eur_cents};

fn march() -> Period {
    Period::month(2026, 3, Zone::utc()).unwrap()
}

fn slices(data: &[Vec<EventEnvelope>]) -> impl Iterator<Item = &[EventEnvelope]> {
    data.iter().map(Vec::as_slice)
}

fn score(id: LeadId) -> Option<i64> {
    i64::try_from(id.as_uuid().as_u128() * 10).ok()
}

/// Compares `value`'s JSON with the golden file `name`. A missing file is a failure, unless
/// `LEADFLOW_BLESS=1` is set, which writes it (existing files are never overwritten).
fn golden<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(name: &str, value: &T) {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "golden",
        "metrics",
        name,
    ]
    .iter()
    .collect();
    let json = serde_json::to_string_pretty(value).unwrap();
    match std::fs::read_to_string(&path) {
        Ok(stored) => {
            assert_eq!(json.trim_end(), stored.trim_end(), "{name} changed");
            let read: T = serde_json::from_str(&stored).unwrap();
            assert_eq!(&read, value, "{name} does not read back");
        }
        Err(_) if std::env::var_os("LEADFLOW_BLESS").is_some() => {
            std::fs::write(&path, json + "\n").unwrap();
        }
        Err(error) => panic!("{}: {error} (run with LEADFLOW_BLESS=1)", path.display()),
    }
}

#[test]
fn funnel_report_golden() {
    let spec = FunnelSpec::new(march())
        .with_transitions([
            leadflow::metrics::Transition::new(Stage::Inquiry, Stage::Mql),
            leadflow::metrics::Transition::new(Stage::HandedOff, Stage::Sal),
        ])
        .by([Dimension::Segment])
        .with_segments([Segment::new("open").in_stages([Stage::Sal, Stage::Sql])]);
    let report = FunnelReport::build(&spec, &CalendarTime, slices(&dataset()));
    golden("funnel_report_v1.json", &report);
}

#[test]
fn attribution_and_roi_golden() {
    let spec = AttributionSpec::new(march(), eur());
    let report = AttributionReport::build(&spec, slices(&dataset())).unwrap();
    golden("attribution_report_v1.json", &report);
    let spend = BTreeMap::from([(CampaignId::new("ads"), eur_cents(50_000))]);
    golden(
        "roi_table_v1.json",
        &report.roi(Model::UShaped, &spend).unwrap(),
    );
}

#[test]
fn review_golden() {
    let spec = EffectivenessSpec {
        period: march(),
        currency: eur(),
    };
    let data = dataset();
    let report = EffectivenessReport::build(&spec, slices(&data), &score).unwrap();
    golden("effectiveness_report_v1.json", &report);
    let previous = EffectivenessSpec {
        period: Period::month(2026, 2, Zone::utc()).unwrap(),
        currency: eur(),
    };
    let before = EffectivenessReport::build(&previous, slices(&data), &score).unwrap();
    let spend = BTreeMap::from([(CampaignId::new("ads"), eur_cents(50_000))]);
    let review = Review::new(&report, &spend, Some((&before, &BTreeMap::new()))).unwrap();
    golden("review_v1.json", &review);
}

#[test]
fn full_report_round_trips() {
    let spec = MetricsSpec {
        funnel: FunnelSpec::new(march()).by([
            Dimension::Source,
            Dimension::Campaign,
            Dimension::Owner,
            Dimension::Team,
        ]),
        attribution: AttributionSpec::new(march(), eur()),
        effectiveness: Some(EffectivenessSpec {
            period: march(),
            currency: eur(),
        }),
    };
    let data = dataset();
    let report = MetricsReport::build(&spec, &CalendarTime, slices(&data), &score).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    let read: MetricsReport = serde_json::from_str(&json).unwrap();
    assert_eq!(read, report);
    let spec_json = serde_json::to_string(&spec).unwrap();
    assert_eq!(
        serde_json::from_str::<MetricsSpec>(&spec_json).unwrap(),
        spec
    );

    // Without the effectiveness figures: the key is left out of both, and a spec or a
    // report without it reads back as having none.
    let lean_spec = MetricsSpec {
        effectiveness: None,
        ..spec
    };
    let lean = MetricsReport::build(&lean_spec, &CalendarTime, slices(&data), &score).unwrap();
    let lean_json: serde_json::Value = serde_json::to_value(&lean).unwrap();
    let mut full_json: serde_json::Value = serde_json::from_str(&json).unwrap();
    full_json
        .as_object_mut()
        .unwrap()
        .remove("effectiveness")
        .unwrap();
    assert_eq!(lean_json, full_json);
    assert_eq!(
        serde_json::from_value::<MetricsReport>(lean_json).unwrap(),
        lean
    );
    let lean_spec_json = serde_json::to_value(&lean_spec).unwrap();
    assert!(lean_spec_json.get("effectiveness").is_none());
    assert_eq!(
        serde_json::from_value::<MetricsSpec>(lean_spec_json).unwrap(),
        lean_spec
    );
}
