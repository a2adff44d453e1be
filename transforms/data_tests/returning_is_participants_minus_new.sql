-- returning_participants = participants − new_participants, and new ≤ participants.
select * from marts.chat_week
where returning_participants <> participants - new_participants
    or new_participants > participants or contributors > participants
