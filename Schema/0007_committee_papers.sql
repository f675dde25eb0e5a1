-- The committee's papers: a committee member reads the members' plan answers and needs
-- behind a pooled procurement whose assignment is on a meeting's agenda (DESIGN §4: needs
-- "those in proposals on the agenda"), so that they can judge the proposal; nothing else of
-- the members' volumes.

-- Whether an assignment about the pooled procurement is on an agenda of the caller's office.
-- Runs as the owner, which reads agenda items and assignments within that office only.
CREATE FUNCTION on_committee_agenda(p_pooled_procurement_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT EXISTS (
            SELECT FROM public.agenda_items i
            JOIN public.assignments a ON a.office_id = i.office_id AND a.id = i.assignment_id
            WHERE i.office_id = public.current_office_id() AND a.pooled_procurement_id = p_pooled_procurement_id)
    $$;
REVOKE EXECUTE ON FUNCTION on_committee_agenda(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION on_committee_agenda(uuid) TO samverkan_app;

CREATE POLICY needs_committee_papers ON needs FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_on_committee())
           AND pooled_procurement_id IS NOT NULL AND on_committee_agenda(pooled_procurement_id));

CREATE POLICY plan_answers_committee_papers ON plan_answers FOR SELECT
    USING (office_id = (SELECT current_office_id()) AND (SELECT acts_on_committee())
           AND EXISTS (SELECT FROM pooled_procurements p
                       WHERE p.office_id = plan_answers.office_id AND p.plan_item_id = plan_answers.plan_item_id
                         AND on_committee_agenda(p.id)));
