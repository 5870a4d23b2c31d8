//! A JSON-in / JSON-out facade (feature `json`) for hosts written in other languages: send
//! a command and the lead's stored history, get the new events or a structured refusal.
//!
//! The request is `{"command": <Command>, "history": [<EventEnvelope>, …]}`. The response
//! always parses and is tagged by `type`:
//!
//! | `type` | meaning | fields |
//! |---|---|---|
//! | `events` | append these, in order | `events` |
//! | `duplicate` | the command id was already applied; nothing to append | `command_id` |
//! | `refused` | the command was refused; nothing changed | `refusal` (tagged by `type`) |
//! | `invalid_history` | the stored history does not replay | `error`, `message` |
//! | `invalid_request` | the request is not valid JSON of the expected shape | `message` |
//! | `invalid_config` | the pipeline sent with the request is refused | `path`, `message` |
//!
//! A host that keeps a lead's history as one JSON array (a blob column, a file) reads it back
//! with [`history_from_slice`] or [`history_from_str`]; `serde_json` writes it
//! (`serde_json::to_vec(&events)`).
//!
//! With the `config` feature, the rules can come from a pipeline configuration:
//! [`decide_json_with`] decides with the machine a [`Pipeline`] builds, and
//! [`decide_json_configured`] takes a request that carries the pipeline document itself,
//! `{"pipeline": <pipeline>, "command": …, "history": […]}`, for hosts that keep the
//! configuration on their side and cannot hold a Rust value between calls.
//!
//! ```
//! use leadflow::{Machine, json::decide_json};
//! let request = r#"{
//!   "command": {
//!     "lead_id": "00000000-0000-0000-0000-000000000001",
//!     "command_id": "00000000-0000-0000-0000-000000000001",
//!     "actor": {"id": "mia", "role": "marketer"},
//!     "at": "2026-03-02T09:00:00Z",
//!     "expected_version": 0,
//!     "action": {"type": "capture", "entry": {"type": "inquiry"}}
//!   },
//!   "history": []
//! }"#;
//! let response = decide_json(&Machine::new(), request);
//! assert!(response.starts_with(r#"{"type":"events""#));
//!
//! let response = decide_json(&Machine::new(), "{not json");
//! assert!(response.starts_with(r#"{"type":"invalid_request""#));
//! ```

use crate::command::Command;
use crate::error::{Refusal, ReplayError};
use crate::event::EventEnvelope;
use crate::guard::QualificationGuard;
use crate::id::CommandId;
use crate::machine::{Decision, Machine, replay};
use crate::policy::Policy;

#[cfg(feature = "config")]
use crate::config::Pipeline;

/// A request: a command and the lead's stored history (empty before capture).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Request {
    /// The command to decide.
    pub command: Command,
    /// The lead's history, in sequence order.
    #[serde(default)]
    pub history: Vec<EventEnvelope>,
}

/// A response; see the [module docs](self) for the wire format.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Response {
    /// New events to append, in order.
    Events {
        /// The events.
        events: Vec<EventEnvelope>,
    },
    /// The command id was already applied.
    Duplicate {
        /// The repeated id.
        command_id: CommandId,
    },
    /// The command was refused.
    Refused {
        /// Why.
        refusal: Refusal,
    },
    /// The stored history does not replay.
    InvalidHistory {
        /// The error's kind (`gap`, `wrong_lead`, `not_started_by_capture`,
        /// `second_capture`).
        error: String,
        /// A readable message.
        message: String,
    },
    /// The request could not be read.
    InvalidRequest {
        /// What the JSON reader said.
        message: String,
    },
    /// The pipeline configuration sent with the request was refused (feature `config`).
    InvalidConfig {
        /// The path of the offending field in the pipeline document.
        path: String,
        /// What is wrong there.
        message: String,
    },
}

/// Why a stored history could not be read by [`history_from_slice`] or
/// [`history_from_str`]: the input is not UTF-8, not JSON, or not a list of event envelopes.
///
/// The position is 1-based, as `serde_json` counts it: the line, and the byte within the line
/// (for invalid UTF-8, the first byte that is not).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DecodeError {
    message: String,
    line: usize,
    column: usize,
}

impl DecodeError {
    /// The line of the input where reading stopped, counting from 1.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The byte within that line where reading stopped, counting from 1 (0 when the input
    /// ended before the line's first byte, as `serde_json` reports an empty input).
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }

    fn from_json(error: &serde_json::Error) -> Self {
        DecodeError {
            message: error.to_string(),
            line: error.line(),
            column: error.column(),
        }
    }

    /// The first byte that is not UTF-8, located as `serde_json` locates its errors.
    fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> Self {
        let before = bytes.get(..error.valid_up_to()).unwrap_or(bytes);
        let lines = || before.split(|&b| b == b'\n');
        let line = lines().count();
        let column = lines().next_back().map_or(0, <[u8]>::len) + 1;
        DecodeError {
            message: format!("invalid UTF-8 at line {line} column {column}"),
            line,
            column,
        }
    }
}

/// Reads a stored history, a JSON array of event envelopes as `serde_json::to_vec` writes
/// `&[EventEnvelope]`, from bytes (a blob column, a file, a message body).
///
/// The input is checked as UTF-8 once, as a whole, and then read as text. That is faster
/// than `serde_json::from_slice::<Vec<EventEnvelope>>`, which checks each string it reads on
/// its own (about a fifth fewer instructions a byte; BENCHMARKS.md, B8), and stricter: JSON
/// text is UTF-8 (RFC 8259, section 8.1), so invalid UTF-8 is refused wherever it stands,
/// also inside a value the decoder would skip, such as an unknown field. Any valid input
/// reads to the same events as with `serde_json::from_slice`.
///
/// The events are not replayed: pass them to [`replay`] to check that they form a lead.
///
/// # Errors
///
/// [`DecodeError`] when the input is not UTF-8, not JSON, or not a list of event envelopes.
///
/// ```
/// use leadflow::json::history_from_slice;
/// use leadflow::{Action, Actor, Command, CommandId, LeadId, Machine, Role, replay};
/// use chrono::{TimeZone, Utc};
///
/// let capture = Command::new(
///     LeadId::from_u128(1),
///     CommandId::from_u128(1),
///     Actor::new("mia", Role::Marketer),
///     Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
///     0,
///     Action::capture(),
/// );
/// let events = Machine::new().decide(None, &capture)?.into_events();
/// let stored: Vec<u8> = serde_json::to_vec(&events)?;
///
/// let read = history_from_slice(&stored)?;
/// assert_eq!(read, events);
/// assert_eq!(replay(&read)?.map(|lead| lead.version()), Some(1));
///
/// let error = history_from_slice(b"[\n  {\"lead_id\": \"\xff\"}]").unwrap_err();
/// assert_eq!((error.line(), error.column()), (2, 16));
/// assert_eq!(error.to_string(), "invalid UTF-8 at line 2 column 16");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn history_from_slice(bytes: &[u8]) -> Result<Vec<EventEnvelope>, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => history_from_str(text),
        Err(error) => Err(DecodeError::not_utf8(bytes, error)),
    }
}

/// Reads a stored history, a JSON array of event envelopes, from text; see
/// [`history_from_slice`] for bytes.
///
/// # Errors
///
/// [`DecodeError`] when the text is not JSON or not a list of event envelopes.
///
/// ```
/// use leadflow::json::history_from_str;
/// assert_eq!(history_from_str("[]")?, vec![]);
/// let error = history_from_str("[{}]").unwrap_err();
/// assert_eq!((error.line(), error.column()), (1, 3));
/// # Ok::<(), leadflow::json::DecodeError>(())
/// ```
pub fn history_from_str(text: &str) -> Result<Vec<EventEnvelope>, DecodeError> {
    serde_json::from_str(text).map_err(|error| DecodeError::from_json(&error))
}

fn replay_error_kind(error: &ReplayError) -> &'static str {
    match error {
        ReplayError::WrongLead { .. } => "wrong_lead",
        ReplayError::Gap { .. } => "gap",
        ReplayError::NotStartedByCapture { .. } => "not_started_by_capture",
        ReplayError::SecondCapture { .. } => "second_capture",
    }
}

/// Decides a typed request; the typed half of [`decide_json`].
#[must_use]
pub fn decide_request<P: Policy, G: QualificationGuard>(
    machine: &Machine<P, G>,
    request: &Request,
) -> Response {
    let lead = match replay(&request.history) {
        Ok(lead) => lead,
        Err(error) => {
            return Response::InvalidHistory {
                error: replay_error_kind(&error).to_owned(),
                message: error.to_string(),
            };
        }
    };
    match machine.decide(lead.as_ref(), &request.command) {
        Ok(Decision::Duplicate { command_id }) => Response::Duplicate { command_id },
        Ok(decision) => Response::Events {
            events: decision.into_events(),
        },
        Err(refusal) => Response::Refused { refusal },
    }
}

/// Decides a JSON request and answers in JSON; never fails, never panics: every problem is
/// a structured response.
#[must_use]
pub fn decide_json<P: Policy, G: QualificationGuard>(
    machine: &Machine<P, G>,
    request: &str,
) -> String {
    let response = match serde_json::from_str::<Request>(request) {
        Ok(request) => decide_request(machine, &request),
        Err(error) => Response::InvalidRequest {
            message: error.to_string(),
        },
    };
    to_json(&response)
}

fn to_json(response: &Response) -> String {
    serde_json::to_string(response).unwrap_or_else(|_| {
        // Serializing these types cannot fail (string keys; `decide` refuses non-finite
        // numbers); answer in the same format if it ever does.
        r#"{"type":"invalid_request","message":"the response could not be serialized"}"#.to_owned()
    })
}

/// Decides a JSON request with the machine `pipeline` builds (its graph, sub-statuses and
/// qualification criteria). The request and response are as in [`decide_json`].
///
/// A host deciding many requests should build the machine once with
/// [`Pipeline::machine`] and call [`decide_json`]; this builds it on every call.
#[cfg(feature = "config")]
#[must_use]
pub fn decide_json_with(pipeline: &Pipeline, request: &str) -> String {
    decide_json(&pipeline.machine(), request)
}

/// A request that carries its pipeline configuration (feature `config`).
#[cfg(feature = "config")]
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct ConfiguredRequest {
    /// The pipeline document, validated with [`Pipeline::from_json_str`].
    pipeline: serde_json::Value,
    command: Command,
    #[serde(default)]
    history: Vec<EventEnvelope>,
}

/// Decides a JSON request that carries the pipeline configuration beside the command and the
/// history: `{"pipeline": <pipeline>, "command": <Command>, "history": [...]}`. A refused
/// pipeline is answered with `invalid_config`, naming the path of the offending field in
/// the pipeline document; everything else is as in [`decide_json`].
///
/// ```
/// use leadflow::json::decide_json_configured;
/// let request = r#"{
///   "pipeline": {"version": 1, "sub_statuses": {"inquiry": ["new"]}},
///   "command": {
///     "lead_id": "00000000-0000-0000-0000-000000000001",
///     "command_id": "00000000-0000-0000-0000-000000000001",
///     "actor": {"id": "mia", "role": "marketer"},
///     "at": "2026-03-02T09:00:00Z",
///     "expected_version": 0,
///     "action": {"type": "capture", "entry": {"type": "inquiry"}}
///   }
/// }"#;
/// assert!(decide_json_configured(request).starts_with(r#"{"type":"events""#));
///
/// let bad = request.replace(r#""version": 1"#, r#""version": 9"#);
/// assert_eq!(decide_json_configured(&bad),
///     r#"{"type":"invalid_config","path":"version","message":"unsupported version 9: this build reads version 1"}"#);
/// ```
#[cfg(feature = "config")]
#[must_use]
pub fn decide_json_configured(request: &str) -> String {
    let request = match serde_json::from_str::<ConfiguredRequest>(request) {
        Ok(request) => request,
        Err(error) => {
            return to_json(&Response::InvalidRequest {
                message: error.to_string(),
            });
        }
    };
    let pipeline = match Pipeline::from_json_str(&request.pipeline.to_string()) {
        Ok(pipeline) => pipeline,
        Err(error) => {
            return to_json(&Response::InvalidConfig {
                path: error.path,
                message: error.kind.to_string(),
            });
        }
    };
    let typed = Request {
        command: request.command,
        history: request.history,
    };
    to_json(&decide_request(&pipeline.machine(), &typed))
}
