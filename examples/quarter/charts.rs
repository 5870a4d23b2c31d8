//! SVG charts with plotters: the funnel, weekly SLA compliance and ROI by campaign.

use std::path::Path;

use leadflow::Stage;
use leadflow::metrics::{MetricsReport, RoiTable};
use plotters::prelude::*;

type Error = Box<dyn std::error::Error>;

pub fn write_all(
    dir: &Path,
    report: &MetricsReport,
    roi: &RoiTable,
    weekly_sla: &[(String, f64)],
) -> Result<(), Error> {
    std::fs::create_dir_all(dir)?;
    let funnel: Vec<(String, f64)> = [
        Stage::Inquiry,
        Stage::Mql,
        Stage::HandedOff,
        Stage::Sal,
        Stage::Sql,
        Stage::Opportunity,
        Stage::Customer,
    ]
    .iter()
    .map(|s| (s.to_string(), report.funnel.total.entered(*s) as f64))
    .collect();
    bars(
        &dir.join("funnel.svg"),
        "Leads entering each stage, Q1 2026",
        &funnel,
    )?;
    let roi_bars: Vec<(String, f64)> = roi
        .rows
        .iter()
        .map(|row| {
            (
                row.campaign.to_string(),
                row.roi_bps.unwrap_or(0) as f64 / 100.0,
            )
        })
        .collect();
    bars(
        &dir.join("roi.svg"),
        "ROI by campaign (W-shaped attribution, %)",
        &roi_bars,
    )?;
    line(
        &dir.join("sla_weekly.svg"),
        "Handoffs accepted within the SLA, by week (%)",
        weekly_sla,
    )?;
    Ok(())
}

/// A bar chart of labelled values (negative values go below the axis).
pub fn bars(path: &Path, title: &str, values: &[(String, f64)]) -> Result<(), Error> {
    let root = SVGBackend::new(path, (900, 480)).into_drawing_area();
    root.fill(&WHITE)?;
    let max = values.iter().map(|v| v.1).fold(0.0_f64, f64::max).max(1.0);
    let min = values.iter().map(|v| v.1).fold(0.0_f64, f64::min);
    let n = values.len() as u32;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((0..n).into_segmented(), (min * 1.1)..(max * 1.1))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) => values
                .get(*i as usize)
                .map_or(String::new(), |v| v.0.clone()),
            _ => String::new(),
        })
        .draw()?;
    chart.draw_series(values.iter().enumerate().map(|(i, (_, v))| {
        let i = i as u32;
        Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), *v),
            ],
            BLUE.mix(0.7).filled(),
        )
    }))?;
    root.present()?;
    Ok(())
}

/// A line chart of labelled values from 0 to 100.
pub fn line(path: &Path, title: &str, values: &[(String, f64)]) -> Result<(), Error> {
    let root = SVGBackend::new(path, (900, 480)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = values.len().max(1) as u32;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0..n, 0.0..100.0)?;
    chart
        .configure_mesh()
        .x_label_formatter(&|x| {
            values
                .get(*x as usize)
                .map_or(String::new(), |v| v.0.clone())
        })
        .draw()?;
    chart.draw_series(LineSeries::new(
        values.iter().enumerate().map(|(i, (_, v))| (i as u32, *v)),
        BLUE.stroke_width(2),
    ))?;
    root.present()?;
    Ok(())
}
