select
    (select chat from build_context) as chat, found.week_start, weeks.week_label,
    found.platform, found.account_id, found.signal, found.value, found.threshold,
    found.evidence, found.related_accounts,
from gaming_found as found
inner join int_chat_weeks as weeks using (week_start)
