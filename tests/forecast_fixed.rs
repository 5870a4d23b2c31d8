//! The forecast on a small fixed dataset (see `support_forecast`), every expected figure
//! computed by hand in the comments.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support_forecast;
mod support_metrics;

use leadflow::forecast::{
    AccuracyReport, CategoryProbabilities, EmpiricalRates, ForecastError, ForecastReport,
    ForecastSpec, FunnelRates, MeasuredFunnel, Plan, PlanReport, StepRate, TerritoryOf, Waterfall,
    WinProbability,
};
use leadflow::metrics::{FunnelReport, FunnelSpec, NONE};
use leadflow::{CalendarTime, EventEnvelope, ForecastCategory, Money, Stage, Zone};
use support_forecast::{dataset, eur, now, q1, q1_leads, q2, t, usd};

const DAY: i64 = 86_400;

fn slices(data: &[Vec<EventEnvelope>]) -> impl Iterator<Item = &[EventEnvelope]> {
    data.iter().map(Vec::as_slice)
}

fn spec() -> ForecastSpec {
    ForecastSpec::new(q2(), Zone::utc(), eur())
}

fn fixed() -> WinProbability {
    WinProbability::Fixed(CategoryProbabilities::new(100_000, 400_000, 800_000).unwrap())
}

fn report() -> ForecastReport {
    ForecastReport::build(&spec(), &fixed(), slices(&dataset()), now())
}

#[test]
fn emea_forecast_by_hand() {
    let report = report();
    let emea = report.territory("emea");
    // Won in Q2 by May 16: A1, 10,000.00 (the Q1 wins H1 and H8 are outside the period).
    assert_eq!(emea.won, 10_000_00);
    assert_eq!(emea.won_count, 1);
    // Open and closing in Q2: A2 20,000.00 + A3 5,000.00 + A4 3,333.33 (A5 closes in July,
    // A6 was lost).
    assert_eq!(emea.open, 28_333_33);
    assert_eq!(emea.open_count, 3);
    // Weighted: 80% of 20,000.00 + 40% of 5,000.00 + 10% of 3,333.33 (333.333 -> 333.33).
    assert_eq!(emea.weighted, 16_000_00 + 2_000_00 + 333_33);
    assert_eq!(emea.forecast(), 28_333_33);
    assert_eq!(emea.commit, 20_000_00);
    assert_eq!(emea.best_case, 5_000_00);
    assert_eq!(emea.commit_total(), 30_000_00);
    assert_eq!(emea.best_case_total(), 35_000_00);
    // Marketing: A1 won, A3 and A4 weighted; A2 is sales-sourced.
    assert_eq!(emea.marketing_won, 10_000_00);
    assert_eq!(emea.marketing_weighted, 2_333_33);
    // 12,333.33 / 28,333.33 = 43.529%: 4353 bps.
    assert_eq!(emea.marketing_share_bps(), Some(4_353));
}

#[test]
fn owners_teams_and_other_territories_by_hand() {
    let report = report();
    let emea = &report.territories["emea"];
    let ana = emea.owners["ana"];
    // ana: A1 won 10,000.00; A2 16,000.00 and A4 333.33 weighted.
    assert_eq!(ana.won, 10_000_00);
    assert_eq!(ana.weighted, 16_333_33);
    assert_eq!(emea.owners["bob"].weighted, 2_000_00);
    assert_eq!(emea.owners.len(), 2);
    assert_eq!(emea.teams["emea"], emea.total);

    // amer: A7 won 9,000.00 (the amount won, not the 8,000.00 expected); A9 was open on
    // May 16 (won on the 20th): 80% of 6,000.00; A8 is omitted; A10 is in USD.
    let amer = report.territory("amer");
    assert_eq!(amer.won, 9_000_00);
    assert_eq!(amer.weighted, 4_800_00);
    assert_eq!(amer.open, 6_000_00);
    assert_eq!(amer.forecast(), 13_800_00);
    assert_eq!(amer.marketing_share_bps(), Some(10_000));
    assert_eq!(report.other_currency, 1);

    // A11 has no region: 10% of 2,000.00 under "(none)".
    assert_eq!(report.territory(NONE).weighted, 200_00);
    assert_eq!(report.territories[NONE].owners["ana"].open, 2_000_00);

    assert_eq!(report.total.won, 19_000_00);
    assert_eq!(report.total.weighted, 18_333_33 + 4_800_00 + 200_00);
    assert_eq!(report.total.open, 36_333_33);
}

#[test]
fn territory_from_a_host_function() {
    let spec = spec().with_territory(TerritoryOf::function(|lead| {
        lead.owner()
            .and_then(|o| o.team())
            .map(|t| format!("team-{}", t.as_str()))
    }));
    let report = ForecastReport::build(&spec, &fixed(), slices(&dataset()), now());
    // A11 (ana) now counts in team-emea: 18,333.33 + 200.00 weighted.
    assert_eq!(report.territory("team-emea").weighted, 18_533_33);
    assert_eq!(report.territory("team-amer").weighted, 4_800_00);
}

#[test]
fn backdated_now_sees_only_earlier_events() {
    // On April 21 at 00:00: A1 not yet won (pipeline, 10% of 10,000.00), A2 commit, A3
    // opened but still pipeline (10% of 5,000.00), A4 pipeline, A6 open pipeline (10% of
    // 4,000.00) since its best-case update came on the 25th.
    let report = ForecastReport::build(&spec(), &fixed(), slices(&dataset()), t(4, 21, 0));
    let emea = report.territory("emea");
    assert_eq!(emea.won, 0);
    assert_eq!(
        emea.weighted,
        1_000_00 + 16_000_00 + 500_00 + 333_33 + 400_00
    );
    assert_eq!(emea.open_count, 5);
}

#[test]
fn empirical_rates_from_closed_history() {
    let data = dataset();
    // Closed by May 16: pipeline A1, H1 won, H2, H4 lost (2/4); best case A6 lost (0/1);
    // commit A7, H8 won, H3 lost (2/3).
    let rates = EmpiricalRates::measure(slices(&data), now());
    assert_eq!(rates.closed, [4, 1, 3]);
    assert_eq!(rates.won, [2, 0, 2]);
    assert_eq!(rates.ppm(ForecastCategory::Pipeline), 500_000);
    assert_eq!(rates.ppm(ForecastCategory::BestCase), 0);
    assert_eq!(rates.ppm(ForecastCategory::Commit), 666_666);
    let model = WinProbability::Empirical(rates);
    let report = ForecastReport::build(&spec(), &model, slices(&data), now());
    // A2 20,000.00 x 0.666666 = 13,333.32; A3 x 0; A4 3,333.33 x 0.5 = 1,666.665 -> 1,666.67.
    assert_eq!(report.territory("emea").weighted, 1_333_332 + 166_667);

    // Measured on April 1: only H1..H4 and H8 had closed. Pipeline 1/3; no best case closed,
    // so the overall 2/5; commit 1/2.
    let early = EmpiricalRates::measure(slices(&data), t(4, 1, 0));
    assert_eq!(early.ppm(ForecastCategory::Pipeline), 333_333);
    assert_eq!(early.ppm(ForecastCategory::BestCase), 400_000);
    assert_eq!(early.ppm(ForecastCategory::Commit), 500_000);
    assert_eq!(early.ppm(ForecastCategory::Closed), 1_000_000);
    assert_eq!(early.ppm(ForecastCategory::Omitted), 0);
    assert_eq!(EmpiricalRates::default().ppm(ForecastCategory::Pipeline), 0);
}

#[test]
fn probabilities_are_validated() {
    assert_eq!(
        CategoryProbabilities::new(0, 1_000_001, 0),
        Err(ForecastError::InvalidProbability {
            category: ForecastCategory::BestCase,
            ppm: 1_000_001
        })
    );
    assert!(CategoryProbabilities::new(0, 0, 1_000_000).is_ok());
}

#[test]
fn plan_gap_coverage_and_pace_by_hand() {
    let plan = Plan::new(q2(), eur())
        .target("emea", 60_000_00)
        .target("amer", 18_000_00);
    let against = PlanReport::new(&report(), &plan).unwrap();
    // May 16 00:00 is 45 of 91 days into Q2: 0.494505 (494,505 ppm).
    assert_eq!(against.elapsed_ppm, 494_505);
    let names: Vec<&str> = against.rows.iter().map(|r| r.territory.as_str()).collect();
    assert_eq!(names, [NONE, "amer", "emea"]);

    let emea = against.row("emea").unwrap();
    assert_eq!(emea.gap, 60_000_00 - 28_333_33);
    assert_eq!(emea.remaining, 50_000_00);
    // 28,333.33 open over 50,000.00 remaining: 0.5666 -> 5666 bps.
    assert_eq!(emea.coverage_bps, Some(5_666));
    // 60,000.00 x 0.494505 = 29,670.30; 10,000.00 won is behind.
    assert_eq!(emea.pace_target, 29_670_30);
    assert!(!emea.on_pace);

    let amer = against.row("amer").unwrap();
    assert_eq!(amer.gap, 18_000_00 - 13_800_00);
    assert_eq!(amer.remaining, 9_000_00);
    assert_eq!(amer.coverage_bps, Some(6_666));
    // 18,000.00 x 0.494505 = 8,901.09; 9,000.00 won is ahead.
    assert_eq!(amer.pace_target, 8_901_09);
    assert!(amer.on_pace);

    // Unplanned: no target, nothing remaining, no coverage, trivially on pace.
    let none = against.row(NONE).unwrap();
    assert_eq!(none.target, 0);
    assert_eq!(none.gap, -200_00);
    assert_eq!(none.coverage_bps, None);
    assert!(none.on_pace);

    let text = against.render_table();
    assert!(text.contains("emea") && text.contains("29670.30") && text.contains("0.56x"));
}

#[test]
fn plan_must_match_period_and_currency() {
    let report = report();
    assert_eq!(
        PlanReport::new(&report, &Plan::new(q1(), eur())),
        Err(ForecastError::IncompatibleReports { what: "periods" })
    );
    assert_eq!(
        PlanReport::new(&report, &Plan::new(q2(), usd())),
        Err(ForecastError::CurrencyMismatch {
            expected: eur(),
            found: usd()
        })
    );
}

fn measured() -> MeasuredFunnel {
    MeasuredFunnel::measure(q1(), eur(), slices(&q1_leads()), t(4, 1, 0))
}

#[test]
fn funnel_measured_over_the_previous_quarter() {
    let m = measured();
    // MQL in Q1: H1..H8 (8); reached SAL: all but H5 and H7 (6).
    // SAL: H1, H2, H3, H4, H6, H8 (6); SQL: all but H6 (5). SQL -> opportunity 5/5.
    // Opportunities 5; won by April 1: H1 and H8 (2).
    assert_eq!(m.cohort, [8, 6, 5, 5]);
    assert_eq!(m.reached, [6, 5, 5, 2]);
    let rates = m.rates();
    // MQL -> SAL: 1, 2, 2, 2, 3, 4 days: lower median 2. SAL -> SQL: 2, 3, 4, 6, 9: 4.
    // SQL -> opp: 2, 3, 4, 5, 9: 4. Opp -> won: 30 (H1), 31 (H8): lower median 30.
    let medians: Vec<Option<i64>> = rates.steps.iter().map(|s| s.median_seconds).collect();
    assert_eq!(
        medians,
        [Some(2 * DAY), Some(4 * DAY), Some(4 * DAY), Some(30 * DAY)]
    );
    // Average deal: (10,000.00 + 20,000.00) / 2.
    assert_eq!(rates.average_deal, Money::new(15_000_00, eur()));
    assert_eq!(rates.steps[3].rate_ppm(), 400_000);
}

#[test]
fn reverse_waterfall_by_hand() {
    let rates = measured().rates();
    let remaining = Money::new(50_000_00, eur());
    let waterfall = Waterfall::plan(remaining, q2(), &rates).unwrap();
    // 50,000 / 15,000 = 3.33 -> 4 wins; / (2/5) = 10 opportunities; / (5/5) = 10 SQLs;
    // / (5/6) = 12 SALs; / (6/8) = 16 MQLs.
    assert_eq!(waterfall.wins, 4);
    assert_eq!(waterfall.opportunities(), 10);
    assert_eq!(waterfall.sqls(), 10);
    assert_eq!(waterfall.sals(), 12);
    assert_eq!(waterfall.mqls(), 16);
    // By when: July 1 minus 30 days = June 1; minus 4 = May 28; minus 4 = May 24; minus 2
    // = May 22.
    assert_eq!(
        waterfall.by,
        [
            Some(t(6, 1, 0)),
            Some(t(5, 28, 0)),
            Some(t(5, 24, 0)),
            Some(t(5, 22, 0))
        ]
    );
    let commitment = waterfall.mql_commitment();
    assert_eq!((commitment.mqls, commitment.period), (16, q2()));
    assert_eq!(commitment.by, Some(t(5, 22, 0)));
    assert!(waterfall.render_table().contains("16"));
}

#[test]
fn waterfall_from_a_metrics_funnel_report() {
    let report = FunnelReport::build(&FunnelSpec::new(q1()), &CalendarTime, slices(&q1_leads()));
    let rates = FunnelRates::from_funnel(&report.total, Money::new(15_000_00, eur()));
    // The funnel report counts the same cohorts.
    let counts: Vec<(u64, u64)> = rates
        .steps
        .iter()
        .map(|s| (s.converted, s.cohort))
        .collect();
    assert_eq!(counts, [(6, 8), (5, 6), (5, 5), (2, 5)]);
    let waterfall = Waterfall::plan(Money::new(50_000_00, eur()), q2(), &rates).unwrap();
    assert_eq!(waterfall.mqls(), 16);
}

#[test]
fn waterfall_refusals_and_nothing_remaining() {
    let mut rates = measured().rates();
    let zero = Waterfall::plan(Money::new(0, eur()), q2(), &rates).unwrap();
    assert_eq!((zero.wins, zero.mqls()), (0, 0));
    assert_eq!(
        Waterfall::plan(Money::new(1_00, usd()), q2(), &rates).unwrap_err(),
        ForecastError::CurrencyMismatch {
            expected: usd(),
            found: eur()
        }
    );
    rates.steps[1] = StepRate::new(Stage::Sal, Stage::Sql, 0, 6, None);
    assert_eq!(
        Waterfall::plan(Money::new(1_00, eur()), q2(), &rates).unwrap_err(),
        ForecastError::NoConversion {
            from: Stage::Sal,
            to: Stage::Sql
        }
    );
    rates.average_deal = Money::new(0, eur());
    assert_eq!(
        Waterfall::plan(Money::new(1_00, eur()), q2(), &rates).unwrap_err(),
        ForecastError::NoDealSize
    );
    // Nothing left to plan needs neither a deal size nor conversions: all zero.
    let nothing = Waterfall::plan(Money::new(0, eur()), q2(), &rates).unwrap();
    assert_eq!((nothing.wins, nothing.mqls()), (0, 0));
    // Without a measured SQL -> opportunity velocity, the SQLs' deadline and the earlier
    // ones stay open; the opportunities' does not need it.
    let mut rates = measured().rates();
    rates.steps[2].median_seconds = None;
    let w = Waterfall::plan(Money::new(1_00, eur()), q2(), &rates).unwrap();
    assert_eq!(w.by, [Some(t(6, 1, 0)), None, None, None]);
}

#[test]
fn accuracy_backtest_by_hand() {
    let data = dataset();
    let nows = [t(4, 21, 0), now()];
    let report = AccuracyReport::build(&spec(), |_| fixed(), slices(&data), &nows, q2().end());
    // emea actually won A1 (10,000.00). Forecast on April 21: 18,233.33 (see
    // backdated_now_sees_only_earlier_events), error 82.33%; on May 16: 28,333.33, 183.33%.
    let emea = &report.territories["emea"];
    assert_eq!(emea[0].forecast, 18_233_33);
    assert_eq!(emea[0].actual, 10_000_00);
    assert_eq!(emea[0].ape_bps(), Some(8_233));
    assert_eq!(emea[1].ape_bps(), Some(18_333));
    assert_eq!(report.mape_bps("emea"), Some((8_233 + 18_333) / 2));
    // amer actually won A7 9,000.00 and A9 6,000.00: 15,000.00. On May 16 the forecast was
    // 13,800.00 (8.00% off). On April 21 at 00:00 all three were still pipeline (A7 went to
    // commit on the 30th, A8 to omitted on the 21st at 09:00, A9 to commit on the 22nd):
    // 10% of 8,000.00 + 12,000.00 + 6,000.00 = 2,600.00, 82.67% off (8266 bps, rounded down).
    let amer = &report.territories["amer"];
    assert_eq!(amer[0].forecast, 2_600_00);
    assert_eq!(amer[0].ape_bps(), Some(8_266));
    assert_eq!(amer[1].forecast, 13_800_00);
    assert_eq!(amer[1].actual, 15_000_00);
    assert_eq!(amer[1].ape_bps(), Some(800));
    assert_eq!(report.mape_bps("amer"), Some((8_266 + 800) / 2));
    // Nothing was won without a region: the error is undefined.
    assert_eq!(report.mape_bps(NONE), None);
    assert!(report.render_table().contains("MAPE"));
}

#[test]
fn merge_refuses_different_reports() {
    let mut a = report();
    let b = ForecastReport::build(&spec(), &fixed(), slices(&dataset()), t(4, 21, 0));
    assert_eq!(
        a.merge(&b),
        Err(ForecastError::IncompatibleReports { what: "nows" })
    );
}

#[test]
fn table_lists_territories_and_owners() {
    let text = report().render_table();
    assert!(text.contains("emea"));
    assert!(text.contains("  ana"));
    assert!(text.contains("28333.33"));
    assert!(text.lines().last().unwrap().starts_with("total"));
    // Columns two spaces apart, names left-aligned, figures right-aligned to the header.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1],
        "territory / owner  won       weighted  forecast  commit    best case  open      marketing"
    );
    assert_eq!(
        lines[lines.len() - 1],
        "total              19000.00  23333.33  42333.33  45000.00   50000.00  36333.33      62.2%"
    );
    assert_eq!(
        lines[3],
        "  ana                  0.00    200.00    200.00      0.00       0.00   2000.00     100.0%"
    );
}

#[test]
fn outlook_in_a_few_calls() {
    use leadflow::forecast::{Outlook, next_quarter, previous_quarter, quarter_containing};
    assert_eq!(quarter_containing(now(), Zone::utc()).unwrap(), q2());
    assert_eq!(previous_quarter(&q2(), Zone::utc()).unwrap(), q1());
    assert_eq!(next_quarter(t(2, 1, 0), Zone::utc()).unwrap(), q2());
    let plan = Plan::new(q2(), eur())
        .target("emea", 60_000_00)
        .target("amer", 18_000_00);
    let outlook = Outlook::new(report(), &plan, &measured().rates()).unwrap();
    // emea has 50,000.00 left: the waterfall of reverse_waterfall_by_hand; amer 9,000.00:
    // 1 win, 3 opportunities (1 / (2/5) = 2.5), 3 SQLs, 4 SALs (3.6), 6 MQLs (5.33).
    assert_eq!(outlook.waterfalls["emea"].mqls(), 16);
    let amer = &outlook.waterfalls["amer"];
    assert_eq!((amer.wins, amer.needed), (1, [3, 3, 4, 6]));
    assert!(!outlook.waterfalls.contains_key(NONE));
    assert_eq!(outlook.mql_commitments()["amer"].mqls, 6);
    let text = outlook.render_text();
    assert!(text.contains("[amer] Reverse waterfall"));
}

#[test]
fn naive_bayes_probability_weighs_by_the_lead_attributes() {
    use leadflow::forecast::{lead_at, weigh};
    use leadflow::scoring::NaiveBayes;
    let data = dataset();
    let mut trained = NaiveBayes::new(["region"], 1.0).unwrap();
    for history in &data {
        if let Some(lead) = lead_at(history, now()) {
            trained.observe_lead(&lead);
        }
    }
    let model = trained.compile();
    let emea = leadflow::Attributes::from([("region".to_owned(), "emea".into())]);
    let p = model.probability(&emea);
    assert!(p > 0.0 && p < 1.0);
    let ppm = (p * 1e6).round() as u32;
    let report =
        ForecastReport::build(&spec(), &WinProbability::Bayes(model), slices(&data), now());
    // Every emea lead has the same attributes, so the same probability whatever its category:
    // A2 20,000.00, A3 5,000.00 and A4 3,333.33, each weighed and rounded on its own.
    assert_eq!(
        report.territory("emea").weighted,
        weigh(20_000_00, ppm) + weigh(5_000_00, ppm) + weigh(3_333_33, ppm)
    );
}

#[test]
fn accuracy_reports_merge_only_over_the_same_nows() {
    let data = dataset();
    let both = [t(4, 21, 0), now()];
    let build =
        |nows: &[_]| AccuracyReport::build(&spec(), |_| fixed(), slices(&data), nows, q2().end());
    // Shards with the same nows add up point by point.
    let mut merged = build(&both);
    merged.merge(&build(&both)).unwrap();
    assert_eq!(merged.territories["emea"][0].forecast, 2 * 18_233_33);
    assert_eq!(merged.territories["emea"][1].actual, 2 * 10_000_00);
    // One now fewer, even the first of the same two: refused, and nothing changed.
    let mut a = build(&both);
    assert_eq!(
        a.merge(&build(&both[..1])),
        Err(ForecastError::IncompatibleReports { what: "nows" })
    );
    assert_eq!(
        a.merge(&build(&[both[1], t(5, 1, 0)])),
        Err(ForecastError::IncompatibleReports { what: "nows" })
    );
    assert_eq!(a, build(&both));
    // A shard holding a territory this one lacks, beside one whose nows differ: refused
    // before the new territory is added.
    let mut partial = build(&both);
    partial.territories.retain(|name, _| name != "amer");
    let mut other = build(&both);
    other.territories.get_mut("emea").unwrap().pop();
    let before = partial.clone();
    assert_eq!(
        partial.merge(&other),
        Err(ForecastError::IncompatibleReports { what: "nows" })
    );
    assert_eq!(partial, before);
}
