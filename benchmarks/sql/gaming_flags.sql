-- Each gaming signal found, with the account's handle and the week it was found in.
select
    signals.signal, accounts.handle,
    date_diff('day', $first_week, signals.week_start) // 7 as week,
from marts.gaming_signals as signals
inner join core.accounts as accounts using (platform, account_id)
