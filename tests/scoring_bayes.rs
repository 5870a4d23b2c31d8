//! Naive Bayes against hand-computed probabilities on a small table.
#![allow(clippy::unwrap_used, clippy::panic, clippy::float_cmp)]

use chrono::DateTime;
use leadflow::scoring::{BayesError, ClassCounts, NaiveBayes, Outcome, Profile, Scorer};
use leadflow::{AttributeValue, Attributes};

fn row(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), AttributeValue::text(*v)))
        .collect()
}

/// Won: (saas, small), (saas, large), (retail, large).
/// Lost: (retail, small) ×2, (saas, small), (retail, large).
fn table() -> Vec<(Attributes, Outcome)> {
    let r = |industry, size, outcome| (row(&[("industry", industry), ("size", size)]), outcome);
    vec![
        r("saas", "small", Outcome::Won),
        r("saas", "large", Outcome::Won),
        r("retail", "large", Outcome::Won),
        r("retail", "small", Outcome::Lost),
        r("retail", "small", Outcome::Lost),
        r("saas", "small", Outcome::Lost),
        r("retail", "large", Outcome::Lost),
    ]
}

fn trained(alpha: f64) -> NaiveBayes {
    let table = table();
    NaiveBayes::train(
        ["size", "industry"],
        alpha,
        table.iter().map(|(a, o)| (a, *o)),
    )
    .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn probabilities_match_the_hand_computation() {
    let model = trained(1.0);
    assert_eq!(model.classes(), ClassCounts { won: 3, lost: 4 });
    assert_eq!(
        model.counts("industry", "retail"),
        Some(ClassCounts { won: 1, lost: 3 })
    );
    // Prior 4/9 against 5/9. P(saas|won) = 3/5, P(saas|lost) = 2/6,
    // P(small|won) = 2/5, P(small|lost) = 4/6.
    // (saas, small): odds = (4/9 · 3/5 · 2/5) / (5/9 · 1/3 · 2/3) = 1944 / 2250.
    let p = model.predict(&row(&[("industry", "saas"), ("size", "small")]));
    assert!(close(p.probability, 1944.0 / 4194.0), "{}", p.probability);
    assert!(close(p.prior_log_odds, (4.0_f64 / 5.0).ln()));
    // Evidence in feature-name order: industry, then size.
    assert_eq!(p.evidence.len(), 2);
    assert_eq!(p.evidence[0].feature, "industry");
    assert_eq!(p.evidence[0].category, "saas");
    assert!(close(
        p.evidence[0].log_likelihood_ratio,
        (9.0_f64 / 5.0).ln()
    ));
    assert!(close(
        p.evidence[1].log_likelihood_ratio,
        (3.0_f64 / 5.0).ln()
    ));
    assert!(close(
        p.log_odds,
        p.prior_log_odds
            + p.evidence
                .iter()
                .map(|e| e.log_likelihood_ratio)
                .sum::<f64>()
    ));
    // (saas, large): odds = (4/9 · 3/5 · 3/5) / (5/9 · 1/3 · 1/3) = 2916 / 1125.
    let p = model.predict(&row(&[("industry", "saas"), ("size", "large")]));
    assert!(close(p.probability, 2916.0 / 4041.0));
    // Size missing: no evidence. odds = (4/9 · 3/5) / (5/9 · 1/3) = 324 / 225.
    let p = model.predict(&row(&[("industry", "saas"), ("other", "x")]));
    assert!(close(p.probability, 324.0 / 549.0));
    assert_eq!(p.evidence.len(), 1);
    // An unseen category is no evidence: (bank, small) odds = 4/5 · 3/5 = 12/25.
    let p = model.predict(&row(&[("industry", "bank"), ("size", "small")]));
    assert!(close(p.probability, 12.0 / 37.0));
    assert!(!p.evidence[0].seen);
    assert_eq!(p.evidence[0].log_likelihood_ratio, 0.0);
}

#[test]
fn smoothing_other_than_laplace() {
    let table = table();
    let model = NaiveBayes::train(["industry"], 2.0, table.iter().map(|(a, o)| (a, *o))).unwrap();
    // Prior (3+2)/(4+2); P(saas|won) = (2+2)/(3+4) = 4/7, P(saas|lost) = (1+2)/(4+4) = 3/8.
    // odds = 5/6 · 32/21 = 80/63.
    let p = model.predict(&row(&[("industry", "saas")]));
    assert!(close(p.probability, 80.0 / 143.0));
}

#[test]
fn the_compiled_model_agrees_and_is_a_scorer() {
    let model = trained(1.0);
    let compiled = model.compile();
    for query in [
        row(&[("industry", "saas"), ("size", "small")]),
        row(&[("industry", "retail"), ("size", "large")]),
        row(&[("industry", "bank")]),
        row(&[]),
    ] {
        let p = model.predict(&query).probability;
        assert!(close(compiled.probability(&query), p));
    }
    let query = row(&[("industry", "saas"), ("size", "small")]);
    let now = DateTime::UNIX_EPOCH;
    let card = compiled.score(&Profile::new(&query, &[]), now);
    // 1944 / 4194 = 0.4635…: 46 points.
    assert_eq!(card.total(), 46);
    assert_eq!(card.contributions().len(), 1);
    assert!(
        card.contributions()[0]
            .reason
            .starts_with("p(won) = 0.464; prior log-odds -0.223; industry=saas +0.588"),
        "{}",
        card.contributions()[0].reason
    );
    let scorer: &dyn Scorer = &compiled;
    assert_eq!(scorer.total(&Profile::new(&query, &[]), now), 46);
}

#[test]
fn batch_incremental_and_merged_training_agree() {
    let table = table();
    let batch = trained(1.0);
    let mut incremental = NaiveBayes::new(["industry", "size"], 1.0).unwrap();
    for (attributes, outcome) in table.iter().rev() {
        incremental.observe(attributes, *outcome);
    }
    assert_eq!(incremental, batch);
    let (left, right) = table.split_at(3);
    let mut merged =
        NaiveBayes::train(["industry", "size"], 1.0, left.iter().map(|(a, o)| (a, *o))).unwrap();
    let other = NaiveBayes::train(
        ["industry", "size"],
        1.0,
        right.iter().map(|(a, o)| (a, *o)),
    )
    .unwrap();
    merged.merge(&other).unwrap();
    assert_eq!(merged, batch);
    let mismatched = NaiveBayes::new(["industry"], 1.0).unwrap();
    assert_eq!(merged.merge(&mismatched), Err(BayesError::Mismatch));
}

#[test]
fn bad_parameters_are_refused() {
    assert!(matches!(
        NaiveBayes::new(["a"], f64::NAN),
        Err(BayesError::Smoothing { .. })
    ));
    assert!(matches!(
        NaiveBayes::new(["a"], 0.0),
        Err(BayesError::Smoothing { .. })
    ));
    assert_eq!(
        NaiveBayes::new(Vec::<String>::new(), 1.0),
        Err(BayesError::NoFeatures)
    );
    assert_eq!(
        NaiveBayes::new(["a", "b", "a"], 1.0),
        Err(BayesError::DuplicateFeature { name: "a".into() })
    );
}

#[test]
fn booleans_and_numbers_are_categories_and_lists_are_not() {
    let mut model = NaiveBayes::new(["partner", "seats", "tags"], 1.0).unwrap();
    let mut a = Attributes::new();
    a.insert("partner".into(), AttributeValue::Bool(true));
    a.insert("seats".into(), AttributeValue::number(10.0).unwrap());
    a.insert("tags".into(), AttributeValue::List(vec!["x".into()]));
    model.observe(&a, Outcome::Won);
    assert_eq!(
        model.counts("partner", "true"),
        Some(ClassCounts { won: 1, lost: 0 })
    );
    assert_eq!(
        model.counts("seats", "10"),
        Some(ClassCounts { won: 1, lost: 0 })
    );
    assert_eq!(model.predict(&a).evidence.len(), 2);
}
