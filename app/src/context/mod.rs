//! Client-side providers shared across pages.

pub mod cart;
pub mod session;
pub mod store;
