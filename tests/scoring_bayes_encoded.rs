//! Naive Bayes trained from encoded rows and columns equals the model trained from maps.
#![allow(clippy::unwrap_used, clippy::panic, clippy::float_cmp)]

use chrono::NaiveDate;
use leadflow::scoring::{BayesError, FeatureDictionary, MISSING, NaiveBayes, Outcome};
use leadflow::{AttributeValue, Attributes};
use proptest::prelude::*;

const FEATURES: [&str; 3] = ["f1", "f0", "f2"];

fn value() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        // Texts that collide with the display of booleans and numbers, and the empty text.
        prop::sample::select(vec![
            "",
            "a",
            "b",
            "ab",
            "true",
            "1",
            "longer category text"
        ])
        .prop_map(AttributeValue::text),
        prop::sample::select(vec![0.0, -0.0, 1.0, 1.5, -2.0, 1e21])
            .prop_map(|n| AttributeValue::number(n).unwrap()),
        any::<bool>().prop_map(AttributeValue::Bool),
        (1_u32..=3)
            .prop_map(|d| AttributeValue::Date(NaiveDate::from_ymd_opt(2026, 1, d).unwrap())),
        // Lists have no category: no evidence, as a missing attribute.
        Just(AttributeValue::List(vec!["a".to_owned()])),
    ]
}

/// Attributes over the features and names sorting before, between and after them.
fn attributes() -> impl Strategy<Value = Attributes> {
    prop::collection::btree_map(
        prop::sample::select(vec!["a", "f0", "f1", "f10", "f2", "g"]).prop_map(str::to_owned),
        value(),
        0..6,
    )
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![Just(Outcome::Won), Just(Outcome::Lost)]
}

fn alpha() -> impl Strategy<Value = f64> {
    prop_oneof![Just(1.0), Just(1000.0), 1e-6_f64..50.0]
}

/// Trains from maps, and from rows and columns encoded by a dictionary that interned
/// `extra` categories first (never trained on); checks the three models are equal.
fn check(rows: &[(Attributes, Outcome)], alpha: f64, extra: &[(usize, String)]) -> NaiveBayes {
    let from_maps = NaiveBayes::train(FEATURES, alpha, rows.iter().map(|(a, o)| (a, *o))).unwrap();
    let mut dictionary = FeatureDictionary::new(FEATURES).unwrap();
    for (feature, category) in extra {
        dictionary.intern(*feature, category).unwrap();
    }
    let mut flat = Vec::new();
    for (attributes, _) in rows {
        dictionary.encode_into(attributes, &mut flat).unwrap();
    }
    let outcomes: Vec<Outcome> = rows.iter().map(|(_, o)| *o).collect();
    let width = FEATURES.len();
    let from_rows = NaiveBayes::train_encoded(
        &dictionary,
        alpha,
        flat.chunks_exact(width).zip(outcomes.iter().copied()),
    )
    .unwrap();
    let columns: Vec<Vec<u32>> = (0..width)
        .map(|f| flat.iter().skip(f).step_by(width).copied().collect())
        .collect();
    let from_columns = NaiveBayes::train_columns(&dictionary, alpha, &columns, &outcomes).unwrap();
    assert_eq!(from_rows, from_maps);
    assert_eq!(from_columns, from_maps);
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_string(&from_maps).unwrap();
        assert_eq!(serde_json::to_string(&from_rows).unwrap(), json);
        assert_eq!(serde_json::to_string(&from_columns).unwrap(), json);
    }
    from_maps
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn encoded_training_equals_map_training(
        rows in prop::collection::vec((attributes(), outcome()), 0..40),
        alpha in alpha(),
        extra in prop::collection::vec(
            (0_usize..3, prop::sample::select(vec!["a", "unseen", "zz"]).prop_map(str::to_owned)),
            0..4,
        ),
        probes in prop::collection::vec(attributes(), 1..4),
    ) {
        let model = check(&rows, alpha, &extra);
        // Equal models predict alike, seen, unseen and missing categories included.
        let compiled = model.compile();
        for probe in &probes {
            let p = model.predict(probe);
            prop_assert!((compiled.log_odds(probe) - p.log_odds).abs() < 1e-9);
        }
    }

    #[test]
    fn encoding_round_trips_the_categories(a in attributes()) {
        let mut dictionary = FeatureDictionary::new(FEATURES).unwrap();
        let row = dictionary.encode(&a).unwrap();
        prop_assert_eq!(row.len(), 3);
        for (f, &code) in row.iter().enumerate() {
            let name = &dictionary.features()[f];
            let expected = match a.get(name) {
                Some(AttributeValue::Text(t)) => Some(t.clone()),
                Some(AttributeValue::Bool(b)) => Some(b.to_string()),
                Some(AttributeValue::Number(n)) => Some(n.to_string()),
                Some(AttributeValue::Date(d)) => Some(d.to_string()),
                _ => None,
            };
            match expected {
                None => prop_assert_eq!(code, MISSING),
                Some(category) => {
                    prop_assert_eq!(dictionary.categories(f).get(code as usize), Some(&category));
                    prop_assert_eq!(dictionary.code(f, &category), Some(code));
                }
            }
        }
    }
}

#[test]
fn many_categories_switch_from_scan_to_index() {
    // More than eight categories per feature: codes stay stable and training still equal.
    let rows: Vec<(Attributes, Outcome)> = (0..60)
        .map(|i| {
            let a: Attributes = [
                (
                    "f0".to_owned(),
                    AttributeValue::text(format!("c{}", i % 13)),
                ),
                ("f1".to_owned(), AttributeValue::text(format!("d{}", i % 5))),
                (
                    "f2".to_owned(),
                    AttributeValue::number(f64::from(i % 11)).unwrap(),
                ),
            ]
            .into();
            (
                a,
                if i % 3 == 0 {
                    Outcome::Won
                } else {
                    Outcome::Lost
                },
            )
        })
        .collect();
    let model = check(&rows, 0.5, &[]);
    assert_eq!(model.counts("f0", "c12").map(|c| c.won + c.lost), Some(4));
    let mut dictionary = FeatureDictionary::new(FEATURES).unwrap();
    for i in 0..20 {
        assert_eq!(dictionary.intern(0, &format!("c{i}")).unwrap(), i);
    }
    assert_eq!(dictionary.code(0, "c17"), Some(17));
    assert_eq!(dictionary.code(0, "c20"), None);
}

#[test]
fn features_are_sorted_and_named() {
    let dictionary = FeatureDictionary::new(["size", "industry"]).unwrap();
    assert_eq!(dictionary.features(), ["industry", "size"]);
    assert_eq!(dictionary.feature("size"), Some(1));
    assert_eq!(dictionary.feature("region"), None);
    assert!(dictionary.categories(5).is_empty());
    assert_eq!(
        FeatureDictionary::new(["a", "a"]),
        Err(BayesError::DuplicateFeature { name: "a".into() })
    );
    assert_eq!(FeatureDictionary::new([""]), Err(BayesError::NoFeatures));
}

#[test]
fn bad_input_is_a_typed_error() {
    let mut dictionary = FeatureDictionary::new(["f0", "f1"]).unwrap();
    assert_eq!(
        dictionary.intern(2, "x"),
        Err(BayesError::FeatureOutOfRange {
            feature: 2,
            features: 2
        })
    );
    let code = dictionary.intern(0, "x").unwrap();
    let won = Outcome::Won;
    let train = |rows: &[&[u32]]| {
        NaiveBayes::train_encoded(&dictionary, 1.0, rows.iter().map(|r| (*r, won)))
    };
    assert_eq!(
        train(&[&[code]]),
        Err(BayesError::RowWidth {
            expected: 2,
            found: 1
        })
    );
    assert_eq!(
        train(&[&[code, 0]]),
        Err(BayesError::UnknownCode {
            feature: 1,
            code: 0,
            categories: 0
        })
    );
    assert!(train(&[&[code, MISSING]]).is_ok());
    assert!(matches!(
        NaiveBayes::train_encoded(&dictionary, 0.0, std::iter::empty()),
        Err(BayesError::Smoothing { .. })
    ));
    let columns = [vec![code], vec![MISSING, MISSING]];
    assert_eq!(
        NaiveBayes::train_columns(&dictionary, 1.0, &columns, &[won]),
        Err(BayesError::ColumnLength {
            column: 1,
            expected: 1,
            found: 2
        })
    );
    assert_eq!(
        NaiveBayes::train_columns(&dictionary, 1.0, &columns[..1], &[won]),
        Err(BayesError::RowWidth {
            expected: 2,
            found: 1
        })
    );
    assert!(matches!(
        NaiveBayes::train_columns(&dictionary, f64::NAN, &columns, &[won]),
        Err(BayesError::Smoothing { .. })
    ));
}

#[test]
fn hand_computed_model_from_columns() {
    use Outcome::{Lost, Won};
    // industry: won {saas, saas, retail}, lost {retail, retail, saas, MISSING}.
    let mut dictionary = FeatureDictionary::new(["industry"]).unwrap();
    let saas = dictionary.intern(0, "saas").unwrap();
    let retail = dictionary.intern(0, "retail").unwrap();
    let _never = dictionary.intern(0, "health").unwrap();
    let column = [saas, saas, retail, retail, retail, saas, MISSING];
    let outcomes = [Won, Won, Won, Lost, Lost, Lost, Lost];
    let model = NaiveBayes::train_columns(&dictionary, 1.0, &[column], &outcomes).unwrap();
    assert_eq!(model.classes().won, 3);
    assert_eq!(model.classes().lost, 4);
    assert_eq!(model.counts("industry", "health"), None);
    // prior 4/5; P(saas|won) = 3/5, P(saas|lost) = 2/5 (two categories seen): odds 6/5.
    let a: Attributes = [("industry".to_owned(), AttributeValue::text("saas"))].into();
    let p = model.predict(&a).probability;
    assert!((p - 6.0 / 11.0).abs() < 1e-12, "{p}");
}
