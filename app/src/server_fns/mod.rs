//! Server functions, one file per resource. Each is thin: take state, parse input into domain
//! types, call domain and db, return a read model or an `AppError`.

pub mod catalog;
