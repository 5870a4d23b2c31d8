//! The SQLite host example, run against a temporary database file.
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

#[path = "../examples/sqlite_store.rs"]
#[allow(dead_code)]
mod sqlite_store;

use chrono::{TimeZone, Utc};
use leadflow::{Owner, Refusal, Stage};

#[test]
fn a_stale_second_writer_gets_the_conflict_and_nothing_is_lost() {
    let path = std::env::temp_dir().join(format!("leadflow-test-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let (lead, refusal) = sqlite_store::demo(&path, start).unwrap();
    assert_eq!(
        refusal,
        Refusal::Conflict {
            expected: 3,
            actual: 4
        }
    );
    assert_eq!(lead.stage(), Stage::Sal);
    assert_eq!(lead.owner(), Some(&Owner::user("ana").in_team("emea")));
    assert_eq!(lead.version(), 4);

    // Replaying from a fresh connection reproduces the state, and the table is append-only.
    let store = sqlite_store::Store::open(&path).unwrap();
    let history = store.history(lead.id()).unwrap();
    assert_eq!(leadflow::replay(&history).unwrap(), Some(lead));
    let connection = rusqlite::Connection::open(&path).unwrap();
    assert!(connection.execute("DELETE FROM events", []).is_err());
    assert!(connection.execute("UPDATE events SET seq = 9", []).is_err());
    drop(connection);
    let _ = std::fs::remove_file(&path);
}
