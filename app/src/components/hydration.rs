//! The script that hydrates the page, run when the browser is first idle and without preloading
//! the JS and WASM from the `<head>` (Leptos's `HydrationScripts` preloads them). The
//! server-rendered page is whole without them (links and forms work), so on a phone on a slow
//! network the 340 KB bundle no longer shares the connection with the stylesheet, the text and
//! the pictures: it is fetched once they are shown.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos::WasmSplitManifest;

/// This build's bundle: the main JS and WASM file names (hashed when `hash-files` is on) and
/// the split manifest (which chunks each lazily loaded route needs) with its loader's name.
struct Bundle {
    /// Where the bundle is served from (`/pkg`).
    pkg: String,
    js: String,
    wasm: String,
    /// Built once: every page provides a handle to the same copy (cloning the map of chunks for
    /// each page cost 3.5 % of a product page's server time).
    split: Option<WasmSplitManifest>,
}

fn bundle(options: &LeptosOptions) -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        // cargo-leptos writes `js: <hash>`, `wasm: <hash>`, ... beside the server binary.
        let hashes: HashMap<String, String> = if options.hash_files {
            let path = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
            let text = path.and_then(|p| std::fs::read_to_string(p).ok());
            if text.is_none() {
                tracing::error!("file hashing is on but the hash file was not found");
            }
            text.unwrap_or_default()
                .lines()
                .filter_map(|line| line.split_once(':'))
                .map(|(kind, hash)| (kind.trim().to_string(), hash.trim().to_string()))
                .collect()
        } else {
            HashMap::new()
        };
        let name = options.output_name.to_string();
        let hashed = |kind: &str| match hashes.get(kind) {
            Some(hash) => format!("{name}.{hash}"),
            None => name.clone(),
        };
        let wasm = if !options.hash_files && option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            format!("{name}_bg")
        } else {
            hashed("wasm")
        };
        let named = |prefix: &str, kind: &str, ext: &str, unhashed: &str| match hashes.get(kind) {
            Some(hash) => format!("{prefix}.{hash}.{ext}"),
            None => unhashed.to_string(),
        };
        let loader = named(
            "__wasm_split",
            "split",
            "js",
            "__wasm_split.______________________.js",
        );
        let manifest = named(
            "__wasm_split_manifest",
            "manifest",
            "json",
            "__wasm_split_manifest.json",
        );
        let manifest = PathBuf::from(options.site_root.as_ref())
            .join(options.site_pkg_dir.as_ref())
            .join(manifest);
        let pkg = format!("/{}", options.site_pkg_dir);
        let split = std::fs::read_to_string(manifest)
            .ok()
            .and_then(|text| serde_json::from_str::<HashMap<String, Vec<String>>>(&text).ok())
            .map(|chunks| WasmSplitManifest(ArcStoredValue::new((pkg.clone(), chunks, loader))));
        Bundle {
            pkg,
            js: hashed("js"),
            wasm,
            split,
        }
    })
}

/// In the `<head>`: hydrates the page when the browser is first idle (2 s at the latest).
#[component]
pub fn HydrateWhenIdle(options: LeptosOptions) -> impl IntoView {
    let bundle = bundle(&options);
    // Lazily loaded routes find their chunks through this (and preload them when the page
    // being rendered is one).
    if let Some(manifest) = &bundle.split {
        provide_context(manifest.clone());
    }
    let script = format!(
        "(() => {{ const go = () => import('{pkg}/{js}.js').then((m) => \
         m.default({{ module_or_path: '{pkg}/{wasm}.wasm' }}).then(() => m.hydrate())); \
         if ('requestIdleCallback' in window) requestIdleCallback(go, {{ timeout: 2000 }}); \
         else setTimeout(go, 1); }})();",
        pkg = bundle.pkg,
        js = bundle.js,
        wasm = bundle.wasm,
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}
