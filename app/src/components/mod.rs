//! Reusable view pieces shared by pages.

pub mod address;
pub mod cart;
pub mod facets;
pub mod forms;
pub mod layout;
pub mod pagination;
pub mod product_card;
pub mod skeleton;
pub mod status;
