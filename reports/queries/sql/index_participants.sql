-- Every account that took part in these chats, with its last week; newest first.
with

taken_part as (
    select
        chat,
        platform,
        account_id,
        max(week_start) as last_week,
        count(*) as weeks_taken_part
    from marts.account_week
    where list_contains($chats::varchar[], chat) and participated
    group by all
),

keys as (select platform, account_id from taken_part),

names as ({{ names }})

select
    taken_part.*,
    names.handle,
    names.display_name,
    names.is_opted_out
from taken_part
inner join names using (platform, account_id)
order by
    taken_part.chat asc,
    taken_part.last_week desc,
    lower(names.handle) asc,
    taken_part.platform asc,
    taken_part.account_id asc
