-- Every share lies within 0..1.
select chat, week_start from marts.chat_week
where not coalesce(retention_rate between 0 and 1, true)
    or not coalesce(newcomer_care_rate between 0 and 1, true)
    or not coalesce(acknowledged_return_rate between 0 and 1, true)
    or not coalesce(unacknowledged_return_rate between 0 and 1, true)
    or not coalesce(reciprocity_rate between 0 and 1, true)
    or not coalesce(conversational_share between 0 and 1, true)
    or not coalesce(participation_gini >= 0 and participation_gini < 1, true)
