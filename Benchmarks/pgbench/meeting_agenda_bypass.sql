-- The same statements with the filters row-level security adds written out, for a role that
-- bypasses it (the RLS baseline of `samverkan bench run`).
-- GET /api/v1/meetings/<id> as a committee member.
SELECT office_id, token_id, user_id, role_id, role, organisation_id FROM authenticate_api_token(':token_hash');
BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY;
SELECT set_config('app.office_id', ':office', true), set_config('app.org_id', ':org', true), set_config('app.user_id', ':user', true), set_config('app.roles', ':role', true), set_config('statement_timeout', '10000', true);
SELECT id, term_id, kind::text, starts_at, place, adjuster_id, signed_by_chair, signed_by_adjuster, minutes_signed_at, announced_on FROM meetings WHERE office_id = ':office' AND id = ':meeting';
SELECT id, meeting_id, agenda_item_id, year, paragraph, outcome::text, yes, no, abstained, decided_by_casting_vote, decided_at FROM decisions WHERE office_id = ':office' AND meeting_id = ':meeting' ORDER BY year, paragraph;
SELECT mandate_id, organisation_id, user_id, seat_position, substitute_rank, presiding, name FROM committee_roster((SELECT term_id FROM meetings WHERE office_id = ':office' AND id = ':meeting'));
SELECT id, meeting_id, position, assignment_id, title, proposal FROM agenda_items WHERE office_id = ':office' AND meeting_id = ':meeting' ORDER BY position;
SELECT i.id, s.user_id FROM agenda_items i CROSS JOIN LATERAL matter_serving(i.id) s WHERE i.office_id = ':office' AND i.meeting_id = ':meeting';
SELECT agenda_item_id, user_id, ballot::text FROM votes WHERE office_id = ':office' AND agenda_item_id IN (SELECT id FROM agenda_items WHERE office_id = ':office' AND meeting_id = ':meeting') AND question = 'proposal';
SELECT agenda_item_id, user_id FROM conflict_declarations WHERE office_id = ':office' AND agenda_item_id IN (SELECT id FROM agenda_items WHERE office_id = ':office' AND meeting_id = ':meeting');
SELECT user_id FROM attendance WHERE office_id = ':office' AND meeting_id = ':meeting' AND present;
COMMIT;
