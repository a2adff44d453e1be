-- chat_lift says how sure its median is: a distribution-free 95% interval from order
-- statistics (NULL below 20 accounts compared). Rows built before have none until the next
-- build, which recomputes chat_lift whole.
alter table marts.chat_lift add column lift_ci_low double;
alter table marts.chat_lift add column lift_ci_high double;
