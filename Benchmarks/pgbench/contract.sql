-- GET /api/v1/contracts/<id> as a member's coordinator (a party to it).
SELECT office_id, token_id, user_id, role_id, role, organisation_id FROM authenticate_api_token(':token_hash');
BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY;
SELECT set_config('app.office_id', ':office', true), set_config('app.org_id', ':org', true), set_config('app.user_id', ':user', true), set_config('app.roles', ':role', true), set_config('statement_timeout', '10000', true);
SELECT c.id, c.reference, c.title, c.description, c.cpv, c.framework, c.tender_id, c.lot_id, c.start_on, c.end_on, c.estimated_value, c.maximum_value, c.call_off_method::text, c.manager_id, c.activated_at, c.terminated_on, c.successor_assignment_id, coalesce((SELECT array_agg(s.supplier_id ORDER BY s.rank NULLS LAST, s.id) FROM contract_suppliers s WHERE s.office_id = c.office_id AND s.contract_id = c.id), '{}'), coalesce((SELECT array_agg(p.organisation_id ORDER BY p.organisation_id) FROM contract_parties p WHERE p.office_id = c.office_id AND p.contract_id = c.id), '{}'), coalesce((SELECT string_agg(o.ordinal || ':' || o.months || ':' || o.decision || ':' || coalesce(o.decided_on::text, ''), ',' ORDER BY o.ordinal) FROM contract_options o WHERE o.office_id = c.office_id AND o.contract_id = c.id), '') FROM contracts c WHERE c.id = ':contract';
SELECT office_id, id, kind::text, name, organisation_number, kommunkod, population, member_from, member_to FROM organisations WHERE id = ANY (':contract_party_ids'::uuid[]);
SELECT id, name, country, national_id FROM suppliers WHERE id = ANY (':contract_supplier_ids'::uuid[]);
SELECT code, label_sv, label_en FROM cpv_codes WHERE left(code, 8) = ANY (':contract_cpv_digits'::text[]);
SELECT id, office_contact_name(id) FROM unnest(':contract_manager_ids'::uuid[]) AS managers (id);
SELECT supplier_id, rank FROM contract_suppliers WHERE contract_id = ':contract' AND rank IS NOT NULL;
COMMIT;
