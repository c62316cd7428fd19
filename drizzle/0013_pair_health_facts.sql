CREATE TABLE "pair_health_facts" (
	"relationship_id" uuid PRIMARY KEY NOT NULL,
	"last_held_at" timestamp with time zone,
	"meetings_held" integer DEFAULT 0 NOT NULL,
	"meetings_closed" integer DEFAULT 0 NOT NULL,
	"scheduled_starts" timestamp with time zone[] DEFAULT '{}' NOT NULL,
	"last_activity_at" timestamp with time zone,
	"agreement_status" text DEFAULT 'none' NOT NULL,
	"goal_progress" integer,
	"last_rating" integer,
	"check_in_answers" integer DEFAULT 0 NOT NULL,
	"check_in_fit" integer,
	"rematch_requested" boolean DEFAULT false NOT NULL,
	"open_action_items" integer DEFAULT 0 NOT NULL,
	"open_action_item_dues" date[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pair_health_facts" ADD CONSTRAINT "pair_health_facts_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Issue 15 / decision 037: the facts of pair health, kept by the database. refresh_pair_health_facts(ids, kind)
-- computes one kind of fact of the given relationships from their rows (through each table's index on
-- relationship_id) and writes it; 'all' gives a pair its row and computes every kind. The statement-level triggers
-- below call it once per statement with the distinct pairs the statement touched (its transition tables), and only
-- for the kind of fact that table feeds, so a bulk insert refreshes each pair once and a note on the timeline does
-- not recount meetings.
CREATE FUNCTION refresh_pair_health_facts(ids uuid[], kind text DEFAULT 'all') RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF kind = 'all' THEN
    INSERT INTO pair_health_facts (relationship_id)
    SELECT r.id FROM relationships r WHERE r.id = ANY(ids)
    ON CONFLICT (relationship_id) DO NOTHING;
  END IF;
  IF kind IN ('all', 'meetings') THEN
    -- held, closed (held, cancelled or no-show) and the starts of those still scheduled
    UPDATE pair_health_facts f SET (last_held_at, meetings_held, meetings_closed, scheduled_starts) = (
      SELECT max(m.starts_at) FILTER (WHERE m.status = 'held'),
        count(*) FILTER (WHERE m.status = 'held')::int,
        count(*) FILTER (WHERE m.status IN ('held', 'cancelled', 'no_show'))::int,
        coalesce(array_agg(m.starts_at ORDER BY m.starts_at) FILTER (WHERE m.status = 'scheduled'), '{}')
      FROM meetings m WHERE m.relationship_id = f.relationship_id)
    WHERE f.relationship_id = ANY(ids);
  END IF;
  IF kind IN ('all', 'meetings', 'ratings') THEN
    -- the lowest rating of the latest meeting that has any (a meeting moved or deleted can change which)
    UPDATE pair_health_facts f SET last_rating = (
      SELECT min(fb.rating)::int FROM meeting_feedback fb
      WHERE fb.meeting_id = (
        SELECT mm.id FROM meetings mm
        WHERE mm.relationship_id = f.relationship_id
          AND EXISTS (SELECT 1 FROM meeting_feedback f2 WHERE f2.meeting_id = mm.id)
        ORDER BY mm.starts_at DESC, mm.id DESC LIMIT 1))
    WHERE f.relationship_id = ANY(ids);
  END IF;
  IF kind IN ('all', 'activity') THEN
    UPDATE pair_health_facts f SET last_activity_at = (
      SELECT max(a.created_at) FROM workspace_activity a WHERE a.relationship_id = f.relationship_id)
    WHERE f.relationship_id = ANY(ids);
  END IF;
  IF kind IN ('all', 'agreement') THEN
    -- the pair's current agreement (its newest version) or, for a group member, the group's, signed by the mentor
    -- and by this member
    UPDATE pair_health_facts f SET agreement_status = (
      SELECT CASE WHEN coalesce(pa.version, ga.version) IS NULL THEN 'none'
             WHEN (pa.version IS NOT NULL AND pa.mentor_signed_at IS NOT NULL AND pa.mentee_signed_at IS NOT NULL)
               OR (ga.version IS NOT NULL AND ga.mentor_signed_at IS NOT NULL AND ga.mentee_signed_at IS NOT NULL)
               THEN 'signed'
             ELSE 'waiting' END
      FROM relationships r
      LEFT JOIN LATERAL (
        SELECT v.version, v.mentor_signed_at, v.mentee_signed_at FROM agreement_versions v
        WHERE v.relationship_id = r.id AND r.group_id IS NULL
        ORDER BY v.version DESC LIMIT 1
      ) pa ON true
      LEFT JOIN LATERAL (
        SELECT v.version,
          (SELECT sg.signed_at FROM group_agreement_signatures sg
            WHERE sg.version_id = v.id AND sg.person_id = r.mentor_person_id) AS mentor_signed_at,
          (SELECT sg.signed_at FROM group_agreement_signatures sg
            WHERE sg.version_id = v.id AND sg.person_id = r.mentee_person_id) AS mentee_signed_at
        FROM group_agreement_versions v WHERE v.group_id = r.group_id
        ORDER BY v.version DESC LIMIT 1
      ) ga ON true
      WHERE r.id = f.relationship_id)
    WHERE f.relationship_id = ANY(ids);
  END IF;
  IF kind IN ('all', 'goals') THEN
    UPDATE pair_health_facts f SET goal_progress = (
      SELECT round(avg(g.progress_percent))::int FROM goals g
      WHERE g.relationship_id = f.relationship_id AND g.status <> 'dropped')
    WHERE f.relationship_id = ANY(ids);
  END IF;
  IF kind IN ('all', 'check_ins') THEN
    UPDATE pair_health_facts f SET (check_in_answers, check_in_fit, rematch_requested) = (
      SELECT count(*)::int, min(s.rating)::int, coalesce(bool_or(s.rematch_requested), false)
      FROM survey_responses s WHERE s.relationship_id = f.relationship_id AND s.kind = 'check_in')
    WHERE f.relationship_id = ANY(ids);
  END IF;
  IF kind IN ('all', 'action_items') THEN
    -- the open items, and the due dates of those that have one
    UPDATE pair_health_facts f SET (open_action_items, open_action_item_dues) = (
      SELECT count(*) FILTER (WHERE ai.done_at IS NULL)::int,
        coalesce(array_agg(ai.due_on ORDER BY ai.due_on) FILTER (WHERE ai.done_at IS NULL AND ai.due_on IS NOT NULL), '{}')
      FROM action_items ai WHERE ai.relationship_id = f.relationship_id)
    WHERE f.relationship_id = ANY(ids);
  END IF;
END $$;--> statement-breakpoint
-- The trigger functions collect the keys of the rows a statement inserted, deleted, or updated (before and after:
-- a row can move to another pair); an INSERT trigger has no old_rows and a DELETE trigger no new_rows.
-- Tables with a relationship_id: those pairs; the kind of fact is the trigger's argument.
CREATE FUNCTION pair_health_facts_of_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pairs uuid[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN pairs := pairs || ARRAY(SELECT relationship_id FROM new_rows); END IF;
  IF TG_OP <> 'INSERT' THEN pairs := pairs || ARRAY(SELECT relationship_id FROM old_rows); END IF;
  PERFORM refresh_pair_health_facts(ARRAY(SELECT DISTINCT unnest(pairs)), TG_ARGV[0]);
  RETURN NULL;
END $$;--> statement-breakpoint
-- relationships: a new pair gets its row; a pair whose group or people changed has its agreement read again.
CREATE FUNCTION pair_health_facts_of_new_relationships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_pair_health_facts(ARRAY(SELECT id FROM new_rows), 'all');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION pair_health_facts_of_changed_relationships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_pair_health_facts(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.group_id IS DISTINCT FROM o.group_id OR n.mentor_person_id IS DISTINCT FROM o.mentor_person_id
      OR n.mentee_person_id IS DISTINCT FROM o.mentee_person_id), 'agreement');
  RETURN NULL;
END $$;--> statement-breakpoint
-- A group's agreement versions and signatures: every member of the groups touched (a signature can complete the
-- mentor's side for all of them).
CREATE FUNCTION pair_health_facts_of_group_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE groups uuid[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN groups := groups || ARRAY(SELECT group_id FROM new_rows); END IF;
  IF TG_OP <> 'INSERT' THEN groups := groups || ARRAY(SELECT group_id FROM old_rows); END IF;
  PERFORM refresh_pair_health_facts(
    ARRAY(SELECT r.id FROM relationships r WHERE r.group_id = ANY(groups)), 'agreement');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION pair_health_facts_of_group_signatures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE versions uuid[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN versions := versions || ARRAY(SELECT version_id FROM new_rows); END IF;
  IF TG_OP <> 'INSERT' THEN versions := versions || ARRAY(SELECT version_id FROM old_rows); END IF;
  PERFORM refresh_pair_health_facts(ARRAY(
    SELECT r.id FROM relationships r JOIN group_agreement_versions v ON v.group_id = r.group_id
    WHERE v.id = ANY(versions)), 'agreement');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "meetings_pair_health_insert" AFTER INSERT ON "meetings" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('meetings');
--> statement-breakpoint
CREATE TRIGGER "meetings_pair_health_update" AFTER UPDATE ON "meetings" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('meetings');
--> statement-breakpoint
CREATE TRIGGER "meetings_pair_health_delete" AFTER DELETE ON "meetings" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('meetings');
--> statement-breakpoint
CREATE TRIGGER "meeting_feedback_pair_health_insert" AFTER INSERT ON "meeting_feedback" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('ratings');
--> statement-breakpoint
CREATE TRIGGER "meeting_feedback_pair_health_update" AFTER UPDATE ON "meeting_feedback" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('ratings');
--> statement-breakpoint
CREATE TRIGGER "meeting_feedback_pair_health_delete" AFTER DELETE ON "meeting_feedback" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('ratings');
--> statement-breakpoint
CREATE TRIGGER "workspace_activity_pair_health_insert" AFTER INSERT ON "workspace_activity" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('activity');
--> statement-breakpoint
CREATE TRIGGER "workspace_activity_pair_health_update" AFTER UPDATE ON "workspace_activity" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('activity');
--> statement-breakpoint
CREATE TRIGGER "workspace_activity_pair_health_delete" AFTER DELETE ON "workspace_activity" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('activity');
--> statement-breakpoint
CREATE TRIGGER "agreement_versions_pair_health_insert" AFTER INSERT ON "agreement_versions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('agreement');
--> statement-breakpoint
CREATE TRIGGER "agreement_versions_pair_health_update" AFTER UPDATE ON "agreement_versions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('agreement');
--> statement-breakpoint
CREATE TRIGGER "agreement_versions_pair_health_delete" AFTER DELETE ON "agreement_versions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('agreement');
--> statement-breakpoint
CREATE TRIGGER "goals_pair_health_insert" AFTER INSERT ON "goals" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('goals');
--> statement-breakpoint
CREATE TRIGGER "goals_pair_health_update" AFTER UPDATE ON "goals" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('goals');
--> statement-breakpoint
CREATE TRIGGER "goals_pair_health_delete" AFTER DELETE ON "goals" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('goals');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_pair_health_insert" AFTER INSERT ON "survey_responses" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('check_ins');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_pair_health_update" AFTER UPDATE ON "survey_responses" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('check_ins');
--> statement-breakpoint
CREATE TRIGGER "survey_responses_pair_health_delete" AFTER DELETE ON "survey_responses" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('check_ins');
--> statement-breakpoint
CREATE TRIGGER "action_items_pair_health_insert" AFTER INSERT ON "action_items" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('action_items');
--> statement-breakpoint
CREATE TRIGGER "action_items_pair_health_update" AFTER UPDATE ON "action_items" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('action_items');
--> statement-breakpoint
CREATE TRIGGER "action_items_pair_health_delete" AFTER DELETE ON "action_items" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_rows('action_items');
--> statement-breakpoint
CREATE TRIGGER "relationships_pair_health_insert" AFTER INSERT ON "relationships" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_new_relationships();
--> statement-breakpoint
CREATE TRIGGER "relationships_pair_health_update" AFTER UPDATE ON "relationships" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_changed_relationships();
--> statement-breakpoint
CREATE TRIGGER "group_agreement_versions_pair_health_insert" AFTER INSERT ON "group_agreement_versions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_group_versions();
--> statement-breakpoint
CREATE TRIGGER "group_agreement_versions_pair_health_update" AFTER UPDATE ON "group_agreement_versions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_group_versions();
--> statement-breakpoint
CREATE TRIGGER "group_agreement_versions_pair_health_delete" AFTER DELETE ON "group_agreement_versions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_group_versions();
--> statement-breakpoint
CREATE TRIGGER "group_agreement_signatures_pair_health_insert" AFTER INSERT ON "group_agreement_signatures" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_group_signatures();
--> statement-breakpoint
CREATE TRIGGER "group_agreement_signatures_pair_health_update" AFTER UPDATE ON "group_agreement_signatures" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_group_signatures();
--> statement-breakpoint
CREATE TRIGGER "group_agreement_signatures_pair_health_delete" AFTER DELETE ON "group_agreement_signatures" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pair_health_facts_of_group_signatures();
--> statement-breakpoint
-- The pairs that exist already.
SELECT refresh_pair_health_facts(ARRAY(SELECT id FROM relationships), 'all');
