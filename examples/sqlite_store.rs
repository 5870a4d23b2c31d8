//! A real host: the lead histories live in SQLite, in an append-only `events` table with
//! `UNIQUE(lead_id, seq)`. Each command loads the history, decides, and appends in one
//! transaction; a second writer holding a stale version gets the conflict refusal, and no
//! event is lost or overwritten.
//!
//! Run with `cargo run --example sqlite_store` (it uses a temporary database file).

#![allow(clippy::missing_errors_doc)] // an example: errors are described on `StoreError`

use std::path::Path;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::{
    Action, Actor, Command, CommandId, Decision, EventEnvelope, Lead, LeadId, Machine, Owner,
    Refusal, Role, replay,
};
use rusqlite::{Connection, TransactionBehavior, params};

/// What can go wrong in the host.
#[derive(Debug)]
pub enum StoreError {
    /// SQLite failed.
    Sql(rusqlite::Error),
    /// A stored row could not be read back.
    Json(serde_json::Error),
    /// The stored history does not replay.
    Replay(leadflow::ReplayError),
    /// The command was refused; nothing was written.
    Refused(Refusal),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Sql(e) => write!(f, "sqlite: {e}"),
            StoreError::Json(e) => write!(f, "stored event: {e}"),
            StoreError::Replay(e) => write!(f, "history: {e}"),
            StoreError::Refused(r) => write!(f, "refused: {r}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Json(e)
    }
}

/// An event store on one SQLite connection.
#[derive(Debug)]
pub struct Store {
    connection: Connection,
}

impl Store {
    /// Opens (and if needed creates) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(
            "CREATE TABLE IF NOT EXISTS events (
                 lead_id        TEXT    NOT NULL,
                 seq            INTEGER NOT NULL,
                 occurred_at    TEXT    NOT NULL,
                 actor          TEXT    NOT NULL,
                 command_id     TEXT    NOT NULL,
                 schema_version INTEGER NOT NULL,
                 payload        TEXT    NOT NULL,
                 UNIQUE (lead_id, seq)
             );
             -- Append-only: the history is never rewritten.
             CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
                 BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
             CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
                 BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
        )?;
        Ok(Store { connection })
    }

    /// The stored history of `lead_id`, in sequence order.
    pub fn history(&self, lead_id: LeadId) -> Result<Vec<EventEnvelope>, StoreError> {
        load(&self.connection, lead_id)
    }

    /// Loads the history, decides `command`, and appends the new events, all in one
    /// transaction. Returns the events appended (none for a duplicate).
    pub fn execute(
        &mut self,
        machine: &Machine,
        command: &Command,
    ) -> Result<Vec<EventEnvelope>, StoreError> {
        // IMMEDIATE takes the write lock up front, so load-decide-append is atomic.
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let history = load(&tx, command.lead_id)?;
        let lead = replay(&history).map_err(StoreError::Replay)?;
        let events = match machine.decide(lead.as_ref(), command) {
            Ok(Decision::Duplicate { .. }) => Vec::new(),
            Ok(decision) => decision.into_events(),
            Err(refusal) => return Err(StoreError::Refused(refusal)),
        };
        for e in &events {
            let inserted = tx.execute(
                "INSERT INTO events (lead_id, seq, occurred_at, actor, command_id, schema_version, payload)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    e.lead_id.to_string(),
                    i64::try_from(e.seq).unwrap_or(i64::MAX),
                    e.occurred_at.to_rfc3339(),
                    serde_json::to_string(&e.actor)?,
                    e.command_id.to_string(),
                    e.schema_version,
                    serde_json::to_string(&e.event)?,
                ],
            );
            if let Err(rusqlite::Error::SqliteFailure(f, _)) = &inserted {
                if f.code == rusqlite::ErrorCode::ConstraintViolation {
                    // Another writer appended this sequence number first.
                    return Err(StoreError::Refused(Refusal::Conflict {
                        expected: command.expected_version,
                        actual: e.seq,
                    }));
                }
            }
            inserted?;
        }
        tx.commit()?;
        Ok(events)
    }
}

fn load(connection: &Connection, lead_id: LeadId) -> Result<Vec<EventEnvelope>, StoreError> {
    let mut statement = connection.prepare(
        "SELECT seq, occurred_at, actor, command_id, schema_version, payload
         FROM events WHERE lead_id = ?1 ORDER BY seq",
    )?;
    let rows = statement.query_map(params![lead_id.to_string()], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, u16>(4)?,
            row.get::<_, String>(5)?,
        ))
    })?;
    let mut history = Vec::new();
    for row in rows {
        let (seq, occurred_at, actor, command_id, schema_version, payload) = row?;
        history.push(EventEnvelope {
            lead_id,
            seq: u64::try_from(seq).unwrap_or(0),
            occurred_at: serde_json::from_value(serde_json::Value::String(occurred_at))?,
            actor: serde_json::from_str(&actor)?,
            command_id: serde_json::from_value(serde_json::Value::String(command_id))?,
            schema_version,
            event: serde_json::from_str(&payload)?,
        });
    }
    Ok(history)
}

/// The flow the example and its test run: capture and hand off, then two reps race to
/// accept from the same version; one wins, the other gets the conflict.
pub fn demo(path: &Path, start: DateTime<Utc>) -> Result<(Lead, Refusal), StoreError> {
    let machine = Machine::new();
    let lead_id = LeadId::from_u128(7);
    let marketer = Actor::new("mia", Role::Marketer);
    let mut store = Store::open(path)?;
    let mut second_writer = Store::open(path)?;

    let steps = [
        Action::capture(),
        Action::QualifyMql,
        Action::HandOff {
            to: Owner::queue("inbound").in_team("emea"),
        },
    ];
    for (n, action) in (0u16..).zip(steps) {
        let command = Command::new(
            lead_id,
            CommandId::from_u128(u128::from(n) + 1),
            marketer.clone(),
            start + TimeDelta::minutes(i64::from(n)),
            u64::from(n),
            action,
        );
        store.execute(&machine, &command)?;
    }

    // Both reps saw version 3.
    let accept = |user: &str, id: u128| {
        Command::new(
            lead_id,
            CommandId::from_u128(id),
            Actor::new(user, Role::SalesRep)
                .in_team("emea")
                .in_queue("inbound"),
            start + TimeDelta::minutes(10),
            3,
            Action::Accept,
        )
    };
    store.execute(&machine, &accept("ana", 10))?;
    let refusal = match second_writer.execute(&machine, &accept("bob", 11)) {
        Err(StoreError::Refused(refusal)) => refusal,
        Err(other) => return Err(other),
        Ok(_) => {
            return Err(StoreError::Refused(Refusal::Conflict {
                expected: 3,
                actual: 3,
            }));
        }
    };
    let lead = replay(&store.history(lead_id)?)
        .map_err(StoreError::Replay)?
        .ok_or(StoreError::Refused(Refusal::LeadNotFound { lead_id }))?;
    Ok((lead, refusal))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::temp_dir().join(format!("leadflow-example-{}.sqlite", std::process::id()));
    let start = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .ok_or("invalid start")?;
    let result = demo(&path, start);
    let _ = std::fs::remove_file(&path);
    let (lead, refusal) = result?;
    println!("second writer: {refusal}");
    println!(
        "lead {} is {} with owner {} at version {}",
        lead.id(),
        lead.stage(),
        lead.owner()
            .map_or("nobody".to_owned(), ToString::to_string),
        lead.version()
    );
    Ok(())
}
