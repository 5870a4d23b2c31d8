//! The rule scorer compiled against an encoding scores exactly as the rule scorer.
#![allow(clippy::unwrap_used, clippy::panic, clippy::float_cmp)]

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use leadflow::scoring::{
    AttributeType, BandThresholds, Condition, Decay, EncodedActivity, EncodedRuleScorer,
    EncodedScoreError, EngagementRule, FitRule, GradeThresholds, Profile, RuleScorer, Scorer,
    ScoringConfig, SlotValue,
};
use leadflow::{Activity, ActivityKind, AttributeValue, Attributes};
use proptest::prelude::*;

/// Attributes the rules read (declared with these types) and one no rule reads.
const NAMES: [(&str, AttributeType); 5] = [
    ("b", AttributeType::Bool),
    ("d", AttributeType::Date),
    ("l", AttributeType::List),
    ("n", AttributeType::Number),
    ("t", AttributeType::Text),
];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, day).unwrap()
}

fn texts() -> Vec<&'static str> {
    vec![
        "a",
        "b",
        "Head of x",
        "jo@gmail.com",
        "x@eu.rival.com",
        "x",
        "",
    ]
}

fn decay() -> impl Strategy<Value = Decay> {
    prop_oneof![
        Just(Decay::None),
        (0.01..400.0_f64).prop_map(|days| Decay::Linear { days }),
        (0.01..400.0_f64).prop_map(|days| Decay::HalfLife { days }),
        (0.01..400.0_f64).prop_map(|days| Decay::Window { days }),
        // Periods of whole days, where ages fall exactly on the curve's knots.
        (1_u32..100).prop_map(|d| Decay::HalfLife { days: f64::from(d) }),
    ]
}

/// A fit rule valid for its attribute's declared type.
fn fit_rule() -> impl Strategy<Value = (&'static str, Condition)> {
    let nonempty: Vec<&str> = texts().into_iter().filter(|t| !t.is_empty()).collect();
    let text = prop::sample::select(nonempty).prop_map(str::to_owned);
    prop_oneof![
        (-100.0..100.0_f64, prop::option::of(0.1..100.0_f64)).prop_map(|(min, width)| (
            "n",
            Condition::Range {
                min: Some(min),
                max: width.map(|w| min + w)
            }
        )),
        (-3_i32..3).prop_map(|n| (
            "n",
            Condition::Equals {
                value: AttributeValue::number(f64::from(n)).unwrap()
            }
        )),
        prop::collection::vec(text.clone(), 1..3)
            .prop_map(|values| ("t", Condition::OneOf { values })),
        text.clone().prop_map(|t| (
            "t",
            Condition::Equals {
                value: AttributeValue::Text(t)
            }
        )),
        prop::sample::select(vec!["Head", "x", "@"]).prop_map(|v| (
            "t",
            Condition::Contains {
                value: v.to_owned()
            }
        )),
        Just(("t", Condition::FreeMail)),
        Just((
            "t",
            Condition::DomainIn {
                domains: vec!["rival.com".to_owned()]
            }
        )),
        prop::sample::select(vec!["x", "y"]).prop_map(|v| (
            "l",
            Condition::Contains {
                value: v.to_owned()
            }
        )),
        prop::collection::vec(
            prop::sample::select(vec!["x", "z"]).prop_map(str::to_owned),
            1..3
        )
        .prop_map(|values| ("l", Condition::OneOf { values })),
        any::<bool>().prop_map(|b| (
            "b",
            Condition::Equals {
                value: AttributeValue::Bool(b)
            }
        )),
        (1_u32..4).prop_map(|d| (
            "d",
            Condition::Equals {
                value: AttributeValue::Date(date(d))
            }
        )),
        prop::sample::select(vec!["n", "t", "l", "b", "d"]).prop_map(|a| (a, Condition::Exists)),
        prop::sample::select(vec!["n", "t", "l", "b", "d"]).prop_map(|a| (a, Condition::Missing)),
    ]
}

fn config() -> impl Strategy<Value = ScoringConfig> {
    (
        prop::collection::vec((fit_rule(), -10_000..=10_000_i64), 0..12),
        prop::collection::vec(
            (
                0..ActivityKind::ALL.len(),
                -10_000..=10_000_i64,
                prop::option::of(1..=1_000_000_i64),
                decay(),
            ),
            0..12,
        ),
    )
        .prop_map(|(fits, engagement)| ScoringConfig {
            attributes: NAMES.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect(),
            fit_rules: fits
                .into_iter()
                .enumerate()
                .map(|(i, ((attribute, condition), points))| FitRule {
                    name: format!("f{i}"),
                    attribute: attribute.to_owned(),
                    condition,
                    points,
                })
                .collect(),
            engagement_rules: engagement
                .into_iter()
                .enumerate()
                .map(|(i, (kind, points, cap, decay))| EngagementRule {
                    name: format!("e{i}"),
                    kind: ActivityKind::ALL[kind],
                    points,
                    cap,
                    decay,
                })
                .collect(),
            grades: GradeThresholds::default(),
            bands: BandThresholds::default(),
        })
}

/// Any value, of any type (the declared type is not enforced on leads).
fn value() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        prop::sample::select(texts()).prop_map(AttributeValue::text),
        prop_oneof![
            (-150.0..150.0_f64),
            (-3_i32..3).prop_map(f64::from),
            Just(-0.0)
        ]
        .prop_map(|n| AttributeValue::number(n).unwrap()),
        any::<bool>().prop_map(AttributeValue::Bool),
        (1_u32..4).prop_map(|d| AttributeValue::Date(date(d))),
        prop::collection::vec(
            prop::sample::select(vec!["x", "y", "z"]).prop_map(str::to_owned),
            0..3
        )
        .prop_map(AttributeValue::List),
    ]
}

fn attributes() -> impl Strategy<Value = Attributes> {
    prop::collection::btree_map(
        prop::sample::select(vec!["a", "b", "d", "l", "n", "t", "zz"]).prop_map(str::to_owned),
        value(),
        0..7,
    )
}

/// Activities from a year before `now()` to a day after (those after are ignored), some at
/// fractions of a second.
fn activities() -> impl Strategy<Value = Vec<Activity>> {
    prop::collection::vec(
        (
            0..ActivityKind::ALL.len(),
            -86_400..365 * 86_400_i64,
            prop_oneof![Just(0_i64), 0..1_000_i64],
        ),
        0..20,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(k, ago, ms)| {
                let at = now() - TimeDelta::seconds(ago) + TimeDelta::milliseconds(ms);
                Activity::new(ActivityKind::ALL[k], at)
            })
            .collect()
    })
}

/// Up to 70 activities of two kinds: many activities of one kind, at many ages.
fn crowded_activities() -> impl Strategy<Value = Vec<Activity>> {
    prop::collection::vec((0..2_usize, -3_600..120 * 86_400_i64), 0..70).prop_map(|v| {
        v.into_iter()
            .map(|(k, ago)| Activity::new(ActivityKind::ALL[k], now() - TimeDelta::seconds(ago)))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn crowded_kinds_score_as_the_explained_score(
        config in config(),
        activities in crowded_activities(),
    ) {
        let scorer = RuleScorer::new(config).unwrap();
        let encoded = EncodedRuleScorer::new(&scorer);
        let acts: Vec<EncodedActivity> = activities.iter().map(EncodedActivity::from).collect();
        let attributes = Attributes::new();
        let profile = Profile::new(&attributes, &activities);
        let explained = scorer.score(&profile, now()).summary();
        prop_assert_eq!(scorer.summary(&profile, now()), explained);
        prop_assert_eq!(encoded.engagement(&acts, now()), explained.engagement);
    }

    #[test]
    fn encoded_scores_equal_the_rule_scorer(
        config in config(),
        leads in prop::collection::vec((attributes(), activities()), 1..6),
        shift in -400_i64..400,
    ) {
        let scorer = RuleScorer::new(config).unwrap();
        // One encoding shared by every lead, as a host's dictionary is.
        let mut encoded = EncodedRuleScorer::new(&scorer);
        let now = now() + TimeDelta::days(shift);
        for (attributes, activities) in &leads {
            let values = encoded.encode_attributes(attributes).unwrap();
            let acts: Vec<EncodedActivity> = activities.iter().map(EncodedActivity::from).collect();
            let profile = Profile::new(attributes, activities);
            let expected = scorer.summary(&profile, now);
            // The explained path keeps the grouped accumulation: all three agree.
            prop_assert_eq!(scorer.score(&profile, now).summary(), expected);
            prop_assert_eq!(encoded.summary(&values, &acts, now).unwrap(), expected);
            prop_assert_eq!(encoded.total(&values, &acts, now).unwrap(), expected.total);
            prop_assert_eq!(encoded.fit(&values).unwrap(), expected.fit);
            prop_assert_eq!(encoded.engagement(&acts, now), expected.engagement);
        }
        // Every value encoded can be read back.
        for (attributes, _) in &leads {
            let values = encoded.encode_attributes(attributes).unwrap();
            for ((slot, attribute), value) in encoded.attributes().enumerate().zip(&values) {
                match *value {
                    SlotValue::Missing => prop_assert!(!attributes.contains_key(attribute)),
                    SlotValue::Number(n) => prop_assert_eq!(
                        attributes.get(attribute),
                        Some(&AttributeValue::Number(n))
                    ),
                    SlotValue::Code(code) => prop_assert_eq!(
                        attributes.get(attribute),
                        encoded.value(slot, code)
                    ),
                    _ => {}
                }
            }
        }
    }
}

fn small_config() -> ScoringConfig {
    ScoringConfig {
        attributes: [
            ("industry".to_owned(), AttributeType::Text),
            ("employees".to_owned(), AttributeType::Number),
        ]
        .into(),
        fit_rules: vec![
            FitRule {
                name: "saas".into(),
                attribute: "industry".into(),
                condition: Condition::OneOf {
                    values: vec!["saas".into()],
                },
                points: 20,
            },
            FitRule {
                name: "no_industry".into(),
                attribute: "industry".into(),
                condition: Condition::Missing,
                points: -5,
            },
            FitRule {
                name: "big".into(),
                attribute: "employees".into(),
                condition: Condition::Range {
                    min: Some(1000.0),
                    max: None,
                },
                points: 10,
            },
        ],
        engagement_rules: vec![EngagementRule {
            name: "visits".into(),
            kind: ActivityKind::WebVisit,
            points: 3,
            cap: Some(7),
            decay: Decay::Window { days: 30.0 },
        }],
        grades: GradeThresholds::default(),
        bands: BandThresholds::default(),
    }
}

#[test]
fn hand_computed_encoded_scores() {
    let scorer = RuleScorer::new(small_config()).unwrap();
    let mut encoded = EncodedRuleScorer::new(&scorer);
    assert_eq!(
        encoded.attributes().collect::<Vec<_>>(),
        ["employees", "industry"]
    );
    let industry = encoded.slot("industry").unwrap();
    let saas = encoded
        .intern(industry, &AttributeValue::text("saas"))
        .unwrap();
    let retail = encoded
        .intern(industry, &AttributeValue::text("retail"))
        .unwrap();
    assert_eq!(
        encoded.intern(industry, &AttributeValue::text("saas")),
        Ok(saas)
    );
    let now = now();
    let visit = |days| EncodedActivity {
        kind: ActivityKind::WebVisit,
        at: (now - TimeDelta::days(days)).timestamp(),
    };
    // Three visits within 30 days (9, capped at 7), one older, one in the future.
    let visits = [visit(1), visit(2), visit(29), visit(31), visit(-1)];
    let lead = [SlotValue::Number(5000.0), SlotValue::Code(saas)];
    let s = encoded.summary(&lead, &visits, now).unwrap();
    assert_eq!((s.fit, s.engagement, s.total), (30, 7, 37));
    let lead = [SlotValue::Missing, SlotValue::Missing];
    assert_eq!(encoded.fit(&lead), Ok(-5));
    assert_eq!(encoded.total(&lead, &[], now), Ok(0));
    let lead = [SlotValue::Number(10.0), SlotValue::Code(retail)];
    assert_eq!(encoded.total(&lead, &visits[..1], now), Ok(3));
}

#[test]
fn bad_encodings_are_typed_errors() {
    let scorer = RuleScorer::new(small_config()).unwrap();
    let mut encoded = EncodedRuleScorer::new(&scorer);
    let now = now();
    assert_eq!(
        encoded.summary(&[SlotValue::Missing], &[], now),
        Err(EncodedScoreError::SlotCount {
            expected: 2,
            found: 1
        })
    );
    assert_eq!(
        encoded.fit(&[SlotValue::Missing, SlotValue::Code(3)]),
        Err(EncodedScoreError::UnknownCode {
            slot: 1,
            code: 3,
            values: 0
        })
    );
    assert_eq!(
        encoded.intern(2, &AttributeValue::Bool(true)),
        Err(EncodedScoreError::SlotOutOfRange { slot: 2, slots: 2 })
    );
    assert_eq!(
        encoded.encode_value(9, &AttributeValue::number(1.0).unwrap()),
        Err(EncodedScoreError::SlotOutOfRange { slot: 9, slots: 2 })
    );
    assert_eq!(encoded.value(1, 0), None);
    assert_eq!(encoded.slot("country"), None);
    // A NaN from a host is no panic: no range holds it.
    assert_eq!(
        encoded.fit(&[SlotValue::Number(f64::NAN), SlotValue::Missing]),
        Ok(-5)
    );
}

#[test]
fn encoded_scorer_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<EncodedRuleScorer>();
    check::<SlotValue>();
    check::<EncodedActivity>();
    check::<leadflow::scoring::FeatureDictionary>();
}
