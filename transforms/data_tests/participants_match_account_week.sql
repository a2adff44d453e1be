-- participants ≤ accounts of the week, and equal to the accounts that participated.
select
    c.chat, c.week_start, c.participants, count(a.account_id) as accounts,
    count(a.account_id) filter (where a.participated) as participated
from marts.chat_week as c
left join marts.account_week as a using (chat, week_start)
group by all
having c.participants > count(a.account_id)
    or c.participants <> count(a.account_id) filter (where a.participated)
