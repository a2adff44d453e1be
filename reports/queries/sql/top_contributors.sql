-- The week's participants with the highest value of the order column (of account_week,
-- chosen by the page), with every account_week column and their names.
with

top as (
    select *
    from marts.account_week
    where chat = $chat and week_start = $week and participated
    order by {{ order }} desc nulls last, reach desc, platform asc, account_id asc
    limit $limit
),

keys as (select platform, account_id from top),

names as ({{ names }})

select
    top.*,
    names.handle,
    names.display_name,
    names.is_opted_out
from top
inner join names using (platform, account_id)
order by top.{{ order }} desc nulls last, top.reach desc, top.platform asc, top.account_id asc
