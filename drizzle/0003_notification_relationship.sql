ALTER TABLE "notifications" ADD COLUMN "relationship_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_relationship_idx" ON "notifications" USING btree ("relationship_id","person_id","created_at");--> statement-breakpoint
-- Backfill: a relationship's notifications link into it (/relationships/<id>, /mentoring/relationships/<id>/…),
-- a request's to /requests/<id> (a request is a relationship row); a survey answer's attention notice names the
-- answer in its dedupe key (survey-attention:<response id>:<person id>).
UPDATE "notifications" AS n SET "relationship_id" = r."id"
FROM "relationships" AS r
WHERE n."relationship_id" IS NULL
  AND r."organisation_id" = n."organisation_id"
  AND r."id"::text = substring(n."link" from '^/(?:(?:mentoring/)?relationships|requests)/([0-9a-f-]{36})(?:/|$)');--> statement-breakpoint
UPDATE "notifications" AS n SET "relationship_id" = s."relationship_id"
FROM "survey_responses" AS s
WHERE n."relationship_id" IS NULL
  AND n."kind" = 'survey_attention'
  AND s."organisation_id" = n."organisation_id"
  AND s."id"::text = split_part(n."dedupe_key", ':', 2);
