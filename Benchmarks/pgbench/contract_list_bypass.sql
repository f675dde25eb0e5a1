-- The same statements with the filters row-level security adds written out, for a role that
-- bypasses it (the RLS baseline of `samverkan bench run`).
-- GET /api/v1/contracts as a member's coordinator.
SELECT office_id, token_id, user_id, role_id, role, organisation_id FROM authenticate_api_token(':token_hash');
BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY;
SELECT set_config('app.office_id', ':office', true), set_config('app.org_id', ':org', true), set_config('app.user_id', ':user', true), set_config('app.roles', ':role', true), set_config('statement_timeout', '10000', true);
SELECT c.id, c.reference, c.title, c.description, c.cpv, c.framework, c.tender_id, c.lot_id, c.start_on, c.end_on, c.estimated_value, c.maximum_value, c.call_off_method::text, c.manager_id, c.activated_at, c.terminated_on, c.successor_assignment_id, coalesce((SELECT array_agg(s.supplier_id ORDER BY s.rank NULLS LAST, s.id) FROM contract_suppliers s WHERE s.office_id = c.office_id AND s.contract_id = c.id), '{}'), coalesce((SELECT array_agg(p.organisation_id ORDER BY p.organisation_id) FROM contract_parties p WHERE p.office_id = c.office_id AND p.contract_id = c.id), '{}'), coalesce((SELECT string_agg(o.ordinal || ':' || o.months || ':' || o.decision || ':' || coalesce(o.decided_on::text, ''), ',' ORDER BY o.ordinal) FROM contract_options o WHERE o.office_id = c.office_id AND o.contract_id = c.id), '') FROM contracts c WHERE c.office_id = ':office' AND EXISTS (SELECT FROM contract_parties p WHERE p.office_id = c.office_id AND p.contract_id = c.id AND p.organisation_id = ':org') ORDER BY c.end_on, c.reference;
SELECT office_id, id, kind::text, name, organisation_number, kommunkod, population, member_from, member_to FROM organisations WHERE office_id = ':office' AND id = ANY (':list_party_ids'::uuid[]);
SELECT id, name, country, national_id FROM suppliers WHERE office_id = ':office' AND id = ANY (':list_supplier_ids'::uuid[]);
SELECT code, label_sv, label_en FROM cpv_codes WHERE left(code, 8) = ANY (':list_cpv_digits'::text[]);
SELECT id, office_contact_name(id) FROM unnest(':list_manager_ids'::uuid[]) AS managers (id);
COMMIT;
