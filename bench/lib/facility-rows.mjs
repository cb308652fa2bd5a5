// Bulk insert of synthetic facilities (bench/lib/synthetic-facilities.mjs), each with an
// organization of its own and its equipment, on a client inside the caller's transaction.
// Returns the next equipment number (equipment ids are sequential too, from `equipmentStart`).
export async function insertFacilities(client, ids, batch, ownerId, equipmentStart) {
  let equipmentCount = equipmentStart;
  const cols = { id: [], lat: [], lon: [], status: [], level: [], kind: [], capacity: [], processes: [] };
  const eq = { id: [], facility: [], process: [], materials: [], x: [], y: [], z: [], tolerance: [] };
  batch.forEach((f, i) => {
    cols.id.push(ids[i]);
    cols.lat.push(f.lat);
    cols.lon.push(f.lon);
    cols.status.push(f.status);
    cols.level.push(f.verification);
    cols.kind.push(f.kind);
    cols.capacity.push(f.capacity);
    cols.processes.push(`{${[...new Set(f.equipment.map((e) => e.process))].sort().join(',')}}`);
    for (const e of f.equipment) {
      eq.id.push(`00000000-0000-4000-9000-${(equipmentCount++).toString(16).padStart(12, '0')}`);
      eq.facility.push(ids[i]);
      eq.process.push(e.process);
      eq.materials.push(`{${e.materials.join(',')}}`);
      eq.x.push(e.x);
      eq.y.push(e.y);
      eq.z.push(e.z);
      eq.tolerance.push(e.tolerance);
    }
  });
  await client.query(
    `WITH src AS (SELECT * FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS t(id, kind, n)),
          k AS (INSERT INTO agent_keys (did, public_key, encrypted_secret) SELECT 'did:key:bench-' || id, '\\x00', '\\x00' FROM src)
     INSERT INTO organizations (id, name, handle, kind, did, created_by)
     SELECT id, 'Co-op ' || id, 'b' || right(replace(id::text, '-', ''), 29), kind, 'did:key:bench-' || id, $3 FROM src`,
    [cols.id, cols.kind, ownerId],
  );
  await client.query(
    `INSERT INTO facilities (id, organization_id, name, lat, lon, facility_status, access_type, capacity_hours_per_week, verification_level, processes)
     SELECT id, id, 'Facility ' || left(id::text, 8), lat, lon, status, 'PUBLIC', capacity, level, processes::text[]
       FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::text[], $5::text[], $6::int[], $7::text[]) AS t(id, lat, lon, status, level, capacity, processes)`,
    [cols.id, cols.lat, cols.lon, cols.status, cols.level, cols.capacity, cols.processes],
  );
  await client.query(
    `INSERT INTO facility_equipment (id, facility_id, process, materials, build_x_mm, build_y_mm, build_z_mm, tolerance_class)
     SELECT id, f, p, m::text[], x, y, z, t
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::text[]) AS u(id, f, p, m, x, y, z, t)`,
    [eq.id, eq.facility, eq.process, eq.materials, eq.x, eq.y, eq.z, eq.tolerance],
  );
  return equipmentCount;
}
