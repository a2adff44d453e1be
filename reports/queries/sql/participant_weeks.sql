-- Every chat week from each account of `accounts_wanted` first account_week row to this
-- week, with its row; weeks without a row have null metrics and took_part false.
with

wanted as (select * from accounts_wanted),

account_rows as (
    select account_week.*
    from marts.account_week
    semi join wanted using (platform, account_id)
    where account_week.chat = $chat and account_week.week_start <= $up_to
),

firsts as (
    select
        platform,
        account_id,
        min(week_start) as first_week
    from account_rows
    group by all
),

weeks as (
    select
        week_start,
        week_label
    from marts.chat_week
    where chat = $chat and week_start <= $up_to
),

grid as (
    select
        firsts.platform,
        firsts.account_id,
        weeks.week_start,
        weeks.week_label
    from firsts
    inner join weeks on firsts.first_week <= weeks.week_start
)

select
    grid.platform,
    grid.account_id,
    grid.week_start,
    grid.week_label,
    coalesce(account_rows.participated, false) as took_part,
    account_rows.* exclude (chat, platform, account_id, week_start, week_label)
from grid
left join account_rows using (platform, account_id, week_start)
order by grid.platform, grid.account_id, grid.week_start
