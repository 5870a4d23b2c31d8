//! What `decide` made of an accepted command: the new events, held inline when there is one
//! (as there is for every command today), so that deciding allocates nothing.

use std::ops::Deref;

use crate::event::EventEnvelope;
use crate::id::CommandId;

/// What [`Machine::decide`](crate::Machine::decide) made of an accepted command.
// The event is held inline on purpose: boxing it would bring back the allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Decision {
    /// New events, to append to the lead's history in order (their `seq` continue it).
    Events(Events),
    /// The command id was already applied: nothing new to append. Safe to report success.
    Duplicate {
        /// The repeated command id.
        command_id: CommandId,
    },
}

impl Decision {
    /// The new events (none for a duplicate).
    #[must_use]
    pub fn events(&self) -> &[EventEnvelope] {
        match self {
            Decision::Events(events) => events.as_slice(),
            Decision::Duplicate { .. } => &[],
        }
    }

    /// The new events, owned, in a `Vec` (this allocates; iterate [`Decision::events`] or
    /// match [`Decision::Events`] to avoid it).
    #[must_use]
    pub fn into_events(self) -> Vec<EventEnvelope> {
        match self {
            Decision::Events(events) => events.into_vec(),
            Decision::Duplicate { .. } => Vec::new(),
        }
    }
}

/// A short, ordered list of event envelopes: a single event is held inline (no allocation),
/// more spill to a `Vec`. Reads as a slice.
///
/// ```
/// # use leadflow::*;
/// # use chrono::{TimeZone, Utc};
/// # let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let capture = Command::new(LeadId::from_u128(1), CommandId::from_u128(1),
///     Actor::new("mia", Role::Marketer), at, 0, Action::capture());
/// let Decision::Events(events) = Machine::new().decide(None, &capture)? else { unreachable!() };
/// assert_eq!(events.len(), 1);
/// assert_eq!(events[0].seq, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Events(Repr);

// Inline on purpose, as in `Decision`.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
enum Repr {
    One(EventEnvelope),
    Many(Vec<EventEnvelope>),
}

impl Events {
    /// One event, held inline.
    #[must_use]
    #[inline]
    pub fn one(envelope: EventEnvelope) -> Self {
        Self(Repr::One(envelope))
    }

    /// The events as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[EventEnvelope] {
        match &self.0 {
            Repr::One(envelope) => std::slice::from_ref(envelope),
            Repr::Many(envelopes) => envelopes,
        }
    }

    /// The events in a `Vec`.
    #[must_use]
    pub fn into_vec(self) -> Vec<EventEnvelope> {
        match self.0 {
            Repr::One(envelope) => vec![envelope],
            Repr::Many(envelopes) => envelopes,
        }
    }
}

impl From<Vec<EventEnvelope>> for Events {
    fn from(envelopes: Vec<EventEnvelope>) -> Self {
        Self(Repr::Many(envelopes))
    }
}

impl From<Events> for Vec<EventEnvelope> {
    fn from(events: Events) -> Self {
        events.into_vec()
    }
}

impl Deref for Events {
    type Target = [EventEnvelope];

    fn deref(&self) -> &[EventEnvelope] {
        self.as_slice()
    }
}

impl AsRef<[EventEnvelope]> for Events {
    fn as_ref(&self) -> &[EventEnvelope] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Events {
    type Item = &'a EventEnvelope;
    type IntoIter = std::slice::Iter<'a, EventEnvelope>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl IntoIterator for Events {
    type Item = EventEnvelope;
    type IntoIter = EventsIntoIter;

    fn into_iter(self) -> EventsIntoIter {
        EventsIntoIter(match self.0 {
            Repr::One(envelope) => IterRepr::One(Some(envelope)),
            Repr::Many(envelopes) => IterRepr::Many(envelopes.into_iter()),
        })
    }
}

/// The owned iterator of [`Events`].
#[derive(Debug)]
pub struct EventsIntoIter(IterRepr);

#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum IterRepr {
    One(Option<EventEnvelope>),
    Many(std::vec::IntoIter<EventEnvelope>),
}

impl Iterator for EventsIntoIter {
    type Item = EventEnvelope;

    fn next(&mut self) -> Option<EventEnvelope> {
        match &mut self.0 {
            IterRepr::One(envelope) => envelope.take(),
            IterRepr::Many(envelopes) => envelopes.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::One(envelope) => {
                let n = usize::from(envelope.is_some());
                (n, Some(n))
            }
            IterRepr::Many(envelopes) => envelopes.size_hint(),
        }
    }
}

impl ExactSizeIterator for EventsIntoIter {}
