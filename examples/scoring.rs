//! Scores a handful of leads with a rule scorer and prints their cards, checks them against
//! the qualification criteria, trains naive Bayes on a synthetic history, and calibrates the
//! definition of a good lead on it.
//!
//! Run with `cargo run --example scoring`.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::ActivityKind::{FormFill, Meeting, WebVisit};
use leadflow::scoring::{
    AttributeType, BandThresholds, Calibration, Condition, Decay, EngagementRule, Exclusion,
    FitRule, GradeThresholds, NaiveBayes, Objective, Outcome, Profile, QualificationCriteria,
    RuleScorer, Scorer, ScoringConfig,
};
use leadflow::{Activity, ActivityKind, AttributeValue, Attributes};

fn config() -> ScoringConfig {
    let fit = |name: &str, attribute: &str, condition, points| FitRule {
        name: name.into(),
        attribute: attribute.into(),
        condition,
        points,
    };
    let engage = |name: &str, kind, points, cap, decay| EngagementRule {
        name: name.into(),
        kind,
        points,
        cap,
        decay,
    };
    ScoringConfig {
        attributes: [
            ("email", AttributeType::Text),
            ("employees", AttributeType::Number),
            ("industry", AttributeType::Text),
            ("job_title", AttributeType::Text),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t))
        .collect(),
        fit_rules: vec![
            fit(
                "mid_market",
                "employees",
                Condition::Range {
                    min: Some(200.0),
                    max: Some(5000.0),
                },
                30,
            ),
            fit(
                "target_industry",
                "industry",
                Condition::OneOf {
                    values: vec!["saas".into(), "fintech".into()],
                },
                20,
            ),
            fit(
                "decision_maker",
                "job_title",
                Condition::Contains {
                    value: "Head".into(),
                },
                15,
            ),
            fit("free_mail", "email", Condition::FreeMail, -20),
        ],
        engagement_rules: vec![
            engage(
                "demo_request",
                ActivityKind::FormFill,
                40,
                Some(60),
                Decay::HalfLife { days: 30.0 },
            ),
            engage(
                "recent_visits",
                ActivityKind::WebVisit,
                3,
                Some(15),
                Decay::Window { days: 14.0 },
            ),
            engage(
                "meetings",
                ActivityKind::Meeting,
                25,
                Some(50),
                Decay::Linear { days: 180.0 },
            ),
        ],
        grades: GradeThresholds {
            a: 60,
            b: 40,
            c: 20,
        },
        bands: BandThresholds {
            one: 60,
            two: 30,
            three: 10,
        },
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap()
}

fn lead(
    email: &str,
    employees: f64,
    industry: &str,
    title: &str,
    touches: &[(ActivityKind, i64)],
) -> (Attributes, Vec<Activity>) {
    let mut attributes = Attributes::new();
    attributes.insert("email".into(), email.into());
    attributes.insert(
        "employees".into(),
        AttributeValue::number(employees).unwrap(),
    );
    attributes.insert("industry".into(), industry.into());
    attributes.insert("job_title".into(), title.into());
    let activities = touches
        .iter()
        .map(|(kind, days_ago)| Activity::new(*kind, now() - TimeDelta::days(*days_ago)))
        .collect();
    (attributes, activities)
}

/// A tiny deterministic generator for the synthetic history.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn main() {
    let scorer = RuleScorer::new(config()).unwrap();
    let criteria = QualificationCriteria::new(scorer.clone())
        .min_score(60)
        .min_grade("B2".parse().unwrap())
        .require("industry")
        .exclude(Exclusion::free_mail("email"))
        .exclude(Exclusion::competitor("email", ["rival.com"]));

    let leads = [
        (
            "Lee, head of ops at a SaaS firm",
            lead(
                "lee@acme.io",
                800.0,
                "saas",
                "Head of Operations",
                &[(FormFill, 2), (WebVisit, 1), (WebVisit, 3), (Meeting, 10)],
            ),
        ),
        (
            "Kim, student on a free-mail address",
            lead(
                "kim@gmail.com",
                5.0,
                "education",
                "Student",
                &[(WebVisit, 1)],
            ),
        ),
        (
            "Ana, fintech analyst who asked for a demo 90 days ago",
            lead(
                "ana@bank.example",
                3000.0,
                "fintech",
                "Analyst",
                &[(FormFill, 90), (WebVisit, 40)],
            ),
        ),
        (
            "Raj, a competitor",
            lead(
                "raj@rival.com",
                1200.0,
                "saas",
                "Head of Product",
                &[(WebVisit, 2), (WebVisit, 5)],
            ),
        ),
    ];
    for (who, (attributes, activities)) in &leads {
        let profile = Profile::new(attributes, activities);
        let card = scorer.score(&profile, now());
        println!("{who}\n{card}");
        let unmet = criteria.unmet_for(&profile, now());
        if unmet.is_empty() {
            println!("  qualifies as an MQL\n");
        } else {
            for criterion in unmet {
                println!("  unmet: {criterion}");
            }
            println!();
        }
    }

    let (calibration, bayes) = history(&scorer);
    report(&calibration);
    let (attributes, _) = &leads[0].1;
    let prediction = bayes.predict(attributes);
    println!(
        "\nNaive Bayes on industry and title for Lee: p(won) = {:.3}",
        prediction.probability
    );
    for evidence in &prediction.evidence {
        if evidence.seen {
            println!(
                "  {} = {}: log-likelihood ratio {:+.3}",
                evidence.feature, evidence.category, evidence.log_likelihood_ratio
            );
        } else {
            println!(
                "  {} = {}: never seen in training, no evidence",
                evidence.feature, evidence.category
            );
        }
    }
}

/// Scores a synthetic history of closed leads and trains naive Bayes on it.
fn history(scorer: &RuleScorer) -> (Calibration, NaiveBayes) {
    // A synthetic history: 2,000 closed leads whose odds of winning grow with fit and
    // engagement.
    let mut rng = Lcg(2026);
    let industries = ["saas", "fintech", "retail", "education"];
    let titles = [
        "Head of Sales",
        "Engineer",
        "Student",
        "Head of IT",
        "Analyst",
    ];
    let mut calibration = Calibration::new();
    let mut bayes = NaiveBayes::new(["industry", "job_title"], 1.0).unwrap();
    for _ in 0..2000 {
        let industry = industries[(rng.next() % 4) as usize];
        let title = titles[(rng.next() % 5) as usize];
        let employees = (rng.next() % 6000) as f64;
        let touches: Vec<_> = (0..rng.next() % 6)
            .map(|_| {
                let kind = [FormFill, WebVisit, Meeting][(rng.next() % 3) as usize];
                (kind, (rng.next() % 120) as i64)
            })
            .collect();
        let (attributes, activities) = lead("x@corp.example", employees, industry, title, &touches);
        let summary = scorer.summary(&Profile::new(&attributes, &activities), now());
        let won = (rng.next() % 100) < (10 + summary.total.clamp(0, 150) as u64 / 2);
        let outcome = if won { Outcome::Won } else { Outcome::Lost };
        calibration.add(&summary, outcome);
        bayes.observe(&attributes, outcome);
    }

    (calibration, bayes)
}

/// Prints the calibration: conversion by band and cell, AUC, and the MQL threshold.
fn report(calibration: &Calibration) {
    let overall = calibration.overall();
    println!(
        "Calibration on {} closed leads ({} won):",
        overall.leads, overall.wins
    );
    for row in calibration.by_band(&[20, 40, 60, 80, 100]).unwrap() {
        let from = row.from.map_or("-inf".to_owned(), |f| f.to_string());
        let to = row.to.map_or("+inf".to_owned(), |t| t.to_string());
        let rate = row
            .tally
            .conversion()
            .map_or("-".to_owned(), |c| format!("{:.0}%", c * 100.0));
        println!(
            "  score [{from}, {to}): {:>4} leads, {:>3} won, {rate}",
            row.tally.leads, row.tally.wins
        );
    }
    for (grade, tally) in calibration.by_cell() {
        let rate = tally.conversion().unwrap_or(0.0) * 100.0;
        println!("  {grade}: {:>4} leads, {rate:.0}% won", tally.leads);
    }
    println!("  ROC AUC: {:.3}", calibration.auc().unwrap_or(0.5));
    if let Some(choice) = calibration
        .threshold(Objective::KeepWins { min_share: 0.9 })
        .unwrap()
    {
        println!(
            "  MQL threshold keeping >= 90% of wins: {} ({} MQLs, {:.0}% of volume, {:.0}% of wins, converting at {:.0}%)",
            choice.threshold,
            choice.mqls,
            choice.volume_share * 100.0,
            choice.win_share * 100.0,
            choice.conversion * 100.0
        );
    }
}
