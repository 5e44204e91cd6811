-- PostgreSQL roles of ocpizza-central, least privilege. Run as the
-- superuser; it is safe to run again (after a restore, after an upgrade):
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f roles.sql
-- then give each login role its password (kept in /etc/ocpizza/*.env):
--   sudo -u postgres psql -c '\password ocpizza'   (and ocpizza_owner, ocpizza_backup)
--
--   ocpizza_owner   owns the database and its schema; runs the migrations
--                   (`ocpizza-central migrate`, in the update procedure)
--   ocpizza         the service (`serve --no-migrate`): reads and writes
--                   rows, nothing else; cannot create, alter or drop
--   ocpizza_backup  pg_dump: reads everything, writes nothing
--
-- The names can be changed with -v db=... -v owner=... -v app=... -v backup=...
-- (deploy/check-deploy.sh does, to test this script on a scratch database).
\set ON_ERROR_STOP on
\if :{?db}
\else
  \set db ocpizza
\endif
\if :{?owner}
\else
  \set owner ocpizza_owner
\endif
\if :{?app}
\else
  \set app ocpizza
\endif
\if :{?backup}
\else
  \set backup ocpizza_backup
\endif

-- 1. The roles, made once.
SELECT format('CREATE ROLE %I LOGIN', r) FROM unnest(ARRAY[:'owner', :'app', :'backup']) AS r
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)
\gexec

-- 2. The database, the owner's, closed to everyone else.
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')
\gexec
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app", :"backup";

\connect :"db"

-- 3. The schema: the owner's; the others may only look things up in it.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app", :"backup";

-- 4. The service: rows of every table and sequence, present and future
--    (the migrations run as the owner, so its default privileges apply).
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO :"app";

-- 5. Backups read everything (PostgreSQL 14 and later).
GRANT pg_read_all_data TO :"backup";
