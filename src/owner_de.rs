//! A faster `Deserialize` for [`Owner`], accepting exactly the JSON the derived one did: it
//! reads the `type` tag first when it comes first (as written) instead of buffering the
//! object; see [`event_de`](crate::event_de) for the method and its fallback.

use std::fmt;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::event_de::{Key, KeySeed, Prepended, TAG, body};
use crate::id::{QueueId, TeamId, UserId};
use crate::owner::Owner;

#[derive(Deserialize)]
struct UserBody {
    id: UserId,
    #[serde(default)]
    team: Option<TeamId>,
    #[serde(rename = "type", default)]
    repeated_tag: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct QueueBody {
    id: QueueId,
    #[serde(default)]
    team: Option<TeamId>,
    #[serde(rename = "type", default)]
    repeated_tag: Option<IgnoredAny>,
}

/// The derived decoder, for input whose first key is not the tag.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum OwnerRepr {
    User(UserBody),
    Queue(QueueBody),
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum OwnerTag {
    User,
    Queue,
}

impl OwnerRepr {
    fn into_owner<E: de::Error>(self) -> Result<Owner, E> {
        match self {
            OwnerRepr::User(UserBody {
                id,
                team,
                repeated_tag,
            }) => repeated_tag.map_or(Ok(Owner::User { id, team }), |_| {
                Err(E::duplicate_field(TAG))
            }),
            OwnerRepr::Queue(QueueBody {
                id,
                team,
                repeated_tag,
            }) => repeated_tag.map_or(Ok(Owner::Queue { id, team }), |_| {
                Err(E::duplicate_field(TAG))
            }),
        }
    }
}

struct OwnerVisitor;

impl<'de> Visitor<'de> for OwnerVisitor {
    type Value = Owner;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("internally tagged enum Owner")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Owner, A::Error> {
        OwnerRepr::deserialize(SeqAccessDeserializer::new(seq))?.into_owner()
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Owner, A::Error> {
        match map.next_key_seed(KeySeed)? {
            Some(Key::Tag) => {}
            Some(Key::Other(key)) => {
                let rest = Prepended {
                    key: Some(key),
                    map,
                };
                return OwnerRepr::deserialize(MapAccessDeserializer::new(rest))?.into_owner();
            }
            None => return OwnerRepr::deserialize(MapAccessDeserializer::new(map))?.into_owner(),
        }
        match map.next_value::<OwnerTag>()? {
            OwnerTag::User => OwnerRepr::User(body(map)?),
            OwnerTag::Queue => OwnerRepr::Queue(body(map)?),
        }
        .into_owner()
    }
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Owner, D::Error> {
        deserializer.deserialize_any(OwnerVisitor)
    }
}
