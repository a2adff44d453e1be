-- Who is rising, as a mart (it was computed by the community page).
create table marts.rising_accounts (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    platform varchar not null,
    account_id varchar not null,
    recent_weeks bigint not null,
    earlier_weeks bigint not null,
    recent_mean_score double not null,
    earlier_mean_score double not null,
    score_gain double not null,
    recent_weeks_taken_part bigint not null
);
