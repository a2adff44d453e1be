update marts.account_week set
    influence_pagerank = influence.influence_pagerank,
    influence_rank = influence.influence_rank,
    influence_score = influence.influence_score,
    amplifiers = influence.amplifiers,
    replies_given = influence.replies_given,
    reposts_given = influence.reposts_given,
    quotes_given = influence.quotes_given,
    mentions_given = influence.mentions_given,
    interaction_partners = influence.interaction_partners,
    reciprocal_partners = influence.reciprocal_partners,
    reciprocity_rate = influence.reciprocity_rate
from int_influence as influence
where account_week.chat = (select chat from build_context)
    and account_week.week_start = influence.week_start
    and account_week.platform = influence.platform
    and account_week.account_id = influence.account_id
