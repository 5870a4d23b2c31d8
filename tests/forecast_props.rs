//! Properties of the forecast: reports merge across shards exactly, and a territory's
//! figures are the sums of its owners' and of its teams'.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support_forecast;
mod support_metrics;

use chrono::TimeDelta;
use leadflow::forecast::{
    AccuracyReport, CategoryProbabilities, EmpiricalRates, Figures, ForecastReport, ForecastSpec,
    MeasuredFunnel, WinProbability,
};
use leadflow::{Action, Actor, EventEnvelope, ForecastCategory, Money, Reason, Role, Zone};
use proptest::prelude::*;
use support_forecast::{Deal, date, eur, q2, t, usd, walk};

const REGIONS: [Option<&str>; 3] = [Some("emea"), Some("amer"), None];
const OWNERS: [(&str, &str); 4] = [
    ("ana", "emea"),
    ("bob", "emea"),
    ("cy", "amer"),
    ("dee", "amer"),
];
const CATEGORIES: [ForecastCategory; 4] = [
    ForecastCategory::Pipeline,
    ForecastCategory::BestCase,
    ForecastCategory::Commit,
    ForecastCategory::Omitted,
];

/// One generated lead: region, owner, marketing or sales-sourced, the day it opens (from
/// April 1), amount, close date (days from April 1), category, outcome (0 open, 1 won, 2
/// lost) and in which currency.
type Gen = (usize, usize, bool, i64, i64, u32, usize, u8, bool);

fn lead(id: u128, g: Gen) -> Vec<EventEnvelope> {
    let (region, owner, marketing, open_day, minor, close_day, category, outcome, in_usd) = g;
    let opened = t(4, 1, 9) + TimeDelta::days(open_day);
    let currency = if in_usd { usd() } else { eur() };
    let owner_pair = OWNERS[owner];
    let deal = Deal {
        id,
        region: REGIONS[region],
        owner: owner_pair,
        marketing,
        mql: opened - TimeDelta::days(5),
        accepted: opened - TimeDelta::days(3),
        sql: opened - TimeDelta::days(1),
        opened: Some((
            opened,
            Money::new(minor, currency),
            date(4, 1) + TimeDelta::days(i64::from(close_day)),
        )),
    };
    let actor = Actor::new(owner_pair.0, Role::SalesRep).in_team(owner_pair.1);
    let mut script = walk(&deal);
    if CATEGORIES[category] != ForecastCategory::Pipeline {
        script.run(
            opened + TimeDelta::days(1),
            &actor,
            Action::UpdateOpportunity {
                amount: None,
                expected_close: None,
                forecast_category: Some(CATEGORIES[category]),
            },
        );
    }
    let close_at = opened + TimeDelta::days(2 + i64::from(close_day % 20));
    match outcome {
        1 => {
            script.run(close_at, &actor, Action::Win { amount: None });
        }
        2 => {
            script.run(
                close_at,
                &actor,
                Action::Lose {
                    reason: Reason::new("price"),
                },
            );
        }
        _ => {}
    }
    script.history
}

fn gen_lead() -> impl Strategy<Value = Gen> {
    (
        0..3usize,
        0..4usize,
        any::<bool>(),
        0..80i64,
        1..5_000_000i64,
        0..100u32,
        0..4usize,
        0..3u8,
        proptest::bool::weighted(0.1),
    )
}

fn dataset() -> impl Strategy<Value = Vec<Vec<EventEnvelope>>> {
    prop::collection::vec(gen_lead(), 0..10).prop_map(|gens| {
        gens.into_iter()
            .enumerate()
            .map(|(i, g)| lead(i as u128 + 1, g))
            .collect()
    })
}

fn spec() -> ForecastSpec {
    ForecastSpec::new(q2(), Zone::utc(), eur())
}

fn fixed() -> WinProbability {
    WinProbability::Fixed(CategoryProbabilities::new(123_457, 456_789, 876_543).unwrap())
}

fn slices(data: &[Vec<EventEnvelope>]) -> impl Iterator<Item = &[EventEnvelope]> {
    data.iter().map(Vec::as_slice)
}

fn sum<'a>(cells: impl Iterator<Item = &'a Figures>) -> Figures {
    let mut total = Figures::default();
    for cell in cells {
        total.add(cell);
    }
    total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn forecast_merges_across_shards(a in dataset(), b in dataset(), day in 0..91i64) {
        // Shards must not share leads: renumber b.
        let b: Vec<Vec<EventEnvelope>> = b.into_iter().enumerate().map(|(i, mut h)| {
            let id = leadflow::LeadId::from_u128(1_000 + i as u128);
            for e in &mut h { e.lead_id = id; }
            h
        }).collect();
        let now = t(4, 1, 0) + TimeDelta::days(day);
        let all: Vec<Vec<EventEnvelope>> = a.iter().chain(&b).cloned().collect();
        let rates = EmpiricalRates::measure(slices(&all), now);
        let mut merged_rates = EmpiricalRates::measure(slices(&a), now);
        merged_rates.merge(&EmpiricalRates::measure(slices(&b), now));
        prop_assert_eq!(merged_rates, rates);

        for model in [fixed(), WinProbability::Empirical(rates)] {
            let whole = ForecastReport::build(&spec(), &model, slices(&all), now);
            let mut merged = ForecastReport::build(&spec(), &model, slices(&a), now);
            merged.merge(&ForecastReport::build(&spec(), &model, slices(&b), now)).unwrap();
            prop_assert_eq!(&merged, &whole);
            // from_leads on replayed leads gives the same report.
            let leads: Vec<_> = all.iter().filter_map(|h| leadflow::forecast::lead_at(h, now)).collect();
            prop_assert_eq!(&ForecastReport::from_leads(&spec(), &model, &leads, now), &whole);
        }

        let window = q2();
        let measured = MeasuredFunnel::measure(window, eur(), slices(&all), now);
        let mut merged = MeasuredFunnel::measure(window, eur(), slices(&a), now);
        merged.merge(&MeasuredFunnel::measure(window, eur(), slices(&b), now)).unwrap();
        prop_assert_eq!(merged, measured);

        let nows = [t(4, 15, 0), now, t(6, 1, 0)];
        let whole = AccuracyReport::build(&spec(), |_| fixed(), slices(&all), &nows, q2().end());
        let mut merged = AccuracyReport::build(&spec(), |_| fixed(), slices(&a), &nows, q2().end());
        merged
            .merge(&AccuracyReport::build(&spec(), |_| fixed(), slices(&b), &nows, q2().end()))
            .unwrap();
        prop_assert_eq!(merged, whole);
    }

    #[test]
    fn territory_is_the_sum_of_its_owners_and_teams(data in dataset(), day in 0..91i64) {
        let now = t(4, 1, 0) + TimeDelta::days(day);
        let report = ForecastReport::build(&spec(), &fixed(), slices(&data), now);
        for row in report.territories.values() {
            let owners = sum(row.owners.values());
            prop_assert_eq!(owners.weighted, row.total.weighted);
            prop_assert_eq!(owners, row.total);
            prop_assert_eq!(sum(row.teams.values()), row.total);
        }
        prop_assert_eq!(sum(report.territories.values().map(|r| &r.total)), report.total);
        // Weighted never exceeds open, and commit and best case are parts of open.
        prop_assert!(report.total.weighted <= report.total.open);
        prop_assert!(report.total.commit + report.total.best_case <= report.total.open);
    }
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    use leadflow::forecast::*;
    assert_send_sync::<AccuracyPoint>();
    assert_send_sync::<AccuracyReport>();
    assert_send_sync::<CategoryProbabilities>();
    assert_send_sync::<EmpiricalRates>();
    assert_send_sync::<Figures>();
    assert_send_sync::<ForecastError>();
    assert_send_sync::<ForecastReport>();
    assert_send_sync::<ForecastSpec>();
    assert_send_sync::<FunnelRates>();
    assert_send_sync::<MeasuredFunnel>();
    assert_send_sync::<MqlCommitment>();
    assert_send_sync::<Plan>();
    assert_send_sync::<PlanReport>();
    assert_send_sync::<PlanRow>();
    assert_send_sync::<StepRate>();
    assert_send_sync::<TerritoryOf>();
    assert_send_sync::<TerritoryRow>();
    assert_send_sync::<Waterfall>();
    assert_send_sync::<WinProbability>();
    assert_send_sync::<Box<dyn WinModel>>();
}
