//! The hand-written `Deserialize` of `Event` (which reads the `type` tag first when it comes
//! first) accepts exactly the JSON the derived, internally tagged one did, with the same
//! values: checked against a copy of the derived decoder on arbitrary events, with their
//! fields in every order, the tag anywhere, fields dropped, unknown fields added and the tag
//! repeated.
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use chrono::{NaiveDate, TimeZone, Utc};
use leadflow::{
    Activity, ActivityKind, AttributeValue, Attributes, CampaignId, Currency, Event,
    ForecastCategory, Money, Owner, QueueId, Reason, RejectTo, Source, Stage, TeamId, UserId,
};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `Event` as it was, with the derived decoder: the reference.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Derived {
    Captured {
        stage: Stage,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<DerivedOwner>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<Source>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        campaign: Option<CampaignId>,
        #[serde(default)]
        attributes: Attributes,
    },
    AttributesUpdated {
        #[serde(default)]
        set: Attributes,
        #[serde(default)]
        remove: Vec<String>,
    },
    ActivityRecorded {
        activity: Activity,
    },
    QualifiedMql,
    HandedOff {
        to: DerivedOwner,
    },
    Accepted {
        owner: DerivedOwner,
    },
    Rejected {
        reason: Reason,
        to: RejectTo,
    },
    QualifiedSql,
    ConvertedToOpportunity {
        amount: Money,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_close: Option<NaiveDate>,
    },
    OpportunityUpdated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<Money>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_close: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        forecast_category: Option<ForecastCategory>,
    },
    Won {
        amount: Money,
    },
    Lost {
        reason: Reason,
    },
    Recycled {
        reason: Reason,
    },
    Disqualified {
        reason: Reason,
    },
    PromotedToAdvocate,
    Reassigned {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<DerivedOwner>,
        to: DerivedOwner,
    },
    SubStatusSet {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sub_status: Option<String>,
    },
}

/// `Owner` as it was, with the derived decoder.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum DerivedOwner {
    User {
        id: UserId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        team: Option<TeamId>,
    },
    Queue {
        id: QueueId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        team: Option<TeamId>,
    },
}

fn owner() -> impl Strategy<Value = Owner> {
    (0..3u8, any::<bool>(), any::<bool>()).prop_map(|(n, queue, team)| {
        let owner = if queue {
            Owner::queue(format!("queue-{n}"))
        } else {
            Owner::user(format!("user-{n}"))
        };
        if team { owner.in_team("emea") } else { owner }
    })
}

fn reason() -> impl Strategy<Value = Reason> {
    (0..3u8, any::<bool>()).prop_map(|(n, note)| {
        let reason = Reason::new(format!("code-{n}"));
        if note {
            reason.with_note("call back")
        } else {
            reason
        }
    })
}

fn money() -> impl Strategy<Value = Money> {
    (-5i64..1_000_000).prop_map(|minor| Money::new(minor, Currency::new("EUR").unwrap()))
}

fn date() -> impl Strategy<Value = Option<NaiveDate>> {
    proptest::option::of((1u32..28).prop_map(|d| NaiveDate::from_ymd_opt(2026, 5, d).unwrap()))
}

fn attributes() -> impl Strategy<Value = Attributes> {
    proptest::collection::btree_map(
        prop_oneof![Just("company".to_owned()), Just("employees".to_owned())],
        prop_oneof![
            Just(AttributeValue::text("Acme")),
            (0..500i32).prop_map(|n| AttributeValue::number(f64::from(n)).unwrap()),
            any::<bool>().prop_map(AttributeValue::Bool),
        ],
        0..3,
    )
}

fn stage() -> impl Strategy<Value = Stage> {
    prop_oneof![Just(Stage::Inquiry), Just(Stage::Sal)]
}

fn event() -> impl Strategy<Value = Event> {
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    prop_oneof![
        (
            stage(),
            proptest::option::of(owner()),
            any::<bool>(),
            any::<bool>(),
            attributes()
        )
            .prop_map(
                |(stage, owner, source, campaign, attributes)| Event::Captured {
                    stage,
                    owner,
                    source: source.then(|| "webinar".into()),
                    campaign: campaign.then(|| "spring".into()),
                    attributes,
                }
            ),
        (attributes(), proptest::collection::vec("[a-z]{1,4}", 0..2))
            .prop_map(|(set, remove)| Event::AttributesUpdated { set, remove }),
        (any::<bool>(), 0..120i64).prop_map(move |(by, minutes)| {
            let activity =
                Activity::new(ActivityKind::Call, at + chrono::TimeDelta::minutes(minutes));
            Event::ActivityRecorded {
                activity: if by {
                    activity.by("ana".into())
                } else {
                    activity
                },
            }
        }),
        Just(Event::QualifiedMql),
        owner().prop_map(|to| Event::HandedOff { to }),
        owner().prop_map(|owner| Event::Accepted { owner }),
        (reason(), any::<bool>()).prop_map(|(reason, out)| Event::Rejected {
            reason,
            to: if out {
                RejectTo::Disqualified
            } else {
                RejectTo::Nurture
            },
        }),
        Just(Event::QualifiedSql),
        (money(), date()).prop_map(|(amount, expected_close)| Event::ConvertedToOpportunity {
            amount,
            expected_close
        }),
        (proptest::option::of(money()), date(), any::<bool>()).prop_map(
            |(amount, expected_close, commit)| Event::OpportunityUpdated {
                amount,
                expected_close,
                forecast_category: commit.then_some(ForecastCategory::Commit),
            }
        ),
        money().prop_map(|amount| Event::Won { amount }),
        reason().prop_map(|reason| Event::Lost { reason }),
        reason().prop_map(|reason| Event::Recycled { reason }),
        reason().prop_map(|reason| Event::Disqualified { reason }),
        Just(Event::PromotedToAdvocate),
        (proptest::option::of(owner()), owner())
            .prop_map(|(from, to)| Event::Reassigned { from, to }),
        proptest::option::of("[a-z ]{0,8}")
            .prop_map(|sub_status| Event::SubStatusSet { sub_status }),
    ]
}

/// How the object is rewritten before decoding.
#[derive(Debug, Clone)]
enum Edit {
    /// Nothing else.
    Keep,
    /// Drop the field at this index (the tag, possibly).
    Drop(usize),
    /// Add an unknown field at this index.
    Unknown(usize),
    /// Repeat the tag at this index, with this value.
    RepeatTag(usize, &'static str),
    /// Replace the tag's value.
    Tag(&'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => Just(Edit::Keep),
        1 => (0..8usize).prop_map(Edit::Drop),
        1 => (0..8usize).prop_map(Edit::Unknown),
        1 => (0..8usize, prop_oneof![Just("won"), Just("qualified_mql"), Just("accepted")])
            .prop_map(|(i, tag)| Edit::RepeatTag(i, tag)),
        1 => prop_oneof![Just("won"), Just("qualified_sql"), Just("nonsense"), Just("Captured")]
            .prop_map(Edit::Tag),
    ]
}

/// The value's JSON object with its fields in the order given by `order` (a permutation
/// seed), then edited; written by hand so that the order is kept.
fn rewrite<T: Serialize>(event: &T, order: &[usize], edit: &Edit) -> String {
    let Value::Object(map) = serde_json::to_value(event).unwrap() else {
        panic!("an event is an object")
    };
    let mut fields: Vec<(String, Value)> = map.into_iter().collect();
    // A permutation: repeatedly take the field at the seed's index.
    let mut ordered = Vec::new();
    for (i, seed) in order.iter().enumerate() {
        if fields.is_empty() {
            break;
        }
        let _ = i;
        ordered.push(fields.remove(seed % fields.len()));
    }
    ordered.append(&mut fields);
    let at = |i: usize, len: usize| i.min(len);
    match edit {
        Edit::Keep => {}
        Edit::Drop(i) => {
            if !ordered.is_empty() {
                let i = i % ordered.len();
                ordered.remove(i);
            }
        }
        Edit::Unknown(i) => {
            let i = at(*i, ordered.len());
            ordered.insert(
                i,
                ("extra".to_owned(), serde_json::json!({"nested": [1, "x"]})),
            );
        }
        Edit::RepeatTag(i, tag) => {
            let i = at(*i, ordered.len());
            ordered.insert(i, ("type".to_owned(), Value::String((*tag).to_owned())));
        }
        Edit::Tag(tag) => {
            for (key, value) in &mut ordered {
                if key == "type" {
                    *value = Value::String((*tag).to_owned());
                }
            }
        }
    }
    let body: Vec<String> = ordered
        .iter()
        .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), v))
        .collect();
    format!("{{{}}}", body.join(","))
}

fn check(json: &str) -> Result<(), TestCaseError> {
    check_as::<Event, Derived>(json)
}

/// `Ours` and `Theirs` accept the same JSON, with the same values.
fn check_as<Ours, Theirs>(json: &str) -> Result<(), TestCaseError>
where
    Ours: Serialize + serde::de::DeserializeOwned,
    Theirs: Serialize + serde::de::DeserializeOwned,
{
    let ours = serde_json::from_str::<Ours>(json);
    let derived = serde_json::from_str::<Theirs>(json);
    match (&ours, &derived) {
        (Ok(ours), Ok(derived)) => prop_assert_eq!(
            serde_json::to_value(ours).unwrap(),
            serde_json::to_value(derived).unwrap(),
            "{}",
            json
        ),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(
            false,
            "{json}: ours {:?}, derived {:?}",
            ours.as_ref().map(|_| ()),
            derived.as_ref().map(|_| ())
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn round_trips_as_written(event in event()) {
        let json = serde_json::to_string(&event).unwrap();
        let back: Event = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &event);
        check(&json)?;
    }

    #[test]
    fn accepts_what_the_derived_decoder_accepts(
        event in event(),
        order in proptest::collection::vec(0..8usize, 0..8),
        edit in edit(),
    ) {
        check(&rewrite(&event, &order, &edit))?;
    }

    #[test]
    fn owners_are_read_as_the_derived_decoder_reads_them(
        owner in owner(),
        order in proptest::collection::vec(0..4usize, 0..4),
        edit in edit(),
    ) {
        let json = rewrite(&owner, &order, &edit);
        check_as::<Owner, DerivedOwner>(&json)?;
        if matches!(edit, Edit::Keep) {
            prop_assert_eq!(serde_json::from_str::<Owner>(&json).unwrap(), owner);
        }
    }
}

#[test]
fn other_shapes_are_judged_alike() {
    for json in [
        "{}",
        "[]",
        "null",
        "\"won\"",
        "[\"qualified_mql\"]",
        "[\"won\", {\"minor\": 5, \"currency\": \"EUR\"}]",
        "{\"type\": 3}",
        "{\"type\": null}",
        "{\"typ\\u0065\": \"qualified_sql\"}",
        "{\"type\": \"qualified_sql\", \"type\": \"qualified_sql\"}",
        "{\"amount\": {\"minor\": 5, \"currency\": \"EUR\"}, \"type\": \"won\"}",
        "{\"type\": \"won\", \"amount\": {\"minor\": 5, \"currency\": \"EUR\"}}",
        "{\"type\": \"won\", \"amount\": {\"minor\": 5, \"currency\": \"EUR\"}, \"amount\": null}",
    ] {
        check(json).unwrap();
    }
    for json in [
        "{}",
        "[\"user\", \"ana\"]",
        "{\"id\": \"ana\", \"type\": \"user\"}",
        "{\"type\": \"queue\", \"id\": \"q\", \"type\": \"queue\"}",
        "{\"type\": \"robot\", \"id\": \"r\"}",
        "{\"type\": \"user\", \"id\": 7}",
    ] {
        check_as::<Owner, DerivedOwner>(json).unwrap();
    }
}
