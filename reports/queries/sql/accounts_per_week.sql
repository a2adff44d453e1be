-- Per week: how many account_week rows it has.
select
    week_start,
    count(*) as accounts
from marts.account_week
where chat = $chat and week_start <= $up_to
group by all
order by week_start
