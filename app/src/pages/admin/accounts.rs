//! `/admin/accounts` and `/admin/audit` (admins): every account with its role, searchable and a
//! page at a time; and the audit log in plain words ("admin@… marked shipped order OX-…"), a
//! page at a time, each entry with its values before and after.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::settled;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::denied;
use crate::components::forms::{form_error, Answer, FormAlert};
use crate::domain::account::Role;
use crate::domain::dashboard::{describe, AccountRow, AuditEntry};
use crate::server_fns::admin::{list_accounts, list_audit, SetAccountRole};

/// The `page` query parameter (1 when absent or not a number).
fn page_param() -> Memo<u32> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1)))
}

/// "Newer" and "Older" links around a list.
#[component]
fn PageLinks(newer: Option<String>, older: Option<String>) -> impl IntoView {
    (newer.is_some() || older.is_some()).then(|| view! {
        <nav aria-label="Pages" class="flex items-center justify-between gap-3 pt-3 text-sm">
            <span>{newer.map(|href| view! { <a class="link" rel="prev" href=href>"Newer"</a> })}</span>
            <span>{older.map(|href| view! { <a class="link" rel="next" href=href>"Older"</a> })}</span>
        </nav>
    })
}

#[component]
pub fn AccountsListPage() -> impl IntoView {
    let query = use_query_map();
    let search = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let page = page_param();
    let set_role = ServerAction::<SetAccountRole>::new();
    let answer: Answer<()> = Signal::derive(move || set_role.value().get());
    super::toast::toast_on_success(answer, |_| {
        "Role saved · that account was signed out everywhere".to_string()
    });
    let accounts = Resource::new(
        move || (search.get(), page.get(), set_role.version().get()),
        |(q, page, _)| list_accounts(q, page),
    );
    view! {
        <Title text="Accounts" />
        <div class="space-y-5">
            <header class="space-y-3">
                <h1 class="text-2xl font-extrabold">"Accounts"</h1>
            </header>
            <section class="card space-y-3 p-4 sm:p-5" aria-labelledby="accounts-heading">
                <h2 id="accounts-heading" class="sr-only">"Accounts"</h2>
                <form method="get" action="/admin/accounts" role="search" class="flex flex-wrap items-end gap-2">
                    <div class="min-w-0 flex-1">
                        <label for="accounts-q" class="block text-sm font-semibold">"Email or name"</label>
                        <input id="accounts-q" name="q" type="search" maxlength="100" value=move || search.get()
                            class="focus-ring mt-1 w-full rounded-lg border border-slate-300 px-3 py-2" />
                    </div>
                    <button type="submit" class="btn-secondary">"Search"</button>
                </form>
                <p class="text-sm text-slate-600">"Changing a role signs that account out everywhere; it signs in again with the new role."</p>
                <FormAlert message=form_error(answer, &[]) />
                <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Loading accounts…"</p> }>
                    {move || Suspend::new(async move {
                        match settled(accounts).await {
                            Ok(list) if list.rows.is_empty() => view! {
                                <p class="text-sm text-slate-600">{if search.get_untracked().is_empty() { "No accounts yet." } else { "No account matches this search." }}</p>
                            }.into_any(),
                            Ok(list) => {
                                let link = |page: u32| {
                                    let q = search.get_untracked();
                                    let mut query = form_urlencoded::Serializer::new(String::new());
                                    if !q.is_empty() {
                                        query.append_pair("q", &q);
                                    }
                                    query.append_pair("page", &page.to_string());
                                    format!("/admin/accounts?{}", query.finish())
                                };
                                let newer = (list.page > 1).then(|| link(list.page - 1));
                                let older = list.has_more.then(|| link(list.page + 1));
                                view! {
                                    <ul class="divide-y divide-slate-200" data-testid="accounts">
                                        {list.rows.into_iter().map(|a| view! { <AccountItem account=a set_role /> }).collect_view()}
                                    </ul>
                                    <PageLinks newer older />
                                }.into_any()
                            }
                            Err(error) => denied(error),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn AccountItem(account: AccountRow, set_role: ServerAction<SetAccountRole>) -> impl IntoView {
    let select_id = format!("role-{}", account.email);
    let roles = [Role::Customer, Role::Seller, Role::Admin];
    let details = format!(
        "{} · joined {}{}",
        if account.name.is_empty() {
            "No name"
        } else {
            &account.name
        },
        account.created_on,
        if account.email_verified {
            ""
        } else {
            " · email not confirmed"
        }
    );
    view! {
        <li class="flex flex-wrap items-center justify-between gap-2 py-3">
            <div class="min-w-0">
                <p class="break-all font-semibold">{account.email.clone()}</p>
                <p class="text-xs text-slate-600">{details}</p>
            </div>
            <ActionForm action=set_role attr:class="flex items-center gap-2">
                <input type="hidden" name="email" value=account.email.clone() />
                <label for=select_id.clone() class="sr-only">{format!("Role of {}", account.email)}</label>
                <select id=select_id name="role" class="focus-ring rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm">
                    {roles.iter().map(|r| view! {
                        <option value=format!("{r:?}") selected=*r == account.role>{r.label()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="btn-secondary">"Save"</button>
            </ActionForm>
        </li>
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let page = page_param();
    let entries = Resource::new(move || page.get(), list_audit);
    view! {
        <Title text="Audit log" />
        <div class="space-y-5">
            <header class="space-y-3">
                <h1 class="text-2xl font-extrabold">"Audit log"</h1>
            </header>
            <section class="card p-4 sm:p-5" aria-labelledby="audit-heading">
                <h2 id="audit-heading" class="sr-only">"Changes"</h2>
                <p class="mb-3 text-sm text-slate-600">"Every change made from the dashboard: who, what, when, before and after (times in UTC)."</p>
                <Transition fallback=|| view! { <p role="status" class="text-sm text-slate-600">"Loading the audit log…"</p> }>
                    {move || Suspend::new(async move {
                        match settled(entries).await {
                            Ok(list) if list.entries.is_empty() => view! { <p class="text-sm text-slate-600">"Nothing changed from the dashboard yet."</p> }.into_any(),
                            Ok(list) => {
                                let newer = (list.page > 1).then(|| format!("/admin/audit?page={}", list.page - 1));
                                let older = list.has_more.then(|| format!("/admin/audit?page={}", list.page + 1));
                                view! {
                                    <ul class="divide-y divide-slate-200 text-sm" data-testid="audit-log">
                                        {list.entries.into_iter().map(|entry| view! { <AuditItem entry /> }).collect_view()}
                                    </ul>
                                    <PageLinks newer older />
                                }.into_any()
                            }
                            Err(error) => denied(error),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn AuditItem(entry: AuditEntry) -> impl IntoView {
    let said = describe(&entry.action, &entry.subject);
    let shown = |text: String| {
        if text.is_empty() {
            "—".to_string()
        } else {
            text
        }
    };
    view! {
        <li class="py-2">
            <p>
                <span class="font-semibold">{entry.actor}</span>" "{said.did}" "
                {match said.href {
                    Some(href) => view! { <a class="link" href=href>{said.what}</a> }.into_any(),
                    None => view! { <span>{said.what}</span> }.into_any(),
                }}
            </p>
            <p class="text-xs text-slate-600">{format!("{} · {}", entry.at, entry.action)}</p>
            <details class="text-xs">
                <summary class="focus-ring cursor-pointer rounded text-slate-700">"Before and after"</summary>
                <p class="break-all"><span class="font-semibold">"Before: "</span>{shown(entry.before)}</p>
                <p class="break-all"><span class="font-semibold">"After: "</span>{shown(entry.after)}</p>
            </details>
        </li>
    }
}
