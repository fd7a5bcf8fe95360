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

/// How many accounts or audit entries a dashboard page lists.
pub const LIST_PAGE_SIZE: u32 = 25;

/// A page of accounts, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsPage {
    pub rows: Vec<AccountRow>,
    pub page: u32,
    pub has_more: bool,
}

/// A page of the audit log, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub page: u32,
    pub has_more: bool,
}

/// An audit entry in plain words: what was done ("marked shipped"), to what ("order OX-1"),
/// and where that thing is in the dashboard (or the shop).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub did: String,
    pub what: String,
    pub href: Option<String>,
}

/// Says an audit entry's action and subject in plain words.
pub fn describe(action: &str, subject: &str) -> Described {
    let (kind, key) = subject.split_once(':').unwrap_or((subject, ""));
    let (what, href) = match kind {
        "order" => (format!("order {key}"), Some(format!("/admin/orders/{key}"))),
        "product" => (
            format!("product #{key}"),
            Some(format!("/admin/products/{key}")),
        ),
        "variant" => (
            format!("variant {key}"),
            Some(format!("/admin/inventory?q={key}")),
        ),
        "category" => (
            format!("category #{key}"),
            Some("/admin/categories".to_string()),
        ),
        "user" => (key.to_string(), Some("/admin/accounts".to_string())),
        "page" => {
            let title = super::settings::PAGES
                .iter()
                .find(|(slug, _)| *slug == key)
                .map_or(key, |(_, title)| title);
            (format!("the {title} page"), Some(format!("/help/{key}")))
        }
        "store" => (
            "the store settings".to_string(),
            Some("/admin/store".to_string()),
        ),
        "catalog" => (
            "the catalog".to_string(),
            Some("/admin/products".to_string()),
        ),
        _ => (subject.to_string(), None),
    };
    let did = match action {
        "product.create" => "added",
        "product.update" => "edited",
        "variant.create" => "added",
        "variant.update" => "edited",
        "variant.retire" => "retired",
        "variant.restore" => "brought back",
        "stock.adjust" => "adjusted the stock of",
        "category.create" => "added",
        "category.update" => "edited",
        "category.reorder" => "moved",
        "image.add" => "added a picture to",
        "image.alt" => "described a picture of",
        "image.move" => "reordered the pictures of",
        "image.delete" => "removed a picture from",
        "catalog.import" => "imported a file into",
        "order.pay" => "marked paid",
        "order.process" => "started preparing",
        "order.ship" => "marked shipped",
        "order.deliver" => "marked delivered",
        "order.cancel" => "cancelled",
        "order.refund" => "refunded",
        "order.note" => "added a note to",
        "account.role" => "changed the role of",
        "store.settings" => "changed",
        "store.page" => "edited",
        other => other,
    };
    Described {
        did: did.to_string(),
        what,
        href,
    }
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

/// The dashboard's sections: path, label and the least role that can open it.
pub const SECTIONS: [(&str, &str, Role); 9] = [
    ("/admin", "Overview", Role::Seller),
    ("/admin/orders", "Orders", Role::Admin),
    ("/admin/products", "Products", Role::Seller),
    ("/admin/categories", "Categories", Role::Admin),
    ("/admin/inventory", "Inventory", Role::Seller),
    ("/admin/analytics", "Analytics", Role::Admin),
    ("/admin/store", "Store", Role::Admin),
    ("/admin/accounts", "Accounts", Role::Admin),
    ("/admin/audit", "Audit log", Role::Admin),
];

/// The section a dashboard path belongs to (its path in [`SECTIONS`]): an order's page is in
/// Orders, a product's editor and the import in Products; anything else is the overview.
pub fn section_for(path: &str) -> &'static str {
    let path = path.trim_end_matches('/');
    if path == "/admin/import" {
        return "/admin/products";
    }
    SECTIONS
        .iter()
        .skip(1)
        .map(|(href, _, _)| *href)
        .find(|href| {
            path.strip_prefix(href)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .unwrap_or("/admin")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dashboard_path_belongs_to_its_section() {
        for (path, section) in [
            ("/admin", "/admin"),
            ("/admin/", "/admin"),
            ("/admin/orders", "/admin/orders"),
            ("/admin/orders/OX-20261205-ABCD", "/admin/orders"),
            ("/admin/products/new", "/admin/products"),
            ("/admin/products/42", "/admin/products"),
            ("/admin/import", "/admin/products"),
            ("/admin/audit", "/admin/audit"),
            ("/admin/accountsx", "/admin"),
            ("/admin/unknown", "/admin"),
        ] {
            assert_eq!(section_for(path), section, "{path}");
        }
    }

    #[test]
    fn audit_entries_read_as_plain_words() {
        let ship = describe("order.ship", "order:OX-20261205-ABCD");
        assert_eq!(
            (ship.did.as_str(), ship.what.as_str(), ship.href.as_deref()),
            (
                "marked shipped",
                "order OX-20261205-ABCD",
                Some("/admin/orders/OX-20261205-ABCD")
            )
        );
        let page = describe("store.page", "page:returns");
        assert_eq!(
            (page.did.as_str(), page.what.as_str()),
            ("edited", "the Returns page")
        );
        let stock = describe("stock.adjust", "variant:CPU-1");
        assert_eq!(stock.did, "adjusted the stock of");
        assert_eq!(stock.href.as_deref(), Some("/admin/inventory?q=CPU-1"));
        assert_eq!(
            describe("account.role", "user:ada@example.com").what,
            "ada@example.com"
        );
        // Anything new still says something true.
        let unknown = describe("coupon.create", "coupon:WINTER");
        assert_eq!(
            (unknown.did.as_str(), unknown.what.as_str(), unknown.href),
            ("coupon.create", "coupon:WINTER", None)
        );
    }
}
