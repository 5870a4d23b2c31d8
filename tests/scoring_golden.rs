//! Golden files of the scoring formats: a configuration (loaded, scored, round-tripped), an
//! invalid one, and a score card.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use leadflow::scoring::{
    BandThresholds, Calibration, Definition, Exclusion, GradeThresholds, Outcome, Profile,
    QualificationCriteria, RuleScorer, RuleSection, ScoreCard, Scorer, ScoringConfig,
    ScoringConfigError,
};
use leadflow::{Activity, ActivityKind, AttributeValue, Attributes};

const CONFIG_V1: &str = include_str!("golden/scoring/config_v1.json");
const UNDECLARED: &str = include_str!("golden/scoring/config_undeclared_attribute.json");
const CARD_V1: &str = include_str!("golden/scoring/score_card_v1.json");
const DEFINITION_V1: &str = include_str!("golden/scoring/definition_v1.json");
const CALIBRATION_V1: &str = include_str!("golden/scoring/calibration_v1.json");

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap()
}

fn lead() -> (Attributes, Vec<Activity>) {
    let mut a = Attributes::new();
    a.insert("employees".into(), AttributeValue::number(800.0).unwrap());
    a.insert("industry".into(), "saas".into());
    a.insert("country".into(), "DE".into());
    a.insert("job_title".into(), "Head of Sales".into());
    a.insert("tags".into(), AttributeValue::List(vec!["crm".into()]));
    a.insert("email".into(), "lee@acme.io".into());
    a.insert(
        "founded".into(),
        NaiveDate::from_ymd_opt(2010, 1, 1).unwrap().into(),
    );
    let ago = |kind, days| Activity::new(kind, now() - TimeDelta::days(days));
    let activities = vec![
        ago(ActivityKind::FormFill, 60),
        ago(ActivityKind::WebVisit, 1),
        ago(ActivityKind::WebVisit, 5),
        ago(ActivityKind::WebVisit, 13),
        ago(ActivityKind::WebVisit, 20),
        ago(ActivityKind::Email, 30),
        ago(ActivityKind::Meeting, 3),
    ];
    (a, activities)
}

#[test]
fn the_golden_configuration_loads_and_scores_as_computed_by_hand() {
    let config: ScoringConfig = serde_json::from_str(CONFIG_V1).unwrap();
    let scorer = RuleScorer::new(config).unwrap();
    let (attributes, activities) = lead();
    let card = scorer.score(&Profile::new(&attributes, &activities), now());
    // Fit: mid_market 30, target_industry 20, dach 10, decision_maker 15, crm_user 5,
    // has_founding_date 2.
    assert_eq!(card.fit(), 82);
    // Engagement: demo 40 × 0.5² = 10; visits 3 × 2 = 6 (the 20-day one is outside the
    // window); email 5 × (1 - 30/60) = 2.5, rounded to 3; meeting 25.
    assert_eq!(card.engagement(), 44);
    assert_eq!(card.total(), 126);
    assert_eq!(card.grade().to_string(), "A2");
}

#[test]
fn the_golden_configuration_round_trips() {
    let config: ScoringConfig = serde_json::from_str(CONFIG_V1).unwrap();
    let written = serde_json::to_value(&config).unwrap();
    let golden: serde_json::Value = serde_json::from_str(CONFIG_V1).unwrap();
    assert_eq!(written, golden);
    let again: ScoringConfig = serde_json::from_value(written).unwrap();
    assert_eq!(again, config);
}

#[test]
fn the_golden_invalid_configuration_names_its_rule() {
    let config: ScoringConfig = serde_json::from_str(UNDECLARED).unwrap();
    assert_eq!(config.grades, GradeThresholds::default());
    assert_eq!(config.bands, BandThresholds::default());
    let err = RuleScorer::new(config).unwrap_err();
    let ScoringConfigError::UndeclaredAttribute { rule, attribute } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (
            rule.section,
            rule.index,
            rule.name.as_str(),
            attribute.as_str()
        ),
        (RuleSection::Fit, 1, "mid_market", "employes")
    );
}

#[test]
fn unknown_condition_types_and_misspelt_fields_are_refused_by_serde() {
    let text = CONFIG_V1.replace("\"free_mail\" }", "\"webmail\" }");
    assert!(serde_json::from_str::<ScoringConfig>(&text).is_err());
    let text = CONFIG_V1.replace("\"cap\": 60", "\"capp\": 60");
    assert!(serde_json::from_str::<ScoringConfig>(&text).is_err());
    let text = CONFIG_V1.replace("\"fit_rules\"", "\"fit_rule\"");
    assert!(serde_json::from_str::<ScoringConfig>(&text).is_err());
    // A rule without a decay does not decay.
    let rule: leadflow::scoring::EngagementRule =
        serde_json::from_str(r#"{ "name": "calls", "kind": "call", "points": 5 }"#).unwrap();
    assert_eq!(rule.decay, leadflow::scoring::Decay::None);
}

#[test]
fn the_golden_score_card() {
    let config: ScoringConfig = serde_json::from_str(CONFIG_V1).unwrap();
    let scorer = RuleScorer::new(config).unwrap();
    let (attributes, activities) = lead();
    let card = scorer.score(&Profile::new(&attributes, &activities), now());
    let written = serde_json::to_value(&card).unwrap();
    let golden: serde_json::Value = serde_json::from_str(CARD_V1).unwrap();
    assert_eq!(
        written,
        golden,
        "{}",
        serde_json::to_string_pretty(&written).unwrap()
    );
    let read: ScoreCard = serde_json::from_str(CARD_V1).unwrap();
    assert_eq!(read, card);
}

#[test]
fn the_golden_definition_of_a_good_lead() {
    let definition: Definition = serde_json::from_str(DEFINITION_V1).unwrap();
    let golden: serde_json::Value = serde_json::from_str(DEFINITION_V1).unwrap();
    assert_eq!(serde_json::to_value(&definition).unwrap(), golden);
    let config: ScoringConfig = serde_json::from_str(CONFIG_V1).unwrap();
    let scorer = RuleScorer::new(config).unwrap();
    let built = QualificationCriteria::new(scorer.clone())
        .min_score(50)
        .min_grade("B2".parse().unwrap())
        .require("company")
        .require("country")
        .exclude(Exclusion::free_mail("email"))
        .exclude(Exclusion::competitor("email", ["rival.com"]))
        .exclude(Exclusion::new(
            "student",
            "job_title",
            leadflow::scoring::Condition::Contains {
                value: "Student".into(),
            },
        ));
    assert_eq!(built.definition(), &definition);
    let criteria = QualificationCriteria::with_definition(scorer, definition);
    let (attributes, activities) = lead();
    let unmet = criteria.unmet_for(&Profile::new(&attributes, &activities), now());
    // Scores 126 (A2) with a country, but no company.
    assert_eq!(unmet.len(), 1);
    assert_eq!(
        unmet[0].to_string(),
        "required_attribute: expected company, got missing"
    );
}

#[test]
fn the_golden_calibration_report() {
    let mut cal = Calibration::new();
    for (score, grade, outcome) in [
        (95, "A1", Outcome::Won),
        (85, "A2", Outcome::Lost),
        (40, "B3", Outcome::Won),
        (10, "D4", Outcome::Lost),
    ] {
        cal.record(score, grade.parse().unwrap(), outcome);
    }
    let written = serde_json::to_value(&cal).unwrap();
    let golden: serde_json::Value = serde_json::from_str(CALIBRATION_V1).unwrap();
    assert_eq!(
        written,
        golden,
        "{}",
        serde_json::to_string_pretty(&written).unwrap()
    );
    let read: Calibration = serde_json::from_str(CALIBRATION_V1).unwrap();
    assert_eq!(read, cal);
}
