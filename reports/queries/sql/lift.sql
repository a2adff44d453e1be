-- The chat_lift rows of the chat up to this week, oldest first.
select
    chat_lift.week_start,
    chat_week.week_label,
    chat_lift.window_weeks,
    chat_lift.accounts_compared,
    chat_lift.lift_median,
    chat_lift.participating_growth_median,
    chat_lift.nonparticipating_growth_median,
    chat_lift.lift_ci_low,
    chat_lift.lift_ci_high
from marts.chat_lift
left join marts.chat_week using (chat, week_start)
where chat_lift.chat = $chat and chat_lift.week_start <= $up_to
order by chat_lift.week_start
