//! M1: the inline part of a lead's state stays small, so a million leads fit in memory.

#[test]
fn lead_state_is_at_most_128_bytes_besides_its_heap() {
    let size = std::mem::size_of::<leadflow::Lead>();
    assert!(size <= 128, "Lead is {size} bytes inline");
}
