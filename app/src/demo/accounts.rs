//! Demo accounts, one per role, for development only. Their passwords are documented in the
//! README; never load demo data into a production store.

use crate::domain::account::Role;

/// (email, name, role, password)
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 3] = [
    (
        "admin@oxcart.test",
        "Demo Admin",
        Role::Admin,
        "oxcart-admin-demo",
    ),
    (
        "seller@oxcart.test",
        "Demo Seller",
        Role::Seller,
        "oxcart-seller-demo",
    ),
    (
        "customer@oxcart.test",
        "Demo Customer",
        Role::Customer,
        "oxcart-customer-demo",
    ),
];
