//! The rule scorer: hand-computed cards, decay, caps, the floor, and load-time validation.
#![allow(clippy::unwrap_used, clippy::panic, clippy::float_cmp)]

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use leadflow::scoring::{
    AttributeType, BandThresholds, Condition, Decay, EngagementRule, FitRule, GradeThresholds,
    Part, Profile, RuleScorer, RuleSection, ScoreCard, Scorer, ScoringConfig, ScoringConfigError,
};
use leadflow::{Activity, ActivityKind, AttributeValue, Attributes};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap()
}

fn fit(name: &str, attribute: &str, condition: Condition, points: i64) -> FitRule {
    FitRule {
        name: name.into(),
        attribute: attribute.into(),
        condition,
        points,
    }
}

fn engage(
    name: &str,
    kind: ActivityKind,
    points: i64,
    cap: Option<i64>,
    decay: Decay,
) -> EngagementRule {
    EngagementRule {
        name: name.into(),
        kind,
        points,
        cap,
        decay,
    }
}

fn config() -> ScoringConfig {
    ScoringConfig {
        attributes: [
            ("email", AttributeType::Text),
            ("employees", AttributeType::Number),
            ("industry", AttributeType::Text),
            ("country", AttributeType::Text),
            ("tags", AttributeType::List),
            ("is_customer", AttributeType::Bool),
            ("founded", AttributeType::Date),
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
                    max: Some(2000.0),
                },
                30,
            ),
            fit(
                "software",
                "industry",
                Condition::OneOf {
                    values: vec!["software".into(), "saas".into()],
                },
                20,
            ),
            fit("free_mail", "email", Condition::FreeMail, -25),
            fit(
                "competitor",
                "email",
                Condition::DomainIn {
                    domains: vec!["rival.com".into()],
                },
                -100,
            ),
            fit("has_country", "country", Condition::Exists, 5),
            fit(
                "dach",
                "country",
                Condition::Equals {
                    value: AttributeValue::text("DE"),
                },
                10,
            ),
            fit(
                "uses_crm",
                "tags",
                Condition::Contains {
                    value: "crm".into(),
                },
                7,
            ),
            fit("no_industry", "industry", Condition::Missing, -5),
            fit(
                "existing_customer",
                "is_customer",
                Condition::Equals {
                    value: AttributeValue::Bool(true),
                },
                15,
            ),
        ],
        engagement_rules: vec![
            engage(
                "demo",
                ActivityKind::FormFill,
                40,
                Some(60),
                Decay::HalfLife { days: 30.0 },
            ),
            engage(
                "visits",
                ActivityKind::WebVisit,
                2,
                Some(10),
                Decay::Window { days: 7.0 },
            ),
            engage(
                "emails",
                ActivityKind::Email,
                3,
                None,
                Decay::Linear { days: 10.0 },
            ),
            engage("meetings", ActivityKind::Meeting, 25, None, Decay::None),
            engage("unsubscribed", ActivityKind::Other, -30, None, Decay::None),
        ],
        grades: GradeThresholds::default(),
        bands: BandThresholds::default(),
    }
}

fn attrs(pairs: &[(&str, AttributeValue)]) -> Attributes {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn at(kind: ActivityKind, hours_ago: i64) -> Activity {
    Activity::new(kind, now() - TimeDelta::hours(hours_ago))
}

fn points_of(card: &ScoreCard, rule: &str) -> Option<i64> {
    card.contributions()
        .iter()
        .find(|c| c.rule == rule)
        .map(|c| c.points)
}

#[test]
fn a_good_lead_scores_a1_with_each_rule_explained() {
    let scorer = RuleScorer::new(config()).unwrap();
    let attributes = attrs(&[
        ("employees", AttributeValue::number(500.0).unwrap()),
        ("industry", AttributeValue::text("saas")),
        ("email", AttributeValue::text("jo@acme.io")),
        ("country", AttributeValue::text("DE")),
        (
            "tags",
            AttributeValue::List(vec!["crm".into(), "erp".into()]),
        ),
        ("is_customer", AttributeValue::Bool(false)),
    ]);
    let mut activities = vec![
        at(ActivityKind::FormFill, 0),
        at(ActivityKind::FormFill, 30 * 24), // half-life: 20
        at(ActivityKind::FormFill, -24),     // in the future: ignored
        at(ActivityKind::WebVisit, 7 * 24),  // exactly 7 days: outside the window
        at(ActivityKind::Email, 5 * 24),     // 3 × 0.5 = 1.5
        at(ActivityKind::Email, 60),         // 3 × 0.75 = 2.25
        at(ActivityKind::Email, 11 * 24),    // past the linear span: 0
        at(ActivityKind::Meeting, 400 * 24), // no decay: 25
    ];
    for day in 0..7 {
        activities.push(at(ActivityKind::WebVisit, day * 24)); // 7 × 2 = 14, capped at 10
    }
    let card = scorer.score(&Profile::new(&attributes, &activities), now());
    // fit: 30 + 20 + 5 + 10 + 7
    assert_eq!(card.fit(), 72);
    // engagement: demo 40 + 20 = 60 (at the cap), visits 10, emails round(3.75) = 4,
    // meetings 25.
    assert_eq!(points_of(&card, "demo"), Some(60));
    assert_eq!(points_of(&card, "visits"), Some(10));
    assert_eq!(points_of(&card, "emails"), Some(4));
    assert_eq!(points_of(&card, "meetings"), Some(25));
    assert_eq!(card.engagement(), 99);
    assert_eq!(card.total(), 171);
    assert_eq!(card.grade().to_string(), "A1");
    let names: Vec<_> = card
        .contributions()
        .iter()
        .map(|c| c.rule.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "mid_market",
            "software",
            "has_country",
            "dach",
            "uses_crm",
            "demo",
            "visits",
            "emails",
            "meetings"
        ]
    );
    let visits = card
        .contributions()
        .iter()
        .find(|c| c.rule == "visits")
        .unwrap();
    assert_eq!(
        visits.reason,
        "7 × web_visit at 2 points, within the last 7 days, capped at 10"
    );
    let demo = card
        .contributions()
        .iter()
        .find(|c| c.rule == "demo")
        .unwrap();
    assert_eq!(demo.reason, "2 × form_fill at 40 points, half-life 30 days");
    let size = &card.contributions()[0];
    assert_eq!(size.reason, "employees in [200, 2000)");
    assert_eq!(size.part, Part::Fit);
    // The cheap path agrees.
    assert_eq!(
        scorer.summary(&Profile::new(&attributes, &activities), now()),
        card.summary()
    );
}

#[test]
fn a_negative_total_floors_at_zero_with_a_floor_contribution() {
    let scorer = RuleScorer::new(config()).unwrap();
    let attributes = attrs(&[("email", AttributeValue::text("bob@GMAIL.com"))]);
    let activities = [at(ActivityKind::Other, 1)];
    let card = scorer.score(&Profile::new(&attributes, &activities), now());
    // free_mail -25, no_industry -5, unsubscribed -30: raw -60
    assert_eq!((card.fit(), card.engagement(), card.total()), (-30, -30, 0));
    let floor = card.contributions().last().unwrap();
    assert_eq!(
        (floor.rule.as_str(), floor.part, floor.points),
        ("floor", Part::Floor, 60)
    );
    assert_eq!(floor.reason, "the total floors at zero (raw -60)");
    let sum: i64 = card.contributions().iter().map(|c| c.points).sum();
    assert_eq!(sum, 0);
    assert_eq!(card.grade().to_string(), "D4");
}

#[test]
fn competitors_subdomains_and_values_of_the_wrong_type() {
    let scorer = RuleScorer::new(config()).unwrap();
    let attributes = attrs(&[
        ("email", AttributeValue::text("ceo@eu.Rival.com")),
        ("employees", AttributeValue::text("500")), // text, declared number: no match
        ("industry", AttributeValue::text("Software")), // exact match only
        ("is_customer", AttributeValue::Bool(true)),
        (
            "founded",
            NaiveDate::from_ymd_opt(2001, 1, 1).unwrap().into(),
        ),
    ]);
    let card = scorer.score(&Profile::new(&attributes, &[]), now());
    assert_eq!(points_of(&card, "competitor"), Some(-100));
    assert_eq!(points_of(&card, "existing_customer"), Some(15));
    assert_eq!(points_of(&card, "mid_market"), None);
    assert_eq!(points_of(&card, "software"), None);
    assert_eq!(card.fit(), -85);
    assert_eq!(card.total(), 0);
}

#[test]
fn activity_order_does_not_matter() {
    let scorer = RuleScorer::new(config()).unwrap();
    let attributes = Attributes::new();
    let mut activities: Vec<_> = (0..20)
        .map(|i| at(ActivityKind::Email, i * 7))
        .chain((0..5).map(|i| at(ActivityKind::FormFill, i * 100)))
        .collect();
    let forward = scorer.score(&Profile::new(&attributes, &activities), now());
    activities.reverse();
    let backward = scorer.score(&Profile::new(&attributes, &activities), now());
    assert_eq!(forward, backward);
}

#[test]
fn the_rule_scorer_is_send_sync_and_usable_as_dyn() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RuleScorer>();
    assert_send_sync::<ScoreCard>();
    assert_send_sync::<leadflow::scoring::NaiveBayes>();
    assert_send_sync::<leadflow::scoring::BayesModel>();
    assert_send_sync::<leadflow::scoring::Calibration>();
    assert_send_sync::<leadflow::scoring::QualificationCriteria<RuleScorer>>();
    assert_send_sync::<ScoringConfigError>();
    let boxed: Box<dyn Scorer> = Box::new(RuleScorer::new(config()).unwrap());
    let attributes = Attributes::new();
    assert_eq!(boxed.total(&Profile::new(&attributes, &[]), now()), 0);
}

fn refused(config: ScoringConfig) -> ScoringConfigError {
    RuleScorer::new(config).unwrap_err()
}

#[test]
fn undeclared_attributes_are_refused_naming_the_rule() {
    let mut c = config();
    c.fit_rules[4].attribute = "contry".into();
    let err = refused(c);
    let ScoringConfigError::UndeclaredAttribute { rule, attribute } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (rule.section, rule.index, rule.name.as_str()),
        (RuleSection::Fit, 4, "has_country")
    );
    assert_eq!(attribute, "contry");
    assert_eq!(
        err.to_string(),
        "fit_rules[4] \"has_country\": attribute \"contry\" is not declared"
    );
}

#[test]
fn non_finite_numbers_are_refused() {
    let mut c = config();
    c.fit_rules[0].condition = Condition::Range {
        min: Some(f64::NAN),
        max: None,
    };
    assert!(
        matches!(refused(c), ScoringConfigError::NotFinite { rule, field: "min" } if rule.index == 0)
    );
    let mut c = config();
    c.fit_rules[0].condition = Condition::Range {
        min: None,
        max: Some(f64::INFINITY),
    };
    assert!(matches!(
        refused(c),
        ScoringConfigError::NotFinite { field: "max", .. }
    ));
    let mut c = config();
    c.fit_rules.push(fit(
        "nan_equals",
        "employees",
        Condition::Equals {
            value: AttributeValue::Number(f64::NAN),
        },
        1,
    ));
    assert!(
        matches!(refused(c), ScoringConfigError::NotFinite { rule, field: "value" } if rule.index == 9)
    );
    let mut c = config();
    c.engagement_rules[0].decay = Decay::HalfLife { days: f64::NAN };
    assert!(matches!(refused(c),
        ScoringConfigError::NotFinite { rule, field: "days" }
            if rule.section == RuleSection::Engagement && rule.name == "demo"));
}

#[test]
fn bounds_are_enforced() {
    let mut c = config();
    c.fit_rules[1].points = 10_001;
    assert!(matches!(refused(c),
        ScoringConfigError::PointsOutOfBounds { points: 10_001, max: 10_000, rule } if rule.index == 1));
    let mut c = config();
    c.engagement_rules[4].points = i64::MIN;
    assert!(
        matches!(refused(c), ScoringConfigError::PointsOutOfBounds { rule, .. } if rule.index == 4)
    );
    let mut c = config();
    c.engagement_rules[1].cap = Some(0);
    assert!(matches!(
        refused(c),
        ScoringConfigError::CapOutOfBounds { cap: 0, .. }
    ));
    for days in [0.0, -1.0, 36_501.0] {
        let mut c = config();
        c.engagement_rules[2].decay = Decay::Linear { days };
        assert!(
            matches!(refused(c), ScoringConfigError::DecayOutOfBounds { rule, .. } if rule.name == "emails")
        );
    }
    let mut c = config();
    c.engagement_rules[2].decay = Decay::Window { days: 36_500.0 };
    assert!(RuleScorer::new(c).is_ok());
}

#[test]
fn type_mismatches_empty_values_and_names_are_refused() {
    let mut c = config();
    c.fit_rules[0].attribute = "industry".into(); // a range on text
    assert!(matches!(
        refused(c),
        ScoringConfigError::TypeMismatch {
            declared: AttributeType::Text,
            condition: "range",
            ..
        }
    ));
    let mut c = config();
    c.fit_rules[5].condition = Condition::Equals {
        value: AttributeValue::Bool(true),
    };
    assert!(matches!(
        refused(c),
        ScoringConfigError::TypeMismatch {
            condition: "equals",
            ..
        }
    ));
    let mut c = config();
    c.fit_rules[0].condition = Condition::Range {
        min: Some(10.0),
        max: Some(10.0),
    };
    assert!(matches!(refused(c), ScoringConfigError::EmptyRange { .. }));
    let mut c = config();
    c.fit_rules[1].condition = Condition::OneOf { values: vec![] };
    assert!(matches!(
        refused(c),
        ScoringConfigError::EmptyValue {
            field: "values",
            ..
        }
    ));
    let mut c = config();
    c.engagement_rules[0].name = "software".into();
    let err = refused(c);
    assert!(matches!(&err,
        ScoringConfigError::DuplicateRuleName { rule, first }
            if rule.section == RuleSection::Engagement && first.index == 1));
    let mut c = config();
    c.fit_rules[2].name = " ".into();
    assert!(matches!(refused(c), ScoringConfigError::UnnamedRule { .. }));
}

#[test]
fn thresholds_must_be_strictly_descending() {
    let mut c = config();
    c.grades = GradeThresholds { a: 40, b: 40, c: 0 };
    assert!(matches!(
        refused(c),
        ScoringConfigError::UnorderedThresholds {
            which: "grades",
            ..
        }
    ));
    let mut c = config();
    c.bands = BandThresholds {
        one: 10,
        two: 20,
        three: 0,
    };
    assert!(matches!(
        refused(c),
        ScoringConfigError::UnorderedThresholds {
            which: "bands",
            thresholds: [10, 20, 0],
            ..
        }
    ));
}

#[test]
fn closures_are_scorers() {
    let constant = |_: &Profile<'_>, _: DateTime<Utc>| {
        ScoreCard::new(
            vec![leadflow::scoring::Contribution::new(
                "flat",
                Part::Fit,
                45,
                "everyone gets 45",
            )],
            &GradeThresholds::default(),
            &BandThresholds::default(),
        )
    };
    let scorers: Vec<Box<dyn Scorer>> = vec![Box::new(constant)];
    let attributes = Attributes::new();
    let summary = scorers[0].summary(&Profile::new(&attributes, &[]), now());
    assert_eq!(summary.total, 45);
    assert_eq!(summary.grade.to_string(), "B4");
}
