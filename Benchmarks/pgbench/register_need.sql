-- POST /api/v1/needs as a member's coordinator: the insert (with its audit event), then the
-- read of what the answer shows.
SELECT office_id, token_id, user_id, role_id, role, organisation_id FROM authenticate_api_token(':token_hash');
BEGIN ISOLATION LEVEL READ COMMITTED;
SELECT set_config('app.office_id', ':office', true), set_config('app.org_id', ':org', true), set_config('app.user_id', ':user', true), set_config('app.roles', ':role', true), set_config('statement_timeout', '10000', true);
INSERT INTO needs (office_id, id, organisation_id, cpv, title, description, quantity, unit, yearly_value, wanted_start, months, status, created_by) VALUES (':office', gen_random_uuid(), ':org', ':cpv', 'Benchmark', '', 10, 'st', 50000.00, current_date + 120, 24, 'submitted', ':user');
COMMIT;
BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY;
SELECT set_config('app.office_id', ':office', true), set_config('app.org_id', ':org', true), set_config('app.user_id', ':user', true), set_config('app.roles', ':role', true), set_config('statement_timeout', '10000', true);
SELECT office_id, id, kind::text, name, organisation_number, kommunkod, population, member_from, member_to FROM organisations ORDER BY organisations.kind, organisations.name;
COMMIT;
