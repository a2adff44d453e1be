-- engagements_received = replies + reposts + quotes + likes received.
select * from marts.account_week
where engagements_received
    <> replies_received + reposts_received + quotes_received + likes_received
