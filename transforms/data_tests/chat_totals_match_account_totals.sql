-- chat_week's impressions and engagements are the sums over its account_week rows.
select c.chat, c.week_start
from marts.chat_week as c
left join marts.account_week as a using (chat, week_start)
group by c.chat, c.week_start, c.impressions, c.engagements
having c.impressions <> coalesce(sum(a.impressions), 0)
    or c.engagements <> coalesce(sum(a.engagements_received), 0)
