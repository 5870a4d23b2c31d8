//! M1: the inline part of a lead's state stays small, so a million leads fit in memory; and
//! the stored events stay small, so replaying a history streams few bytes (B2).

#[test]
fn lead_state_is_at_most_128_bytes_besides_its_heap() {
    let size = std::mem::size_of::<leadflow::Lead>();
    assert!(size <= 128, "Lead is {size} bytes inline");
}

#[test]
fn an_event_is_at_most_64_bytes_inline() {
    // The capture and the reassignment are boxed; the largest inline payload is an activity.
    let size = std::mem::size_of::<leadflow::Event>();
    assert!(size <= 64, "Event is {size} bytes inline");
}

#[test]
fn an_event_envelope_is_at_most_200_bytes_inline() {
    let size = std::mem::size_of::<leadflow::EventEnvelope>();
    assert!(size <= 200, "EventEnvelope is {size} bytes inline");
}
