//! Golden file of the encoded lead formats: slot values and encoded activities.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::panic)]

use leadflow::ActivityKind;
use leadflow::scoring::{EncodedActivity, SlotValue};

const ENCODED_LEAD_V1: &str = include_str!("golden/scoring/encoded_lead_v1.json");

#[test]
fn encoded_lead_reads_and_writes_the_golden_file() {
    let golden: serde_json::Value = serde_json::from_str(ENCODED_LEAD_V1).unwrap();
    let values: Vec<SlotValue> = serde_json::from_value(golden["values"].clone()).unwrap();
    let activities: Vec<EncodedActivity> =
        serde_json::from_value(golden["activities"].clone()).unwrap();
    assert_eq!(
        values,
        [
            SlotValue::Number(500.0),
            SlotValue::Code(0),
            SlotValue::Missing
        ]
    );
    assert_eq!(
        activities,
        [
            EncodedActivity {
                kind: ActivityKind::FormFill,
                at: 1_772_366_400
            },
            EncodedActivity {
                kind: ActivityKind::WebVisit,
                at: -86_400
            }
        ]
    );
    let written = serde_json::json!({ "values": values, "activities": activities });
    assert_eq!(written, golden);
}

const DICTIONARY_V1: &str = include_str!("golden/scoring/feature_dictionary_v1.json");

#[test]
fn feature_dictionary_reads_and_writes_the_golden_file() {
    use leadflow::scoring::FeatureDictionary;
    let dictionary: FeatureDictionary = serde_json::from_str(DICTIONARY_V1).unwrap();
    assert_eq!(dictionary.features(), ["industry", "size"]);
    assert_eq!(dictionary.code(0, "retail"), Some(1));
    assert_eq!(dictionary.categories(1), ["small", "large"]);
    let mut expected = FeatureDictionary::new(["size", "industry"]).unwrap();
    for (feature, category) in [(0, "saas"), (0, "retail"), (1, "small"), (1, "large")] {
        expected.intern(feature, category).unwrap();
    }
    assert_eq!(dictionary, expected);
    let written: serde_json::Value = serde_json::to_value(&dictionary).unwrap();
    assert_eq!(
        written,
        serde_json::from_str::<serde_json::Value>(DICTIONARY_V1).unwrap()
    );
    // Out of order, a category twice, or a list missing: refused.
    for bad in [
        r#"{"features": ["size", "industry"], "categories": [[], []]}"#,
        r#"{"features": ["industry"], "categories": [["a", "a"]]}"#,
        r#"{"features": ["industry"], "categories": []}"#,
    ] {
        assert!(
            serde_json::from_str::<FeatureDictionary>(bad).is_err(),
            "{bad}"
        );
    }
}
