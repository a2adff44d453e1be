-- The week's participants (platform, account_id) who did not opt out.
select
    platform,
    account_id
from marts.account_week
where
    chat = $chat
    and week_start = $week
    and participated
    and not list_contains($opted_out::varchar[], platform || ':' || account_id)
order by platform, account_id
