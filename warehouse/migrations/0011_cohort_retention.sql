-- Retention by first-week cohort, as a mart (it was computed by the community page).
create table marts.cohort_retention (
    chat varchar not null,
    cohort_week_start date not null,
    cohort_week_label varchar not null,
    weeks_since integer not null,
    week_start date not null,
    week_label varchar not null,
    cohort_size bigint not null,
    participants bigint not null,
    share double not null
);
