//! Form pieces shared by the account and dashboard pages: labelled fields that show the
//! server's message for them, a form-level alert, a success note, and the signals that pick
//! those messages out of a server action's last answer.

use leptos::prelude::*;

use crate::error::AppError;

/// The last answer of a server action, as a signal.
pub type Answer<T> = Signal<Option<Result<T, AppError>>>;

/// The message for `field` in the last answer, if it was about that field.
pub fn field_error<T: Clone + Send + Sync + 'static>(
    value: Answer<T>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(AppError::Invalid { field: f, message })) if f == field => {
                Some(message.clone())
            }
            Some(Err(AppError::Fields(errors))) => errors
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone()),
            _ => None,
        })
    })
}

/// Errors not shown next to one of `fields` (too many attempts, network trouble, a bad link).
pub fn form_error<T: Clone + Send + Sync + 'static>(
    value: Answer<T>,
    fields: &'static [&'static str],
) -> Signal<Option<String>> {
    Signal::derive(move || {
        value.with(|v| match v {
            None | Some(Ok(_)) => None,
            Some(Err(AppError::Invalid { field, .. })) if fields.contains(&field.as_str()) => None,
            Some(Err(AppError::Fields(errors)))
                if errors.iter().all(|(f, _)| fields.contains(&f.as_str())) =>
            {
                None
            }
            Some(Err(AppError::Invalid { message, .. })) => Some(message.clone()),
            Some(Err(other)) => Some(message_for(other)),
        })
    })
}

/// What to tell a person about an error that is not about one field.
pub fn message_for(error: &AppError) -> String {
    match error {
        AppError::RateLimited { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60);
            if *retry_after_secs < 90 {
                format!("Too many attempts. Try again in {retry_after_secs} seconds.")
            } else {
                format!("Too many attempts. Try again in {minutes} minutes.")
            }
        }
        AppError::Unauthorized => "Your session has ended. Please sign in again.".into(),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// Whether the last answer was a success.
pub fn succeeded<T: Clone + Send + Sync + 'static>(value: Answer<T>) -> Signal<bool> {
    Signal::derive(move || value.with(|v| matches!(v, Some(Ok(_)))))
}

/// A labelled input with its hint and the server's message for it.
#[component]
pub fn Field(
    label: &'static str,
    /// The form field name (may be `address[city]`).
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = 200)] maxlength: usize,
    /// The input's id when a page has several forms with the same field names.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{}", name.replace(['[', ']'], "-")));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-semibold">
                {label}
                {(!required && kind != "password").then_some(view! { <span class="font-normal text-slate-600">" (optional)"</span> })}
            </label>
            {hint.map(|h| view! { <p id=hint_id class="text-xs text-slate-600">{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                maxlength=maxlength
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
                class="focus-ring w-full rounded-lg border border-slate-300 px-3 py-2 aria-[invalid=true]:border-rose-600"
            />
            <p id=error_id class="min-h-5 text-sm text-rose-700" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// A form-level error.
#[component]
pub fn FormAlert(message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! { <p class="rounded-lg bg-rose-50 p-3 text-sm text-rose-800" role="alert">{m}</p> }
        })
    }
}

/// A success note, shown while `when` holds.
#[component]
pub fn FormSuccess(when: Signal<bool>, message: Signal<String>) -> impl IntoView {
    view! {
        <p role="status" aria-live="polite" class="text-sm">
            {move || when.get().then(|| view! {
                <span class="block rounded-lg bg-emerald-50 p-3 text-emerald-900">{message.get()}</span>
            })}
        </p>
    }
}

/// A submit button that says what it is doing while the action runs.
#[component]
pub fn SubmitButton(
    label: &'static str,
    busy: &'static str,
    pending: Signal<bool>,
    #[prop(default = "btn-primary")] class: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class=class disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}
