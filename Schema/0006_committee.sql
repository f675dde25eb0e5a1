-- The joint committee (gemensam nämnd): its terms and seats, the assignments (uppdrag) it
-- gives the office with their case numbers (diarienummer), its meetings (sammanträden) with
-- agendas, attendance, conflicts of interest (jäv), votes and numbered decisions (§), and the
-- signing (justering) of the minutes, after which the decisions are public.
--
-- The rules are the pure module's (MatterParticipation, VoteCount); the database keeps the
-- ones that must never be broken whoever writes: one vote per person and question, no vote
-- from anyone who does not serve in the matter (absent, conflicted, not a member, or a
-- substitute while the member serves), nothing changed once the minutes are signed, and no
-- decision without a quorum (KL 6 kap. 21 §).

CREATE TYPE committee_position AS ENUM ('member', 'substitute');
CREATE TYPE committee_presiding AS ENUM ('chair', 'vice_chair');
CREATE TYPE assignment_status AS ENUM (
    'draft', 'proposed', 'approved', 'rejected', 'referred_back', 'in_progress', 'completed', 'reported');
CREATE TYPE meeting_kind AS ENUM ('meeting', 'per_capsulam');
CREATE TYPE vote_question AS ENUM ('proposal', 'refer_back');
CREATE TYPE ballot AS ENUM ('yes', 'no', 'abstain');
CREATE TYPE decision_outcome AS ENUM ('approved', 'rejected', 'referred_back');

-- A term of office (mandatperiod).
CREATE TABLE committee_terms (
    office_id uuid NOT NULL REFERENCES offices (id),
    id        uuid NOT NULL,
    name      text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    starts_on date NOT NULL,
    ends_on   date NOT NULL CHECK (ends_on >= starts_on),
    PRIMARY KEY (office_id, id)
);

-- A person's place in the committee for a term: each member organisation has one ordinary
-- member (ledamot) and substitutes (ersättare) called in rank order; the chair and vice
-- chair are ordinary members.
CREATE TABLE committee_mandates (
    office_id       uuid NOT NULL,
    id              uuid NOT NULL,
    term_id         uuid NOT NULL,
    organisation_id uuid NOT NULL,
    user_id         uuid NOT NULL,
    position        committee_position NOT NULL,
    substitute_rank integer CHECK (substitute_rank BETWEEN 1 AND 20),
    presiding       committee_presiding,
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, term_id) REFERENCES committee_terms (office_id, id),
    FOREIGN KEY (office_id, organisation_id) REFERENCES organisations (office_id, id),
    FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id),
    CHECK ((position = 'substitute') = (substitute_rank IS NOT NULL)),
    CHECK (presiding IS NULL OR position = 'member'),
    UNIQUE (office_id, term_id, user_id)
);
CREATE UNIQUE INDEX committee_mandates_one_member ON committee_mandates (office_id, term_id, organisation_id)
    WHERE position = 'member';
CREATE UNIQUE INDEX committee_mandates_substitute_rank ON committee_mandates (office_id, term_id, organisation_id, substitute_rank)
    WHERE position = 'substitute';
CREATE UNIQUE INDEX committee_mandates_presiding ON committee_mandates (office_id, term_id, presiding)
    WHERE presiding IS NOT NULL;

-- Gapless number series per office and year: case numbers (diarienummer) of assignments and
-- the paragraphs (§) of decisions. Taking a number locks the series row until the transaction
-- ends, so concurrent takers queue and a rolled-back transaction gives its number back.
CREATE TABLE number_series (
    office_id uuid NOT NULL REFERENCES offices (id),
    series    text NOT NULL CHECK (series IN ('case', 'paragraph')),
    year      integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    last      integer NOT NULL CHECK (last >= 0),
    PRIMARY KEY (office_id, series, year)
);

CREATE FUNCTION take_number(p_series text, p_year integer) RETURNS integer
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, public
    AS $$
        INSERT INTO public.number_series (office_id, series, year, last)
        VALUES (public.current_office_id(), p_series, p_year, 1)
        ON CONFLICT (office_id, series, year) DO UPDATE SET last = number_series.last + 1
        RETURNING last
    $$;

-- An assignment (uppdrag) from the committee to the office.
CREATE TABLE assignments (
    office_id             uuid NOT NULL REFERENCES offices (id),
    id                    uuid NOT NULL,
    case_year             integer NOT NULL,
    case_serial           integer NOT NULL CHECK (case_serial > 0),
    title                 text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    scope                 text NOT NULL DEFAULT '' CHECK (length(scope) <= 8000),
    pooled_procurement_id uuid,
    estimated_value       numeric(16, 2) CHECK (estimated_value >= 0),
    status                assignment_status NOT NULL DEFAULT 'draft',
    procurer_id           uuid,
    report                text CHECK (length(report) <= 8000),
    created_by            uuid,
    created_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, case_year, case_serial),
    FOREIGN KEY (office_id, pooled_procurement_id) REFERENCES pooled_procurements (office_id, id),
    FOREIGN KEY (office_id, procurer_id) REFERENCES users (office_id, id),
    FOREIGN KEY (office_id, created_by) REFERENCES users (office_id, id)
);

-- A meeting (sammanträde), or a decision between meetings by written procedure (per capsulam).
CREATE TABLE meetings (
    office_id         uuid NOT NULL REFERENCES offices (id),
    id                uuid NOT NULL,
    term_id           uuid NOT NULL,
    kind              meeting_kind NOT NULL DEFAULT 'meeting',
    starts_at         timestamptz NOT NULL,
    place             text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
    -- Justering: the chair and the adjuster (justerare) sign; then the minutes are announced.
    adjuster_id       uuid,
    signed_by_chair   uuid,
    signed_by_adjuster uuid,
    minutes_signed_at timestamptz,
    announced_on      date,
    PRIMARY KEY (office_id, id),
    FOREIGN KEY (office_id, term_id) REFERENCES committee_terms (office_id, id),
    FOREIGN KEY (office_id, adjuster_id) REFERENCES users (office_id, id),
    FOREIGN KEY (office_id, signed_by_chair) REFERENCES users (office_id, id),
    FOREIGN KEY (office_id, signed_by_adjuster) REFERENCES users (office_id, id),
    CHECK (minutes_signed_at IS NULL OR (signed_by_chair IS NOT NULL AND signed_by_adjuster IS NOT NULL)),
    CHECK (announced_on IS NULL OR minutes_signed_at IS NOT NULL)
);

-- A matter (ärende) on a meeting's agenda.
CREATE TABLE agenda_items (
    office_id     uuid NOT NULL,
    id            uuid NOT NULL,
    meeting_id    uuid NOT NULL,
    position      integer NOT NULL CHECK (position > 0),
    assignment_id uuid,
    title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    proposal      text NOT NULL DEFAULT '' CHECK (length(proposal) <= 8000),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, meeting_id, position),
    -- For the composite keys below: a vote, a conflict or a decision names its meeting too,
    -- so that the policies can ask whether the minutes are signed without a join.
    UNIQUE (office_id, meeting_id, id),
    FOREIGN KEY (office_id, meeting_id) REFERENCES meetings (office_id, id),
    FOREIGN KEY (office_id, assignment_id) REFERENCES assignments (office_id, id)
);

-- Who is present at a meeting (närvaro).
CREATE TABLE attendance (
    office_id   uuid NOT NULL,
    meeting_id  uuid NOT NULL,
    user_id     uuid NOT NULL,
    present     boolean NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, meeting_id, user_id),
    FOREIGN KEY (office_id, meeting_id) REFERENCES meetings (office_id, id),
    FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id)
);

-- A declared conflict of interest (jäv) in one matter: the person takes no part in it.
CREATE TABLE conflict_declarations (
    office_id      uuid NOT NULL,
    meeting_id     uuid NOT NULL,
    agenda_item_id uuid NOT NULL,
    user_id        uuid NOT NULL,
    reason         text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    declared_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, agenda_item_id, user_id),
    FOREIGN KEY (office_id, meeting_id, agenda_item_id) REFERENCES agenda_items (office_id, meeting_id, id),
    FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id)
);

CREATE TABLE votes (
    office_id      uuid NOT NULL,
    id             uuid NOT NULL,
    meeting_id     uuid NOT NULL,
    agenda_item_id uuid NOT NULL,
    user_id        uuid NOT NULL,
    question       vote_question NOT NULL DEFAULT 'proposal',
    ballot         ballot NOT NULL,
    cast_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    -- One vote per person and question: a second is refused, whatever the route.
    UNIQUE (office_id, agenda_item_id, question, user_id),
    FOREIGN KEY (office_id, meeting_id, agenda_item_id) REFERENCES agenda_items (office_id, meeting_id, id),
    FOREIGN KEY (office_id, user_id) REFERENCES users (office_id, id)
);

-- A decision (beslut) with its paragraph number in the committee's series of the year.
CREATE TABLE decisions (
    office_id            uuid NOT NULL,
    id                   uuid NOT NULL,
    meeting_id           uuid NOT NULL,
    agenda_item_id       uuid NOT NULL,
    year                 integer NOT NULL,
    paragraph            integer NOT NULL CHECK (paragraph > 0),
    outcome              decision_outcome NOT NULL,
    yes                  integer NOT NULL CHECK (yes >= 0),
    no                   integer NOT NULL CHECK (no >= 0),
    abstained            integer NOT NULL CHECK (abstained >= 0),
    decided_by_casting_vote boolean NOT NULL DEFAULT false,
    decided_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, agenda_item_id),
    UNIQUE (office_id, year, paragraph),
    FOREIGN KEY (office_id, meeting_id, agenda_item_id) REFERENCES agenda_items (office_id, meeting_id, id)
);

-- Who serves in a matter, seat by seat: the ordinary member if present and free of conflict,
-- else the first such substitute of the same organisation (MatterParticipation in Swift).
-- Runs as the owner so that it sees every seat and presence whoever asks; it answers only
-- for the caller's office.
CREATE FUNCTION matter_serving(p_agenda_item_id uuid)
    RETURNS TABLE (organisation_id uuid, user_id uuid, substitute boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT DISTINCT ON (md.organisation_id) md.organisation_id, md.user_id, md.position = 'substitute'
        FROM public.agenda_items a
        JOIN public.meetings m ON m.office_id = a.office_id AND m.id = a.meeting_id
        JOIN public.committee_mandates md ON md.office_id = m.office_id AND md.term_id = m.term_id
        WHERE a.office_id = public.current_office_id() AND a.id = p_agenda_item_id
          AND EXISTS (SELECT FROM public.attendance t
                      WHERE t.office_id = m.office_id AND t.meeting_id = m.id AND t.user_id = md.user_id AND t.present)
          AND NOT EXISTS (SELECT FROM public.conflict_declarations c
                          WHERE c.office_id = a.office_id AND c.agenda_item_id = a.id AND c.user_id = md.user_id)
        ORDER BY md.organisation_id, coalesce(md.substitute_rank, 0)
    $$;

-- How many seats the committee of a matter's meeting has: the base of the quorum.
CREATE FUNCTION matter_seats(p_agenda_item_id uuid) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT count(*)::integer FROM public.agenda_items a
        JOIN public.meetings m ON m.office_id = a.office_id AND m.id = a.meeting_id
        JOIN public.committee_mandates md ON md.office_id = m.office_id AND md.term_id = m.term_id AND md.position = 'member'
        WHERE a.office_id = public.current_office_id() AND a.id = p_agenda_item_id
    $$;

-- Whether a meeting's minutes are signed: then nothing of it changes.
CREATE FUNCTION meeting_signed(p_office_id uuid, p_meeting_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT coalesce((SELECT minutes_signed_at IS NOT NULL FROM public.meetings
                         WHERE office_id = p_office_id AND id = p_meeting_id), false)
    $$;

CREATE FUNCTION item_decided(p_office_id uuid, p_agenda_item_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$ SELECT EXISTS (SELECT FROM public.decisions WHERE office_id = p_office_id AND agenda_item_id = p_agenda_item_id) $$;

-- Votes and the decision of one matter queue on its row, so that a decision counts every vote
-- committed before it and no vote slips in beside it.
CREATE FUNCTION lock_matter(p_office_id uuid, p_agenda_item_id uuid) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$ SELECT FROM public.agenda_items WHERE office_id = p_office_id AND id = p_agenda_item_id FOR UPDATE $$;

REVOKE EXECUTE ON FUNCTION matter_serving(uuid), matter_seats(uuid), meeting_signed(uuid, uuid),
    item_decided(uuid, uuid), take_number(text, integer), lock_matter(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION matter_serving(uuid), matter_seats(uuid), meeting_signed(uuid, uuid),
    item_decided(uuid, uuid), take_number(text, integer), lock_matter(uuid, uuid) TO samverkan_app;

-- Nothing of a meeting changes once its minutes are signed: not its agenda, attendance,
-- conflicts, votes or decisions.
CREATE FUNCTION committee_guard_signed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND public.meeting_signed(OLD.office_id, OLD.meeting_id)
       OR TG_OP IN ('INSERT', 'UPDATE') AND public.meeting_signed(NEW.office_id, NEW.meeting_id) THEN
        RAISE EXCEPTION 'the minutes are signed; the meeting''s record cannot change'
            USING ERRCODE = '23514', CONSTRAINT = 'minutes_signed';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

-- A vote: only from someone who serves in the matter, in their own name, before it is decided.
CREATE FUNCTION votes_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'a vote cast is not changed' USING ERRCODE = '42501';
    END IF;
    IF public.current_app_role() IS DISTINCT FROM 'system' AND NEW.user_id IS DISTINCT FROM public.current_app_user_id() THEN
        RAISE EXCEPTION 'a vote is cast in one''s own name' USING ERRCODE = '42501';
    END IF;
    PERFORM public.lock_matter(NEW.office_id, NEW.agenda_item_id);
    IF public.item_decided(NEW.office_id, NEW.agenda_item_id) THEN
        RAISE EXCEPTION 'the matter is decided' USING ERRCODE = '23514', CONSTRAINT = 'votes_decided';
    END IF;
    IF NOT EXISTS (SELECT FROM public.matter_serving(NEW.agenda_item_id) s WHERE s.user_id = NEW.user_id) THEN
        RAISE EXCEPTION 'the voter does not serve in this matter (absent, conflicted or not a member)'
            USING ERRCODE = '23514', CONSTRAINT = 'votes_serving';
    END IF;
    RETURN NEW;
END
$$;

-- A conflict is declared before voting: a vote already cast would otherwise stand.
CREATE FUNCTION conflicts_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    PERFORM public.lock_matter(NEW.office_id, NEW.agenda_item_id);
    IF EXISTS (SELECT FROM public.votes v WHERE v.office_id = NEW.office_id AND v.agenda_item_id = NEW.agenda_item_id
                                           AND v.user_id = NEW.user_id) THEN
        RAISE EXCEPTION 'a conflict of interest is declared before voting' USING ERRCODE = '23514', CONSTRAINT = 'conflict_after_vote';
    END IF;
    IF public.item_decided(NEW.office_id, NEW.agenda_item_id) THEN
        RAISE EXCEPTION 'the matter is decided' USING ERRCODE = '23514', CONSTRAINT = 'conflict_decided';
    END IF;
    RETURN NEW;
END
$$;

-- A decision only with a quorum, and with the counts of the votes actually cast.
CREATE FUNCTION decisions_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    serving integer;
    seats   integer;
    counted record;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'a decision is not changed' USING ERRCODE = '42501';
    END IF;
    PERFORM public.lock_matter(NEW.office_id, NEW.agenda_item_id);
    SELECT count(*) INTO serving FROM public.matter_serving(NEW.agenda_item_id);
    seats := public.matter_seats(NEW.agenda_item_id);
    IF seats = 0 OR serving * 2 <= seats THEN
        RAISE EXCEPTION 'the committee is not quorate in this matter' USING ERRCODE = '23514', CONSTRAINT = 'decisions_quorum';
    END IF;
    IF NEW.outcome <> 'referred_back' THEN
        SELECT count(*) FILTER (WHERE ballot = 'yes') AS yes, count(*) FILTER (WHERE ballot = 'no') AS no,
               count(*) FILTER (WHERE ballot = 'abstain') AS abstained
          INTO counted FROM public.votes
         WHERE office_id = NEW.office_id AND agenda_item_id = NEW.agenda_item_id AND question = 'proposal';
        IF (counted.yes, counted.no, counted.abstained) IS DISTINCT FROM (NEW.yes, NEW.no, NEW.abstained)
           OR counted.yes + counted.no + counted.abstained <> serving THEN
            RAISE EXCEPTION 'the decision''s counts are not the votes cast by those serving'
                USING ERRCODE = '23514', CONSTRAINT = 'decisions_counts';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER committee_guard_signed BEFORE INSERT OR UPDATE OR DELETE ON agenda_items
    FOR EACH ROW EXECUTE FUNCTION committee_guard_signed();
CREATE TRIGGER committee_guard_signed BEFORE INSERT OR UPDATE OR DELETE ON attendance
    FOR EACH ROW EXECUTE FUNCTION committee_guard_signed();
CREATE TRIGGER committee_guard_signed BEFORE INSERT OR UPDATE OR DELETE ON conflict_declarations
    FOR EACH ROW EXECUTE FUNCTION committee_guard_signed();
CREATE TRIGGER committee_guard_signed BEFORE INSERT OR UPDATE OR DELETE ON votes
    FOR EACH ROW EXECUTE FUNCTION committee_guard_signed();
CREATE TRIGGER committee_guard_signed BEFORE INSERT OR UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION committee_guard_signed();
CREATE TRIGGER votes_guard BEFORE INSERT OR UPDATE OR DELETE ON votes
    FOR EACH ROW EXECUTE FUNCTION votes_guard();
CREATE TRIGGER conflicts_guard BEFORE INSERT ON conflict_declarations
    FOR EACH ROW EXECUTE FUNCTION conflicts_guard();
CREATE TRIGGER decisions_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION decisions_guard();

-- Who sees what: office staff and the committee see everything of the committee; the members'
-- users and the public see decisions (and their matters and meetings) once the minutes are
-- signed. Staff keep the record; committee members declare their own conflicts and cast their
-- own votes; the chair or the office records the decision.
CREATE FUNCTION sees_committee_work() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT reads_office_wide() OR acts_on_committee() $$;
CREATE FUNCTION keeps_committee_record() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_app_role() IN ('administrator', 'procurer', 'system'), false) $$;
GRANT EXECUTE ON FUNCTION sees_committee_work(), keeps_committee_record() TO samverkan_app;

ALTER TABLE committee_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE committee_terms FORCE ROW LEVEL SECURITY;
ALTER TABLE committee_mandates ENABLE ROW LEVEL SECURITY;
ALTER TABLE committee_mandates FORCE ROW LEVEL SECURITY;
ALTER TABLE number_series ENABLE ROW LEVEL SECURITY;
ALTER TABLE number_series FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;
ALTER TABLE meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE meetings FORCE ROW LEVEL SECURITY;
ALTER TABLE agenda_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE agenda_items FORCE ROW LEVEL SECURITY;
ALTER TABLE attendance ENABLE ROW LEVEL SECURITY;
ALTER TABLE attendance FORCE ROW LEVEL SECURITY;
ALTER TABLE conflict_declarations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conflict_declarations FORCE ROW LEVEL SECURITY;
ALTER TABLE votes ENABLE ROW LEVEL SECURITY;
ALTER TABLE votes FORCE ROW LEVEL SECURITY;
ALTER TABLE decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE decisions FORCE ROW LEVEL SECURITY;

-- The committee's composition is known to everyone signed in to the office.
CREATE POLICY committee_terms_read ON committee_terms FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT current_app_role()) <> 'public');
CREATE POLICY committee_terms_write ON committee_terms FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()));
CREATE POLICY committee_mandates_read ON committee_mandates FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT current_app_role()) <> 'public');
CREATE POLICY committee_mandates_write ON committee_mandates FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()));
CREATE POLICY committee_mandates_remove ON committee_mandates FOR DELETE
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_as_administrator()));

-- Taking a number is open to whoever records what is numbered (checked on that table).
CREATE POLICY number_series_take ON number_series
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT keeps_committee_record()) OR (SELECT current_app_role()) = 'committee_chair'))
    WITH CHECK (office_id = (SELECT current_office_id())
                AND ((SELECT keeps_committee_record()) OR (SELECT current_app_role()) = 'committee_chair'));

CREATE POLICY meetings_read ON meetings FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT sees_committee_work()) OR minutes_signed_at IS NOT NULL));
CREATE POLICY meetings_create ON meetings FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_committee_record()));
-- The office keeps the record; the chair and the adjuster sign (the trigger below sees to what).
CREATE POLICY meetings_update ON meetings FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND ((SELECT keeps_committee_record()) OR (SELECT acts_on_committee())))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY agenda_items_read ON agenda_items FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT sees_committee_work())
                OR (SELECT meeting_signed(agenda_items.office_id, agenda_items.meeting_id))
                   AND EXISTS (SELECT FROM decisions d WHERE d.office_id = agenda_items.office_id AND d.agenda_item_id = agenda_items.id)));
CREATE POLICY agenda_items_write ON agenda_items
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_committee_record()))
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_committee_record()));

CREATE POLICY assignments_read ON assignments FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT sees_committee_work())
                OR EXISTS (SELECT FROM agenda_items a JOIN decisions d ON d.office_id = a.office_id AND d.agenda_item_id = a.id
                           WHERE a.office_id = assignments.office_id AND a.assignment_id = assignments.id
                             AND (SELECT meeting_signed(a.office_id, a.meeting_id)))));
CREATE POLICY assignments_create ON assignments FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_committee_record()));
CREATE POLICY assignments_update ON assignments FOR UPDATE
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_committee_record()))
    WITH CHECK (office_id = (SELECT current_office_id()));

CREATE POLICY attendance_read ON attendance FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT sees_committee_work()) OR (SELECT meeting_signed(attendance.office_id, attendance.meeting_id))));
CREATE POLICY attendance_write ON attendance
    USING (office_id = (SELECT current_office_id()) AND (SELECT keeps_committee_record()))
    WITH CHECK (office_id = (SELECT current_office_id()) AND (SELECT keeps_committee_record()));

CREATE POLICY conflict_declarations_read ON conflict_declarations FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT sees_committee_work()));
CREATE POLICY conflict_declarations_declare ON conflict_declarations FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id())
                AND ((SELECT keeps_committee_record())
                     OR ((SELECT acts_on_committee()) AND user_id = (SELECT current_app_user_id()))));

CREATE POLICY votes_read ON votes FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT sees_committee_work()));
CREATE POLICY votes_cast ON votes FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id())
                AND ((SELECT current_app_role()) = 'system'
                     OR ((SELECT acts_on_committee()) AND user_id = (SELECT current_app_user_id()))));

CREATE POLICY decisions_read ON decisions FOR SELECT
    USING (office_id = (SELECT current_office_id())
           AND ((SELECT sees_committee_work())
                OR (SELECT meeting_signed(decisions.office_id, decisions.meeting_id))));
CREATE POLICY decisions_record ON decisions FOR INSERT
    WITH CHECK (office_id = (SELECT current_office_id())
                AND ((SELECT keeps_committee_record()) OR (SELECT current_app_role()) = 'committee_chair'));

GRANT SELECT, INSERT ON committee_terms TO samverkan_app;
GRANT SELECT, INSERT, DELETE ON committee_mandates TO samverkan_app;
GRANT SELECT, INSERT, UPDATE ON number_series, assignments, meetings TO samverkan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON agenda_items, attendance TO samverkan_app;
GRANT SELECT, INSERT ON conflict_declarations, votes, decisions TO samverkan_app;

-- Signing: the chair signs as chair and the named adjuster as adjuster, in their own names;
-- once both have signed the minutes are signed and may be announced; nothing else of a
-- signed meeting changes.
CREATE FUNCTION meetings_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    acting_system boolean := public.current_app_role() IS NOT DISTINCT FROM 'system';
BEGIN
    IF OLD.minutes_signed_at IS NOT NULL THEN
        -- Signed: only the announcement (anslag) is added, once.
        IF (to_jsonb(NEW) - 'announced_on') <> (to_jsonb(OLD) - 'announced_on') OR OLD.announced_on IS NOT NULL THEN
            RAISE EXCEPTION 'the minutes are signed; the meeting''s record cannot change'
                USING ERRCODE = '23514', CONSTRAINT = 'minutes_signed';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.announced_on IS NOT NULL THEN
        RAISE EXCEPTION 'unsigned minutes are not announced' USING ERRCODE = '23514', CONSTRAINT = 'minutes_announced';
    END IF;
    -- Nobody signs in someone else's name: the presiding chair (or vice chair) of the term as
    -- chair, the appointed adjuster as adjuster.
    IF NEW.signed_by_chair IS DISTINCT FROM OLD.signed_by_chair AND NOT acting_system
       AND (NEW.signed_by_chair IS DISTINCT FROM public.current_app_user_id()
            OR NOT EXISTS (SELECT FROM public.committee_mandates md
                           WHERE md.office_id = NEW.office_id AND md.term_id = NEW.term_id
                             AND md.user_id = NEW.signed_by_chair AND md.presiding IS NOT NULL)) THEN
        RAISE EXCEPTION 'only the chair signs as chair, in their own name' USING ERRCODE = '42501';
    END IF;
    IF NEW.signed_by_adjuster IS DISTINCT FROM OLD.signed_by_adjuster AND NOT acting_system
       AND (NEW.signed_by_adjuster IS DISTINCT FROM public.current_app_user_id()
            OR NEW.signed_by_adjuster IS DISTINCT FROM OLD.adjuster_id OR NEW.adjuster_id IS DISTINCT FROM OLD.adjuster_id) THEN
        RAISE EXCEPTION 'only the appointed adjuster signs as adjuster' USING ERRCODE = '42501';
    END IF;
    IF public.acts_on_committee()
       AND (to_jsonb(NEW) - 'signed_by_chair' - 'signed_by_adjuster' - 'minutes_signed_at')
           <> (to_jsonb(OLD) - 'signed_by_chair' - 'signed_by_adjuster' - 'minutes_signed_at') THEN
        RAISE EXCEPTION 'a committee member only signs the minutes' USING ERRCODE = '42501';
    END IF;
    NEW.minutes_signed_at := CASE WHEN NEW.signed_by_chair IS NOT NULL AND NEW.signed_by_adjuster IS NOT NULL THEN now() END;
    RETURN NEW;
END
$$;
CREATE TRIGGER meetings_guard BEFORE UPDATE ON meetings
    FOR EACH ROW EXECUTE FUNCTION meetings_guard();

-- The owner reads the committee's tables for the SECURITY DEFINER functions above, within
-- the caller's office.
CREATE POLICY agenda_items_owner ON agenda_items FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY agenda_items_owner_lock ON agenda_items FOR UPDATE TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY meetings_owner ON meetings FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY committee_mandates_owner ON committee_mandates FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY attendance_owner ON attendance FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY conflict_declarations_owner ON conflict_declarations FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY decisions_owner ON decisions FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));

-- The committee's decision gives a proposed assignment its status, in the same transaction,
-- whoever records it (the chair may; the chair may not otherwise change assignments).
CREATE FUNCTION decisions_decide_assignment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
BEGIN
    UPDATE public.assignments a SET status = NEW.outcome::text::public.assignment_status
      FROM public.agenda_items i
     WHERE i.office_id = NEW.office_id AND i.id = NEW.agenda_item_id
       AND a.office_id = i.office_id AND a.id = i.assignment_id AND a.status = 'proposed';
    RETURN NULL;
END
$$;
CREATE TRIGGER decisions_decide_assignment AFTER INSERT ON decisions
    FOR EACH ROW EXECUTE FUNCTION decisions_decide_assignment();
CREATE POLICY assignments_owner ON assignments FOR SELECT TO CURRENT_USER USING (office_id = (SELECT current_office_id()));
CREATE POLICY assignments_owner_decide ON assignments FOR UPDATE TO CURRENT_USER USING (office_id = (SELECT current_office_id()));

CREATE TRIGGER audit AFTER INSERT ON committee_terms FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR DELETE ON committee_mandates FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON assignments FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON agenda_items FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON attendance FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON conflict_declarations FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON votes FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit AFTER INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION audit_row_change();

-- The committee's members by name, for everyone signed in to the office: elected
-- representatives are public persons, while the users table shows a member only themselves.
CREATE FUNCTION committee_roster(p_term_id uuid)
    RETURNS TABLE (mandate_id uuid, organisation_id uuid, user_id uuid, name text, seat_position text,
                   substitute_rank integer, presiding text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT md.id, md.organisation_id, md.user_id, u.name, md.position::text, md.substitute_rank, md.presiding::text
        FROM public.committee_mandates md
        JOIN public.users u ON u.office_id = md.office_id AND u.id = md.user_id
        WHERE md.office_id = public.current_office_id() AND md.term_id = p_term_id
          AND public.current_app_role() IS DISTINCT FROM 'public'
        ORDER BY md.organisation_id, md.position, md.substitute_rank
    $$;
REVOKE EXECUTE ON FUNCTION committee_roster(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION committee_roster(uuid) TO samverkan_app;
