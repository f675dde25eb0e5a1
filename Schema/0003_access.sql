-- Identity and access: users, their roles, sessions, API tokens, and the audit trail.
--
-- Who a request is comes from four transaction-local settings (DESIGN §4): app.office_id,
-- app.org_id, app.user_id and app.roles (the active role, or `public`, `system`,
-- `authenticated`). Every policy below reads them through the helper functions; an unset
-- setting is NULL and matches nothing.
--
-- Lookups that must happen before an identity exists (a login by e-mail, a session cookie, an
-- API token) go through SECURITY DEFINER functions that return one row for one secret; they
-- run as the owner, which reads these tables through owner-only SELECT policies.

CREATE FUNCTION current_org_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.org_id', true), '')::uuid $$;
CREATE FUNCTION current_app_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;
CREATE FUNCTION current_app_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.roles', true), '') $$;
-- The office administrator, or the office's own system (command line, demo loading).
CREATE FUNCTION acts_as_administrator() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_app_role() IN ('administrator', 'system'), false) $$;
-- Office staff, who work across all members of the office.
CREATE FUNCTION acts_as_office_staff() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_app_role() IN ('administrator', 'procurer', 'controller', 'system'), false) $$;
GRANT EXECUTE ON FUNCTION current_org_id(), current_app_user_id(), current_app_role(),
    acts_as_administrator(), acts_as_office_staff() TO samverkan_app;

-- Offices and organisations: everyone in the office (the public too) reads them; only the
-- administrator changes them. A new office is created by the system acting as that office.
DROP POLICY offices_tenant ON offices;
CREATE POLICY offices_read ON offices FOR SELECT
    USING (id = (SELECT current_office_id()));
CREATE POLICY offices_create ON offices FOR INSERT
    WITH CHECK (id = (SELECT current_office_id()) AND (SELECT current_app_role()) = 'system');
CREATE POLICY offices_administer ON offices FOR UPDATE
    USING (id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()))
    WITH CHECK (id = (SELECT current_office_id()));

DROP POLICY organisations_tenant ON organisations;
CREATE POLICY organisations_read ON organisations FOR SELECT
    USING (office_id = (SELECT current_office_id()));
CREATE POLICY organisations_create ON organisations FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()));
CREATE POLICY organisations_administer ON organisations FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()))
    WITH CHECK (office_id = (SELECT current_office_id()));

-- The roles a user can hold. One person may hold several and picks the active one.
CREATE TYPE access_role AS ENUM (
    'administrator',         -- administratör, upphandlingskontoret
    'procurer',              -- strategisk upphandlare
    'controller',            -- avtalscontroller
    'committee_chair',       -- ordförande i gemensam nämnd
    'committee_member',      -- ledamot
    'committee_substitute',  -- ersättare
    'coordinator',           -- inköpssamordnare, per member organisation
    'orderer',               -- behörig beställare
    'viewer'                 -- läsbehörighet
);

CREATE TABLE users (
    office_id            uuid NOT NULL REFERENCES offices (id),
    id                   uuid NOT NULL,
    -- Stored as typed but trimmed and lower-cased, so that look-ups are plain equality.
    email                text NOT NULL CHECK (email = lower(btrim(email)) AND length(email) <= 254
                                              AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- bcrypt; NULL: no password login (API tokens only, or not yet set).
    password_hash        text CHECK (password_hash ~ '^\$2[abxy]?\$[0-9]{2}\$'),
    must_change_password boolean NOT NULL DEFAULT false,
    password_changed_at  timestamptz,
    active               boolean NOT NULL DEFAULT true,
    created_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, email)
);

CREATE TABLE role_assignments (
    office_id       uuid NOT NULL,
    id              uuid NOT NULL,
    user_id         uuid NOT NULL,
    role            access_role NOT NULL,
    -- The member organisation the role acts for: required for the committee and member roles,
    -- absent for office staff, optional for a viewer (office-wide or one organisation's).
    organisation_id uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
    CHECK (CASE
        WHEN role IN ('administrator', 'procurer', 'controller') THEN organisation_id IS NULL
        WHEN role = 'viewer' THEN true
        ELSE organisation_id IS NOT NULL
    END)
);
CREATE UNIQUE INDEX role_assignments_once ON role_assignments (office_id, user_id, role, organisation_id) NULLS NOT DISTINCT;

-- A login: the cookie holds a random secret, the table only its SHA-256.
CREATE TABLE sessions (
    office_id      uuid NOT NULL,
    id             uuid NOT NULL,
    user_id        uuid NOT NULL,
    token_hash     text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    active_role_id uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    idle_timeout   interval NOT NULL CHECK (idle_timeout > interval '0'),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id),
    FOREIGN KEY (office_id, active_role_id) REFERENCES role_assignments (office_id, id) ON DELETE SET NULL (active_role_id)
);
-- Found by its secret before the office is known: a global index, used only by
-- authenticate_session() below.
CREATE INDEX sessions_token_hash ON sessions (token_hash);
CREATE INDEX sessions_user ON sessions (office_id, user_id);

-- An integration's bearer token, acting in one of its user's roles.
CREATE TABLE api_tokens (
    office_id    uuid NOT NULL,
    id           uuid NOT NULL,
    user_id      uuid NOT NULL,
    role_id      uuid,
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    token_hash   text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id),
    -- A token whose role is taken away stops working (authenticate_api_token requires a role).
    FOREIGN KEY (office_id, role_id) REFERENCES role_assignments (office_id, id) ON DELETE SET NULL (role_id)
);
CREATE INDEX api_tokens_token_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (office_id, user_id);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE role_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE role_assignments FORCE ROW LEVEL SECURITY;
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;

-- Role assignments: office staff see all; a member coordinator sees those of their own
-- organisation; everyone sees their own.
CREATE POLICY role_assignments_read ON role_assignments FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT acts_as_office_staff())
        OR user_id = (SELECT current_app_user_id())
        OR ((SELECT current_app_role()) = 'coordinator' AND organisation_id = (SELECT current_org_id()))));
CREATE POLICY role_assignments_create ON role_assignments FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()));
CREATE POLICY role_assignments_remove ON role_assignments FOR DELETE
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()));

-- Users: office staff see all; a coordinator sees the people who hold a role in their own
-- organisation; everyone sees themselves. Users change only their own name and password;
-- the administrator changes the rest (the trigger below guards the columns).
CREATE POLICY users_read ON users FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (
        (SELECT acts_as_office_staff())
        OR id = (SELECT current_app_user_id())
        OR ((SELECT current_app_role()) = 'coordinator' AND EXISTS (
            SELECT FROM role_assignments r
            WHERE r.office_id = users.office_id AND r.user_id = users.id
              AND r.organisation_id = (SELECT current_org_id())))));
CREATE POLICY users_create ON users FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()));
CREATE POLICY users_update ON users FOR UPDATE
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT acts_as_administrator()) OR id = (SELECT current_app_user_id())))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE FUNCTION users_guard_columns() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT acts_as_administrator()
       AND (NEW.email, NEW.active, NEW.office_id, NEW.id) IS DISTINCT FROM (OLD.email, OLD.active, OLD.office_id, OLD.id) THEN
        RAISE EXCEPTION 'only an administrator changes a user''s e-mail or status' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER users_guard_columns BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_guard_columns();

-- Sessions and tokens: one's own, and the administrator revokes anyone's.
CREATE POLICY sessions_read ON sessions FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND (user_id = (SELECT current_app_user_id()) OR (SELECT acts_as_administrator())));
CREATE POLICY sessions_create ON sessions FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND user_id = (SELECT current_app_user_id()));
CREATE POLICY sessions_update ON sessions FOR UPDATE
    USING (office_id = (SELECT current_office_id())
           AND (user_id = (SELECT current_app_user_id()) OR (SELECT acts_as_administrator())))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY api_tokens_read ON api_tokens FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND (user_id = (SELECT current_app_user_id()) OR (SELECT acts_as_administrator())));
CREATE POLICY api_tokens_create ON api_tokens FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id())
                AND (user_id = (SELECT current_app_user_id()) OR (SELECT current_app_role()) = 'system'));
CREATE POLICY api_tokens_update ON api_tokens FOR UPDATE
    USING (office_id = (SELECT current_office_id())
           AND (user_id = (SELECT current_app_user_id()) OR (SELECT acts_as_administrator())))
    WITH CHECK (office_id = (SELECT current_office_id()));

GRANT SELECT, INSERT, UPDATE ON users TO samverkan_app;
GRANT SELECT, INSERT, DELETE ON role_assignments TO samverkan_app;
GRANT SELECT, INSERT, UPDATE ON sessions TO samverkan_app;
GRANT SELECT, INSERT, UPDATE ON api_tokens TO samverkan_app;

-- The owner reads these tables (and refreshes last-seen times) for the look-up functions,
-- which run as the owner before any identity exists.
CREATE POLICY users_owner_lookup ON users FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY role_assignments_owner_lookup ON role_assignments FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY sessions_owner_lookup ON sessions FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY sessions_owner_touch ON sessions FOR UPDATE TO CURRENT_USER USING (true);
CREATE POLICY api_tokens_owner_lookup ON api_tokens FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY api_tokens_owner_touch ON api_tokens FOR UPDATE TO CURRENT_USER USING (true);

-- The password hash of one account, for the login form. Unknown accounts return no row;
-- the caller spends the same bcrypt time either way.
CREATE FUNCTION login_candidate(p_office_id uuid, p_email text)
    RETURNS TABLE (user_id uuid, password_hash text, active boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT u.id, u.password_hash, u.active FROM public.users u
        JOIN public.offices o ON o.id = u.office_id
        WHERE u.office_id = p_office_id AND u.email = lower(btrim(p_email))
    $$;

-- Who holds a live session cookie: nothing for a revoked, expired or idle session, or an
-- inactive user. Refreshes the last-seen time at most once a minute.
CREATE FUNCTION authenticate_session(p_token_hash text)
    RETURNS TABLE (office_id uuid, session_id uuid, user_id uuid, role_id uuid, role text, organisation_id uuid)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    UPDATE public.sessions s SET last_seen_at = now()
    WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
      AND s.last_seen_at + s.idle_timeout > now() AND s.last_seen_at < now() - interval '1 minute';
    RETURN QUERY
        SELECT s.office_id, s.id, s.user_id, s.active_role_id, r.role::text, r.organisation_id
        FROM public.sessions s
        JOIN public.users u ON u.office_id = s.office_id AND u.id = s.user_id AND u.active
        LEFT JOIN public.role_assignments r ON r.office_id = s.office_id AND r.id = s.active_role_id
        WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at + s.idle_timeout > now();
END
$$;

-- Who holds a live API token, and the role it acts in.
CREATE FUNCTION authenticate_api_token(p_token_hash text)
    RETURNS TABLE (office_id uuid, token_id uuid, user_id uuid, role_id uuid, role text, organisation_id uuid)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    UPDATE public.api_tokens t SET last_used_at = now()
    WHERE t.token_hash = p_token_hash AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute');
    RETURN QUERY
        SELECT t.office_id, t.id, t.user_id, t.role_id, r.role::text, r.organisation_id
        FROM public.api_tokens t
        JOIN public.users u ON u.office_id = t.office_id AND u.id = t.user_id AND u.active
        JOIN public.role_assignments r ON r.office_id = t.office_id AND r.id = t.role_id
        WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > now());
END
$$;

REVOKE EXECUTE ON FUNCTION login_candidate(uuid, text), authenticate_session(text), authenticate_api_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION login_candidate(uuid, text), authenticate_session(text), authenticate_api_token(text) TO samverkan_app;

-- The audit trail (DESIGN §5). Every change to a tenant table writes an event in the same
-- transaction. Events of an office form a chain: each carries the SHA-256 of the previous
-- event's hash and its own content, so an edited, removed or inserted event breaks the chain
-- at that point. The application role may insert and (administrators, controllers) read;
-- it can never update or delete an event.
CREATE TABLE audit_events (
    office_id     uuid NOT NULL REFERENCES offices (id),
    seq           bigint NOT NULL CHECK (seq > 0),
    occurred_at   timestamptz NOT NULL,
    actor_user_id uuid,
    actor_role    text,
    actor_org_id  uuid,
    action        text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    entity        text NOT NULL CHECK (entity ~ '^[a-z_]{1,63}$'),
    entity_id     text,
    before        jsonb,
    after         jsonb,
    prev_hash     bytea NOT NULL,
    hash          bytea NOT NULL,
    PRIMARY KEY (office_id, seq)
);

-- The newest event of each office, so that appending locks one row per office.
CREATE TABLE audit_chain_heads (
    office_id uuid PRIMARY KEY REFERENCES offices (id),
    seq       bigint NOT NULL,
    hash      bytea NOT NULL
);

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_append ON audit_events FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()));
CREATE POLICY audit_events_read ON audit_events FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND (SELECT current_app_role()) IN ('administrator', 'controller', 'system'));
GRANT SELECT, INSERT ON audit_events TO samverkan_app;

ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_heads FORCE ROW LEVEL SECURITY;
-- Only the owner's trigger below touches the heads, for the office of the transaction.
CREATE POLICY audit_chain_heads_owner ON audit_chain_heads TO CURRENT_USER
    USING (office_id = (SELECT current_office_id()))
    WITH CHECK (office_id = (SELECT current_office_id()));
CREATE POLICY audit_chain_heads_read ON audit_chain_heads FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND (SELECT current_app_role()) IN ('administrator', 'controller', 'system'));
GRANT SELECT ON audit_chain_heads TO samverkan_app;

-- The hash of an event: over the previous hash and every field, in a fixed text form
-- (timestamps as integer microseconds, so no time-zone or date-style setting changes it).
CREATE FUNCTION audit_event_hash(e audit_events) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT sha256(e.prev_hash || convert_to(jsonb_build_array(
            e.office_id, e.seq, (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
            e.actor_user_id, e.actor_role, e.actor_org_id, e.action, e.entity, e.entity_id,
            e.before, e.after)::text, 'UTF8'))
    $$;
GRANT EXECUTE ON FUNCTION audit_event_hash(audit_events) TO samverkan_app;

-- Numbers, links and hashes each event, and takes its actor from the transaction's identity
-- (not from the caller). The chain head's row lock orders concurrent writers of one office.
CREATE FUNCTION audit_events_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    head public.audit_chain_heads;
BEGIN
    INSERT INTO public.audit_chain_heads (office_id, seq, hash) VALUES (NEW.office_id, 0, '\x'::bytea)
        ON CONFLICT (office_id) DO NOTHING;
    SELECT * INTO STRICT head FROM public.audit_chain_heads WHERE office_id = NEW.office_id FOR UPDATE;
    NEW.seq := head.seq + 1;
    NEW.prev_hash := head.hash;
    NEW.occurred_at := now();
    NEW.actor_user_id := public.current_app_user_id();
    NEW.actor_role := public.current_app_role();
    NEW.actor_org_id := public.current_org_id();
    NEW.hash := public.audit_event_hash(NEW);
    UPDATE public.audit_chain_heads SET seq = NEW.seq, hash = NEW.hash WHERE office_id = NEW.office_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

-- Writes the audit event of a row change. Trigger arguments name columns kept out of the
-- trail (secrets: password and token hashes); an UPDATE that changes nothing writes nothing.
CREATE FUNCTION audit_row_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    before_row jsonb;
    after_row  jsonb;
    subject    jsonb;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN before_row := to_jsonb(OLD) - coalesce(TG_ARGV, '{}'); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN after_row := to_jsonb(NEW) - coalesce(TG_ARGV, '{}'); END IF;
    IF TG_OP = 'UPDATE' AND to_jsonb(OLD) = to_jsonb(NEW) THEN RETURN NULL; END IF;
    subject := coalesce(after_row, before_row);
    INSERT INTO public.audit_events (office_id, seq, occurred_at, action, entity, entity_id, before, after, prev_hash, hash)
    VALUES (coalesce(subject ->> 'office_id', subject ->> 'id')::uuid, 1, now(), lower(TG_OP), TG_TABLE_NAME,
            subject ->> 'id', before_row, after_row, '\x'::bytea, '\x'::bytea);
    RETURN NULL;
END
$$;
GRANT EXECUTE ON FUNCTION audit_row_change() TO samverkan_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE ON offices
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON organisations
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('password_hash');
CREATE TRIGGER audit AFTER INSERT OR DELETE ON role_assignments
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
-- Logins, logouts and role switches; not the last-seen refresh of every request.
CREATE TRIGGER audit AFTER INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('token_hash');
CREATE TRIGGER audit_change AFTER UPDATE ON sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.active_role_id IS DISTINCT FROM NEW.active_role_id)
    EXECUTE FUNCTION audit_row_change('token_hash', 'last_seen_at');
CREATE TRIGGER audit AFTER INSERT ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('token_hash');
CREATE TRIGGER audit_change AFTER UPDATE ON api_tokens
    FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.role_id IS DISTINCT FROM NEW.role_id)
    EXECUTE FUNCTION audit_row_change('token_hash', 'last_used_at');
