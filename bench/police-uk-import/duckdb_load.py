"""DuckDB's side of bench/police-uk-import: load the same street files into a table, place
each row in its local authority with the same LSOA lookup opcc ships, and compute the same
rollup (month x force x LAD x LSOA x crime type x last outcome). The lookup is a temporary
table, as opcc's is built into its binary, so the file holds only the rows and the rollup."""
import sys, time, duckdb

data, db, lookup = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.time()
con = duckdb.connect(db)
con.execute(f"""
CREATE TEMP TABLE lsoa_lad AS SELECT * FROM read_csv('{lookup}', header = true, all_varchar = true);
CREATE TABLE crime_street AS
SELECT regexp_extract(filename, '\\d{{4}}-\\d{{2}}-(.+)-street\\.csv$', 1) AS force,
       "Month" AS month, "Crime ID" AS crime_id, "Longitude" AS lon, "Latitude" AS lat,
       "Location" AS location, "LSOA code" AS lsoa_code, "LSOA name" AS lsoa_name,
       "Crime type" AS crime_type, "Last outcome category" AS last_outcome, "Context" AS context
FROM read_csv('{data}/**/*-street.csv', header = true, filename = true, union_by_name = true,
              types = {{'Longitude': 'DOUBLE', 'Latitude': 'DOUBLE'}});
CREATE TABLE crime_rollup AS
SELECT s.force, s.month, coalesce(l.lad_code, '') AS lad_code, coalesce(s.lsoa_code, '') AS lsoa_code,
       coalesce(s.lsoa_name, '') AS lsoa_name, s.crime_type, coalesce(s.last_outcome, '') AS last_outcome,
       count(*) AS n
FROM crime_street s LEFT JOIN lsoa_lad l ON l.lsoa_code = s.lsoa_code
GROUP BY ALL;
""")
rows = con.execute("SELECT count(*) FROM crime_street").fetchone()[0]
rollup = con.execute("SELECT count(*), sum(n) FROM crime_rollup").fetchone()
con.close()
print(f"duckdb rows={rows} rollup_rows={rollup[0]} rollup_sum={rollup[1]} seconds={time.time() - t0:.3f}")
