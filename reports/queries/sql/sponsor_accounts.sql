-- The accounts of each sponsor handle in a `sponsors` relation (handle_key).
-- Included as the CTE `sponsor_accounts`.
select distinct
    platform,
    account_id,
    handle_key
from (
    select
        platform,
        account_id,
        lower(handle) as handle_key
    from core.accounts
    union all
    select
        platform,
        author_id,
        author_handle_key
    from core.posts
    where author_handle_key in (select sponsors.handle_key from sponsors)
) as handles
where handles.handle_key in (select sponsors.handle_key from sponsors)
