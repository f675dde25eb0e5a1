-- Foundation: the application role, the tenancy helpers, offices and their member organisations.
--
-- Runs as the owner role. The application connects as a member of `samverkan_app`, which owns
-- nothing and is granted, table by table, only what it needs. Every tenant table carries
-- office_id, has row-level security ENABLEd and FORCEd, and a policy that compares the row's
-- office with the request's identity (DESIGN §4).

-- The application's role. Creating it needs CREATEROLE, once; where the installation (or the
-- local cluster) created it already, with LOGIN, nothing happens here.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'samverkan_app') THEN
        CREATE ROLE samverkan_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
END
$$;

-- Nothing for PUBLIC: every privilege is granted by name, table by table.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO samverkan_app;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE ALL ON SEQUENCES FROM PUBLIC;

GRANT SELECT ON schema_migrations TO samverkan_app;

-- The request's identity, set per transaction with set_config(…, true). An unset or empty
-- setting is NULL, and NULL matches no row: no identity, no rows.
CREATE FUNCTION current_office_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.office_id', true), '')::uuid $$;
GRANT EXECUTE ON FUNCTION current_office_id() TO samverkan_app;

-- The tenant: a joint procurement office (upphandlingskontor).
CREATE TABLE offices (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- The prefix of the office's case numbers (diarienummer), "UK" in "UK 2026/0042".
    case_prefix text NOT NULL CHECK (case_prefix ~ '^[A-ZÅÄÖ]{1,10}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE offices ENABLE ROW LEVEL SECURITY;
ALTER TABLE offices FORCE ROW LEVEL SECURITY;
CREATE POLICY offices_tenant ON offices
    USING (id = (SELECT current_office_id()))
    WITH CHECK (id = (SELECT current_office_id()));
-- The owner alone reads every office: for the directory function below, which runs as it.
CREATE POLICY offices_owner_directory ON offices FOR SELECT TO CURRENT_USER USING (true);
GRANT SELECT, INSERT, UPDATE ON offices TO samverkan_app;

-- The public directory of offices: names and slugs only, so that a visitor can find an
-- office before any identity is set.
CREATE FUNCTION office_directory() RETURNS TABLE (id uuid, slug text, name text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$ SELECT o.id, o.slug, o.name FROM public.offices o ORDER BY o.name, o.slug $$;
REVOKE EXECUTE ON FUNCTION office_directory() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION office_directory() TO samverkan_app;

CREATE TYPE organisation_kind AS ENUM ('municipality', 'region', 'municipal_company', 'association');

-- A member organisation (medlem) of an office: kommun, region, kommunalt bolag, kommunalförbund.
CREATE TABLE organisations (
    office_id           uuid NOT NULL REFERENCES offices (id),
    id                  uuid NOT NULL,
    kind                organisation_kind NOT NULL,
    name                text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- Swedish organisationsnummer, ten digits without the hyphen; the check digit is
    -- verified in the domain before it gets here.
    organisation_number text NOT NULL CHECK (organisation_number ~ '^[0-9]{10}$'),
    -- Statistics Sweden's municipality code, for municipalities only.
    kommunkod           text CHECK (kommunkod ~ '^[0-9]{4}$'),
    population          integer CHECK (population >= 0),
    member_from         date NOT NULL,
    member_to           date CHECK (member_to >= member_from),
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, organisation_number),
    CHECK ((kind = 'municipality') = (kommunkod IS NOT NULL))
);
CREATE UNIQUE INDEX organisations_office_kommunkod ON organisations (office_id, kommunkod) WHERE kommunkod IS NOT NULL;

ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisations FORCE ROW LEVEL SECURITY;
CREATE POLICY organisations_tenant ON organisations
    USING (office_id = (SELECT current_office_id()))
    WITH CHECK (office_id = (SELECT current_office_id()));
GRANT SELECT, INSERT, UPDATE ON organisations TO samverkan_app;
