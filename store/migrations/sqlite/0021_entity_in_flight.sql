-- One application in flight per entity (by certificate number), at any
-- provider: the type check refuses a second one (主办者冲突), and this index
-- makes two that race past the check at the same moment impossible.
CREATE UNIQUE INDEX applications_entity_in_flight ON applications (cert_no)
	WHERE cert_no <> '' AND status NOT IN ('approved', 'bureau_rejected', 'abandoned');
