//! M1: the inline part of a lead's state stays small, so a million leads fit in memory.

#[test]
fn lead_state_is_at_most_128_bytes_besides_its_heap() {
    let size = std::mem::size_of::<leadflow::Lead>();
    assert!(size <= 128, "Lead is {size} bytes inline");
}

/// A text id is one pointer, and so is an absent one: ids are in every envelope, several
/// times over.
#[test]
fn text_ids_are_one_word() {
    use std::mem::size_of;
    assert_eq!(size_of::<leadflow::UserId>(), size_of::<usize>());
    assert_eq!(
        size_of::<Option<leadflow::CampaignId>>(),
        size_of::<usize>()
    );
    assert_eq!(size_of::<Option<leadflow::Owner>>(), 3 * size_of::<usize>());
}

/// Replay and reports stream histories envelope by envelope from memory: the envelope's size
/// is how much they read (see BENCHMARKS.md, B2 and B7).
#[cfg(target_pointer_width = "64")]
#[test]
fn an_event_envelope_is_at_most_176_bytes() {
    let size = std::mem::size_of::<leadflow::EventEnvelope>();
    assert!(size <= 176, "EventEnvelope is {size} bytes");
}
