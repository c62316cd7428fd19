CREATE INDEX "people_org_status_idx" ON "people" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "relationships_mentee_person_idx" ON "relationships" USING btree ("mentee_person_id");--> statement-breakpoint
CREATE INDEX "users_person_idx" ON "users" USING btree ("person_id");