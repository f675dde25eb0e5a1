-- Tenders, suppliers and the contract register.
--
-- A tender (upphandling) carries out an assignment: its lots (delområden), its stages with
-- dates, the metadata of its documents and the bids (anbud) it receives. Suppliers are kept
-- in a register with the checks made before contract (seriositetsprövning). The award becomes
-- contracts with suppliers, the member organisations that are parties, a period with
-- extension options, an estimated and a maximum value and a call-off method; a direct award
-- of at least the documentation limit carries its documentation (LOU 19 a kap.).
--
-- Who sees what (DESIGN §4, OSL 19 kap. 3 §): bids are read by nobody before the opening
-- time, not even counted, and by the office's staff only until the award decision; then by
-- the committee and the members too. Tenders are seen by everyone in the office (their
-- status); the public sees a tender once its notice is published. A member's users see the
-- contracts their organisation is party to; the office and the committee see all; the public
-- sees activated contracts (the office's open-contracting publication). Supplier checks are
-- the office's own.

INSERT INTO thresholds (law, kind, buyer, valid_from, valid_to, eur, sek, source) VALUES
    ('LOU', 'direct_award_documentation', 'all', '2022-02-01', NULL, NULL, 100000,
     'LOU 19 a kap. 1 § (prop. 2021/22:5): direct awards over 100 000 kronor are documented; within 30 days of the contract since 2024-01-01 (SFS 2023:782)'),
    ('LUF', 'direct_award_documentation', 'all', '2022-02-01', NULL, NULL, 100000,
     'LUF 19 a kap. 1 § (prop. 2021/22:5): direct awards over 100 000 kronor are documented');

-- The office's prefix for Open Contracting ids (ocid), registered with the OCDS data registry.
ALTER TABLE offices ADD COLUMN ocid_prefix text CHECK (ocid_prefix ~ '^ocds-[a-z0-9]{6}$');
-- Two offices under one prefix would publish colliding ocids.
CREATE UNIQUE INDEX offices_ocid_prefix ON offices (ocid_prefix);

CREATE TYPE tender_procedure AS ENUM ('open', 'restricted', 'negotiated', 'competitive_dialogue', 'simplified', 'selection');
CREATE TYPE tender_document_kind AS ENUM (
    'notice', 'procurement_documents', 'clarification', 'evaluation_report', 'award_decision', 'contract');
CREATE TYPE supplier_check_kind AS ENUM ('f_tax', 'taxes_and_debts', 'exclusion_grounds', 'references', 'financial_standing');
CREATE TYPE supplier_check_result AS ENUM ('passed', 'failed');
CREATE TYPE call_off_method AS ENUM ('ranking', 'renewed_competition', 'combined', 'single_supplier');
CREATE TYPE option_decision AS ENUM ('open', 'exercised', 'declined');

-- The office's staff who keep the register: suppliers, their checks, contracts and options.
CREATE FUNCTION keeps_contract_register() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_app_role() IN ('administrator', 'procurer', 'controller', 'system'), false) $$;
-- Signed in to the office in any role (not a visitor).
CREATE FUNCTION acts_inside_office() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_app_role() NOT IN ('public', 'authenticated'), false) $$;
GRANT EXECUTE ON FUNCTION keeps_contract_register(), acts_inside_office() TO samverkan_app;

CREATE TABLE suppliers (
    office_id   uuid NOT NULL REFERENCES offices (id),
    id          uuid NOT NULL,
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    country     text NOT NULL DEFAULT 'SE' CHECK (country ~ '^[A-Z]{2}$'),
    -- The organisationsnummer (ten digits, Luhn-checked in the domain) for a Swedish supplier.
    national_id text NOT NULL CHECK (length(btrim(national_id)) BETWEEN 1 AND 40),
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, country, national_id),
    FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id),
    CHECK (country <> 'SE' OR national_id ~ '^[0-9]{10}$')
);

CREATE TABLE supplier_checks (
    office_id   uuid NOT NULL,
    id          uuid NOT NULL,
    supplier_id uuid NOT NULL,
    kind        supplier_check_kind NOT NULL,
    checked_on  date NOT NULL,
    valid_until date NOT NULL CHECK (valid_until >= checked_on),
    result      supplier_check_result NOT NULL,
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    checked_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, supplier_id) REFERENCES suppliers (office_id, id),
    FOREIGN KEY (office_id, checked_by) REFERENCES users (office_id, id)
);
CREATE INDEX supplier_checks_supplier ON supplier_checks (office_id, supplier_id, kind, checked_on);

CREATE TABLE tenders (
    office_id                 uuid NOT NULL REFERENCES offices (id),
    id                        uuid NOT NULL,
    title                     text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description               text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    cpv                       text NOT NULL REFERENCES cpv_codes (code),
    contract_type             contract_type NOT NULL,
    procedure                 tender_procedure NOT NULL,
    framework                 boolean NOT NULL,
    assignment_id             uuid,
    pooled_procurement_id     uuid,
    estimated_value           numeric(16, 2) CHECK (estimated_value >= 0),
    planning_from             date NOT NULL,
    early_dialogue_on         date,
    notice_published_on       date,
    -- The notice's reference in the registered ad database (annonsdatabas) or TED.
    notice_reference          text CHECK (length(btrim(notice_reference)) BETWEEN 1 AND 200),
    tender_deadline           timestamptz,
    opening_at                timestamptz,
    award_decision_on         date,
    award_sent_electronically boolean NOT NULL DEFAULT true,
    -- Computed by the platform (Swedish public holidays, Easter included) when the award
    -- decision is entered, and kept so the database itself refuses a contract during it.
    standstill_last_day       date,
    contract_signed_on        date,
    cancelled_on              date,
    cancellation_reason       text CHECK (length(btrim(cancellation_reason)) BETWEEN 1 AND 2000),
    created_by                uuid,
    created_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, assignment_id) REFERENCES assignments (office_id, id),
    FOREIGN KEY (office_id, pooled_procurement_id) REFERENCES pooled_procurements (office_id, id),
    FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id),
    CONSTRAINT tenders_dialogue_order CHECK (early_dialogue_on >= planning_from),
    CONSTRAINT tenders_notice_order CHECK (notice_published_on >= planning_from AND notice_published_on >= early_dialogue_on),
    CONSTRAINT tenders_notice_reference CHECK ((notice_published_on IS NULL) = (notice_reference IS NULL)),
    CONSTRAINT tenders_deadline_order CHECK (tender_deadline IS NULL OR notice_published_on IS NOT NULL),
    CONSTRAINT tenders_opening_order CHECK (opening_at IS NULL OR opening_at >= tender_deadline),
    CONSTRAINT tenders_award_order CHECK (award_decision_on IS NULL OR opening_at IS NOT NULL),
    CONSTRAINT tenders_standstill CHECK ((award_decision_on IS NULL) = (standstill_last_day IS NULL)
        AND standstill_last_day >= award_decision_on + CASE WHEN award_sent_electronically THEN 10 ELSE 15 END),
    CONSTRAINT tenders_contract_order CHECK (contract_signed_on IS NULL OR contract_signed_on > standstill_last_day),
    CONSTRAINT tenders_cancellation CHECK ((cancelled_on IS NULL) = (cancellation_reason IS NULL)
        AND (cancelled_on IS NULL OR contract_signed_on IS NULL))
);
CREATE INDEX tenders_assignment ON tenders (office_id, assignment_id);

CREATE TABLE tender_lots (
    office_id       uuid NOT NULL,
    id              uuid NOT NULL,
    tender_id       uuid NOT NULL,
    number          integer NOT NULL CHECK (number BETWEEN 1 AND 999),
    title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    estimated_value numeric(16, 2) CHECK (estimated_value >= 0),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, tender_id, number),
    UNIQUE (office_id, tender_id, id),
    FOREIGN KEY (office_id, tender_id) REFERENCES tenders (office_id, id)
);

CREATE TABLE tender_documents (
    office_id uuid NOT NULL,
    id        uuid NOT NULL,
    tender_id uuid NOT NULL,
    kind      tender_document_kind NOT NULL,
    title     text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    reference text NOT NULL CHECK (length(btrim(reference)) BETWEEN 1 AND 500),
    dated     date NOT NULL,
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, tender_id) REFERENCES tenders (office_id, id)
);
CREATE INDEX tender_documents_tender ON tender_documents (office_id, tender_id);

CREATE TABLE bids (
    office_id     uuid NOT NULL,
    id            uuid NOT NULL,
    tender_id     uuid NOT NULL,
    lot_id        uuid NOT NULL,
    supplier_id   uuid NOT NULL,
    -- The evaluated price, SEK excluding VAT.
    price         numeric(16, 2) NOT NULL CHECK (price > 0),
    received_at   timestamptz NOT NULL,
    awarded       boolean NOT NULL DEFAULT false,
    registered_by uuid,
    registered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, lot_id, supplier_id),
    FOREIGN KEY (office_id, tender_id, lot_id) REFERENCES tender_lots (office_id, tender_id, id),
    FOREIGN KEY (office_id, supplier_id) REFERENCES suppliers (office_id, id),
    FOREIGN KEY (office_id, registered_by) REFERENCES users (office_id, id)
);
CREATE INDEX bids_tender ON bids (office_id, tender_id);

CREATE TABLE contracts (
    office_id               uuid NOT NULL REFERENCES offices (id),
    id                      uuid NOT NULL,
    reference               text NOT NULL CHECK (length(btrim(reference)) BETWEEN 1 AND 60),
    title                   text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description             text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    cpv                     text NOT NULL REFERENCES cpv_codes (code),
    framework               boolean NOT NULL,
    tender_id               uuid,
    lot_id                  uuid,
    start_on                date NOT NULL,
    end_on                  date NOT NULL CHECK (end_on >= start_on),
    estimated_value         numeric(16, 2) NOT NULL CHECK (estimated_value >= 0),
    maximum_value           numeric(16, 2) CHECK (maximum_value > 0),
    call_off_method         call_off_method NOT NULL,
    manager_id              uuid,
    activated_at            timestamptz,
    terminated_on           date CHECK (terminated_on >= start_on),
    successor_assignment_id uuid,
    created_by              uuid,
    created_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, reference),
    FOREIGN KEY (office_id, tender_id, lot_id) REFERENCES tender_lots (office_id, tender_id, id),
    FOREIGN KEY (office_id, manager_id) REFERENCES users (office_id, id),
    FOREIGN KEY (office_id, successor_assignment_id) REFERENCES assignments (office_id, id),
    FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id),
    CHECK ((tender_id IS NULL) = (lot_id IS NULL)),
    CHECK (terminated_on IS NULL OR activated_at IS NOT NULL)
);
CREATE INDEX contracts_end ON contracts (office_id, end_on);
CREATE INDEX contracts_tender ON contracts (office_id, tender_id);

CREATE TABLE contract_options (
    office_id   uuid NOT NULL,
    id          uuid NOT NULL,
    contract_id uuid NOT NULL,
    ordinal     integer NOT NULL CHECK (ordinal BETWEEN 1 AND 10),
    months      integer NOT NULL CHECK (months BETWEEN 1 AND 120),
    decision    option_decision NOT NULL DEFAULT 'open',
    decided_on  date,
    decided_by  uuid,
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, contract_id, ordinal),
    FOREIGN KEY (office_id, contract_id) REFERENCES contracts (office_id, id),
    FOREIGN KEY (office_id, decided_by) REFERENCES users (office_id, id),
    CHECK ((decision = 'open') = (decided_on IS NULL))
);

CREATE TABLE contract_suppliers (
    office_id   uuid NOT NULL,
    id          uuid NOT NULL,
    contract_id uuid NOT NULL,
    supplier_id uuid NOT NULL,
    -- The supplier's place in a ranked framework agreement, 1 first.
    rank        integer CHECK (rank BETWEEN 1 AND 99),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, contract_id, supplier_id),
    FOREIGN KEY (office_id, contract_id) REFERENCES contracts (office_id, id),
    FOREIGN KEY (office_id, supplier_id) REFERENCES suppliers (office_id, id)
);
CREATE INDEX contract_suppliers_supplier ON contract_suppliers (office_id, supplier_id);

CREATE TABLE contract_parties (
    office_id       uuid NOT NULL,
    id              uuid NOT NULL,
    contract_id     uuid NOT NULL,
    organisation_id uuid NOT NULL,
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, contract_id, organisation_id),
    FOREIGN KEY (office_id, contract_id) REFERENCES contracts (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id)
);
CREATE INDEX contract_parties_organisation ON contract_parties (office_id, organisation_id, contract_id);

-- The documentation of a direct award (LOU 19 a kap.): the buyer, the subject, the value and
-- the period are the contract's own; this adds how competition was sought, whom the office
-- asked, how many answered, and why the supplier was chosen.
CREATE TABLE direct_award_documentation (
    office_id          uuid NOT NULL,
    id                 uuid NOT NULL,
    contract_id        uuid NOT NULL,
    competition_method text NOT NULL CHECK (length(btrim(competition_method)) BETWEEN 1 AND 2000),
    suppliers_asked    integer NOT NULL CHECK (suppliers_asked BETWEEN 0 AND 1000),
    answers_received   integer NOT NULL CHECK (answers_received BETWEEN 0 AND suppliers_asked),
    winner_reason      text NOT NULL CHECK (length(btrim(winner_reason)) BETWEEN 1 AND 2000),
    documented_on      date NOT NULL,
    documented_by      uuid,
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, contract_id),
    FOREIGN KEY (office_id, contract_id) REFERENCES contracts (office_id, id),
    FOREIGN KEY (office_id, documented_by) REFERENCES users (office_id, id)
);

ALTER TABLE suppliers ENABLE ROW LEVEL SECURITY;
ALTER TABLE suppliers FORCE ROW LEVEL SECURITY;
ALTER TABLE supplier_checks ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_checks FORCE ROW LEVEL SECURITY;
ALTER TABLE tenders ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenders FORCE ROW LEVEL SECURITY;
ALTER TABLE tender_lots ENABLE ROW LEVEL SECURITY;
ALTER TABLE tender_lots FORCE ROW LEVEL SECURITY;
ALTER TABLE tender_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE tender_documents FORCE ROW LEVEL SECURITY;
ALTER TABLE bids ENABLE ROW LEVEL SECURITY;
ALTER TABLE bids FORCE ROW LEVEL SECURITY;
ALTER TABLE contracts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contracts FORCE ROW LEVEL SECURITY;
ALTER TABLE contract_options ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract_options FORCE ROW LEVEL SECURITY;
ALTER TABLE contract_suppliers ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract_suppliers FORCE ROW LEVEL SECURITY;
ALTER TABLE contract_parties ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract_parties FORCE ROW LEVEL SECURITY;
ALTER TABLE direct_award_documentation ENABLE ROW LEVEL SECURITY;
ALTER TABLE direct_award_documentation FORCE ROW LEVEL SECURITY;

-- The owner's own reads, for the SECURITY DEFINER functions below, within the transaction's office.
CREATE POLICY tenders_owner ON tenders FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY bids_owner ON bids FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY contracts_owner ON contracts FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY contract_parties_owner ON contract_parties FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY contract_suppliers_owner ON contract_suppliers FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY supplier_checks_owner ON supplier_checks FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY direct_award_documentation_owner ON direct_award_documentation FOR SELECT TO CURRENT_USER
    USING (office_id = (SELECT current_office_id()));

-- The contracts the acting member organisation is party to, and the activated ones the public
-- sees, each as one array. Policies compare with `= ANY ((SELECT …)::uuid[])`, an InitPlan evaluated
-- once per statement; a function called per row cost a member's register twelvefold at
-- national scale (the bench), and its parts' policies multiplied it again.
CREATE FUNCTION member_contract_ids() RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT coalesce(array_agg(contract_id), '{}') FROM public.contract_parties
        WHERE office_id = public.current_office_id() AND organisation_id = public.current_org_id()
    $$;
CREATE FUNCTION published_contract_ids() RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT coalesce(array_agg(id), '{}') FROM public.contracts
        WHERE office_id = public.current_office_id() AND activated_at IS NOT NULL
    $$;
REVOKE EXECUTE ON FUNCTION member_contract_ids(), published_contract_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION member_contract_ids(), published_contract_ids() TO samverkan_app;

-- Whether the supplier is on an activated contract: the public may know such a supplier.
CREATE FUNCTION supplier_published(p_office_id uuid, p_supplier_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT EXISTS (SELECT FROM public.contract_suppliers s
                       JOIN public.contracts c ON c.office_id = s.office_id AND c.id = s.contract_id
                       WHERE s.office_id = p_office_id AND s.supplier_id = p_supplier_id AND c.activated_at IS NOT NULL)
    $$;
-- The bids of a tender may be read: after the opening by the office's staff, after the award
-- decision by everyone signed in to the office (OSL 19 kap. 3 §).
CREATE FUNCTION bids_readable(p_office_id uuid, p_tender_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT coalesce((
            SELECT t.opening_at <= now() AND (
                public.acts_as_office_staff()
                OR (public.acts_inside_office() AND t.award_decision_on <= public.swedish_today()))
            FROM public.tenders t WHERE t.office_id = p_office_id AND t.id = p_tender_id), false)
    $$;
-- The tender's stage the public may see: published from the notice on.
CREATE FUNCTION tender_published(p_office_id uuid, p_tender_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT coalesce((SELECT notice_published_on <= public.swedish_today() FROM public.tenders
                         WHERE office_id = p_office_id AND id = p_tender_id), false)
    $$;
REVOKE EXECUTE ON FUNCTION supplier_published(uuid, uuid),
    bids_readable(uuid, uuid), tender_published(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION supplier_published(uuid, uuid),
    bids_readable(uuid, uuid), tender_published(uuid, uuid) TO samverkan_app;

-- The name of one of the office's staff (administrator, procurer, controller): a contract's
-- manager is an official contact, whom every member party to the contract may know, though
-- the users' own policy shows members only their own organisation's people. Nobody else's.
CREATE FUNCTION office_contact_name(p_user_id uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT u.name FROM public.users u
        WHERE u.office_id = public.current_office_id() AND u.id = p_user_id AND public.acts_inside_office()
          AND EXISTS (SELECT FROM public.role_assignments r
                      WHERE r.office_id = u.office_id AND r.user_id = u.id AND r.role IN ('administrator', 'procurer', 'controller'))
    $$;
REVOKE EXECUTE ON FUNCTION office_contact_name(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION office_contact_name(uuid) TO samverkan_app;

-- How many bids each lot of an awarded tender received: public once the award decision is
-- made (OCDS numberOfTenderers), never before, and never who or at what price.
CREATE FUNCTION awarded_bid_counts()
    RETURNS TABLE (tender_id uuid, lot_id uuid, bids integer)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT b.tender_id, b.lot_id, count(*)::integer
        FROM public.bids b JOIN public.tenders t ON t.office_id = b.office_id AND t.id = b.tender_id
        WHERE b.office_id = public.current_office_id() AND t.award_decision_on <= public.swedish_today()
              AND t.opening_at <= now()
        GROUP BY b.tender_id, b.lot_id
    $$;
REVOKE EXECUTE ON FUNCTION awarded_bid_counts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awarded_bid_counts() TO samverkan_app;

CREATE POLICY suppliers_read ON suppliers FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT acts_inside_office()) OR supplier_published(office_id, id)));
CREATE POLICY suppliers_create ON suppliers FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));
CREATE POLICY suppliers_update ON suppliers FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY supplier_checks_read ON supplier_checks FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT reads_office_wide()));
CREATE POLICY supplier_checks_create ON supplier_checks FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register())
                AND (checked_by = (SELECT current_app_user_id()) OR (SELECT current_app_role()) = 'system'));

CREATE POLICY tenders_read ON tenders FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT acts_inside_office()) OR notice_published_on <= (SELECT swedish_today())));
CREATE POLICY tenders_create ON tenders FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()));
CREATE POLICY tenders_update ON tenders FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY tender_lots_read ON tender_lots FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT acts_inside_office()) OR tender_published(office_id, tender_id)));
CREATE POLICY tender_lots_create ON tender_lots FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()));

CREATE POLICY tender_documents_read ON tender_documents FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT acts_inside_office()) OR (tender_published(office_id, tender_id)
                AND (kind IN ('notice', 'procurement_documents', 'clarification')
                     OR EXISTS (SELECT FROM tenders t WHERE t.office_id = tender_documents.office_id
                                AND t.id = tender_documents.tender_id AND t.award_decision_on <= (SELECT swedish_today()))))));
CREATE POLICY tender_documents_create ON tender_documents FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()));

-- Time and role, in the database: before the opening nobody reads a bid, not even its
-- existence; until the award decision only the office's staff.
CREATE POLICY bids_read ON bids FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND bids_readable(office_id, tender_id));
CREATE POLICY bids_register ON bids FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff())
                AND (registered_by = (SELECT current_app_user_id()) OR (SELECT current_app_role()) = 'system'));
-- Marking the winners with the award decision: after the opening, by the procurement staff.
CREATE POLICY bids_award ON bids FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff())
           AND bids_readable(office_id, tender_id))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY contracts_read ON contracts FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT reads_office_wide()) OR (SELECT acts_on_committee())
        OR ((SELECT acts_for_member()) AND id = ANY ((SELECT member_contract_ids())::uuid[]))
        OR ((SELECT current_app_role()) = 'public' AND activated_at IS NOT NULL)));
CREATE POLICY contracts_create ON contracts FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));
CREATE POLICY contracts_update ON contracts FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()))
    WITH CHECK (office_id = (SELECT current_office_id()));

-- A contract's parts are seen by whoever sees the contract (the same rule as contracts_read).
CREATE POLICY contract_options_read ON contract_options FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT reads_office_wide()) OR (SELECT acts_on_committee())
        OR ((SELECT acts_for_member()) AND contract_id = ANY ((SELECT member_contract_ids())::uuid[]))
        OR ((SELECT current_app_role()) = 'public' AND contract_id = ANY ((SELECT published_contract_ids())::uuid[]))));
CREATE POLICY contract_options_create ON contract_options FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));
CREATE POLICY contract_options_decide ON contract_options FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()))
    WITH CHECK (office_id = (SELECT current_office_id())
                AND (decided_by = (SELECT current_app_user_id()) OR (SELECT current_app_role()) = 'system'));

CREATE POLICY contract_suppliers_read ON contract_suppliers FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT reads_office_wide()) OR (SELECT acts_on_committee())
        OR ((SELECT acts_for_member()) AND contract_id = ANY ((SELECT member_contract_ids())::uuid[]))
        OR ((SELECT current_app_role()) = 'public' AND contract_id = ANY ((SELECT published_contract_ids())::uuid[]))));
CREATE POLICY contract_suppliers_create ON contract_suppliers FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));
CREATE POLICY contract_suppliers_remove ON contract_suppliers FOR DELETE
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));

CREATE POLICY contract_parties_read ON contract_parties FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT reads_office_wide()) OR (SELECT acts_on_committee())
        OR ((SELECT acts_for_member()) AND contract_id = ANY ((SELECT member_contract_ids())::uuid[]))
        OR ((SELECT current_app_role()) = 'public' AND contract_id = ANY ((SELECT published_contract_ids())::uuid[]))));
CREATE POLICY contract_parties_create ON contract_parties FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));
CREATE POLICY contract_parties_remove ON contract_parties FOR DELETE
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));

CREATE POLICY direct_award_documentation_read ON direct_award_documentation FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_inside_office()) AND EXISTS (
        SELECT FROM contracts c WHERE c.office_id = direct_award_documentation.office_id
                                  AND c.id = direct_award_documentation.contract_id));
CREATE POLICY direct_award_documentation_create ON direct_award_documentation FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_contract_register()));

GRANT SELECT, INSERT, UPDATE ON suppliers, tenders, contracts, contract_options, bids TO samverkan_app;
GRANT SELECT, INSERT ON supplier_checks, tender_lots, tender_documents, direct_award_documentation TO samverkan_app;
GRANT SELECT, INSERT, DELETE ON contract_suppliers, contract_parties TO samverkan_app;

-- The opening cannot be moved once it has passed, nor moved into the past: nobody reads the
-- bids early by changing the clock of the tender. A cancelled tender, or one with a contract,
-- is settled.
CREATE FUNCTION tenders_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    IF (NEW.office_id, NEW.id, NEW.created_by, NEW.created_at) IS DISTINCT FROM (OLD.office_id, OLD.id, OLD.created_by, OLD.created_at) THEN
        RAISE EXCEPTION 'a tender keeps its identity' USING ERRCODE = '42501';
    END IF;
    IF OLD.cancelled_on IS NOT NULL OR OLD.contract_signed_on IS NOT NULL THEN
        RAISE EXCEPTION 'the tender is settled' USING ERRCODE = '23514', CONSTRAINT = 'tenders_settled';
    END IF;
    IF NEW.opening_at IS DISTINCT FROM OLD.opening_at THEN
        IF OLD.opening_at <= now() THEN
            RAISE EXCEPTION 'the opening has passed and cannot be moved' USING ERRCODE = '23514', CONSTRAINT = 'tenders_opening_passed';
        END IF;
        IF NEW.opening_at < now() AND public.current_app_role() <> 'system' THEN
            RAISE EXCEPTION 'the opening cannot be set in the past' USING ERRCODE = '23514', CONSTRAINT = 'tenders_opening_past';
        END IF;
    END IF;
    IF NEW.tender_deadline IS DISTINCT FROM OLD.tender_deadline AND OLD.tender_deadline <= now() THEN
        RAISE EXCEPTION 'the tender deadline has passed and cannot be moved' USING ERRCODE = '23514', CONSTRAINT = 'tenders_deadline_passed';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER tenders_guard BEFORE UPDATE ON tenders FOR EACH ROW EXECUTE FUNCTION tenders_guard();

-- A bid is registered for an open tender, received by its deadline; after that only its
-- `awarded` mark changes, and only once the award decision is entered.
CREATE FUNCTION bids_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    tender public.tenders;
BEGIN
    SELECT * INTO tender FROM public.tenders WHERE office_id = NEW.office_id AND id = NEW.tender_id;
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'awarded') <> (to_jsonb(OLD) - 'awarded') THEN
            RAISE EXCEPTION 'a bid is not changed once registered' USING ERRCODE = '42501';
        END IF;
        IF tender.award_decision_on IS NULL OR tender.contract_signed_on IS NOT NULL THEN
            RAISE EXCEPTION 'bids are awarded with the award decision' USING ERRCODE = '23514', CONSTRAINT = 'bids_award_decision';
        END IF;
        RETURN NEW;
    END IF;
    IF tender.cancelled_on IS NOT NULL OR tender.award_decision_on IS NOT NULL THEN
        RAISE EXCEPTION 'the tender takes no more bids' USING ERRCODE = '23514', CONSTRAINT = 'bids_tender_open';
    END IF;
    IF tender.tender_deadline IS NULL OR NEW.received_at > tender.tender_deadline THEN
        RAISE EXCEPTION 'the bid was received after the tender deadline' USING ERRCODE = '23514', CONSTRAINT = 'bids_deadline';
    END IF;
    IF NEW.received_at > now() THEN
        RAISE EXCEPTION 'a bid cannot be received in the future' USING ERRCODE = '23514', CONSTRAINT = 'bids_received';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER bids_guard BEFORE INSERT OR UPDATE ON bids FOR EACH ROW EXECUTE FUNCTION bids_guard();

-- The required checks (SupplierVetting in the domain): the latest check of each kind made by
-- the day is passed and still valid.
CREATE FUNCTION supplier_cleared(p_office_id uuid, p_supplier_id uuid, p_on date) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT bool_and(coalesce((
            SELECT c.result = 'passed' AND p_on <= c.valid_until
            FROM public.supplier_checks c
            WHERE c.office_id = p_office_id AND c.supplier_id = p_supplier_id AND c.kind = k.kind AND c.checked_on <= p_on
            ORDER BY c.checked_on DESC, c.created_at DESC LIMIT 1), false))
        FROM unnest('{f_tax,taxes_and_debts,exclusion_grounds}'::public.supplier_check_kind[]) AS k (kind)
    $$;
REVOKE EXECUTE ON FUNCTION supplier_cleared(uuid, uuid, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION supplier_cleared(uuid, uuid, date) TO samverkan_app;

-- Activation is where the law bites: every supplier cleared by its checks, at least one
-- party, no contract during the standstill, and a direct award at or above the limit
-- documented. Once active, the contract's terms stay as signed: only its options, its
-- termination, its successor and its manager change.
CREATE FUNCTION contracts_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    uncleared integer;
    last_standstill date;
    limit_sek numeric;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.activated_at IS NOT NULL THEN
        IF (to_jsonb(NEW) - '{terminated_on,successor_assignment_id,manager_id}'::text[])
           <> (to_jsonb(OLD) - '{terminated_on,successor_assignment_id,manager_id}'::text[]) THEN
            RAISE EXCEPTION 'an active contract keeps its terms' USING ERRCODE = '23514', CONSTRAINT = 'contracts_terms_kept';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.activated_at IS NULL THEN RETURN NEW; END IF;
    SELECT count(*) INTO uncleared FROM public.contract_suppliers s
        WHERE s.office_id = NEW.office_id AND s.contract_id = NEW.id
          AND NOT public.supplier_cleared(s.office_id, s.supplier_id, public.swedish_today());
    IF uncleared > 0 THEN
        RAISE EXCEPTION 'a supplier lacks current checks' USING ERRCODE = '23514', CONSTRAINT = 'contracts_suppliers_cleared';
    END IF;
    IF NOT EXISTS (SELECT FROM public.contract_suppliers WHERE office_id = NEW.office_id AND contract_id = NEW.id) THEN
        RAISE EXCEPTION 'a contract needs a supplier' USING ERRCODE = '23514', CONSTRAINT = 'contracts_supplier';
    END IF;
    IF NOT EXISTS (SELECT FROM public.contract_parties WHERE office_id = NEW.office_id AND contract_id = NEW.id) THEN
        RAISE EXCEPTION 'a contract needs a party' USING ERRCODE = '23514', CONSTRAINT = 'contracts_party';
    END IF;
    IF NEW.tender_id IS NOT NULL THEN
        SELECT standstill_last_day INTO last_standstill FROM public.tenders WHERE office_id = NEW.office_id AND id = NEW.tender_id;
        IF last_standstill IS NULL OR public.swedish_today() <= last_standstill THEN
            RAISE EXCEPTION 'no contract before the standstill has ended' USING ERRCODE = '23514', CONSTRAINT = 'contracts_standstill';
        END IF;
    ELSE
        SELECT t.sek INTO limit_sek FROM public.thresholds t
            WHERE t.law = 'LOU' AND t.kind = 'direct_award_documentation' AND t.valid_from <= NEW.start_on
              AND (t.valid_to IS NULL OR NEW.start_on <= t.valid_to)
            ORDER BY t.valid_from DESC LIMIT 1;
        IF limit_sek IS NOT NULL AND NEW.estimated_value >= limit_sek AND NOT EXISTS (
            SELECT FROM public.direct_award_documentation WHERE office_id = NEW.office_id AND contract_id = NEW.id) THEN
            RAISE EXCEPTION 'the direct award must be documented' USING ERRCODE = '23514', CONSTRAINT = 'contracts_documented';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER contracts_guard BEFORE INSERT OR UPDATE ON contracts FOR EACH ROW EXECUTE FUNCTION contracts_guard();

-- The first contract activated from a tender is its contract day: the database records it in
-- the same transaction, whoever of the register's keepers activates it.
CREATE POLICY tenders_owner_signing ON tenders FOR UPDATE TO CURRENT_USER
    USING (office_id = (SELECT current_office_id())) WITH CHECK (office_id = (SELECT current_office_id()));
CREATE FUNCTION contracts_record_signing() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    UPDATE public.tenders SET contract_signed_on = public.swedish_today()
     WHERE office_id = NEW.office_id AND id = NEW.tender_id AND contract_signed_on IS NULL;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION contracts_record_signing() FROM PUBLIC;
CREATE TRIGGER contracts_record_signing AFTER UPDATE OF activated_at ON contracts
    FOR EACH ROW WHEN (OLD.activated_at IS NULL AND NEW.activated_at IS NOT NULL AND NEW.tender_id IS NOT NULL)
    EXECUTE FUNCTION contracts_record_signing();

-- An active contract's suppliers and parties are as signed. A pooled tender's contracts bind
-- only members that confirmed their participation.
CREATE FUNCTION contract_parts_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    subject jsonb := to_jsonb(coalesce(NEW, OLD));
    contract public.contracts;
    pooled uuid;
BEGIN
    SELECT * INTO contract FROM public.contracts
        WHERE office_id = (subject ->> 'office_id')::uuid AND id = (subject ->> 'contract_id')::uuid;
    IF contract.activated_at IS NOT NULL THEN
        RAISE EXCEPTION 'an active contract keeps its suppliers and parties' USING ERRCODE = '23514', CONSTRAINT = 'contracts_terms_kept';
    END IF;
    IF TG_TABLE_NAME = 'contract_parties' AND TG_OP = 'INSERT' AND contract.tender_id IS NOT NULL THEN
        SELECT pooled_procurement_id INTO pooled FROM public.tenders WHERE office_id = contract.office_id AND id = contract.tender_id;
        IF pooled IS NOT NULL AND NOT EXISTS (
            SELECT FROM public.pooled_participants p
            WHERE p.office_id = contract.office_id AND p.pooled_procurement_id = pooled
              AND p.organisation_id = NEW.organisation_id AND p.status = 'confirmed') THEN
            RAISE EXCEPTION 'only a member that confirmed its participation becomes a party'
                USING ERRCODE = '23514', CONSTRAINT = 'contract_parties_confirmed';
        END IF;
    END IF;
    RETURN coalesce(NEW, OLD);
END
$$;
CREATE TRIGGER contract_parts_guard BEFORE INSERT OR DELETE ON contract_suppliers
    FOR EACH ROW EXECUTE FUNCTION contract_parts_guard();
CREATE TRIGGER contract_parts_guard BEFORE INSERT OR DELETE ON contract_parties
    FOR EACH ROW EXECUTE FUNCTION contract_parts_guard();

-- Options are used in order, once: the next open one only, and a decision stands.
CREATE FUNCTION contract_options_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    IF (NEW.office_id, NEW.id, NEW.contract_id, NEW.ordinal, NEW.months)
       IS DISTINCT FROM (OLD.office_id, OLD.id, OLD.contract_id, OLD.ordinal, OLD.months) THEN
        RAISE EXCEPTION 'an option keeps its place and length' USING ERRCODE = '42501';
    END IF;
    IF OLD.decision <> 'open' THEN
        RAISE EXCEPTION 'the option is decided already' USING ERRCODE = '23514', CONSTRAINT = 'contract_options_decided';
    END IF;
    IF EXISTS (SELECT FROM public.contract_options o WHERE o.office_id = NEW.office_id AND o.contract_id = NEW.contract_id
               AND o.ordinal < NEW.ordinal AND o.decision <> 'exercised') THEN
        RAISE EXCEPTION 'options are used in order' USING ERRCODE = '23514', CONSTRAINT = 'contract_options_order';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER contract_options_guard BEFORE UPDATE ON contract_options FOR EACH ROW EXECUTE FUNCTION contract_options_guard();

-- The audit trail records that a bid was registered, never by whom or at what price: the
-- controllers who read the trail must not read a bid before the opening through it.
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON bids
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('supplier_id', 'price');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON suppliers FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON supplier_checks FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON tenders FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON tender_lots FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON tender_documents FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON contracts FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON contract_options FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR DELETE ON contract_suppliers FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR DELETE ON contract_parties FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON direct_award_documentation FOR EACH ROW EXECUTE FUNCTION audit_row_change();
