-- reach = followers at the week's end + the amplified audience.
select * from marts.account_week
where reach <> followers_at_week_end + amplified_audience
