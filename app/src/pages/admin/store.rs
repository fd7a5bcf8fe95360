//! `/admin/store`: the store's settings (admins): the announcement bar, returns and warranty,
//! how fast orders ship (handling days, cut-off, time zone, each method's business days), and
//! the text of the footer's pages.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;

use super::denied;
use crate::components::forms::{field_error, form_error, Answer, Field, FormAlert, SubmitButton};
use crate::domain::settings::{SettingsForm, StorePage as Page, ANNOUNCEMENT_MAX, PLACEHOLDERS};
use crate::server_fns::settings::{
    admin_store, SaveStorePage, SaveStoreSettings, StoreSettingsView,
};

#[component]
pub fn StoreSettingsPage() -> impl IntoView {
    let store = Resource::new(|| (), |_| admin_store());
    view! {
        <Title text="Store settings" />
        <div class="space-y-5">
            <header class="space-y-3">
                <h1 class="text-2xl font-extrabold">"Store settings"</h1>
            </header>
            <Suspense fallback=|| view! { <p role="status" class="text-slate-600">"Loading the settings…"</p> }>
                {move || Suspend::new(async move {
                    match settled(store).await {
                        Ok(store) => view! {
                            <SettingsCard form=store.form announcement=store.announcement />
                            <PagesCard pages=store.pages />
                        }.into_any(),
                        Err(error) => denied(error),
                    }
                })}
            </Suspense>
        </div>
    }
}

const SETTINGS_FIELDS: &[&str] = &[
    "announcement",
    "returns_days",
    "warranty_months",
    "handling_days",
    "cutoff",
    "time_zone",
    "standard_min_days",
    "standard_max_days",
    "express_min_days",
    "express_max_days",
];

#[component]
fn SettingsCard(form: SettingsForm, announcement: Option<String>) -> impl IntoView {
    let save = ServerAction::<SaveStoreSettings>::new();
    let answer: Answer<StoreSettingsView> = Signal::derive(move || save.value().get());
    super::toast::toast_on_success(answer, |_| {
        "Settings saved · every page shows them now".to_string()
    });
    let error = move |field: &'static str| field_error(answer, field);
    // The bar as shoppers now see it: from the page's load, then from each saved answer.
    let shown = move || match save.value().get() {
        Some(Ok(store)) => store.announcement,
        _ => announcement.clone(),
    };
    let number = move |name: &'static str,
                       key: &'static str,
                       label: &'static str,
                       value: String,
                       hint: &'static str| {
        view! {
            <Field label name kind="number" value error=error(key) hint required=true maxlength=3 id=format!("store-{key}") />
        }
    };
    view! {
        <section class="card space-y-4 p-4 sm:p-6" aria-labelledby="settings-heading">
            <h2 id="settings-heading" class="text-lg font-bold">"Promises and delivery"</h2>
            <div class="rounded-lg border border-slate-200 p-3 text-sm">
                <p class="font-semibold">"The announcement bar now"</p>
                <p class="mt-1 text-slate-700" data-testid="announcement-preview">
                    {move || shown().unwrap_or_else(|| "(no bar: it is off or has nothing to say)".into())}
                </p>
            </div>
            <ActionForm action=save attr:class="space-y-4" attr:aria-label="Store settings">
                <fieldset class="space-y-3">
                    <legend class="text-base font-bold">"Announcement bar"</legend>
                    <label class="flex items-center gap-2 text-sm font-semibold">
                        <input type="checkbox" name="settings[show_announcement]" value="true" checked=form.show_announcement class="focus-ring h-4 w-4" />
                        "Show the announcement bar above every page"
                    </label>
                    <Field label="Announcement" name="settings[announcement]" value=form.announcement error=error("announcement") maxlength=ANNOUNCEMENT_MAX id="store-announcement"
                        hint="Leave empty to show the free-shipping threshold, the returns and the warranty." />
                </fieldset>
                <fieldset class="grid gap-x-4 sm:grid-cols-2">
                    <legend class="mb-2 text-base font-bold">"Returns and warranty"</legend>
                    {number("settings[returns_days]", "returns_days", "Returns window (days)", form.returns_days, "0 offers no returns.")}
                    {number("settings[warranty_months]", "warranty_months", "Warranty (months)", form.warranty_months, "0 promises none.")}
                </fieldset>
                <fieldset class="grid gap-x-4 sm:grid-cols-3">
                    <legend class="mb-2 text-base font-bold">"Dispatch"</legend>
                    {number("settings[handling_days]", "handling_days", "Handling (business days)", form.handling_days, "0 ships orders the day they are placed.")}
                    <Field label="Daily cut-off" name="settings[cutoff]" kind="time" value=form.cutoff error=error("cutoff") required=true maxlength=5 id="store-cutoff"
                        hint="Orders after it count from the next business day." />
                    <Field label="Store time zone" name="settings[time_zone]" value=form.time_zone error=error("time_zone") required=true maxlength=64 id="store-time-zone"
                        hint="Like America/New_York or Europe/Paris." />
                </fieldset>
                <fieldset class="grid gap-x-4 sm:grid-cols-4">
                    <legend class="mb-2 text-base font-bold">"Carrier times (business days)"</legend>
                    {number("settings[standard_min_days]", "standard_min_days", "Standard: at least", form.standard_min_days, "")}
                    {number("settings[standard_max_days]", "standard_max_days", "Standard: at most", form.standard_max_days, "")}
                    {number("settings[express_min_days]", "express_min_days", "Express: at least", form.express_min_days, "")}
                    {number("settings[express_max_days]", "express_max_days", "Express: at most", form.express_max_days, "")}
                </fieldset>
                <FormAlert message=form_error(answer, SETTINGS_FIELDS) />
                <SubmitButton label="Save settings" busy="Saving…" pending=save.pending().into() />
            </ActionForm>
        </section>
    }
}

#[component]
fn PagesCard(pages: Vec<Page>) -> impl IntoView {
    view! {
        <section class="card space-y-3 p-4 sm:p-6" aria-labelledby="pages-heading">
            <h2 id="pages-heading" class="text-lg font-bold">"Footer pages"</h2>
            <p class="text-sm text-slate-700">
                "Blank lines separate paragraphs; a line starting with “## ” is a heading, lines starting with “- ” a list. These words are replaced by the settings above when shoppers read the page:"
            </p>
            <ul class="grid gap-x-4 text-xs text-slate-700 sm:grid-cols-2">
                {PLACEHOLDERS.map(|(word, means)| view! { <li><code class="font-semibold">{word}</code>" "{means}</li> })}
            </ul>
            <ul class="divide-y divide-slate-200">
                {pages.into_iter().map(|page| view! { <li class="py-2"><PageEditor page /></li> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn PageEditor(page: Page) -> impl IntoView {
    let save = ServerAction::<SaveStorePage>::new();
    let answer: Answer<Page> = Signal::derive(move || save.value().get());
    let slug = page.slug.clone();
    let (title_id, body_id) = (format!("page-{slug}-title"), format!("page-{slug}-body"));
    let href = format!("/help/{slug}");
    let form_label = format!("Edit the {} page", page.title);
    super::toast::toast_on_success(answer, {
        let href = href.clone();
        move |_| format!("Saved · shoppers see it at {href}")
    });
    view! {
        <details>
            <summary class="focus-ring flex cursor-pointer items-center justify-between gap-2 rounded py-1">
                <span class="font-semibold">{page.title.clone()}</span>
                <span class="text-xs text-slate-600">{href.clone()}" · "<span class="font-semibold text-indigo-700">"Edit"</span></span>
            </summary>
            <ActionForm action=save attr:class="mt-2 space-y-2" attr:aria-label=form_label>
                <input type="hidden" name="slug" value=slug />
                <Field label="Title" name="title" value=page.title.clone() error=field_error(answer, "title") required=true maxlength=100 id=title_id />
                <div class="space-y-1">
                    <label for=body_id.clone() class="block text-sm font-semibold">"Text"</label>
                    <textarea id=body_id.clone() name="body" rows="12" required
                        aria-invalid=move || field_error(answer, "body").get().is_some().to_string()
                        aria-describedby=format!("{body_id}-error")
                        class="focus-ring w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm aria-[invalid=true]:border-rose-600">{page.body}</textarea>
                    <p id=format!("{body_id}-error") class="min-h-5 text-sm text-rose-700" role="alert">{move || field_error(answer, "body").get()}</p>
                </div>
                <FormAlert message=form_error(answer, &["title", "body"]) />
                <div class="flex flex-wrap items-center gap-3">
                    <SubmitButton label="Save page" busy="Saving…" pending=save.pending().into() />
                    <a href=href class="link text-sm">"View the page"</a>
                </div>
            </ActionForm>
        </details>
    }
}
