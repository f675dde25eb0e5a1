-- The spend tables' references, checked once per statement instead of once per row.
--
-- An import writes up to millions of lines in one INSERT. A foreign key checks each new row on
-- its own: a query and a lock on the parent row per line, which was more than half of what
-- inserting the lines and invoices cost (`samverkan bench import`). The same guarantees are
-- kept set-wise: after each INSERT statement one query finds any new row without its parent,
-- and a parent still referred to can be neither removed nor given another key. They are also
-- a little stronger than the keys were: an invoice belongs to the organisation its import was
-- for, and a line to its invoice's organisation.
--
-- The application role only ever inserts into these tables (it has no UPDATE, DELETE or
-- TRUNCATE on them), and no policy lets the owner update or delete their rows either; the
-- removal checks guard what is left: a role that bypasses row-level security, and TRUNCATE.

ALTER TABLE spend_invoices DROP CONSTRAINT spend_invoices_office_id_import_id_fkey,
                           DROP CONSTRAINT spend_invoices_office_id_organisation_id_fkey;
ALTER TABLE spend_lines DROP CONSTRAINT spend_lines_office_id_invoice_id_fkey;

-- The parents are read as the owner, whom FORCE RLS limits to the acting office like anyone:
-- the spend_imports row needs a policy naming the owner (the others have theirs from 0010).
CREATE POLICY spend_imports_owner ON spend_imports FOR SELECT TO CURRENT_USER
    USING (office_id = (SELECT current_office_id()));

CREATE FUNCTION spend_invoices_have_imports() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    -- Each look-up is a scalar query by the parent's key, so it can only probe the key's index:
    -- as a join, or with the organisation among the conditions, the planner can take another
    -- index or a nested loop over whole tables from the figures it has for a table just
    -- written to in this transaction (seen: three minutes for 40 000 lines).
    IF EXISTS (SELECT FROM added a
                WHERE (SELECT i.organisation_id FROM public.spend_imports i
                        WHERE i.office_id = a.office_id AND i.id = a.import_id) IS DISTINCT FROM a.organisation_id) THEN
        RAISE EXCEPTION 'an invoice refers to an import of its organisation that does not exist'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'spend_invoices';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION spend_invoices_have_imports() FROM PUBLIC;
CREATE TRIGGER spend_invoices_have_imports AFTER INSERT ON spend_invoices
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION spend_invoices_have_imports();

CREATE FUNCTION spend_lines_have_invoices() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    -- Line by line, not per distinct invoice: the lines come in their invoices' order, so the
    -- look-ups walk the index where it was just written (measured: twice as fast as DISTINCT).
    -- A scalar query by the key, as above.
    IF EXISTS (SELECT FROM added a
                WHERE (SELECT i.organisation_id FROM public.spend_invoices i
                        WHERE i.office_id = a.office_id AND i.id = a.invoice_id) IS DISTINCT FROM a.organisation_id) THEN
        RAISE EXCEPTION 'a spend line refers to an invoice of its organisation that does not exist'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'spend_lines';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION spend_lines_have_invoices() FROM PUBLIC;
CREATE TRIGGER spend_lines_have_invoices AFTER INSERT ON spend_lines
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION spend_lines_have_invoices();

-- A removed or re-keyed import or invoice must leave nothing behind that refers to it. The
-- check runs as the statement's role, which sees every row it could have removed.
CREATE FUNCTION spend_parents_kept() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    IF TG_TABLE_NAME = 'spend_imports' THEN
        IF EXISTS (SELECT FROM gone g JOIN public.spend_invoices i ON i.office_id = g.office_id AND i.import_id = g.id
                    WHERE TG_OP = 'DELETE'
                       OR NOT EXISTS (SELECT FROM public.spend_imports k WHERE k.office_id = g.office_id AND k.id = g.id
                                                                          AND k.organisation_id = g.organisation_id)) THEN
            RAISE EXCEPTION 'invoices still refer to this spend import'
                USING ERRCODE = 'foreign_key_violation', TABLE = 'spend_imports';
        END IF;
    ELSE
        IF EXISTS (SELECT FROM gone g JOIN public.spend_lines l ON l.office_id = g.office_id AND l.invoice_id = g.id
                    WHERE TG_OP = 'DELETE'
                       OR NOT EXISTS (SELECT FROM public.spend_invoices k WHERE k.office_id = g.office_id AND k.id = g.id
                                                                           AND k.organisation_id = g.organisation_id)) THEN
            RAISE EXCEPTION 'spend lines still refer to this invoice'
                USING ERRCODE = 'foreign_key_violation', TABLE = 'spend_invoices';
        END IF;
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION spend_parents_kept() FROM PUBLIC;
CREATE TRIGGER spend_imports_kept_on_delete AFTER DELETE ON spend_imports
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION spend_parents_kept();
CREATE TRIGGER spend_imports_kept_on_update AFTER UPDATE ON spend_imports
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION spend_parents_kept();
CREATE TRIGGER spend_invoices_kept_on_delete AFTER DELETE ON spend_invoices
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION spend_parents_kept();
CREATE TRIGGER spend_invoices_kept_on_update AFTER UPDATE ON spend_invoices
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION spend_parents_kept();
-- TRUNCATE needs both tables at once, as it did with the keys.
CREATE FUNCTION spend_parents_truncated() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    IF (TG_TABLE_NAME = 'spend_imports' AND EXISTS (SELECT FROM public.spend_invoices))
       OR (TG_TABLE_NAME = 'spend_invoices' AND EXISTS (SELECT FROM public.spend_lines)) THEN
        RAISE EXCEPTION 'truncate % together with the tables that refer to it', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION spend_parents_truncated() FROM PUBLIC;
CREATE TRIGGER spend_imports_truncated AFTER TRUNCATE ON spend_imports
    FOR EACH STATEMENT EXECUTE FUNCTION spend_parents_truncated();
CREATE TRIGGER spend_invoices_truncated AFTER TRUNCATE ON spend_invoices
    FOR EACH STATEMENT EXECUTE FUNCTION spend_parents_truncated();
