//! Every public type is Send + Sync, checked at compile time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    use leadflow::*;
    assert_send_sync::<Activity>();
    assert_send_sync::<ActivityKind>();
    assert_send_sync::<Actor>();
    assert_send_sync::<Role>();
    assert_send_sync::<AttributeValue>();
    assert_send_sync::<Attributes>();
    assert_send_sync::<CalendarTime>();
    assert_send_sync::<Action>();
    assert_send_sync::<ActionKind>();
    assert_send_sync::<Command>();
    assert_send_sync::<Entry>();
    assert_send_sync::<RejectTo>();
    assert_send_sync::<Refusal>();
    assert_send_sync::<ReplayError>();
    assert_send_sync::<ValueError>();
    assert_send_sync::<Event>();
    assert_send_sync::<EventEnvelope>();
    assert_send_sync::<TransitionGraph>();
    assert_send_sync::<AlwaysQualified>();
    assert_send_sync::<UnmetCriterion>();
    assert_send_sync::<LeadId>();
    assert_send_sync::<CommandId>();
    assert_send_sync::<UserId>();
    assert_send_sync::<QueueId>();
    assert_send_sync::<TeamId>();
    assert_send_sync::<CampaignId>();
    assert_send_sync::<Source>();
    assert_send_sync::<Lead>();
    assert_send_sync::<Opportunity>();
    assert_send_sync::<StageVisit>();
    assert_send_sync::<Decision>();
    assert_send_sync::<Machine>();
    assert_send_sync::<Currency>();
    assert_send_sync::<Money>();
    assert_send_sync::<Owner>();
    assert_send_sync::<Period>();
    assert_send_sync::<PeriodError>();
    assert_send_sync::<ActionSet>();
    assert_send_sync::<DefaultPolicy>();
    assert_send_sync::<DenyReason>();
    assert_send_sync::<Reason>();
    assert_send_sync::<Stage>();
    assert_send_sync::<Team>();
    assert_send_sync::<Zone>();
    assert_send_sync::<ZoneError>();
    assert_send_sync::<Box<dyn Policy>>();
    assert_send_sync::<Box<dyn QualificationGuard>>();
    assert_send_sync::<Box<dyn WorkingTime>>();
}
