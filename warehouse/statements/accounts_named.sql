-- The account ids a PLATFORM:ID_OR_HANDLE reference names (by id or handle, any case).
select distinct known.account_id
from (
    select account_id, handle from core.accounts
    where platform = $platform
    union all
    select author_id, author_handle from core.posts
    where platform = $platform
    union all
    select account_id, null from core.follower_snapshots
    where platform = $platform
) as known (account_id, handle)
where known.account_id = $value or lower(known.handle) = lower($value)
