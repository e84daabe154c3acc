-- A jobmatch database at schema version 2, as jobmatch 4c60d23 created it (3 candidates, 2 jobs, 2 runs,
-- one result whose candidate was removed), dumped with sqlite3's iterdump; frozen: the migration tests start here.
BEGIN TRANSACTION;
CREATE TABLE candidates (
	id INTEGER NOT NULL, 
	natural_key VARCHAR(128) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	email VARCHAR(320), 
	phone VARCHAR(64), 
	role VARCHAR(200), 
	family VARCHAR(64), 
	seniority INTEGER, 
	years FLOAT, 
	skills JSON NOT NULL, 
	facts JSON NOT NULL, 
	profile_text TEXT NOT NULL, 
	card TEXT NOT NULL, 
	source VARCHAR(500), 
	embedding BLOB, 
	embedding_model VARCHAR(500), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "candidates" VALUES(1,'email:ann@example.com','Ann Ito','ann@example.com','+1 512 555 0100','Backend Developer','backend',3,8.0,'["Python", "Django", "PostgreSQL"]','{"degree_level": 3, "location": "Austin"}','Backend developer, Python and Django.','Role: Backend Developer (Senior). Skills: Python, Django, PostgreSQL.','people.csv:2',X'003800B8003800B8','tiny','2026-11-02 09:30:00.000000','2026-11-02 09:30:00.000000');
INSERT INTO "candidates" VALUES(2,'sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb','Bo Lind',NULL,NULL,'Data Engineer','data',2,4.5,'["Python", "Snowflake"]','{}','Data engineer.','Role: Data Engineer (Mid). Skills: Python, Snowflake.','people.csv:3',X'003800B8003800B8','tiny','2026-11-02 09:30:00.000000','2026-11-02 09:30:00.000000');
INSERT INTO "candidates" VALUES(3,'email:cy@example.com','Cy Park','cy@example.com',NULL,'Developer',NULL,NULL,NULL,'["Go"]','{"work_authorization": "needs sponsorship"}','Go developer.','Role: Developer. Skills: Go.',NULL,NULL,NULL,'2026-11-02 09:30:00.000000','2026-11-02 09:30:00.000000');
CREATE TABLE jobmatch_schema (
	id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "jobmatch_schema" VALUES(1,2);
CREATE TABLE jobs (
	id INTEGER NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	title VARCHAR(200), 
	text TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "jobs" VALUES(1,'1111111111111111111111111111111111111111111111111111111111111111','Senior Backend Engineer','Senior Backend Engineer. Must have Python and Django.','2026-11-02 09:30:00.000000');
INSERT INTO "jobs" VALUES(2,'2222222222222222222222222222222222222222222222222222222222222222',NULL,'Data engineer wanted: Python, Snowflake or BigQuery.','2026-11-02 09:30:00.000000');
CREATE TABLE ranking_results (
	id INTEGER NOT NULL, 
	run_id INTEGER NOT NULL, 
	candidate_id INTEGER, 
	candidate_name VARCHAR(200) NOT NULL, 
	rank INTEGER NOT NULL, 
	score FLOAT NOT NULL, 
	reasons JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(run_id) REFERENCES ranking_runs (id) ON DELETE CASCADE, 
	FOREIGN KEY(candidate_id) REFERENCES candidates (id) ON DELETE SET NULL
);
INSERT INTO "ranking_results" VALUES(1,1,1,'Ann Ito',1,0.91,'{"matched_skills": ["Python", "Django"], "missing_required": [], "blockers": []}');
INSERT INTO "ranking_results" VALUES(2,1,3,'Cy Park',2,0.12,'{"matched_skills": [], "missing_required": ["Python", "Django"], "blockers": ["sponsorship"]}');
INSERT INTO "ranking_results" VALUES(3,2,2,'Bo Lind',1,0.77,'{"matched_skills": ["Python", "Snowflake"]}');
INSERT INTO "ranking_results" VALUES(4,2,NULL,'Dee Removed',2,0.4,'{}');
CREATE TABLE ranking_runs (
	id INTEGER NOT NULL, 
	job_id INTEGER NOT NULL, 
	model VARCHAR(500) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id)
);
INSERT INTO "ranking_runs" VALUES(1,1,'tiny-reranker','2026-11-02 09:30:00.000000');
INSERT INTO "ranking_runs" VALUES(2,2,'tiny-reranker','2026-11-02 09:30:00.000000');
CREATE UNIQUE INDEX ix_candidates_natural_key ON candidates (natural_key);
CREATE UNIQUE INDEX ix_jobs_content_hash ON jobs (content_hash);
CREATE INDEX ix_ranking_runs_job_id ON ranking_runs (job_id);
CREATE INDEX ix_ranking_results_run_id ON ranking_results (run_id);
CREATE INDEX ix_ranking_results_candidate_id ON ranking_results (candidate_id);
COMMIT;
