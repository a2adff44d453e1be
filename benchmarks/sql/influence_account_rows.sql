-- Every account of the week is a node: senders, receivers, and the rest as quiet posters.
create temp table int_account_week_rows as
select
    weeks.week_start,
    weeks.week_end,
    weeks.week_label,
    'demo' as platform,
    'acct' || r.i as account_id
from int_chat_weeks as weeks, range($accounts) as r (i)
