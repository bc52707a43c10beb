-- The seed rubric (rules/work-style-2024.yaml) written by hand as DuckDB SQL:
-- the yardstick a data analyst would use instead of rubric. Not used by
-- rubric itself. `{events}` is replaced by the JSON Lines file's path.
-- Result: unit, period, total, the same rows as `rubric eval --format json`.
CREATE OR REPLACE TEMP TABLE ev AS
SELECT date, unit, type, coalesce(count, 1) AS n, rank, level, points, rate
FROM read_json('{events}', format = 'newline_delimited', ignore_errors = false,
     columns = {date: 'DATE', unit: 'VARCHAR', type: 'VARCHAR', count: 'BIGINT', rank: 'VARCHAR',
                level: 'VARCHAR', points: 'DECIMAL(18,6)', rate: 'DECIMAL(18,6)'});

CREATE OR REPLACE TEMP TABLE rules AS
SELECT type, rule, category, pts::DECIMAL(18,6) AS pts, cap::DECIMAL(18,6) AS cap, scope FROM (VALUES ('no_leading_group','no-leading-group','leadership',-2,2,'q'), ('leading_group_not_adjusted','leading-group-not-adjusted','leadership',-1,1,'q'),
       ('no_implementation_plan','no-implementation-plan','leadership',-2,2,'q'), ('impractical_plan','impractical-plan','leadership',-1,1,'q'),
       ('no_publicity','no-publicity','leadership',-1,1,'q'), ('no_learning_activity','no-learning-activity','leadership',-3,3,'q'),
       ('system_incomplete','system-incomplete','management',NULL,2,'q'), ('system_not_enforced','system-not-enforced','management',-2,NULL,'q'),
       ('community_problem_solved','community-problem-solved','management',2,NULL,'q'),
       ('late_arrival','work-discipline','management',-2,NULL,'q'), ('early_leave','work-discipline','management',-2,NULL,'q'),
       ('off_post','work-discipline','management',-2,NULL,'q'), ('idle_at_work','work-discipline','management',-2,NULL,'q'),
       ('drinking','work-discipline','management',-2,NULL,'q'), ('disciplinary_case','disciplinary-case','management',NULL,NULL,'q'),
       ('no_conduct_appraisal','no-conduct-appraisal','management',-2,2,'q'), ('appraisal_issue_unresolved','appraisal-issue-unresolved','management',-1,NULL,'q'),
       ('poor_service_attitude','poor-service-attitude','management',-2,NULL,'q'), ('verified_complaint','verified-complaint','management',-2,NULL,'q'),
       ('not_in_service_center','service-efficiency','efficiency',-5,NULL,'q'), ('repeated_acceptance','service-efficiency','efficiency',-5,NULL,'q'),
       ('insufficient_authorization','service-efficiency','efficiency',-5,NULL,'q'), ('approval_overdue','service-efficiency','efficiency',-5,NULL,'q'),
       ('media_exposure','media-exposure','efficiency',NULL,NULL,'q'), ('key_task_overdue','key-task-overdue','efficiency',-3,NULL,'q'),
       ('report_delay','report-delay','efficiency',-2,NULL,'q'), ('duty_contact_failure','duty-contact-failure','efficiency',-2,NULL,'q'),
       ('complaint_overdue','complaint-overdue','efficiency',-1,NULL,'q'), ('no_style_innovation','no-style-innovation','efficiency',-2,2,'q'),
       ('ledger_incomplete','ledger-incomplete','efficiency',-2,2,'q'), ('public_welfare_missed','public-welfare-missed','image',-2,NULL,'q'),
       ('improper_conduct','improper-conduct','image',-2,NULL,'q'), ('untidy_office','untidy-office','image',-3,NULL,'q'),
       ('covert_finding','covert-finding',NULL,NULL,NULL,'q'), ('survey','survey',NULL,NULL,NULL,'q'),
       ('meeting_absent','meeting-absent',NULL,-1,NULL,'q'), ('meeting_late','meeting-late',NULL,-0.5,NULL,'q'),
       ('most_dissatisfied_department','most-dissatisfied',NULL,-5,5,'y'), ('service_model_award','service-model-award',NULL,2,2,'y')) t(type, rule, category, pts, cap, scope);

CREATE OR REPLACE TEMP TABLE cats AS
SELECT category, mx::DECIMAL(18,6) AS mx FROM (VALUES ('leadership', 10), ('management', 30), ('efficiency', 50), ('image', 10)) t(category, mx);

WITH bounds AS (SELECT min(date) AS first, max(date) AS as_of FROM ev),
quarters AS (
  SELECT q::DATE AS qstart FROM bounds, range(date_trunc('quarter', first), date_trunc('quarter', as_of) + INTERVAL 1 DAY, INTERVAL 3 MONTH) t(q)),
units AS (SELECT DISTINCT unit FROM ev),
scored AS (
  SELECT e.unit, date_trunc('quarter', e.date)::DATE AS qstart, year(e.date) AS yr, r.rule, r.category, r.cap, r.scope,
         e.n * CASE
           WHEN e.type IN ('system_incomplete', 'covert_finding') THEN -e.points
           WHEN e.type = 'disciplinary_case' THEN CASE e.rank WHEN 'unit' THEN -3 WHEN 'leader' THEN -3 WHEN 'middle' THEN -2 ELSE -1 END
           WHEN e.type = 'media_exposure' THEN CASE e.level WHEN 'city' THEN -2 WHEN 'province' THEN -4 ELSE -5 END
           WHEN e.type = 'survey' THEN CASE WHEN e.rate < 90 THEN -2 * ceil((90 - e.rate) / 10) ELSE NULL END
           ELSE r.pts END AS p
  FROM ev e JOIN rules r USING (type)),
rule_q AS (
  SELECT unit, qstart, rule, category, CASE WHEN cap IS NULL THEN s ELSE sign(s) * least(abs(s), cap) END AS p
  FROM (SELECT unit, qstart, rule, any_value(category) AS category, any_value(cap) AS cap, sum(p) AS s
        FROM scored WHERE scope = 'q' AND p IS NOT NULL GROUP BY ALL)),
edu_months AS (SELECT unit, date_trunc('month', date) AS m FROM ev WHERE type = 'education_activity' GROUP BY ALL),
absence AS (
  SELECT u.unit, q.qstart,
         CASE WHEN count(DISTINCT em.m) < count(DISTINCT mm.m) THEN -1 ELSE 0 END AS p
  FROM units u CROSS JOIN quarters q
  JOIN (SELECT q2.qstart, (q2.qstart + to_months(k))::DATE AS m FROM quarters q2, range(3) t(k)) mm ON mm.qstart = q.qstart
  JOIN bounds b ON mm.m <= b.as_of
  LEFT JOIN edu_months em ON em.unit = u.unit AND em.m = mm.m
  GROUP BY u.unit, q.qstart),
cat_q AS (
  SELECT u.unit, q.qstart, c.category,
         greatest(0, least(c.mx, c.mx + coalesce((SELECT sum(p) FROM rule_q r WHERE r.unit = u.unit AND r.qstart = q.qstart AND r.category = c.category), 0)
                                 + CASE WHEN c.category = 'leadership' THEN coalesce((SELECT a.p FROM absence a WHERE a.unit = u.unit AND a.qstart = q.qstart), 0) ELSE 0 END)) AS score
  FROM units u CROSS JOIN quarters q CROSS JOIN cats c),
q_total AS (
  SELECT c.unit, c.qstart, greatest(0, sum(c.score) + coalesce(any_value(adj.p), 0)) AS total
  FROM cat_q c LEFT JOIN (SELECT unit, qstart, sum(p) AS p FROM rule_q WHERE category IS NULL GROUP BY ALL) adj USING (unit, qstart)
  GROUP BY c.unit, c.qstart),
year_adj AS (
  SELECT unit, yr, sum(CASE WHEN cap IS NULL THEN s ELSE sign(s) * least(abs(s), cap) END) AS p
  FROM (SELECT unit, yr, rule, any_value(cap) AS cap, sum(p) AS s FROM scored WHERE scope = 'y' GROUP BY ALL) GROUP BY ALL),
y_total AS (
  SELECT t.unit, year(t.qstart) AS yr, greatest(0, round(avg(t.total)::DECIMAL(18,6), 2) + coalesce(any_value(a.p), 0))::DECIMAL(18,6) AS total
  FROM q_total t LEFT JOIN year_adj a ON a.unit = t.unit AND a.yr = year(t.qstart)
  GROUP BY t.unit, year(t.qstart))
SELECT unit, strftime(qstart, '%Y') || '-Q' || quarter(qstart) AS period, total::DECIMAL(18,6) AS total FROM q_total
UNION ALL
SELECT unit, yr::VARCHAR AS period, total FROM y_total
ORDER BY period, unit;
