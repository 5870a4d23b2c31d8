//! The rep's worklist: which open lead to work next, and why.
//!
//! - [`worklist`] (or a [`WorklistBuilder`]) turns lead histories into a [`Worklist`] for a
//!   [`Scope`] (a rep, a queue, a team, everyone) at a given `now`: one
//!   [`WorklistEntry`] per open lead, that is a lead handed off, accepted, or in a later
//!   open sales stage whose current cycle has a sales SLA goal with a running clock.
//! - The order is total and deterministic ([`WorklistKey`]): breached first (longest overdue
//!   first), then at risk, then running by remaining working time; ties by score (higher
//!   first), then by lead id.
//! - Each entry explains itself: the goal, its [`Urgency`] and deadline, the score and
//!   grade, the SLA engine's escalations, and the [`NextAction`] (accept or reject, first
//!   touch, follow-up k of N) derived from the goal's stop triggers and the owner's
//!   activities.
//! - [`ManagerView`]: grouped by rep with counts of breached, at-risk and running entries,
//!   flagging reps whose load exceeds their capacity ([`Capacities`] from a
//!   [`Roster`](crate::Roster) or a plain map).
//! - Shards merge: [`Worklist::merge`] is a k-way merge of sorted lists, equal to the
//!   worklist of all the leads.
//! - `Display` renders plain-text tables; [`rep_top`] gives the top of one rep's list.
//!
//! ```
//! use chrono::{DateTime, TimeDelta, TimeZone, Utc};
//! use leadflow::*;
//! use leadflow::scoring::{BandThresholds, GradeThresholds, Profile, ScoreCard};
//! use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
//! use leadflow::worklist::{Capacities, ManagerView, NextAction, Scope, Urgency, worklist};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
//! let policy = SlaPolicy::new(1, t0 - TimeDelta::days(1))
//!     .goal(SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(4))));
//! let evaluator = SlaEvaluator::new(&[policy], &Calendars::new())?;
//! let flat = |_: &Profile<'_>, _: DateTime<Utc>| {
//!     ScoreCard::new(vec![], &GradeThresholds::default(), &BandThresholds::default())
//! };
//!
//! // Two leads handed to ana, at 9:00 and at 12:00.
//! let machine = Machine::new();
//! let mia = Actor::new("mia", Role::Marketer);
//! let mut histories = Vec::new();
//! for (lead, at) in [(1, t0), (2, t0 + TimeDelta::hours(3))] {
//!     let mut history = Vec::new();
//!     for (n, action) in [Action::capture(), Action::QualifyMql,
//!                         Action::HandOff { to: Owner::user("ana").in_team("emea") }]
//!         .into_iter().enumerate() {
//!         let state = replay(&history)?;
//!         let command = Command::new(LeadId::from_u128(lead), CommandId::from_u128(n as u128),
//!             mia.clone(), at, state.as_ref().map_or(0, Lead::version), action);
//!         history.extend(machine.decide(state.as_ref(), &command)?.into_events());
//!     }
//!     histories.push(history);
//! }
//!
//! // At 14:00 the first is 1 h overdue, the second has 2 h left of its 4.
//! let list = worklist(&Scope::user("ana"), &histories, &evaluator, &flat,
//!                     t0 + TimeDelta::hours(5));
//! let first = &list.entries()[0];
//! assert_eq!(first.lead_id, LeadId::from_u128(1));
//! assert_eq!(first.urgency, Urgency::Breached { overdue: TimeDelta::hours(1) });
//! assert_eq!(first.next_action, NextAction::AcceptOrReject);
//! assert_eq!(list.entries()[1].urgency, Urgency::Running { remaining: TimeDelta::hours(2) });
//!
//! let view = ManagerView::new(&list, &Capacities::new().with_limit("ana", 1));
//! assert_eq!((view.lines[0].breached, view.lines[0].running), (1, 1));
//! assert!(view.lines[0].over_capacity);
//! println!("{list}{view}");
//! # Ok(())
//! # }
//! ```

mod build;
mod entry;
mod key;
mod list;
mod manager;
mod render;

pub use build::{WorklistBuilder, is_open_stage, rep_top, worklist};
pub use entry::{NextAction, Scope, WorklistEntry};
pub use key::{Urgency, WorklistKey};
pub use list::Worklist;
pub use manager::{Capacities, Capacity, Holder, ManagerView, RepLine};
