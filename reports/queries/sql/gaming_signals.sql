-- The chat-week's gaming_signals rows by signal and account, with the account's names.
with

picked as (
    select
        platform,
        account_id,
        signal,
        value,
        threshold,
        evidence,
        related_accounts
    from marts.gaming_signals
    where chat = $chat and week_start = $week
    order by signal, platform, account_id
    limit $limit
),

keys as (select platform, account_id from picked),

names as ({{ names }})

select
    picked.*,
    names.handle,
    names.display_name,
    names.is_opted_out
from picked
inner join names using (platform, account_id)
order by picked.signal, picked.platform, picked.account_id
