-- Handle and display name of the accounts in a `keys` relation: core.accounts, else the
-- latest author_handle in core.posts, else the id; and whether the account opted out.
-- Included by the queries that name accounts, as the CTE `names`.
select
    wanted.platform,
    wanted.account_id,
    coalesce(accounts.handle, authored.author_handle, wanted.account_id) as handle,
    accounts.display_name,
    list_contains($opted_out::varchar[], wanted.platform || ':' || wanted.account_id)
        as is_opted_out
from (select distinct platform, account_id from keys) as wanted
left join core.accounts as accounts using (platform, account_id)
left join (
    select
        posts.platform,
        posts.author_id as account_id,
        arg_max(posts.author_handle, posts.created_at) as author_handle
    from core.posts as posts
    semi join keys on posts.platform = keys.platform and posts.author_id = keys.account_id
    group by all
) as authored using (platform, account_id)
