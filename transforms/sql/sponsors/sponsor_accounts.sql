-- The accounts of each configured sponsor (by handle, from core.posts and core.accounts),
-- for the sponsor step's two models.
create or replace temp table sponsor_accounts_found as
with
context as (select * from build_context),

sponsors as (select unnest(context.sponsor_keys) as sponsor from context),

handles as (
    select platform, author_id as account_id, author_handle_key as handle_key from core.posts
    union
    select platform, account_id, lower(handle) as handle_key from core.accounts
),

sponsor_accounts as (
    select distinct sponsors.sponsor, handles.platform, handles.account_id,
    from sponsors inner join handles on sponsors.sponsor = handles.handle_key
)

select * from sponsor_accounts
