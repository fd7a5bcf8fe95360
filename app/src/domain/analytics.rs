//! Sales analytics read models and the geometry of the dashboard's SVG charts (drawn by the app,
//! no chart library).
//!
//! Definitions: an order *sold* when its payment was received (it has a payment id), whatever
//! happened later. Revenue is what sold orders placed in the range brought in, net of refunds,
//! in minor units of the store's currency. Orders counts sold orders; the average order value is
//! revenue / orders, rounded down. Units sold and top products count the lines of sold orders
//! that were not cancelled or refunded. New customers are customer accounts created in the
//! range. Days are UTC days and both ends of the range are included.

use serde::{Deserialize, Serialize};

use super::money::Money;
use super::order::OrderStatus;

/// One day of the charts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPoint {
    /// "2026-11-21".
    pub day: String,
    pub revenue_minor: i64,
    pub orders: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopProduct {
    pub name: String,
    pub units: i64,
    pub revenue: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analytics {
    pub from: String,
    pub to: String,
    pub revenue: Money,
    pub orders: i64,
    pub average_order: Money,
    pub units: i64,
    pub new_customers: i64,
    pub days: Vec<DayPoint>,
    pub top_products: Vec<TopProduct>,
    /// Orders placed in the range by their status now (every status, zeros included).
    pub by_status: Vec<(OrderStatus, i64)>,
}

/// Revenue / orders, rounded down (0 without orders).
pub fn average(revenue_minor: i64, orders: i64) -> i64 {
    if orders <= 0 {
        0
    } else {
        revenue_minor.div_euclid(orders)
    }
}

/// The longest range the dashboard charts (in days).
pub const MAX_RANGE_DAYS: i64 = 366;

/// A bar of a chart, in the SVG's own units.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A round step for the value axis: the smallest of 1, 2, 5 × 10^k that splits `max` into at
/// most `lines` steps.
pub fn axis_step(max: i64, lines: i64) -> i64 {
    let target = (max.max(1) + lines - 1) / lines.max(1);
    let mut magnitude = 1_i64;
    loop {
        for m in [1, 2, 5] {
            let step = m * magnitude;
            if step >= target {
                return step;
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// Bars for `values` in a `width` × `height` plot whose top is `top` (a multiple of the axis
/// step at or above the largest value). Bars touch the bottom; gaps are a fifth of a slot.
pub fn bars(values: &[i64], width: f64, height: f64, top: i64) -> Vec<Bar> {
    if values.is_empty() {
        return Vec::new();
    }
    let slot = width / values.len() as f64;
    let gap = if values.len() > 1 { slot / 5.0 } else { 0.0 };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let h = if top > 0 {
                (*v).max(0) as f64 / top as f64 * height
            } else {
                0.0
            };
            Bar {
                x: i as f64 * slot + gap / 2.0,
                y: height - h,
                width: slot - gap,
                height: h,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_round_down_and_survive_no_orders() {
        assert_eq!(average(1000, 3), 333);
        assert_eq!(average(0, 0), 0);
        assert_eq!(average(999, 1), 999);
    }

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(axis_step(0, 4), 1);
        assert_eq!(axis_step(7, 4), 2);
        assert_eq!(axis_step(100, 4), 50);
        assert_eq!(axis_step(12_345, 4), 5_000);
        assert_eq!(axis_step(1_999_999, 4), 500_000);
    }

    #[test]
    fn bars_scale_to_the_top_of_the_axis() {
        let b = bars(&[0, 50, 100], 300.0, 100.0, 100);
        assert_eq!(b.len(), 3);
        assert_eq!((b[0].height, b[1].height, b[2].height), (0.0, 50.0, 100.0));
        assert_eq!(b[2].y, 0.0);
        assert!((b[1].x - 110.0).abs() < 1e-9 && (b[1].width - 80.0).abs() < 1e-9);
        assert!(bars(&[], 300.0, 100.0, 10).is_empty());
        assert_eq!(bars(&[5], 300.0, 100.0, 0)[0].height, 0.0);
    }
}
