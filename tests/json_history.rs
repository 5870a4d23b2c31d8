//! `json::history_from_slice` and `json::history_from_str` read what `serde_json` writes for a
//! history, agree with `serde_json::from_slice` on every valid UTF-8 input (values and error
//! positions), and refuse invalid UTF-8 wherever it stands, with its position.
#![cfg(all(feature = "json", feature = "proptest"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use leadflow::EventEnvelope;
use leadflow::json::{history_from_slice, history_from_str};
use leadflow::strategies::history;
use proptest::prelude::*;

fn serde_json_reads(bytes: &[u8]) -> Result<Vec<EventEnvelope>, serde_json::Error> {
    serde_json::from_slice(bytes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// What serde_json writes, compact or pretty, reads back to the same events.
    #[test]
    fn a_written_history_reads_back(events in history(12), pretty: bool) {
        let bytes = if pretty {
            serde_json::to_vec_pretty(&events).unwrap()
        } else {
            serde_json::to_vec(&events).unwrap()
        };
        prop_assert_eq!(&history_from_slice(&bytes).unwrap(), &events);
        prop_assert_eq!(&history_from_str(std::str::from_utf8(&bytes).unwrap()).unwrap(), &events);
    }

    /// A written history with one byte replaced or cut short: on UTF-8 input the outcome is
    /// serde_json's own (the same events, or an error at the same line and column); on any
    /// input, what is accepted is accepted by serde_json with the same events.
    #[test]
    fn a_damaged_history_reads_as_serde_json_reads_it(
        events in history(6),
        at in any::<prop::sample::Index>(),
        byte: u8,
        cut: bool,
    ) {
        let mut bytes = serde_json::to_vec(&events).unwrap();
        let at = at.index(bytes.len());
        if cut {
            bytes.truncate(at);
        } else {
            bytes[at] = byte;
        }
        let ours = history_from_slice(&bytes);
        let theirs = serde_json_reads(&bytes);
        if std::str::from_utf8(&bytes).is_ok() {
            match (&ours, &theirs) {
                (Ok(ours), Ok(theirs)) => prop_assert_eq!(ours, theirs),
                (Err(ours), Err(theirs)) => {
                    prop_assert_eq!(ours.to_string(), theirs.to_string());
                    prop_assert_eq!((ours.line(), ours.column()), (theirs.line(), theirs.column()));
                }
                _ => prop_assert!(false, "ours {:?}, serde_json {:?}", ours, theirs),
            }
        } else {
            prop_assert!(ours.is_err());
            if let Ok(ours) = &ours {
                prop_assert_eq!(ours, &theirs.unwrap());
            }
        }
    }
}

#[test]
fn invalid_utf8_in_a_skipped_field_is_refused_with_its_position() {
    // An unknown field, whose string serde_json would skip without checking it.
    let mut bytes = b"[{\"note\":\"caf".to_vec();
    bytes.push(0xE9); // Latin-1 'é', not UTF-8
    bytes.extend_from_slice(b"\"}]");
    let error = history_from_slice(&bytes).unwrap_err();
    assert_eq!((error.line(), error.column()), (1, 14));
    assert_eq!(error.to_string(), "invalid UTF-8 at line 1 column 14");

    // Whatever serde_json makes of it, we never accept what it refuses.
    let pretty = b"[\n  1,\n  \xFF]";
    let error = history_from_slice(pretty).unwrap_err();
    assert_eq!((error.line(), error.column()), (3, 3));
    assert!(serde_json_reads(pretty).is_err());
}

#[test]
fn not_a_history_is_refused_as_serde_json_refuses_it() {
    for input in ["", "{}", "[", "[1]", "[{}]", "null", "[] x"] {
        let ours = history_from_str(input).unwrap_err();
        let theirs = serde_json_reads(input.as_bytes()).unwrap_err();
        assert_eq!(ours.to_string(), theirs.to_string(), "{input:?}");
        assert_eq!(
            (ours.line(), ours.column()),
            (theirs.line(), theirs.column())
        );
    }
    let empty = history_from_str("").unwrap_err();
    assert_eq!((empty.line(), empty.column()), (1, 0));
    assert_eq!(history_from_slice(b" [ ] ").unwrap(), vec![]);
}
