-- One row per account that is one of the chat's hosts or sponsors: an account whose handle,
-- in any of its posts or in core.accounts, matches a configured host or sponsor handle
-- (NFKC-normalised, lower-cased). Key: (platform, account_id). The build fingerprints this
-- set: when it changes, every week of the chat is rebuilt.
with

context as (select * from build_context),

handles as (
    select platform, author_id as account_id, author_handle_key as handle_key from core.posts
    union
    select platform, account_id, lower(handle) as handle_key from core.accounts
)

select
    handles.platform,
    handles.account_id,
    bool_or(list_contains(context.host_keys, handles.handle_key)) as is_host,
    bool_or(list_contains(context.sponsor_keys, handles.handle_key)) as is_sponsor,
from handles, context
where list_contains(context.host_keys, handles.handle_key)
    or list_contains(context.sponsor_keys, handles.handle_key)
group by all
