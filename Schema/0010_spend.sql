-- Spend, call-offs and contract compliance (avtalstrohet).
--
-- Members' invoice data (fakturor, from the leverantörsreskontra — the accounts payable
-- ledger — as CSV, or PEPPOL BIS Billing 3 e-invoices) is imported as invoices and their
-- lines. Each line is matched to a contract: the supplier is one of the contract's, the
-- member is a party, the invoice date lies within the contract's period and the category
-- (CPV group, from the line's CPV code or the office's account mapping) is the contract's.
-- A monthly rollup per member, category, supplier and contract keeps the compliance report
-- fast at national scale; it is written in the same statements as the lines and rebuilt for
-- the affected members when a contract is activated, extended or terminated.
--
-- Call-offs (avrop) are registered by a member's authorised orderers on contracts their
-- organisation is party to; a framework's call-offs never pass its maximum value.
--
-- Who sees what (DESIGN §4): the office's staff see every member's spend and call-offs; a
-- member's users see their own organisation's; the committee sees aggregates only (through
-- spend_compliance()), never an invoice or a supplier's figures per member.

-- The office's map from a member's accounts (Kommun-Bas konto, or a category text) to a CPV
-- code. A row without an organisation applies to every member; a member's own row wins, and
-- the longest matching account prefix wins ("5611" before "56").
CREATE TABLE spend_accounts (
    office_id       uuid NOT NULL REFERENCES offices (id),
    id              uuid NOT NULL,
    organisation_id uuid,
    account         text NOT NULL CHECK (length(btrim(account)) BETWEEN 1 AND 60 AND account = btrim(account)),
    cpv             text NOT NULL REFERENCES cpv_codes (code),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id)
);
CREATE UNIQUE INDEX spend_accounts_once ON spend_accounts (office_id, organisation_id, account) NULLS NOT DISTINCT;

-- One import: the files a user sent at once, all or nothing.
CREATE TABLE spend_imports (
    office_id        uuid NOT NULL REFERENCES offices (id),
    id               uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    files            text[] NOT NULL,
    formats          text[] NOT NULL,
    invoices_added   integer NOT NULL CHECK (invoices_added >= 0),
    invoices_skipped integer NOT NULL CHECK (invoices_skipped >= 0),
    lines_added      integer NOT NULL CHECK (lines_added >= 0),
    -- The SEK amount added, excluding VAT; other currencies are kept on their invoices.
    amount_sek       numeric(18, 2) NOT NULL,
    imported_by      uuid,
    imported_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
    FOREIGN KEY (office_id, imported_by) REFERENCES users (office_id, id)
);
CREATE INDEX spend_imports_organisation ON spend_imports (office_id, organisation_id, imported_at);

CREATE TYPE invoice_kind AS ENUM ('invoice', 'credit_note');

-- An invoice or credit note as the member received it. The same invoice (supplier, number,
-- kind) is stored once per member: importing it again adds nothing, and importing it with
-- other amounts is refused (a correction comes as a credit note).
CREATE TABLE spend_invoices (
    office_id       uuid NOT NULL,
    id              uuid NOT NULL,
    organisation_id uuid NOT NULL,
    import_id       uuid NOT NULL,
    -- The ten digits of a Swedish organisationsnummer, else the identifier the invoice gave
    -- ("0088:7300010000001", "GB983294").
    supplier_key    text NOT NULL CHECK (length(supplier_key) BETWEEN 1 AND 100),
    supplier_name   text NOT NULL CHECK (length(btrim(supplier_name)) BETWEEN 1 AND 200),
    number          text NOT NULL CHECK (length(btrim(number)) BETWEEN 1 AND 100),
    kind            invoice_kind NOT NULL,
    invoice_date    date NOT NULL,
    currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    amount          numeric(16, 2) NOT NULL,
    line_count      integer NOT NULL CHECK (line_count > 0),
    -- A digest of the lines (amounts, accounts, CPV codes, texts), to tell a repeat from a conflict.
    fingerprint     text NOT NULL,
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, organisation_id, supplier_key, number, kind),
    FOREIGN KEY (office_id, import_id) REFERENCES spend_imports (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id)
);
CREATE INDEX spend_invoices_date ON spend_invoices (office_id, organisation_id, invoice_date);

CREATE TABLE spend_lines (
    office_id       uuid NOT NULL,
    invoice_id      uuid NOT NULL,
    line_no         integer NOT NULL CHECK (line_no > 0),
    organisation_id uuid NOT NULL,
    amount          numeric(16, 2) NOT NULL,
    account         text CHECK (length(account) <= 200),
    cpv             text,
    -- The category: the CPV group (three digits) of the line's CPV code, else of its mapped
    -- account, else of the contract it matched.
    cpv_group       text CHECK (cpv_group ~ '^[0-9]{3}$'),
    text            text CHECK (length(text) <= 500),
    contract_id     uuid,
    PRIMARY KEY (office_id, invoice_id, line_no),
    FOREIGN KEY (office_id, invoice_id) REFERENCES spend_invoices (office_id, id),
    FOREIGN KEY (office_id, contract_id) REFERENCES contracts (office_id, id)
);

-- The rollup the reports read: one row per member, month, category, supplier, contract
-- (none: off contract) and currency.
CREATE TABLE spend_months (
    office_id       uuid NOT NULL,
    organisation_id uuid NOT NULL,
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    cpv_group       text NOT NULL CHECK (cpv_group = '' OR cpv_group ~ '^[0-9]{3}$'),
    supplier_key    text NOT NULL,
    supplier_name   text NOT NULL,
    contract_id     uuid,
    currency        text NOT NULL,
    amount          numeric(18, 2) NOT NULL,
    lines           integer NOT NULL,
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id)
);
CREATE UNIQUE INDEX spend_months_key ON spend_months
    (office_id, organisation_id, month, cpv_group, supplier_key, contract_id, currency) NULLS NOT DISTINCT;
CREATE INDEX spend_months_contract ON spend_months (office_id, contract_id) WHERE contract_id IS NOT NULL;

-- A call-off (avrop): an order on a contract by one of its parties.
CREATE TABLE call_offs (
    office_id       uuid NOT NULL REFERENCES offices (id),
    id              uuid NOT NULL,
    contract_id     uuid NOT NULL,
    organisation_id uuid NOT NULL,
    supplier_id     uuid NOT NULL,
    ordered_on      date NOT NULL,
    amount          numeric(16, 2) NOT NULL CHECK (amount > 0),
    description     text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 500),
    -- The orderer's own order number, if any.
    reference       text CHECK (length(reference) <= 60),
    ordered_by      uuid NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, contract_id) REFERENCES contracts (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
    FOREIGN KEY (office_id, supplier_id) REFERENCES suppliers (office_id, id),
    FOREIGN KEY (office_id, ordered_by) REFERENCES users (office_id, id)
);
CREATE INDEX call_offs_contract ON call_offs (office_id, contract_id);
CREATE INDEX call_offs_organisation ON call_offs (office_id, organisation_id, ordered_on);

ALTER TABLE spend_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE spend_accounts FORCE ROW LEVEL SECURITY;
ALTER TABLE spend_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE spend_imports FORCE ROW LEVEL SECURITY;
ALTER TABLE spend_invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE spend_invoices FORCE ROW LEVEL SECURITY;
ALTER TABLE spend_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE spend_lines FORCE ROW LEVEL SECURITY;
ALTER TABLE spend_months ENABLE ROW LEVEL SECURITY;
ALTER TABLE spend_months FORCE ROW LEVEL SECURITY;
ALTER TABLE call_offs ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_offs FORCE ROW LEVEL SECURITY;

-- Whether the acting identity may import spend for the organisation: the register's keepers
-- for any member, a member's coordinator for its own.
CREATE FUNCTION imports_spend_for(p_organisation_id uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT keeps_contract_register()
              OR coalesce(current_app_role() = 'coordinator' AND p_organisation_id = current_org_id(), false) $$;
-- Whether the acting identity reads the organisation's spend and call-offs.
CREATE FUNCTION reads_spend_of(p_organisation_id uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT reads_office_wide() OR (acts_for_member() AND p_organisation_id = current_org_id()) $$;
GRANT EXECUTE ON FUNCTION imports_spend_for(uuid), reads_spend_of(uuid) TO samverkan_app;

CREATE POLICY spend_accounts_read ON spend_accounts FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_inside_office()));
CREATE POLICY spend_accounts_create ON spend_accounts FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));
CREATE POLICY spend_accounts_update ON spend_accounts FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));
CREATE POLICY spend_accounts_remove ON spend_accounts FOR DELETE
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));

CREATE POLICY spend_imports_read ON spend_imports FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND reads_spend_of(organisation_id));
CREATE POLICY spend_imports_create ON spend_imports FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND imports_spend_for(organisation_id)
                AND imported_by IS NOT DISTINCT FROM (SELECT current_app_user_id()));

CREATE POLICY spend_invoices_read ON spend_invoices FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND reads_spend_of(organisation_id));
CREATE POLICY spend_invoices_create ON spend_invoices FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND imports_spend_for(organisation_id));

CREATE POLICY spend_lines_read ON spend_lines FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND reads_spend_of(organisation_id));
CREATE POLICY spend_lines_create ON spend_lines FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND imports_spend_for(organisation_id));

CREATE POLICY spend_months_read ON spend_months FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND reads_spend_of(organisation_id));
CREATE POLICY spend_months_create ON spend_months FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND imports_spend_for(organisation_id));
CREATE POLICY spend_months_add ON spend_months FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND imports_spend_for(organisation_id));

CREATE POLICY call_offs_read ON call_offs FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND reads_spend_of(organisation_id));
-- An authorised orderer (behörig beställare) orders for the own organisation; the office's
-- system does so when it loads demo data.
CREATE POLICY call_offs_create ON call_offs FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (
        ((SELECT current_app_role()) = 'orderer' AND organisation_id = (SELECT current_org_id())
         AND ordered_by = (SELECT current_app_user_id()))
        OR (SELECT current_app_role()) = 'system'));

-- The owner's functions below read and rewrite across members (matching after a contract
-- changes, aggregates for the committee, a framework's used value); FORCE RLS needs them named.
CREATE POLICY spend_invoices_owner ON spend_invoices FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY spend_lines_owner_read ON spend_lines FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY spend_lines_owner_match ON spend_lines FOR UPDATE TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY spend_months_owner ON spend_months TO CURRENT_USER
    USING (office_id = (SELECT current_office_id())) WITH CHECK (office_id = (SELECT current_office_id()));
CREATE POLICY call_offs_owner ON call_offs FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY contract_options_owner ON contract_options FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY suppliers_owner ON suppliers FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));

GRANT SELECT, INSERT, UPDATE, DELETE ON spend_accounts TO samverkan_app;
GRANT SELECT, INSERT ON spend_imports, spend_invoices, spend_lines, call_offs TO samverkan_app;
GRANT SELECT, INSERT, UPDATE ON spend_months TO samverkan_app;

-- The last day of a contract as things stand: the end moved by every option used, in order,
-- each counted in whole months from the day after (as `Contract.currentEnd` counts), or the
-- termination day if earlier.
CREATE FUNCTION contract_current_end(p_office_id uuid, p_contract_id uuid) RETURNS date
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    last_day date;
    stopped  date;
    option_months integer;
BEGIN
    SELECT end_on, terminated_on INTO last_day, stopped FROM public.contracts WHERE office_id = p_office_id AND id = p_contract_id;
    FOR option_months IN
        SELECT months FROM public.contract_options
         WHERE office_id = p_office_id AND contract_id = p_contract_id AND decision = 'exercised' ORDER BY ordinal
    LOOP
        last_day := ((last_day + 1) + make_interval(months => option_months))::date - 1;
    END LOOP;
    IF stopped IS NOT NULL AND stopped < last_day THEN RETURN stopped; END IF;
    RETURN last_day;
END
$$;
REVOKE EXECUTE ON FUNCTION contract_current_end(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contract_current_end(uuid, uuid) TO samverkan_app;

-- Every activated contract's terms for matching: one row per party and supplier, with the
-- period as it stands and the category. Read by the owner: matching must see every contract
-- of the member, whoever imports.
CREATE FUNCTION spend_contract_terms(p_office_id uuid, p_organisation_ids uuid[])
    RETURNS TABLE (organisation_id uuid, contract_id uuid, supplier_key text, cpv_group text, start_on date, end_on date)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        -- Each contract's current end once, however many parties and suppliers it has.
        WITH terms AS MATERIALIZED (
            SELECT c.office_id, c.id, left(c.cpv, 3) AS cpv_group, c.start_on,
                   public.contract_current_end(c.office_id, c.id) AS end_on
              FROM public.contracts c
             WHERE c.office_id = p_office_id AND c.activated_at IS NOT NULL
               AND p_office_id = public.current_office_id()
               AND EXISTS (SELECT FROM public.contract_parties p WHERE p.office_id = c.office_id AND p.contract_id = c.id
                                                                  AND p.organisation_id = ANY (p_organisation_ids))
        )
        SELECT p.organisation_id, t.id, s.national_id, t.cpv_group, t.start_on, t.end_on
          FROM terms t
          JOIN public.contract_parties p ON p.office_id = t.office_id AND p.contract_id = t.id
          JOIN public.contract_suppliers cs ON cs.office_id = t.office_id AND cs.contract_id = t.id
          JOIN public.suppliers s ON s.office_id = cs.office_id AND s.id = cs.supplier_id
         WHERE p.organisation_id = ANY (p_organisation_ids)
           AND (public.reads_office_wide() OR public.acts_on_committee() OR public.keeps_contract_register()
                OR p.organisation_id = public.current_org_id())
    $$;
REVOKE EXECUTE ON FUNCTION spend_contract_terms(uuid, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION spend_contract_terms(uuid, uuid[]) TO samverkan_app;

-- Matches again the lines of the given members from the given suppliers and rebuilds their
-- rollup rows. Called when a contract's terms for matching change (activation, an option
-- used, a termination), in the same transaction: only that contract's parties and suppliers
-- can match differently.
CREATE FUNCTION spend_rematch(p_office_id uuid, p_organisation_ids uuid[], p_supplier_keys text[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS rematch_invoices (id uuid PRIMARY KEY, organisation_id uuid, supplier_key text,
        invoice_date date) ON COMMIT DROP;
    TRUNCATE rematch_invoices;
    INSERT INTO rematch_invoices
    SELECT i.id, i.organisation_id, i.supplier_key, i.invoice_date FROM public.spend_invoices i
     WHERE i.office_id = p_office_id AND i.organisation_id = ANY (p_organisation_ids) AND i.supplier_key = ANY (p_supplier_keys);
    IF NOT FOUND THEN RETURN; END IF;
    CREATE TEMP TABLE IF NOT EXISTS rematch_terms (organisation_id uuid, contract_id uuid, supplier_key text,
        cpv_group text, start_on date, end_on date) ON COMMIT DROP;
    TRUNCATE rematch_terms;
    INSERT INTO rematch_terms SELECT * FROM public.spend_contract_terms(p_office_id, p_organisation_ids) t
     WHERE t.supplier_key = ANY (p_supplier_keys);

    UPDATE public.spend_lines l SET contract_id = m.contract_id
      FROM (SELECT l2.invoice_id, l2.line_no,
                   (SELECT t.contract_id FROM rematch_terms t
                     WHERE t.organisation_id = i.organisation_id AND t.supplier_key = i.supplier_key
                       AND i.invoice_date BETWEEN t.start_on AND t.end_on
                       AND (l2.cpv_group IS NULL OR l2.cpv_group = t.cpv_group)
                     ORDER BY t.start_on DESC, t.contract_id LIMIT 1) AS contract_id
              FROM rematch_invoices i
              JOIN public.spend_lines l2 ON l2.office_id = p_office_id AND l2.invoice_id = i.id) m
     WHERE l.office_id = p_office_id AND l.invoice_id = m.invoice_id AND l.line_no = m.line_no
       AND l.contract_id IS DISTINCT FROM m.contract_id;

    DELETE FROM public.spend_months WHERE office_id = p_office_id AND organisation_id = ANY (p_organisation_ids)
                                      AND supplier_key = ANY (p_supplier_keys);
    INSERT INTO public.spend_months (office_id, organisation_id, month, cpv_group, supplier_key, supplier_name,
                                     contract_id, currency, amount, lines)
    SELECT p_office_id, i.organisation_id, date_trunc('month', i.invoice_date)::date,
           coalesce(l.cpv_group, left(c.cpv, 3), ''), i.supplier_key, max(si.supplier_name), l.contract_id, si.currency,
           sum(l.amount), count(*)
      FROM rematch_invoices i
      JOIN public.spend_invoices si ON si.office_id = p_office_id AND si.id = i.id
      JOIN public.spend_lines l ON l.office_id = p_office_id AND l.invoice_id = i.id
      LEFT JOIN public.contracts c ON c.office_id = p_office_id AND c.id = l.contract_id
     GROUP BY 2, 3, 4, 5, 7, 8;
END
$$;
REVOKE EXECUTE ON FUNCTION spend_rematch(uuid, uuid[], text[]) FROM PUBLIC;

-- The contract changes that change what matches: activation, termination, an option used.
CREATE FUNCTION contracts_rematch_spend() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    contract uuid := coalesce((to_jsonb(NEW) ->> 'contract_id')::uuid, NEW.id);
    parties uuid[];
    supplier_keys text[];
BEGIN
    SELECT coalesce(array_agg(organisation_id), '{}') INTO parties FROM public.contract_parties
     WHERE office_id = NEW.office_id AND contract_id = contract;
    SELECT coalesce(array_agg(s.national_id), '{}') INTO supplier_keys
      FROM public.contract_suppliers cs JOIN public.suppliers s ON s.office_id = cs.office_id AND s.id = cs.supplier_id
     WHERE cs.office_id = NEW.office_id AND cs.contract_id = contract;
    PERFORM public.spend_rematch(NEW.office_id, parties, supplier_keys);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION contracts_rematch_spend() FROM PUBLIC;
CREATE TRIGGER contracts_rematch_spend AFTER UPDATE OF activated_at, terminated_on ON contracts
    FOR EACH ROW WHEN (OLD.activated_at IS DISTINCT FROM NEW.activated_at OR OLD.terminated_on IS DISTINCT FROM NEW.terminated_on)
    EXECUTE FUNCTION contracts_rematch_spend();
CREATE TRIGGER contract_options_rematch_spend AFTER UPDATE OF decision ON contract_options
    FOR EACH ROW WHEN (NEW.decision = 'exercised' AND OLD.decision <> 'exercised')
    EXECUTE FUNCTION contracts_rematch_spend();

-- The months (first days) in which each member had a contract in force in a category, within
-- the period: what makes spend addressable. One row per member, category and month, so the
-- reports join it by equality instead of testing every contract against every rollup row.
CREATE FUNCTION spend_covered_months(p_office_id uuid, p_organisation_ids uuid[], p_from date, p_to date)
    RETURNS TABLE (organisation_id uuid, cpv_group text, month date)
    LANGUAGE sql STABLE
    AS $$
        SELECT DISTINCT t.organisation_id, t.cpv_group, m::date
          FROM (SELECT DISTINCT organisation_id, cpv_group, start_on, end_on
                  FROM spend_contract_terms(p_office_id, p_organisation_ids)) t
         CROSS JOIN LATERAL generate_series(
                   greatest(date_trunc('month', t.start_on), date_trunc('month', p_from)),
                   least(t.end_on, p_to)::timestamp, interval '1 month') m
    $$;
GRANT EXECUTE ON FUNCTION spend_covered_months(uuid, uuid[], date, date) TO samverkan_app;

-- Compliance aggregates per member, month and category, in SEK: everything spent, the part
-- that is addressable (a category in which the member had a contract in force that month,
-- or spend that matched one) and the part on contract. The office's staff and the committee
-- see every member; a member's users see their own organisation only.
CREATE FUNCTION spend_compliance(p_from date, p_to date, p_organisation_id uuid)
    RETURNS TABLE (organisation_id uuid, month date, cpv_group text, total numeric, addressable numeric, contracted numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
#variable_conflict use_column
DECLARE
    office uuid := public.current_office_id();
    wanted uuid[];
BEGIN
    IF public.reads_office_wide() OR public.acts_on_committee() THEN
        SELECT coalesce(array_agg(o.id), '{}') INTO wanted FROM public.organisations o
         WHERE o.office_id = office AND (p_organisation_id IS NULL OR o.id = p_organisation_id);
    ELSIF public.acts_for_member() AND (p_organisation_id IS NULL OR p_organisation_id = public.current_org_id()) THEN
        wanted := ARRAY[public.current_org_id()];
    ELSE
        RETURN;
    END IF;
    RETURN QUERY
    WITH covered AS (
        SELECT * FROM public.spend_covered_months(office, wanted, p_from, p_to)
    ), sums AS (
        SELECT m.organisation_id, m.month, m.cpv_group, (m.contract_id IS NOT NULL) AS matched, sum(m.amount) AS amount
          FROM public.spend_months m
         WHERE m.office_id = office AND m.organisation_id = ANY (wanted) AND m.currency = 'SEK'
           AND m.month BETWEEN date_trunc('month', p_from)::date AND p_to
         GROUP BY 1, 2, 3, 4
    )
    SELECT s.organisation_id, s.month, s.cpv_group, sum(s.amount),
           sum(s.amount) FILTER (WHERE s.matched OR c.month IS NOT NULL),
           sum(s.amount) FILTER (WHERE s.matched)
      FROM sums s
      LEFT JOIN covered c ON c.organisation_id = s.organisation_id AND c.cpv_group = s.cpv_group AND c.month = s.month
     GROUP BY 1, 2, 3;
END
$$;
REVOKE EXECUTE ON FUNCTION spend_compliance(date, date, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION spend_compliance(date, date, uuid) TO samverkan_app;
CREATE POLICY organisations_owner ON organisations FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));

-- A framework's used value: the call-offs registered on it and the invoiced spend matched to
-- it (SEK), for the contracts the caller sees. Members see the whole framework's use, not
-- other members' call-offs one by one.
CREATE FUNCTION contract_use(p_contract_ids uuid[])
    RETURNS TABLE (contract_id uuid, called_off numeric, invoiced numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT c.id,
               coalesce((SELECT sum(amount) FROM public.call_offs o WHERE o.office_id = c.office_id AND o.contract_id = c.id), 0),
               coalesce((SELECT sum(amount) FROM public.spend_months m
                          WHERE m.office_id = c.office_id AND m.contract_id = c.id AND m.currency = 'SEK'), 0)
          FROM public.contracts c
         WHERE c.office_id = public.current_office_id() AND c.id = ANY (p_contract_ids)
           AND (public.reads_office_wide() OR public.acts_on_committee()
                OR (public.acts_for_member() AND c.id = ANY (public.member_contract_ids())))
    $$;
REVOKE EXECUTE ON FUNCTION contract_use(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contract_use(uuid[]) TO samverkan_app;

-- A call-off is placed on an active contract, within its period, by a party, with one of its
-- suppliers, and a framework's call-offs together stay within its maximum value. Call-offs on
-- one contract are serialised, so two orderers cannot both take the last of it.
CREATE FUNCTION call_offs_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    terms record;
    used numeric;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.contract_id::text, 7));
    SELECT c.activated_at, c.start_on, c.maximum_value, public.contract_current_end(c.office_id, c.id) AS end_on
      INTO terms FROM public.contracts c WHERE c.office_id = NEW.office_id AND c.id = NEW.contract_id;
    IF terms.activated_at IS NULL OR NEW.ordered_on < terms.start_on OR NEW.ordered_on > terms.end_on THEN
        RAISE EXCEPTION 'call-offs are placed on a contract in force' USING ERRCODE = '23514', CONSTRAINT = 'call_offs_contract_in_force';
    END IF;
    IF NOT EXISTS (SELECT FROM public.contract_parties WHERE office_id = NEW.office_id AND contract_id = NEW.contract_id
                                                        AND organisation_id = NEW.organisation_id) THEN
        RAISE EXCEPTION 'call-offs are placed by the contract''s parties' USING ERRCODE = '23514', CONSTRAINT = 'call_offs_party';
    END IF;
    IF NOT EXISTS (SELECT FROM public.contract_suppliers WHERE office_id = NEW.office_id AND contract_id = NEW.contract_id
                                                          AND supplier_id = NEW.supplier_id) THEN
        RAISE EXCEPTION 'call-offs go to the contract''s suppliers' USING ERRCODE = '23514', CONSTRAINT = 'call_offs_supplier';
    END IF;
    IF terms.maximum_value IS NOT NULL THEN
        SELECT coalesce(sum(amount), 0) INTO used FROM public.call_offs WHERE office_id = NEW.office_id AND contract_id = NEW.contract_id;
        IF used + NEW.amount > terms.maximum_value THEN
            RAISE EXCEPTION 'a framework''s call-offs stay within its maximum value' USING ERRCODE = '23514', CONSTRAINT = 'call_offs_within_maximum';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION call_offs_guard() FROM PUBLIC;
CREATE TRIGGER call_offs_guard BEFORE INSERT ON call_offs FOR EACH ROW EXECUTE FUNCTION call_offs_guard();

-- A call-off's remaining room on its contract, for the orderer's refusal message.
CREATE FUNCTION call_off_room(p_contract_id uuid) RETURNS numeric
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT c.maximum_value - coalesce((SELECT sum(amount) FROM public.call_offs o
                                            WHERE o.office_id = c.office_id AND o.contract_id = c.id), 0)
          FROM public.contracts c
         WHERE c.office_id = public.current_office_id() AND c.id = p_contract_id
           AND (public.reads_office_wide() OR (public.acts_for_member() AND c.id = ANY (public.member_contract_ids())))
    $$;
REVOKE EXECUTE ON FUNCTION call_off_room(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION call_off_room(uuid) TO samverkan_app;

-- Imports and call-offs are events in the office's trail; invoices and lines are data the
-- import event accounts for (counts and amount), not one event each.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON spend_accounts FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON spend_imports FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON call_offs FOR EACH ROW EXECUTE FUNCTION audit_row_change();

-- The office's own target for compliance (the Östersund office's is 95 %), shown beside the figures.
ALTER TABLE offices ADD COLUMN compliance_target_percent integer NOT NULL DEFAULT 95
    CHECK (compliance_target_percent BETWEEN 1 AND 100);
