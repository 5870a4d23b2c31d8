//! Calibration: conversion by band and by cell, ROC AUC with ties, MQL thresholds.
#![allow(clippy::unwrap_used, clippy::panic, clippy::float_cmp)]

use leadflow::scoring::{BandRow, Calibration, CalibrationError, Grade, Objective, Outcome, Tally};

fn g(text: &str) -> Grade {
    text.parse().unwrap()
}

/// Ten closed leads.
fn history() -> Calibration {
    let mut cal = Calibration::new();
    for (score, grade, outcome) in [
        (95, "A1", Outcome::Won),
        (85, "A1", Outcome::Won),
        (85, "A2", Outcome::Lost),
        (70, "A2", Outcome::Won),
        (60, "B2", Outcome::Lost),
        (55, "B2", Outcome::Won),
        (40, "B3", Outcome::Lost),
        (30, "C3", Outcome::Lost),
        (30, "C3", Outcome::Won),
        (10, "D4", Outcome::Lost),
    ] {
        cal.record(score, g(grade), outcome);
    }
    cal
}

#[test]
fn conversion_by_band_and_by_cell() {
    let cal = history();
    assert_eq!(cal.overall(), Tally { leads: 10, wins: 5 });
    let rows = cal.by_band(&[25, 50, 75]).unwrap();
    let t = |leads, wins| Tally { leads, wins };
    assert_eq!(
        rows,
        vec![
            BandRow {
                from: None,
                to: Some(25),
                tally: t(1, 0)
            },
            BandRow {
                from: Some(25),
                to: Some(50),
                tally: t(3, 1)
            },
            BandRow {
                from: Some(50),
                to: Some(75),
                tally: t(3, 2)
            },
            BandRow {
                from: Some(75),
                to: None,
                tally: t(3, 2)
            },
        ]
    );
    assert_eq!(rows[2].tally.conversion(), Some(2.0 / 3.0));
    let cells: Vec<_> = cal
        .by_cell()
        .iter()
        .map(|(g, t)| (g.to_string(), *t))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("A1".to_owned(), t(2, 2)),
            ("A2".to_owned(), t(2, 1)),
            ("B2".to_owned(), t(2, 1)),
            ("B3".to_owned(), t(1, 0)),
            ("C3".to_owned(), t(2, 1)),
            ("D4".to_owned(), t(1, 0)),
        ]
    );
    assert_eq!(
        cal.by_band(&[50, 50]),
        Err(CalibrationError::UnorderedEdges)
    );
    assert_eq!(
        cal.by_band(&[]).unwrap(),
        vec![BandRow {
            from: None,
            to: None,
            tally: t(10, 5)
        }]
    );
}

#[test]
fn auc_counts_ties_as_half() {
    let cal = history();
    // Wins 95, 85, 70, 55, 30; losses 85, 60, 40, 30, 10.
    // 95 beats 5; 85 beats 4, ties 1; 70 beats 4; 55 beats 3; 30 beats 1, ties 1.
    // (5 + 4.5 + 4 + 3 + 1.5) / 25 = 18 / 25.
    assert_eq!(cal.auc(), Some(18.0 / 25.0));
    let mut ties = Calibration::new();
    for outcome in [Outcome::Won, Outcome::Lost, Outcome::Lost] {
        ties.record(50, g("B2"), outcome);
    }
    assert_eq!(ties.auc(), Some(0.5));
    let mut one_class = Calibration::new();
    one_class.record(50, g("B2"), Outcome::Won);
    assert_eq!(one_class.auc(), None);
}

#[test]
fn the_threshold_that_keeps_enough_wins_with_the_fewest_mqls() {
    let cal = history();
    // From the top: 95 keeps 1/5 wins, 85 keeps 2/5, 70 3/5, 60 3/5, 55 4/5, 40 4/5,
    // 30 5/5.
    let choice = cal
        .threshold(Objective::KeepWins { min_share: 0.8 })
        .unwrap()
        .unwrap();
    assert_eq!(
        (choice.threshold, choice.mqls, choice.wins_kept),
        (55, 6, 4)
    );
    assert_eq!(choice.win_share, 0.8);
    assert_eq!(choice.volume_share, 0.6);
    assert_eq!(choice.conversion, 4.0 / 6.0);
    let all = cal
        .threshold(Objective::KeepWins { min_share: 0.9 })
        .unwrap()
        .unwrap();
    assert_eq!((all.threshold, all.mqls), (30, 9));
    // Conversion of at least 75%: 95 (1/1), 85 (2/3), 70 (3/4 = 75%): most wins at 70.
    let rate = cal
        .threshold(Objective::MinConversion { min_rate: 0.75 })
        .unwrap()
        .unwrap();
    assert_eq!((rate.threshold, rate.wins_kept), (70, 3));
    assert_eq!(
        cal.threshold(Objective::KeepWins { min_share: 1.5 }),
        Err(CalibrationError::InvalidTarget { value: 1.5 })
    );
    assert!(matches!(
        cal.threshold(Objective::MinConversion { min_rate: f64::NAN }),
        Err(CalibrationError::InvalidTarget { .. })
    ));
    assert_eq!(
        Calibration::new().threshold(Objective::KeepWins { min_share: 0.9 }),
        Ok(None)
    );
}
