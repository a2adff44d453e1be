-- The accounts named by opt-out entries (by id or by handle), and with $respect_nobot those
-- whose record asks not to be indexed; each with its handle key.
with

wanted as (
    select
        unnest($platforms::varchar[]) as platform,
        unnest($values::varchar[]) as value,
        unnest($value_keys::varchar[]) as value_key
),

known as (
    select
        platform,
        account_id,
        lower(handle) as handle_key
    from core.accounts
    union
    select
        platform,
        author_id,
        author_handle_key
    from core.posts
),

matched as (
    select
        known.platform,
        known.account_id
    from known
    inner join wanted
        on
            known.platform = wanted.platform
            and (known.account_id = wanted.value or known.handle_key = wanted.value_key)
    union
    select
        platform,
        value
    from wanted
    union
    select
        platform,
        account_id
    from core.accounts
    where $respect_nobot and asks_not_to_be_indexed
)

select distinct
    matched.platform || ':' || matched.account_id as account_key,
    known.handle_key
from matched
left join known using (platform, account_id)
