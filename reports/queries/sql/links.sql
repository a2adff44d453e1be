-- The week's most shared links: most shares, then sharers, then reposts.
select
    url,
    domain,
    shares,
    sharers,
    reposts
from marts.link_week
where chat = $chat and week_start = $week
order by shares desc, sharers desc, reposts desc, url asc
limit $limit
