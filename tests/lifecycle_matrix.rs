//! Every cell of the stage × action matrix, and the role × action authorization matrix.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use leadflow::{
    Action, ActionKind, Actor, DenyReason, Owner, Reason, Refusal, RejectTo, Role, Stage,
};
use support::*;

/// The expected result of each allowed cell: the action kind, the stages it is possible
/// from, and the stage it leads to (`None`: the stage stays).
fn expected_target(from: Stage, kind: ActionKind) -> Option<Option<Stage>> {
    use ActionKind as K;
    use Stage as S;
    let table: &[(K, &[S], Option<S>)] = &[
        (K::UpdateAttributes, &Stage::ALL, None),
        (K::RecordActivity, &Stage::ALL, None),
        (K::Reassign, &Stage::ALL, None),
        (K::SetSubStatus, &Stage::ALL, None),
        (K::QualifyMql, &[S::Inquiry, S::Nurture], Some(S::Mql)),
        (K::HandOff, &[S::Mql], Some(S::HandedOff)),
        (K::Accept, &[S::HandedOff], Some(S::Sal)),
        (K::Reject, &[S::HandedOff], Some(S::Nurture)),
        (K::QualifySql, &[S::Sal], Some(S::Sql)),
        (K::ConvertToOpportunity, &[S::Sql], Some(S::Opportunity)),
        (K::UpdateOpportunity, &[S::Opportunity], None),
        (K::Win, &[S::Opportunity], Some(S::Customer)),
        (K::Lose, &[S::Opportunity], Some(S::Lost)),
        (K::Recycle, &[S::Sal, S::Sql, S::Lost], Some(S::Nurture)),
        (
            K::Disqualify,
            &[S::Inquiry, S::Mql, S::Nurture],
            Some(S::Disqualified),
        ),
        (K::PromoteToAdvocate, &[S::Customer], Some(S::Advocate)),
    ];
    table
        .iter()
        .find(|(k, froms, _)| *k == kind && froms.contains(&from))
        .map(|(_, _, to)| *to)
}

#[test]
fn every_stage_by_every_action() {
    let mut allowed = 0;
    for from in Stage::ALL {
        for kind in ActionKind::ALL {
            let mut scenario = given().in_stage(from);
            let outcome = scenario.when(admin(), sample(kind));
            if kind == ActionKind::Capture {
                assert_eq!(
                    outcome.then_refused(),
                    Refusal::LeadAlreadyExists { lead_id: LEAD },
                    "capture in {from}"
                );
                continue;
            }
            match expected_target(from, kind) {
                Some(to) => {
                    let lead = outcome.then_stage(to.unwrap_or(from));
                    assert_eq!(lead.version(), path_to(from).len() as u64 + 1);
                    allowed += 1;
                }
                None => assert_eq!(
                    outcome.then_refused(),
                    Refusal::TransitionNotAllowed { from, action: kind },
                    "{kind} from {from}"
                ),
            }
        }
    }
    // 4 stage-keeping actions × 11 stages + 1 opportunity update + 16 stage-changing cells
    // (the 17th edge of the default graph, HandedOff → Disqualified, is the same Reject cell
    // with another target).
    assert_eq!(allowed, 4 * 11 + 1 + 16);
}

#[test]
fn actions_before_capture_find_no_lead() {
    for kind in ActionKind::ALL {
        if kind == ActionKind::Capture {
            given()
                .when(admin(), sample(kind))
                .then_stage(Stage::Inquiry);
        } else {
            given()
                .when(admin(), sample(kind))
                .then_refused_with(Refusal::LeadNotFound { lead_id: LEAD });
        }
    }
}

#[test]
fn reject_to_disqualified_and_sales_sourced_capture() {
    let lead = given()
        .in_stage(Stage::HandedOff)
        .when(
            rep(),
            Action::Reject {
                reason: Reason::new("competitor"),
                to: RejectTo::Disqualified,
            },
        )
        .then_stage(Stage::Disqualified);
    assert_eq!(
        lead.last_rejection().map(|r| r.code.as_str()),
        Some("competitor")
    );
    assert_eq!(lead.last_disqualification(), lead.last_rejection());

    let lead = given()
        .when(rep(), sales_sourced(ana()))
        .then_stage(Stage::Sal);
    assert_eq!(lead.highest_stage(), Stage::Sal);
    assert_eq!(lead.visits().len(), 1);
}

/// The actors of the authorization matrix, in column order.
fn actors() -> [(&'static str, Actor); 8] {
    [
        ("marketer", marketer()),
        ("mkt_manager", Actor::new("meg", Role::MarketingManager)),
        ("owner_rep", rep()),
        ("other_rep", other_rep()),
        ("team_manager", manager()),
        (
            "other_manager",
            Actor::new("olga", Role::SalesManager).in_team("amer"),
        ),
        ("admin", admin()),
        ("system", Actor::new("router", Role::System)),
    ]
}

/// The stage each action is tried in (where the transition itself is possible; sales stages
/// are owned by `ana` in team `emea`).
fn context(kind: ActionKind) -> Option<Stage> {
    use ActionKind as K;
    match kind {
        K::Capture => None,
        K::QualifyMql | K::Disqualify => Some(Stage::Inquiry),
        K::HandOff => Some(Stage::Mql),
        K::Accept | K::Reject => Some(Stage::HandedOff),
        K::UpdateAttributes
        | K::RecordActivity
        | K::QualifySql
        | K::Recycle
        | K::Reassign
        | K::SetSubStatus => Some(Stage::Sal),
        K::ConvertToOpportunity => Some(Stage::Sql),
        K::Win | K::Lose | K::UpdateOpportunity => Some(Stage::Opportunity),
        K::PromoteToAdvocate => Some(Stage::Customer),
        _ => unreachable!(),
    }
}

#[test]
fn role_by_action_authorization() {
    use DenyReason::*;
    const Y: Option<DenyReason> = None;
    let no = Some;
    // Columns: marketer, marketing manager, owner rep, other rep, team manager,
    // other team's manager, admin, system.
    let matrix: [(ActionKind, [Option<DenyReason>; 8]); 17] = [
        (
            ActionKind::Capture,
            [
                Y,
                Y,
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                Y,
            ],
        ),
        (
            ActionKind::UpdateAttributes,
            [
                no(StageOwnedByOtherTeam),
                no(StageOwnedByOtherTeam),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                Y,
            ],
        ),
        (ActionKind::RecordActivity, [Y, Y, Y, Y, Y, Y, Y, Y]),
        (
            ActionKind::QualifyMql,
            [
                Y,
                Y,
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                Y,
            ],
        ),
        (
            ActionKind::HandOff,
            [
                Y,
                Y,
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                Y,
            ],
        ),
        (
            ActionKind::Accept,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                no(NotAllowedForSystem),
            ],
        ),
        (
            ActionKind::Reject,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                no(NotAllowedForSystem),
            ],
        ),
        (
            ActionKind::QualifySql,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                no(NotAllowedForSystem),
            ],
        ),
        (
            ActionKind::ConvertToOpportunity,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                no(NotAllowedForSystem),
            ],
        ),
        (
            ActionKind::UpdateOpportunity,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                no(NotAllowedForSystem),
            ],
        ),
        (
            ActionKind::Win,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                no(NotAllowedForSystem),
            ],
        ),
        (
            ActionKind::Lose,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                no(NotAllowedForSystem),
            ],
        ),
        (
            ActionKind::Recycle,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                Y,
            ],
        ),
        (
            ActionKind::Disqualify,
            [
                Y,
                Y,
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                Y,
            ],
        ),
        (
            ActionKind::PromoteToAdvocate,
            [
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                no(NotAllowedForSystem),
            ],
        ),
        (
            ActionKind::Reassign,
            [
                no(RoleNotPermitted),
                no(StageOwnedByOtherTeam),
                no(RoleNotPermitted),
                no(RoleNotPermitted),
                Y,
                no(OutsideTeam),
                Y,
                Y,
            ],
        ),
        (
            ActionKind::SetSubStatus,
            [
                no(StageOwnedByOtherTeam),
                no(StageOwnedByOtherTeam),
                Y,
                no(NotOwner),
                Y,
                no(OutsideTeam),
                Y,
                Y,
            ],
        ),
    ];
    for (kind, row) in matrix {
        for ((name, actor), expected) in actors().into_iter().zip(row) {
            let mut scenario = match context(kind) {
                Some(stage) => given().in_stage(stage),
                None => given(),
            };
            let outcome = scenario.when(actor.clone(), sample(kind));
            match expected {
                None => assert!(
                    outcome.result().is_ok(),
                    "{name} should be allowed to {kind}: {:?}",
                    outcome.result()
                ),
                Some(reason) => assert_eq!(
                    outcome.then_refused(),
                    Refusal::NotAuthorized {
                        actor: actor.id.clone(),
                        role: actor.role,
                        action: kind,
                        reason,
                    },
                    "{name} on {kind}"
                ),
            }
        }
    }
}

#[test]
fn a_queue_member_accepts_and_claims_the_lead() {
    let queue = Owner::queue("inbound-emea").in_team("emea");
    let mut scenario = given()
        .in_stage(Stage::Mql)
        .and(marketer(), Action::HandOff { to: queue });
    let outsider = other_rep(); // not in the queue
    assert!(matches!(
        scenario.when(outsider, Action::Accept).then_refused(),
        Refusal::NotAuthorized {
            reason: DenyReason::NotOwner,
            ..
        }
    ));
    let lead = scenario.when(rep(), Action::Accept).then_stage(Stage::Sal);
    assert_eq!(lead.owner(), Some(&ana()));
}

#[test]
fn a_rep_captures_only_leads_they_own() {
    given()
        .when(rep(), sales_sourced(ana()))
        .then_stage(Stage::Sal);
    let refusal = given()
        .when(rep(), sales_sourced(Owner::user("bob").in_team("emea")))
        .then_refused();
    assert!(matches!(
        refusal,
        Refusal::NotAuthorized {
            reason: DenyReason::NotOwner,
            ..
        }
    ));
    // A manager may capture for a rep of the team.
    given()
        .when(manager(), sales_sourced(Owner::user("bob").in_team("emea")))
        .then_stage(Stage::Sal);
}

#[test]
fn a_manager_reassigns_only_within_the_team() {
    let mut scenario = given().in_stage(Stage::Sal);
    let refusal = scenario
        .when(
            manager(),
            Action::Reassign {
                to: Owner::user("zed").in_team("amer"),
            },
        )
        .then_refused();
    assert!(matches!(
        refusal,
        Refusal::NotAuthorized {
            reason: DenyReason::OutsideTeam,
            ..
        }
    ));
    let lead = scenario
        .when(
            manager(),
            Action::Reassign {
                to: Owner::user("bob").in_team("emea"),
            },
        )
        .then_stage(Stage::Sal);
    assert_eq!(lead.owner(), Some(&Owner::user("bob").in_team("emea")));
}
