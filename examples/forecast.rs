//! Prints a quarter's forecast against plan, the reverse waterfall of each territory that
//! is short, the MQL commitments for marketing and a forecast-accuracy backtest, for a
//! small synthetic dataset walked through `Machine::decide`.
//!
//! Run with `cargo run --example forecast`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::forecast::{
    AccuracyReport, CategoryProbabilities, EmpiricalRates, ForecastReport, ForecastSpec,
    MeasuredFunnel, Outlook, Plan, WinProbability, next_quarter, previous_quarter,
    quarter_containing,
};
use leadflow::{
    Action, Actor, Attributes, Command, CommandId, Currency, Entry, EventEnvelope,
    ForecastCategory, Lead, LeadId, Machine, Money, Owner, Reason, RejectTo, Role, Zone, evolve,
};

type Error = Box<dyn std::error::Error>;

/// Runs `steps` for one lead through the default machine and returns its history.
fn history(
    lead: u128,
    steps: &[(DateTime<Utc>, Actor, Action)],
) -> Result<Vec<EventEnvelope>, Error> {
    let machine = Machine::new();
    let mut state: Option<Lead> = None;
    let mut events = Vec::new();
    for (n, (at, actor, action)) in steps.iter().enumerate() {
        let command = Command::new(
            LeadId::from_u128(lead),
            CommandId::from_u128(lead * 100 + n as u128),
            actor.clone(),
            *at,
            state.as_ref().map_or(0, Lead::version),
            action.clone(),
        );
        for envelope in machine.decide(state.as_ref(), &command)?.into_events() {
            state = Some(evolve(state.take(), &envelope));
            events.push(envelope);
        }
    }
    Ok(events)
}

/// A deterministic scramble of `n` and `k`, in `0..m`.
fn pick(n: u64, k: u64, m: u64) -> u64 {
    let x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ k.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (x ^ (x >> 29)).wrapping_mul(0x94D0_49BB_1331_11EB) % m
}

/// One synthetic lead: captured some day between January and mid-May, in one of three
/// territories, and walked as far as its dice say.
fn lead(n: u64, eur: Currency, now: DateTime<Utc>) -> Result<Vec<EventEnvelope>, Error> {
    let territories = [
        ("emea", ["ana", "bob"]),
        ("amer", ["cy", "dee"]),
        ("apac", ["eve", "fay"]),
    ];
    let (territory, reps) = territories[pick(n, 1, 3) as usize];
    let rep_name = reps[pick(n, 2, 2) as usize];
    let rep = Actor::new(rep_name, Role::SalesRep).in_team(territory);
    let owner = Owner::user(rep_name).in_team(territory);
    let marketer = Actor::new("mia", Role::Marketer);
    let attributes = Attributes::from([("region".to_owned(), territory.into())]);
    let start = Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap();
    let mut at = start + TimeDelta::hours((pick(n, 3, 135 * 24)) as i64);
    let mut step = |hours: u64| {
        at += TimeDelta::hours(hours as i64);
        at
    };
    let mut steps = Vec::new();
    if pick(n, 4, 5) == 0 {
        steps.push((
            step(0),
            rep.clone(),
            Action::Capture {
                entry: Entry::SalesSourced {
                    owner: owner.clone(),
                },
                source: Some("outbound".into()),
                campaign: None,
                attributes,
            },
        ));
    } else {
        steps.push((
            step(0),
            marketer.clone(),
            Action::Capture {
                entry: Entry::Inquiry,
                source: Some("web".into()),
                campaign: None,
                attributes,
            },
        ));
        steps.push((
            step(24 + pick(n, 5, 72)),
            marketer.clone(),
            Action::QualifyMql,
        ));
        steps.push((
            step(1),
            marketer.clone(),
            Action::HandOff { to: owner.clone() },
        ));
        if pick(n, 6, 10) < 3 {
            steps.push((
                step(20),
                rep.clone(),
                Action::Reject {
                    reason: Reason::new("no_budget"),
                    to: RejectTo::Nurture,
                },
            ));
            return history(n.into(), &steps);
        }
        steps.push((step(4 + pick(n, 7, 60)), rep.clone(), Action::Accept));
    }
    if pick(n, 8, 10) < 2 {
        return history(n.into(), &steps);
    }
    steps.push((step(24 + pick(n, 9, 120)), rep.clone(), Action::QualifySql));
    let opened = step(24 + pick(n, 10, 96));
    let amount = Money::new((5_000 + pick(n, 11, 45_000) as i64) * 100, eur);
    let close = (opened + TimeDelta::days(20 + pick(n, 12, 50) as i64)).date_naive();
    steps.push((
        opened,
        rep.clone(),
        Action::ConvertToOpportunity {
            amount,
            expected_close: Some(close),
        },
    ));
    let category = [
        ForecastCategory::Pipeline,
        ForecastCategory::BestCase,
        ForecastCategory::Commit,
    ][pick(n, 13, 3) as usize];
    if category != ForecastCategory::Pipeline {
        steps.push((
            step(72),
            rep.clone(),
            Action::UpdateOpportunity {
                amount: None,
                expected_close: None,
                forecast_category: Some(category),
            },
        ));
    }
    // Deals close around their expected date; some are still open at `now`.
    let closes_at =
        close.and_hms_opt(15, 0, 0).unwrap().and_utc() - TimeDelta::days(pick(n, 14, 10) as i64);
    let win_odds = [3, 5, 8][pick(n, 13, 3) as usize];
    if closes_at > at && closes_at <= now + TimeDelta::days(60) && pick(n, 15, 4) > 0 {
        if pick(n, 16, 10) < win_odds {
            steps.push((closes_at, rep.clone(), Action::Win { amount: None }));
        } else {
            steps.push((
                closes_at,
                rep.clone(),
                Action::Lose {
                    reason: Reason::new("price"),
                },
            ));
        }
    }
    history(n.into(), &steps)
}

fn main() -> Result<(), Error> {
    let eur = Currency::new("EUR")?;
    let zone = Zone::utc();
    let now = Utc.with_ymd_and_hms(2026, 5, 20, 0, 0, 0).unwrap();
    // The histories run past `now` (deals close later); the forecast sees only what
    // happened by `now`, the backtest compares with what closed afterwards.
    let histories: Vec<Vec<EventEnvelope>> = (1..=240)
        .map(|n| lead(n, eur, now))
        .collect::<Result<_, _>>()?;
    let slices = || histories.iter().map(Vec::as_slice);

    let quarter = quarter_containing(now, zone)?;
    let spec = ForecastSpec::new(quarter, zone, eur);
    let rates = EmpiricalRates::measure(slices(), now);
    println!(
        "Win rates measured from closed history: pipeline {} ppm, best case {}, commit {}\n",
        rates.ppm(ForecastCategory::Pipeline),
        rates.ppm(ForecastCategory::BestCase),
        rates.ppm(ForecastCategory::Commit),
    );
    let model = WinProbability::Empirical(rates);
    let forecast = ForecastReport::build(&spec, &model, slices(), now);

    let plan = Plan::new(quarter, eur)
        .target("emea", 400_000_00)
        .target("amer", 350_000_00)
        .target("apac", 200_000_00);
    let funnel = MeasuredFunnel::measure(previous_quarter(&quarter, zone)?, eur, slices(), now);
    let outlook = Outlook::new(forecast, &plan, &funnel.rates())?;
    println!("{}", outlook.render_text());
    for (territory, commitment) in outlook.mql_commitments() {
        println!(
            "marketing commitment for {territory}: {} MQLs by {}",
            commitment.mqls,
            commitment
                .by
                .map_or_else(|| "-".to_owned(), |t| t.format("%Y-%m-%d").to_string()),
        );
    }

    // The next quarter: what is already in its pipeline, and what marketing must deliver,
    // measured over the quarter before this one.
    let next = next_quarter(now, zone)?;
    let next_spec = ForecastSpec::new(next, zone, eur);
    let next_forecast = ForecastReport::build(&next_spec, &model, slices(), now);
    let next_plan = Plan::new(next, eur)
        .target("emea", 450_000_00)
        .target("amer", 400_000_00)
        .target("apac", 250_000_00);
    let next_outlook = Outlook::new(next_forecast, &next_plan, &funnel.rates())?;
    println!("\n{}", next_outlook.plan.render_table());
    for (territory, waterfall) in &next_outlook.waterfalls {
        println!("[{territory}] {}", waterfall.render_table());
    }

    // The backtest: the forecast as it stood on the 1st and 15th of each month, against what
    // the quarter actually closed; fixed probabilities, so the model is the same each time.
    let fixed = WinProbability::Fixed(CategoryProbabilities::new(100_000, 400_000, 800_000)?);
    let nows: Vec<DateTime<Utc>> = [(4, 1), (4, 15), (5, 1), (5, 15)]
        .iter()
        .map(|&(m, d)| Utc.with_ymd_and_hms(2026, m, d, 0, 0, 0).unwrap())
        .collect();
    let accuracy = AccuracyReport::build(&spec, |_| fixed.clone(), slices(), &nows, quarter.end());
    println!("\n{}", accuracy.render_table());
    Ok(())
}
