// `sqlx::migrate!` embeds the migrations folder when this crate compiles: rebuild it when a
// migration is added or changed (sqlx's documented recipe).
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
