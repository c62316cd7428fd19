-- Issue 15: substring search on people.search_text through a trigram index (pg_trgm is a trusted extension, so the
-- database owner may create it; PGlite loads it in src/server/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "people_org_lower_name_idx" ON "people" USING btree ("organisation_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "people_search_trgm_idx" ON "people" USING gin ("search_text" gin_trgm_ops);