-- One database per service (STYLE.md: each service owns its database and its alembic history).
-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d).
-- Add a line here when a service folder is added; CONVENTIONS.md lists the services.
CREATE DATABASE gateway;
CREATE DATABASE case_intake;
CREATE DATABASE list_management;
CREATE DATABASE legality_review;
CREATE DATABASE inspection_scheduling;
CREATE DATABASE hotline_ingestion;
