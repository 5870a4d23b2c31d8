//! Plain-text rendering: `Display` for urgencies, actions, holders, worklists and views.

use std::fmt;

use chrono::TimeDelta;

use super::entry::{NextAction, WorklistEntry};
use super::key::Urgency;
use super::list::Worklist;
use super::manager::{Holder, ManagerView};

/// A duration as `2h 05m`, `45m` or `30s`.
pub(crate) fn duration(d: TimeDelta) -> String {
    let seconds = d.num_seconds().max(0);
    let (h, m) = (seconds / 3600, (seconds % 3600) / 60);
    if h > 0 {
        format!("{h}h {m:02}m")
    } else if m > 0 {
        format!("{m}m")
    } else {
        format!("{seconds}s")
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Urgency::Breached { overdue } => write!(f, "breached, {} overdue", duration(*overdue)),
            Urgency::AtRisk { remaining } => write!(f, "at risk, {} left", duration(*remaining)),
            Urgency::Running { remaining } => write!(f, "running, {} left", duration(*remaining)),
        }
    }
}

impl fmt::Display for NextAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NextAction::AcceptOrReject => f.write_str("accept or reject"),
            NextAction::FirstTouch => f.write_str("first touch"),
            NextAction::FollowUp { number, of } => write!(f, "follow-up {number} of {of}"),
            NextAction::MoveOn { from } => write!(f, "move on from {}", from.as_str()),
            NextAction::Work => f.write_str("work the lead"),
        }
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Holder::User { id } => write!(f, "{id}"),
            Holder::Queue { id } => write!(f, "queue {id}"),
            Holder::Unowned => f.write_str("(unowned)"),
        }
    }
}

impl fmt::Display for WorklistEntry {
    /// One line: lead, goal, urgency, deadline, score and grade, next action.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let deadline = self.deadline.map_or_else(
            || "-".to_owned(),
            |d| d.format("%Y-%m-%d %H:%M").to_string(),
        );
        write!(
            f,
            "{}  {:<20} {:<28} {:<16} {:>5} {:<3} {}",
            self.lead_id,
            self.goal,
            self.urgency.to_string(),
            deadline,
            self.score,
            self.grade.to_string(),
            self.next_action
        )
    }
}

impl fmt::Display for Worklist {
    /// A numbered table with a header, one entry a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:>4}  {:<36}  {:<20} {:<28} {:<16} {:>5} {:<3} next",
            "#", "lead", "goal", "status", "deadline (UTC)", "score", "grd"
        )?;
        for (n, entry) in self.entries().iter().enumerate() {
            writeln!(f, "{:>4}  {entry}", n + 1)?;
        }
        Ok(())
    }
}

impl fmt::Display for ManagerView {
    /// One line per holder: counts, load against limit, and a flag when over capacity.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<20} {:>8} {:>7} {:>7} {:>11}",
            "rep", "breached", "at risk", "running", "load/limit"
        )?;
        for line in &self.lines {
            let limit = line.limit.map_or_else(
                || format!("{}/-", line.load),
                |l| format!("{}/{l}", line.load),
            );
            let flag = if line.over_capacity {
                "  OVER CAPACITY"
            } else {
                ""
            };
            writeln!(
                f,
                "{:<20} {:>8} {:>7} {:>7} {:>11}{flag}",
                line.holder.to_string(),
                line.breached,
                line.at_risk,
                line.running,
                limit
            )?;
        }
        Ok(())
    }
}
