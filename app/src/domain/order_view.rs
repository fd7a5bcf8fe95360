//! What checkout and the order pages show (read models shared by server and browser), and the
//! date format they use.

use serde::{Deserialize, Serialize};

use super::money::Money;
use super::order::{OrderStatus, ShippingMethod, Totals};

/// One line of a checkout quote, priced from the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub sku: String,
    pub name: String,
    pub options: String,
    pub image_url: String,
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
}

/// What checkout shows before "Place order": lines, every shipping option with its cost, and
/// totals for the chosen one. Recomputed on the server at every step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub lines: Vec<QuoteLine>,
    /// Adjustments made to the cart (sold out, less stock), shown once.
    pub notices: Vec<String>,
    /// Each method with its cost and when it would arrive ("Wed, Dec 9 – Fri, Dec 11").
    pub shipping_options: Vec<(ShippingMethod, Money, String)>,
    pub method: ShippingMethod,
    pub totals: Totals,
    /// Why the tax is not in the totals yet (the address names no region of a country with
    /// regional rates): shown instead of a rate, and placing will ask for the region.
    pub tax_pending: Option<String>,
}

/// A placed order: where to send the shopper to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedOrder {
    pub number: String,
    pub pay_url: String,
    /// The order's own page (with its private key for guests).
    pub order_url: String,
}

/// An order line as the order page shows it (the snapshot taken at checkout).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub sku: String,
    pub name: String,
    pub options: String,
    /// The product's first picture (None: it has none, or it is gone).
    pub picture: Option<super::picture::Picture>,
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
}

/// An order, for its shopper (or staff).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub number: String,
    pub status: OrderStatus,
    pub email: String,
    /// Placed by a guest: the page offers an account (the order joins it).
    pub guest: bool,
    /// "2026-11-21 14:03 UTC".
    pub placed_at: String,
    /// The same moment, Unix seconds (the page shows it in the visitor's time zone).
    pub placed_unix: i64,
    pub lines: Vec<OrderLineView>,
    pub subtotal: Money,
    pub shipping: Money,
    pub shipping_method: String,
    pub tax: Money,
    pub tax_rate_bp: u32,
    pub total: Money,
    pub refunded: Money,
    pub address: Vec<String>,
    /// The parcel (carrier, tracking number and page), once shipped.
    pub shipment: Option<super::shipment::Shipment>,
    /// (status label, when in UTC, when in Unix seconds) oldest first.
    pub history: Vec<(String, String, i64)>,
    pub can_cancel: bool,
    /// Where to pay, while the order waits for payment and its reservation holds.
    pub pay_url: Option<String>,
    /// The order waits for payment, holds its stock, and has no hosted checkout yet (opening
    /// one failed when it was placed): "Pay now" opens one (`pay_order`).
    pub can_open_payment: bool,
    /// Minutes the reservation still holds (pending orders).
    pub minutes_left: Option<i64>,
    /// How the shopper pays ("PayPal"), while the order waits for payment.
    pub payment_method: Option<String>,
    /// The store's other ways to pay, while the order waits for payment: paying with one of
    /// them (`pay_order` with its name) closes the current checkout first.
    pub other_methods: Vec<crate::domain::store::PaymentMethod>,
}

/// One row of the shopper's order history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub number: String,
    pub status: OrderStatus,
    pub placed_at: String,
    pub total: Money,
    pub items: u32,
}

/// One line of an order in the shopper's history: its name, quantity and picture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub name: String,
    pub quantity: u32,
    pub picture: Option<super::picture::Picture>,
}

/// An order in the shopper's account, with what was in it ("Buy again" puts it back in the
/// cart).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOrder {
    pub summary: OrderSummary,
    pub lines: Vec<HistoryLine>,
}

/// An order line of a seller's product, as the seller sees it (no customer or payment details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerLine {
    pub number: String,
    pub placed_at: String,
    pub status: OrderStatus,
    pub sku: String,
    pub product: String,
    pub quantity: i32,
    pub line_total: Money,
}

/// One row of the dashboard's order list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderRow {
    pub summary: OrderSummary,
    pub email: String,
}

/// A page of the dashboard's order list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderPage {
    pub rows: Vec<AdminOrderRow>,
    pub page: u32,
    pub has_more: bool,
}

/// One order as the dashboard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrder {
    pub order: OrderView,
    pub payment_provider: String,
    pub payment_reference: Option<String>,
    pub payment_id: Option<String>,
    /// (transition, button label) staff may apply now.
    pub actions: Vec<(String, String)>,
    /// Whether money can still be refunded (paid, not fully refunded).
    pub refundable: bool,
}

/// What a bulk action did to each order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub number: String,
    /// None when it worked, else why not.
    pub error: Option<String>,
}

/// A date typed in a filter ("2026-11-21"), checked; None when it is not a real date.
pub fn parse_date(text: &str) -> Option<String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let valid =
        (1970..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1];
    valid.then(|| text.to_string())
}

/// Unix seconds as "2026-11-21 14:03 UTC" (proleptic Gregorian calendar).
/// The moment `secs` for a `datetime` attribute: "2026-11-21T14:03Z".
pub fn iso_utc(secs: i64) -> String {
    format_utc(secs)
        .trim_end_matches(" UTC")
        .replacen(' ', "T", 1)
        + "Z"
}

pub fn format_utc(secs: i64) -> String {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// (year, month 1–12, day 1–31) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_as_utc_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_798_761_599), "2026-12-31 23:59 UTC");
        assert_eq!(iso_utc(1_700_000_000), "2023-11-14T22:13Z");
        assert_eq!(iso_utc(0), "1970-01-01T00:00Z");
    }

    #[test]
    fn filter_dates_must_be_real_days() {
        assert_eq!(parse_date(" 2026-11-21 ").as_deref(), Some("2026-11-21"));
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-1",
            "21/11/2026",
            "",
            "2026-11-31",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
