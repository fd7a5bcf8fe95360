//! Client-side providers shared across pages.

pub mod session;
