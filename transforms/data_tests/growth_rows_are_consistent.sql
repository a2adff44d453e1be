-- account_growth: follower_change is the difference and growth_rate its ratio.
select * from marts.account_growth
where follower_change <> followers_end - previous_followers_end
    or (previous_followers_end = 0 and growth_rate is not null)
    or (
        previous_followers_end <> 0
        and abs(growth_rate - follower_change / previous_followers_end) > 1e-12
    )
