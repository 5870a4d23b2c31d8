//! Golden files of the forecast reports (tests/golden/forecast/), written once and never
//! edited: every later version must still read them and produce the same figures. Run with
//! `LEADFLOW_BLESS=1` to write files that do not exist yet (existing files are never
//! overwritten).
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support_forecast;
mod support_metrics;

use std::path::PathBuf;

use leadflow::forecast::{
    AccuracyReport, CategoryProbabilities, ForecastReport, ForecastSpec, MeasuredFunnel, Plan,
    PlanReport, Waterfall, WinProbability,
};
use leadflow::{EventEnvelope, Money, Zone};
use serde::Serialize;
use serde::de::DeserializeOwned;
use support_forecast::{dataset, eur, now, q1, q1_leads, q2, t};

fn slices(data: &[Vec<EventEnvelope>]) -> impl Iterator<Item = &[EventEnvelope]> {
    data.iter().map(Vec::as_slice)
}

fn check<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(name: &str, expected: &T) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/forecast");
    let path = dir.join(format!("{name}.json"));
    if std::env::var_os("LEADFLOW_BLESS").is_some() && !path.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let json = serde_json::to_string_pretty(expected).unwrap();
        std::fs::write(&path, json + "\n").unwrap();
    }
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with LEADFLOW_BLESS=1)", path.display()));
    let read: T = serde_json::from_str(&text).unwrap();
    assert_eq!(&read, expected, "{}", path.display());
    let written: serde_json::Value = serde_json::to_value(expected).unwrap();
    let stored: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written, stored, "{}", path.display());
}

#[test]
fn forecast_plan_waterfall_and_accuracy_match_their_golden_files() {
    let data = dataset();
    let spec = ForecastSpec::new(q2(), Zone::utc(), eur());
    let model =
        WinProbability::Fixed(CategoryProbabilities::new(100_000, 400_000, 800_000).unwrap());
    let report = ForecastReport::build(&spec, &model, slices(&data), now());
    check("forecast_report", &report);

    let plan = Plan::new(q2(), eur())
        .target("emea", 60_000_00)
        .target("amer", 18_000_00);
    check("plan", &plan);
    check("plan_report", &PlanReport::new(&report, &plan).unwrap());

    let measured = MeasuredFunnel::measure(q1(), eur(), slices(&q1_leads()), t(4, 1, 0));
    check("measured_funnel", &measured);
    let waterfall = Waterfall::plan(Money::new(50_000_00, eur()), q2(), &measured.rates()).unwrap();
    check("waterfall", &waterfall);

    let nows = [t(4, 21, 0), now()];
    let accuracy =
        AccuracyReport::build(&spec, |_| model.clone(), slices(&data), &nows, q2().end());
    check("accuracy_report", &accuracy);
}
