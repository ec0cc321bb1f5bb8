DROP TABLE clinician_notes;
DROP TABLE clinician_links;
DROP TABLE share_codes;
DROP TABLE visa_a_results;
