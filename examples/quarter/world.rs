//! The synthetic world of the quarter: campaigns, reps and the people behind the leads.

use leadflow::{Currency, Money};

/// A marketing campaign (or the outbound motion of sales, which has no campaign).
#[derive(Debug, Clone)]
pub struct Campaign {
    pub id: &'static str,
    pub source: &'static str,
    /// Spend in whole euros.
    pub spend_eur: i64,
    /// The share of the quarter's leads it brings.
    pub share: f64,
    /// How good its leads are, 0..1: drives qualification, acceptance and wins.
    pub quality: f64,
}

pub const CAMPAIGNS: &[Campaign] = &[
    Campaign {
        id: "webinar-q1",
        source: "webinar",
        spend_eur: 400_000,
        share: 0.18,
        quality: 0.65,
    },
    Campaign {
        id: "paid-search",
        source: "paid_search",
        spend_eur: 900_000,
        share: 0.30,
        quality: 0.40,
    },
    Campaign {
        id: "content-syndication",
        source: "content",
        spend_eur: 350_000,
        share: 0.22,
        quality: 0.22,
    },
    Campaign {
        id: "trade-show",
        source: "event",
        spend_eur: 600_000,
        share: 0.10,
        quality: 0.55,
    },
    Campaign {
        id: "partner-referral",
        source: "partner",
        spend_eur: 150_000,
        share: 0.08,
        quality: 0.80,
    },
];

/// The share of leads sales sources itself (entering at SAL).
pub const OUTBOUND_SHARE: f64 = 0.12;

/// A sales rep.
#[derive(Debug, Clone)]
pub struct Rep {
    pub id: String,
    pub team: &'static str,
    /// Mean hours to respond to a handed-off lead (some reps are slow).
    pub mean_response_hours: f64,
    pub active: bool,
}

pub fn reps() -> Vec<Rep> {
    let mut reps = Vec::new();
    for (team, names) in [
        (
            "emea",
            [
                "anna", "ben", "clara", "dirk", "eva", "felix", "greta", "hans",
            ],
        ),
        (
            "amer",
            [
                "ivy", "jack", "kate", "liam", "mia", "noah", "olivia", "pete",
            ],
        ),
    ] {
        for (n, name) in names.iter().enumerate() {
            reps.push(Rep {
                id: (*name).to_owned(),
                team,
                // Two slow reps a team, so some SLAs breach.
                mean_response_hours: if n % 4 == 3 { 9.0 } else { 1.5 },
                // One rep a team has left: routing must skip them.
                active: n != 7,
            });
        }
    }
    reps
}

pub const COUNTRIES: &[(&str, &str, f64)] = &[
    ("US", "amer", 0.35),
    ("CA", "amer", 0.07),
    ("BR", "amer", 0.04),
    ("DE", "emea", 0.20),
    ("GB", "emea", 0.14),
    ("FR", "emea", 0.12),
    ("NL", "emea", 0.08),
];

pub const INDUSTRIES: &[&str] = &[
    "software",
    "manufacturing",
    "finance",
    "retail",
    "healthcare",
    "education",
];

pub fn eur(whole: i64) -> Money {
    Money::new(
        whole * 100,
        Currency::new("EUR").unwrap_or_else(|_| unreachable!()),
    )
}
