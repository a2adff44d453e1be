-- One row per account that is one of the chat's hosts or sponsors: an account whose handle,
-- in any of its posts or in core.accounts, matches a configured host or sponsor handle
-- (NFKC-normalised, lower-cased). Key: (platform, account_id). The build fingerprints this
-- set: when it changes, every week of the chat is rebuilt. Every build reads it (a build with
-- nothing to do too), so the posts are narrowed to the configured handles before anything else.
with

context as (select * from build_context),

configured as (
    select distinct unnest(list_concat(context.host_keys, context.sponsor_keys)) as handle_key
    from context
),

handles as (
    select posts.platform, posts.author_id as account_id, posts.author_handle_key as handle_key
    from core.posts as posts
    semi join configured on posts.author_handle_key = configured.handle_key
    union
    select accounts.platform, accounts.account_id, lower(accounts.handle) as handle_key
    from core.accounts as accounts
    semi join configured on lower(accounts.handle) = configured.handle_key
)

select
    handles.platform,
    handles.account_id,
    bool_or(list_contains(context.host_keys, handles.handle_key)) as is_host,
    bool_or(list_contains(context.sponsor_keys, handles.handle_key)) as is_sponsor,
from handles, context
group by all
