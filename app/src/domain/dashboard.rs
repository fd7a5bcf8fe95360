//! Read models of the dashboard (sellers and admins).

use serde::{Deserialize, Serialize};

use super::account::Role;

/// The numbers on the dashboard's front page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardSummary {
    pub active_products: i64,
    pub variants: i64,
    /// Variants at or under their low-stock threshold.
    pub low_stock_variants: i64,
    /// Store-wide numbers, for admins only (None for a seller, whose numbers above are their
    /// own products').
    pub customers: Option<i64>,
    /// Emails waiting in the outbox, and those that failed for good.
    pub emails_pending: Option<i64>,
    pub emails_failed: Option<i64>,
    /// Refunds the payment provider has not confirmed yet (pending or failed).
    pub refunds_open: Option<i64>,
    /// Domain events not yet published to Redis, and the age in seconds of the oldest: the
    /// relay's lag (admins).
    pub events_waiting: Option<i64>,
    pub events_lag_secs: Option<i64>,
    /// Events handed to the store's consumers and not acknowledged: being handled, or failed
    /// and waiting to be tried again (admins; None when Redis could not be asked).
    pub events_unhandled: Option<i64>,
    /// What the admin's overview leads with (None for a seller).
    pub sales: Option<SalesLead>,
}

/// Sales today and over the last 7 days (UTC days, today included; sold orders, net of
/// refunds, as the analytics page counts them), the orders waiting to ship and the week's best
/// sellers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesLead {
    pub today_revenue: super::money::Money,
    pub today_orders: i64,
    pub week_revenue: super::money::Money,
    pub week_orders: i64,
    /// Paid or being prepared.
    pub to_ship: i64,
    /// At most five, by revenue.
    pub top: Vec<super::analytics::TopProduct>,
}

impl SalesLead {
    /// The lead from the last 7 days' figures (`week`, oldest day first).
    pub fn from_week(week: super::analytics::Analytics, to_ship: i64) -> SalesLead {
        let currency = week.revenue.currency;
        let today = week.days.last();
        SalesLead {
            today_revenue: super::money::Money::new(today.map_or(0, |d| d.revenue_minor), currency),
            today_orders: today.map_or(0, |d| d.orders),
            week_revenue: week.revenue,
            week_orders: week.orders,
            to_ship,
            top: week.top_products.into_iter().take(5).collect(),
        }
    }
}

/// A refund that has not succeeded yet, as the dashboard lists it until it does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenRefund {
    pub order_number: String,
    pub amount: crate::domain::money::Money,
    /// "pending" (being retried with backoff) or "failed" (the provider refused: staff must act).
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: String,
}

/// One account, as the admin's account list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub email_verified: bool,
    pub created_on: String,
}

/// An audit log entry, for the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub action: String,
    pub subject: String,
    /// The account that acted (email).
    pub actor: String,
    /// JSON text of the values before and after ("" when none).
    pub before: String,
    pub after: String,
    pub at: String,
}

/// Store-wide operational figures, for monitoring (`/metrics`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpsFigures {
    pub emails_pending: i64,
    pub emails_failed: i64,
    pub refunds_open: i64,
    /// Every order ever placed.
    pub orders_placed: i64,
    /// Every order that was ever paid (whatever happened to it after).
    pub orders_paid: i64,
    /// (status, count) of the orders now.
    pub orders_by_status: Vec<(String, i64)>,
}
