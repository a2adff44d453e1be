-- Flags per week and signal over the last $days days, newest first.
select
    week_start,
    week_label,
    signal,
    count(*) as signals
from marts.gaming_signals
where chat = $chat and week_start <= $week and week_start > $week - $days
group by all
order by week_start desc, signal asc
