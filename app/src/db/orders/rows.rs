//! The rows an order is read into: its header, snapshotted lines and history.

use sqlx::Row;

use crate::domain::address::AddressFields;
use crate::domain::money::{Currency, Money};
use crate::domain::order::OrderStatus;

/// An order's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub user_id: Option<i64>,
    pub email: String,
    pub status: OrderStatus,
    pub stock_state: String,
    pub currency: Currency,
    pub subtotal: i64,
    pub shipping: i64,
    pub tax: i64,
    pub total: i64,
    pub tax_rate_bp: i32,
    pub shipping_method: String,
    pub address: AddressFields,
    pub payment_provider: String,
    pub payment_reference: Option<String>,
    pub payment_url: Option<String>,
    pub payment_id: Option<String>,
    pub refunded: i64,
    /// What staff entered when they shipped it.
    pub carrier: Option<String>,
    pub tracking: Option<String>,
    /// Unix seconds.
    pub reserved_until: i64,
    /// Unix seconds.
    pub created_at: i64,
}

impl OrderRow {
    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency)
    }

    /// Its parcel, once staff shipped it.
    pub fn shipment(&self) -> Option<crate::domain::shipment::Shipment> {
        crate::domain::shipment::Shipment::of(self.carrier.as_deref(), self.tracking.as_deref())
    }
}

/// One snapshotted line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLineRow {
    pub sku: String,
    pub product_name: String,
    pub options: String,
    pub unit_price: i64,
    pub quantity: i32,
    pub line_total: i64,
}

/// A history entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRow {
    pub from: Option<String>,
    pub to: String,
    pub actor: String,
    pub note: String,
    /// An internal note by staff (never shown to the customer).
    pub internal: bool,
    /// Unix seconds.
    pub at: i64,
}

/// The columns of an [`OrderRow`]. Two are epoch seconds named after their columns
/// (`created_at`, `reserved_until`): an `ORDER BY` must name the table's column
/// (`orders.created_at`), or it sorts by the computed value and no index can serve it.
pub(super) const ORDER_COLUMNS: &str = "id, number, user_id, email, status, stock_state, currency,
    subtotal_minor, shipping_minor, tax_minor, total_minor, tax_rate_bp, shipping_method,
    ship_name, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country,
    ship_phone, payment_provider, payment_reference, payment_url, payment_id, refunded_minor,
    carrier, tracking_number,
    extract(epoch FROM reserved_until)::bigint AS reserved_until,
    extract(epoch FROM created_at)::bigint AS created_at";

pub(super) fn order_from_row(r: &sqlx::postgres::PgRow) -> Result<OrderRow, sqlx::Error> {
    let status: String = r.try_get("status")?;
    let currency: String = r.try_get("currency")?;
    Ok(OrderRow {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        user_id: r.try_get("user_id")?,
        email: r.try_get("email")?,
        status: OrderStatus::parse(&status).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown order status {status:?}").into())
        })?,
        stock_state: r.try_get("stock_state")?,
        currency: Currency::parse(&currency).unwrap_or(Currency::Usd),
        subtotal: r.try_get("subtotal_minor")?,
        shipping: r.try_get("shipping_minor")?,
        tax: r.try_get("tax_minor")?,
        total: r.try_get("total_minor")?,
        tax_rate_bp: r.try_get("tax_rate_bp")?,
        shipping_method: r.try_get("shipping_method")?,
        address: AddressFields {
            full_name: r.try_get("ship_name")?,
            line1: r.try_get("ship_line1")?,
            line2: r.try_get("ship_line2")?,
            city: r.try_get("ship_city")?,
            region: r.try_get("ship_region")?,
            postal_code: r.try_get("ship_postal_code")?,
            country: r.try_get("ship_country")?,
            phone: r.try_get("ship_phone")?,
        },
        payment_provider: r.try_get("payment_provider")?,
        payment_reference: r.try_get("payment_reference")?,
        payment_url: r.try_get("payment_url")?,
        payment_id: r.try_get("payment_id")?,
        refunded: r.try_get("refunded_minor")?,
        carrier: r.try_get("carrier")?,
        tracking: r.try_get("tracking_number")?,
        reserved_until: r.try_get("reserved_until")?,
        created_at: r.try_get("created_at")?,
    })
}
