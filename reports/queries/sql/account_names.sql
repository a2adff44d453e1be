-- Handle, display name and opt-out of the accounts registered as `accounts_named`.
with

keys as (select * from accounts_named),

names as ({{ names }})

select * from names
order by platform, account_id
