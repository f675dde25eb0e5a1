-- Needs and pooling: the office's procurement plan and the members' answers, members' own
-- needs, their direct purchases, and pooled procurements (samordnade upphandlingar) with their
-- participants.
--
-- Who sees what (DESIGN §4): office staff see everything; a member's users (coordinator,
-- orderer, viewer for that member) see their own organisation's needs, answers and direct
-- purchases, the published plan, every pooled procurement of the office (the catalogue to
-- join) with its totals, and their own participation; other members' volumes only once the
-- office publishes the participants list. The committee sees the pooled procurements and
-- their participants; the needs behind them reach the committee with the agenda (later).

-- Reads like the office (staff, or a viewer not tied to one member).
CREATE FUNCTION reads_office_wide() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT acts_as_office_staff() OR coalesce(current_app_role() = 'viewer' AND current_org_id() IS NULL, false) $$;
-- Runs the pooling work: plans, pooled procurements, participants.
CREATE FUNCTION acts_as_procurement_staff() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_app_role() IN ('administrator', 'procurer', 'system'), false) $$;
-- Acts for one member organisation (its coordinator, orderer or viewer).
CREATE FUNCTION acts_for_member() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_app_role() IN ('coordinator', 'orderer', 'viewer') AND current_org_id() IS NOT NULL, false) $$;
CREATE FUNCTION acts_on_committee() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_app_role() IN ('committee_chair', 'committee_member', 'committee_substitute'), false) $$;
-- Deadlines are Swedish calendar days, whatever the session's time zone.
CREATE FUNCTION swedish_today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT (now() AT TIME ZONE 'Europe/Stockholm')::date $$;
GRANT EXECUTE ON FUNCTION reads_office_wide(), acts_as_procurement_staff(), acts_for_member(),
    acts_on_committee(), swedish_today() TO samverkan_app;

CREATE TYPE contract_type AS ENUM ('supplies', 'services', 'works', 'social_services');
CREATE TYPE plan_decision AS ENUM ('join', 'decline');
CREATE TYPE need_status AS ENUM ('submitted', 'withdrawn');
CREATE TYPE participation_status AS ENUM ('proposed', 'confirmed', 'withdrawn');
CREATE TYPE cost_basis AS ENUM ('volume', 'population');

-- The procurement plan (upphandlingsplan): pooled procurements the office intends to run,
-- which members answer by a deadline. A draft is seen by staff only until it is published.
CREATE TABLE plan_items (
    office_id       uuid NOT NULL REFERENCES offices (id),
    id              uuid NOT NULL,
    title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description     text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    cpv             text NOT NULL REFERENCES cpv_codes (code),
    contract_type   contract_type NOT NULL,
    law             procurement_law NOT NULL DEFAULT 'LOU',
    framework       boolean NOT NULL DEFAULT true,
    planned_start   date NOT NULL,
    contract_months integer NOT NULL CHECK (contract_months BETWEEN 1 AND 1200),
    -- Extension options in months, e.g. {12,12} for "2 + 1 + 1 år" with contract_months 24.
    option_months   integer[] NOT NULL DEFAULT '{}' CHECK (0 < ALL (option_months) AND cardinality(option_months) <= 10),
    answer_deadline date NOT NULL,
    published_at    timestamptz,
    created_by      uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id)
);

-- A member's answer to a plan item: join with its estimated yearly volume, or decline.
CREATE TABLE plan_answers (
    office_id       uuid NOT NULL,
    id              uuid NOT NULL,
    plan_item_id    uuid NOT NULL,
    organisation_id uuid NOT NULL,
    decision        plan_decision NOT NULL,
    quantity        numeric(18, 3) CHECK (quantity > 0),
    unit            text CHECK (length(btrim(unit)) BETWEEN 1 AND 40),
    -- Estimated yearly value in SEK excluding VAT.
    yearly_value    numeric(16, 2) CHECK (yearly_value >= 0),
    comment         text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    answered_by     uuid NOT NULL,
    answered_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, plan_item_id, organisation_id),
    FOREIGN KEY (office_id, plan_item_id) REFERENCES plan_items (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
    FOREIGN KEY (office_id, answered_by) REFERENCES users (office_id, id),
    CHECK (CASE decision
        WHEN 'join' THEN quantity IS NOT NULL AND unit IS NOT NULL AND yearly_value IS NOT NULL
        ELSE quantity IS NULL AND unit IS NULL AND yearly_value IS NULL END)
);
CREATE INDEX plan_answers_organisation ON plan_answers (office_id, organisation_id);

-- A pooled procurement (samordnad upphandling): the volumes of several members in one tender.
-- Its value and procedure are computed from the participants and the thresholds valid on the
-- planned start, never stored, so that they follow every confirmation and withdrawal.
CREATE TABLE pooled_procurements (
    office_id             uuid NOT NULL REFERENCES offices (id),
    id                    uuid NOT NULL,
    title                 text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description           text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    cpv                   text NOT NULL REFERENCES cpv_codes (code),
    contract_type         contract_type NOT NULL,
    law                   procurement_law NOT NULL DEFAULT 'LOU',
    buyer                 buyer_category NOT NULL DEFAULT 'sub_central',
    framework             boolean NOT NULL,
    planned_start         date NOT NULL,
    contract_months       integer NOT NULL CHECK (contract_months BETWEEN 1 AND 1200),
    option_months         integer[] NOT NULL DEFAULT '{}' CHECK (0 < ALL (option_months) AND cardinality(option_months) <= 10),
    -- A framework agreement's maximum value (CJEU C-23/20); it has no effect beyond it.
    maximum_value         numeric(16, 2) CHECK (maximum_value > 0),
    plan_item_id          uuid,
    confirmation_deadline date NOT NULL,
    participants_published boolean NOT NULL DEFAULT false,
    -- The office's own cost of running it, shared among the participants.
    office_cost           numeric(16, 2) CHECK (office_cost >= 0),
    cost_basis            cost_basis,
    cost_allocated_at     timestamptz,
    created_by            uuid,
    created_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, plan_item_id) REFERENCES plan_items (office_id, id),
    FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id),
    CHECK ((office_cost IS NULL) = (cost_basis IS NULL))
);
CREATE UNIQUE INDEX pooled_procurements_plan_item ON pooled_procurements (office_id, plan_item_id)
    WHERE plan_item_id IS NOT NULL;

-- A member's participation: proposed by the office, then confirmed (a recorded commitment,
-- anslutning) or withdrawn by the member's coordinator before the deadline.
CREATE TABLE pooled_participants (
    office_id             uuid NOT NULL,
    id                    uuid NOT NULL,
    pooled_procurement_id uuid NOT NULL,
    organisation_id       uuid NOT NULL,
    quantity              numeric(18, 3) CHECK (quantity > 0),
    unit                  text CHECK (length(btrim(unit)) BETWEEN 1 AND 40),
    yearly_value          numeric(16, 2) NOT NULL CHECK (yearly_value >= 0),
    status                participation_status NOT NULL DEFAULT 'proposed',
    decided_by            uuid,
    decided_at            timestamptz,
    -- The member's part of the office's cost, as last allocated.
    cost_share            numeric(16, 2) CHECK (cost_share >= 0),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, pooled_procurement_id, organisation_id),
    FOREIGN KEY (office_id, pooled_procurement_id) REFERENCES pooled_procurements (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
    FOREIGN KEY (office_id, decided_by) REFERENCES users (office_id, id),
    CHECK ((status = 'proposed') = (decided_at IS NULL))
);
CREATE INDEX pooled_participants_organisation ON pooled_participants (office_id, organisation_id);

-- A need (behovsanmälan) a member registers that no plan item covers.
CREATE TABLE needs (
    office_id             uuid NOT NULL,
    id                    uuid NOT NULL,
    organisation_id       uuid NOT NULL,
    cpv                   text NOT NULL REFERENCES cpv_codes (code),
    title                 text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description           text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    quantity              numeric(18, 3) NOT NULL CHECK (quantity > 0),
    unit                  text NOT NULL CHECK (length(btrim(unit)) BETWEEN 1 AND 40),
    yearly_value          numeric(16, 2) NOT NULL CHECK (yearly_value >= 0),
    wanted_start          date NOT NULL,
    months                integer NOT NULL CHECK (months BETWEEN 1 AND 1200),
    status                need_status NOT NULL DEFAULT 'submitted',
    -- Set when the office pools the need into a procurement.
    pooled_procurement_id uuid,
    created_by            uuid NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
    FOREIGN KEY (office_id, pooled_procurement_id) REFERENCES pooled_procurements (office_id, id),
    FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id)
);
CREATE INDEX needs_organisation ON needs (office_id, organisation_id);
CREATE INDEX needs_cpv ON needs (office_id, cpv);

-- A direct purchase (direktupphandling) a member made, so that purchases of the same kind
-- over twelve months can be added up against the direct-award limit.
CREATE TABLE direct_purchases (
    office_id                    uuid NOT NULL,
    id                           uuid NOT NULL,
    organisation_id              uuid NOT NULL,
    cpv                          text NOT NULL REFERENCES cpv_codes (code),
    description                  text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 500),
    supplier_name                text NOT NULL CHECK (length(btrim(supplier_name)) BETWEEN 1 AND 200),
    supplier_organisation_number text CHECK (supplier_organisation_number ~ '^[0-9]{10}$'),
    purchase_date                date NOT NULL,
    value                        numeric(16, 2) NOT NULL CHECK (value > 0),
    registered_by                uuid NOT NULL,
    registered_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
    FOREIGN KEY (office_id, registered_by) REFERENCES users (office_id, id)
);
CREATE INDEX direct_purchases_organisation ON direct_purchases (office_id, organisation_id, purchase_date);

ALTER TABLE plan_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_items FORCE ROW LEVEL SECURITY;
ALTER TABLE plan_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_answers FORCE ROW LEVEL SECURITY;
ALTER TABLE pooled_procurements ENABLE ROW LEVEL SECURITY;
ALTER TABLE pooled_procurements FORCE ROW LEVEL SECURITY;
ALTER TABLE pooled_participants ENABLE ROW LEVEL SECURITY;
ALTER TABLE pooled_participants FORCE ROW LEVEL SECURITY;
ALTER TABLE needs ENABLE ROW LEVEL SECURITY;
ALTER TABLE needs FORCE ROW LEVEL SECURITY;
ALTER TABLE direct_purchases ENABLE ROW LEVEL SECURITY;
ALTER TABLE direct_purchases FORCE ROW LEVEL SECURITY;

CREATE POLICY plan_items_read ON plan_items FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT reads_office_wide()) OR published_at IS NOT NULL));
CREATE POLICY plan_items_create ON plan_items FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()));
CREATE POLICY plan_items_update ON plan_items FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY plan_answers_read ON plan_answers FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT reads_office_wide())
        OR ((SELECT acts_for_member()) AND organisation_id = (SELECT current_org_id()))));
-- Only the member's coordinator answers, in their own name (the system, loading data, too).
CREATE POLICY plan_answers_answer ON plan_answers FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (
        (SELECT current_app_role()) = 'system'
        OR ((SELECT current_app_role()) = 'coordinator' AND organisation_id = (SELECT current_org_id())
            AND answered_by = (SELECT current_app_user_id()))));
CREATE POLICY plan_answers_change ON plan_answers FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT current_app_role()) = 'system'
        OR ((SELECT current_app_role()) = 'coordinator' AND organisation_id = (SELECT current_org_id()))))
    WITH CHECK (office_id = (SELECT current_office_id()) AND (
        (SELECT current_app_role()) = 'system'
        OR ((SELECT current_app_role()) = 'coordinator' AND organisation_id = (SELECT current_org_id())
            AND answered_by = (SELECT current_app_user_id()))));

CREATE POLICY pooled_procurements_read ON pooled_procurements FOR SELECT
    USING (office_id = (SELECT current_office_id()));
CREATE POLICY pooled_procurements_create ON pooled_procurements FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()));
CREATE POLICY pooled_procurements_update ON pooled_procurements FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY pooled_participants_read ON pooled_participants FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT reads_office_wide()) OR (SELECT acts_on_committee())
        OR ((SELECT acts_for_member()) AND (
            organisation_id = (SELECT current_org_id())
            OR EXISTS (SELECT FROM pooled_procurements p
                       WHERE p.office_id = pooled_participants.office_id
                         AND p.id = pooled_participants.pooled_procurement_id
                         AND p.participants_published)))));
CREATE POLICY pooled_participants_create ON pooled_participants FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()));
CREATE POLICY pooled_participants_remove ON pooled_participants FOR DELETE
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_as_procurement_staff()));
-- Staff change anything; a coordinator confirms or withdraws their own member (the trigger
-- below keeps them to that, and to the deadline).
CREATE POLICY pooled_participants_update ON pooled_participants FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT acts_as_procurement_staff())
        OR ((SELECT current_app_role()) = 'coordinator' AND organisation_id = (SELECT current_org_id()))))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY needs_read ON needs FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT reads_office_wide())
        OR ((SELECT acts_for_member()) AND organisation_id = (SELECT current_org_id()))));
CREATE POLICY needs_create ON needs FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (
        (SELECT current_app_role()) = 'system'
        OR ((SELECT current_app_role()) = 'coordinator' AND organisation_id = (SELECT current_org_id())
            AND created_by = (SELECT current_app_user_id()))));
CREATE POLICY needs_update ON needs FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT acts_as_procurement_staff())
        OR ((SELECT current_app_role()) = 'coordinator' AND organisation_id = (SELECT current_org_id()))))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY direct_purchases_read ON direct_purchases FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT reads_office_wide())
        OR ((SELECT acts_for_member()) AND organisation_id = (SELECT current_org_id()))));
CREATE POLICY direct_purchases_create ON direct_purchases FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (
        (SELECT current_app_role()) = 'system'
        OR ((SELECT current_app_role()) IN ('coordinator', 'orderer') AND organisation_id = (SELECT current_org_id())
            AND registered_by = (SELECT current_app_user_id()))));

GRANT SELECT, INSERT, UPDATE ON plan_items, plan_answers, pooled_procurements, needs TO samverkan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON pooled_participants TO samverkan_app;
GRANT SELECT, INSERT ON direct_purchases TO samverkan_app;

-- A member answers only a published plan item, and only until its deadline.
CREATE FUNCTION plan_answers_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    item public.plan_items;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.office_id, NEW.id, NEW.plan_item_id, NEW.organisation_id)
                            IS DISTINCT FROM (OLD.office_id, OLD.id, OLD.plan_item_id, OLD.organisation_id) THEN
        RAISE EXCEPTION 'an answer stays with its plan item and member' USING ERRCODE = '42501';
    END IF;
    IF public.current_app_role() = 'system' THEN RETURN NEW; END IF;
    SELECT * INTO item FROM public.plan_items WHERE office_id = NEW.office_id AND id = NEW.plan_item_id;
    IF item.published_at IS NULL THEN
        RAISE EXCEPTION 'the plan item is not published' USING ERRCODE = '23514', CONSTRAINT = 'plan_answers_published';
    END IF;
    IF public.swedish_today() > item.answer_deadline THEN
        RAISE EXCEPTION 'the answer deadline has passed' USING ERRCODE = '23514', CONSTRAINT = 'plan_answers_deadline';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER plan_answers_guard BEFORE INSERT OR UPDATE ON plan_answers
    FOR EACH ROW EXECUTE FUNCTION plan_answers_guard();

-- A coordinator changes only the participation decision of their own member, before the
-- deadline, and never un-withdraws into 'proposed'.
CREATE FUNCTION pooled_participants_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    deadline date;
BEGIN
    IF public.acts_as_procurement_staff() THEN RETURN NEW; END IF;
    IF (NEW.office_id, NEW.id, NEW.pooled_procurement_id, NEW.organisation_id, NEW.quantity, NEW.unit,
        NEW.yearly_value, NEW.cost_share)
       IS DISTINCT FROM (OLD.office_id, OLD.id, OLD.pooled_procurement_id, OLD.organisation_id, OLD.quantity,
                         OLD.unit, OLD.yearly_value, OLD.cost_share)
       OR NEW.status = 'proposed' OR NEW.decided_by IS DISTINCT FROM public.current_app_user_id() THEN
        RAISE EXCEPTION 'a member only confirms or withdraws its participation' USING ERRCODE = '42501';
    END IF;
    SELECT confirmation_deadline INTO deadline FROM public.pooled_procurements
        WHERE office_id = NEW.office_id AND id = NEW.pooled_procurement_id;
    IF public.swedish_today() > deadline THEN
        RAISE EXCEPTION 'the confirmation deadline has passed' USING ERRCODE = '23514', CONSTRAINT = 'pooled_participants_deadline';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER pooled_participants_guard BEFORE UPDATE ON pooled_participants
    FOR EACH ROW EXECUTE FUNCTION pooled_participants_guard();

-- The office pools a need (and nothing else of it); its member edits or withdraws it while
-- it is not yet pooled.
CREATE FUNCTION needs_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    IF (NEW.office_id, NEW.id, NEW.organisation_id, NEW.created_by, NEW.created_at)
       IS DISTINCT FROM (OLD.office_id, OLD.id, OLD.organisation_id, OLD.created_by, OLD.created_at) THEN
        RAISE EXCEPTION 'a need stays with its member' USING ERRCODE = '42501';
    END IF;
    IF public.current_app_role() = 'system' THEN RETURN NEW; END IF;
    IF public.acts_as_procurement_staff() THEN
        IF (to_jsonb(NEW) - 'pooled_procurement_id') <> (to_jsonb(OLD) - 'pooled_procurement_id') THEN
            RAISE EXCEPTION 'the office only pools a member''s need' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.pooled_procurement_id IS DISTINCT FROM OLD.pooled_procurement_id OR OLD.pooled_procurement_id IS NOT NULL THEN
        RAISE EXCEPTION 'a pooled need is changed through its procurement' USING ERRCODE = '23514', CONSTRAINT = 'needs_pooled';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER needs_guard BEFORE UPDATE ON needs
    FOR EACH ROW EXECUTE FUNCTION needs_guard();

-- The owner adds up participants for pooled_procurement_totals() below, within the office of
-- the transaction only.
CREATE POLICY pooled_participants_owner_totals ON pooled_participants FOR SELECT TO CURRENT_USER
    USING (office_id = (SELECT current_office_id()));

-- The size of each pooled procurement of the office: how many take part and their summed
-- yearly value. Everyone in the office may know it (the catalogue to join, and a member's own
-- share), even when the participants' own volumes are not published.
CREATE FUNCTION pooled_procurement_totals()
    RETURNS TABLE (pooled_procurement_id uuid, participants integer, confirmed integer, yearly_value numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT p.pooled_procurement_id, count(*)::integer, (count(*) FILTER (WHERE p.status = 'confirmed'))::integer,
               sum(p.yearly_value)
        FROM public.pooled_participants p
        WHERE p.office_id = public.current_office_id() AND p.status <> 'withdrawn'
        GROUP BY p.pooled_procurement_id
    $$;
REVOKE EXECUTE ON FUNCTION pooled_procurement_totals() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pooled_procurement_totals() TO samverkan_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE ON plan_items
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON plan_answers
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON pooled_procurements
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON pooled_participants
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON needs
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON direct_purchases
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
