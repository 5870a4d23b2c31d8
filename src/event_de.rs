//! A faster `Deserialize` for [`Event`], accepting exactly the JSON the derived one did.
//!
//! The derived code of an internally tagged enum (`#[serde(tag = "type")]`) cannot know the
//! variant before it has seen the tag, so it buffers the whole object into serde's private
//! `Content` tree and deserializes the variant from that copy: an allocation per field and a
//! second pass. Our serializer writes the tag first, so this impl reads the first key: when it
//! is `type`, it reads the tag and deserializes the variant's fields straight from the input.
//! Otherwise (tag later, or the sequence form) it hands the input, first key included, to the
//! derived code of [`EventRepr`], which mirrors `Event` (each struct variant as a newtype of
//! the same body struct, so both paths read the fields with the same rules).
//!
//! The fast path keeps the derived rules: unknown fields are ignored, a repeated `type` is
//! an error, and unit variants ignore other fields.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::activity::Activity;
use crate::attribute::Attributes;
use crate::command::RejectTo;
use crate::event::Event;
use crate::id::{CampaignId, Source};
use crate::lead::ForecastCategory;
use crate::money::Money;
use crate::owner::Owner;
use crate::reason::Reason;
use crate::stage::Stage;

pub(crate) const TAG: &str = "type";

/// Declares, for each struct variant, a body struct with the variant's fields and serde
/// attributes, plus a `type` field that only catches a repeated tag on the fast path.
macro_rules! bodies {
    ($($body:ident => $variant:ident { $($(#[$attr:meta])* $field:ident: $ty:ty,)* })*) => {
        $(
            #[derive(Deserialize)]
            struct $body {
                $($(#[$attr])* $field: $ty,)*
                #[serde(rename = "type", default)]
                repeated_tag: Option<IgnoredAny>,
            }

            impl $body {
                fn into_event<E: de::Error>(self) -> Result<Event, E> {
                    if self.repeated_tag.is_some() {
                        return Err(E::duplicate_field(TAG));
                    }
                    Ok(Event::$variant { $($field: self.$field,)* })
                }
            }
        )*
    };
}

bodies! {
    CapturedBody => Captured {
        stage: Stage,
        #[serde(default)] owner: Option<Owner>,
        #[serde(default)] source: Option<Source>,
        #[serde(default)] campaign: Option<CampaignId>,
        #[serde(default)] attributes: Attributes,
    }
    AttributesUpdatedBody => AttributesUpdated {
        #[serde(default)] set: Attributes,
        #[serde(default)] remove: Vec<String>,
    }
    ActivityRecordedBody => ActivityRecorded { activity: Activity, }
    HandedOffBody => HandedOff { to: Owner, }
    AcceptedBody => Accepted { owner: Owner, }
    RejectedBody => Rejected { reason: Reason, to: RejectTo, }
    ConvertedBody => ConvertedToOpportunity {
        amount: Money,
        #[serde(default)] expected_close: Option<NaiveDate>,
    }
    OpportunityUpdatedBody => OpportunityUpdated {
        #[serde(default)] amount: Option<Money>,
        #[serde(default)] expected_close: Option<NaiveDate>,
        #[serde(default)] forecast_category: Option<ForecastCategory>,
    }
    WonBody => Won { amount: Money, }
    LostBody => Lost { reason: Reason, }
    RecycledBody => Recycled { reason: Reason, }
    DisqualifiedBody => Disqualified { reason: Reason, }
    ReassignedBody => Reassigned {
        #[serde(default)] from: Option<Owner>,
        to: Owner,
    }
    SubStatusSetBody => SubStatusSet { #[serde(default)] sub_status: Option<String>, }
}

/// The derived decoder, for input whose first key is not the tag. Same tag, same names,
/// same variant order as [`Event`], so it accepts the same JSON and reports the same errors.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum EventRepr {
    Captured(CapturedBody),
    AttributesUpdated(AttributesUpdatedBody),
    ActivityRecorded(ActivityRecordedBody),
    QualifiedMql,
    HandedOff(HandedOffBody),
    Accepted(AcceptedBody),
    Rejected(RejectedBody),
    QualifiedSql,
    ConvertedToOpportunity(ConvertedBody),
    OpportunityUpdated(OpportunityUpdatedBody),
    Won(WonBody),
    Lost(LostBody),
    Recycled(RecycledBody),
    Disqualified(DisqualifiedBody),
    PromotedToAdvocate,
    Reassigned(ReassignedBody),
    SubStatusSet(SubStatusSetBody),
}

/// The tag's value, read with the derived identifier rules (same names, same errors).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum EventTag {
    Captured,
    AttributesUpdated,
    ActivityRecorded,
    QualifiedMql,
    HandedOff,
    Accepted,
    Rejected,
    QualifiedSql,
    ConvertedToOpportunity,
    OpportunityUpdated,
    Won,
    Lost,
    Recycled,
    Disqualified,
    PromotedToAdvocate,
    Reassigned,
    SubStatusSet,
}

impl EventRepr {
    fn into_event<E: de::Error>(self) -> Result<Event, E> {
        match self {
            EventRepr::Captured(body) => body.into_event(),
            EventRepr::AttributesUpdated(body) => body.into_event(),
            EventRepr::ActivityRecorded(body) => body.into_event(),
            EventRepr::QualifiedMql => Ok(Event::QualifiedMql),
            EventRepr::HandedOff(body) => body.into_event(),
            EventRepr::Accepted(body) => body.into_event(),
            EventRepr::Rejected(body) => body.into_event(),
            EventRepr::QualifiedSql => Ok(Event::QualifiedSql),
            EventRepr::ConvertedToOpportunity(body) => body.into_event(),
            EventRepr::OpportunityUpdated(body) => body.into_event(),
            EventRepr::Won(body) => body.into_event(),
            EventRepr::Lost(body) => body.into_event(),
            EventRepr::Recycled(body) => body.into_event(),
            EventRepr::Disqualified(body) => body.into_event(),
            EventRepr::PromotedToAdvocate => Ok(Event::PromotedToAdvocate),
            EventRepr::Reassigned(body) => body.into_event(),
            EventRepr::SubStatusSet(body) => body.into_event(),
        }
    }
}

/// A map key: the tag, or another key kept to hand back to the derived decoder.
pub(crate) enum Key {
    Tag,
    Other(String),
}

pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == TAG {
            Key::Tag
        } else {
            Key::Other(key.to_owned())
        })
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key, E> {
        Ok(if key == TAG {
            Key::Tag
        } else {
            Key::Other(key)
        })
    }
}

/// The rest of a map, with the key already read put back in front.
pub(crate) struct Prepended<A> {
    pub(crate) key: Option<String>,
    pub(crate) map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Prepended<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.key.take() {
            Some(key) => seed.deserialize(StringDeserializer::new(key)).map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map
            .size_hint()
            .map(|n| n.saturating_add(usize::from(self.key.is_some())))
    }
}

struct EventVisitor;

/// The variant's fields, straight from the rest of the map.
pub(crate) fn body<'de, B: Deserialize<'de>, A: MapAccess<'de>>(map: A) -> Result<B, A::Error> {
    B::deserialize(MapAccessDeserializer::new(map))
}

/// A unit variant ignores the other fields, but not a repeated tag.
fn unit<'de, A: MapAccess<'de>>(mut map: A, event: Event) -> Result<Event, A::Error> {
    while let Some(key) = map.next_key_seed(KeySeed)? {
        if matches!(key, Key::Tag) {
            return Err(de::Error::duplicate_field(TAG));
        }
        map.next_value::<IgnoredAny>()?;
    }
    Ok(event)
}

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("internally tagged enum Event")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Event, A::Error> {
        EventRepr::deserialize(SeqAccessDeserializer::new(seq))?.into_event()
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let key = match map.next_key_seed(KeySeed)? {
            Some(Key::Tag) => None,
            Some(Key::Other(key)) => Some(key),
            None => {
                return EventRepr::deserialize(MapAccessDeserializer::new(map))?.into_event();
            }
        };
        if let Some(key) = key {
            let rest = Prepended {
                key: Some(key),
                map,
            };
            return EventRepr::deserialize(MapAccessDeserializer::new(rest))?.into_event();
        }
        match map.next_value::<EventTag>()? {
            EventTag::Captured => body::<CapturedBody, _>(map)?.into_event(),
            EventTag::AttributesUpdated => body::<AttributesUpdatedBody, _>(map)?.into_event(),
            EventTag::ActivityRecorded => body::<ActivityRecordedBody, _>(map)?.into_event(),
            EventTag::QualifiedMql => unit(map, Event::QualifiedMql),
            EventTag::HandedOff => body::<HandedOffBody, _>(map)?.into_event(),
            EventTag::Accepted => body::<AcceptedBody, _>(map)?.into_event(),
            EventTag::Rejected => body::<RejectedBody, _>(map)?.into_event(),
            EventTag::QualifiedSql => unit(map, Event::QualifiedSql),
            EventTag::ConvertedToOpportunity => body::<ConvertedBody, _>(map)?.into_event(),
            EventTag::OpportunityUpdated => body::<OpportunityUpdatedBody, _>(map)?.into_event(),
            EventTag::Won => body::<WonBody, _>(map)?.into_event(),
            EventTag::Lost => body::<LostBody, _>(map)?.into_event(),
            EventTag::Recycled => body::<RecycledBody, _>(map)?.into_event(),
            EventTag::Disqualified => body::<DisqualifiedBody, _>(map)?.into_event(),
            EventTag::PromotedToAdvocate => unit(map, Event::PromotedToAdvocate),
            EventTag::Reassigned => body::<ReassignedBody, _>(map)?.into_event(),
            EventTag::SubStatusSet => body::<SubStatusSetBody, _>(map)?.into_event(),
        }
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        deserializer.deserialize_any(EventVisitor)
    }
}
