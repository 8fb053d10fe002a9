-- What autovacuum would do to this database, given time (tools/bench.sh):
-- vacuum and analyse each table whose changes passed its default thresholds
-- (50 rows + 10 % for analyse, 50 + 20 % dead or 1000 + 20 % inserted rows for
-- vacuum). Tables that were never written keep no statistics, as autovacuum
-- leaves them; a "VACUUM ANALYZE" of everything would record them as empty
-- and make PostgreSQL plan the run's foreign-key checks as sequential scans.
SELECT format('VACUUM (ANALYZE) %I.%I', s.schemaname, s.relname)
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
WHERE s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
   OR s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
   OR s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0)
\gexec
