// Machine-hour calendars for synthetic facilities. No directory in ../shared/data lists opening
// hours, so each facility gets one of the patterns makerspaces publish on their sites, at these
// shares: office hours (Mon–Fri 9–17), fab-lab days (Tue–Sat 10–18), hackspace evenings (Mon–Fri
// 10–22 and Sat 10–18), members' round-the-clock access (every day 0–24). The zone follows the
// place (the zones of the large regions, with their daylight-saving rules; elsewhere the whole-hour
// zone of the longitude). Half close for a public holiday in the coming two weeks, one in twenty
// for a week of maintenance.

const DAY_MS = 86_400_000;
const span = (days, opens, closes) => days.map((weekday) => ({ weekday, opens: opens * 60, closes: closes * 60 }));
const PATTERNS = [
  [0.35, span([1, 2, 3, 4, 5], 9, 17)],
  [0.3, span([2, 3, 4, 5, 6], 10, 18)],
  [0.25, [...span([1, 2, 3, 4, 5], 10, 22), ...span([6], 10, 18)]],
  [0.1, span([1, 2, 3, 4, 5, 6, 7], 0, 24)],
];

export function zoneOf(lat, lon) {
  if (lat > 35 && lon > -11 && lon < 40) return lon < -2 ? 'Europe/London' : lon < 16 ? 'Europe/Berlin' : 'Europe/Helsinki';
  if (lon < -30) {
    if (lat < 0) return 'America/Sao_Paulo';
    return lon > -90 ? 'America/New_York' : lon > -102 ? 'America/Chicago' : lon > -115 ? 'America/Denver' : 'America/Los_Angeles';
  }
  if (lat < -10 && lon > 165) return 'Pacific/Auckland';
  if (lat < -10 && lon > 140) return 'Australia/Sydney';
  if (lat > 20 && lon > 128) return 'Asia/Tokyo';
  if (lat > 0 && lon > 100 && lon <= 128) return 'Asia/Shanghai';
  if (lat > 5 && lon > 68 && lon <= 100) return 'Asia/Kolkata';
  const h = Math.max(-12, Math.min(12, Math.round(lon / 15)));
  return h === 0 ? 'Etc/GMT' : `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`; // Etc signs are inverted
}

// Deterministic per facility index, so runs compare.
function hash(n) {
  let x = (n + 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

export function calendarOf(f, index) {
  const r = hash(index);
  let acc = 0;
  const hours = PATTERNS.find(([p]) => r < (acc += p))?.[1] ?? PATTERNS[0][1];
  const closures = [];
  const today = Math.floor(Date.now() / DAY_MS);
  const day = (d) => new Date((today + d) * DAY_MS).toISOString().slice(0, 10);
  const r2 = hash(index + 7_919);
  if (r2 < 0.5) closures.push([day(1 + Math.floor(r2 * 26)), day(1 + Math.floor(r2 * 26))]);
  if (hash(index + 104_729) < 0.05) closures.push([day(3), day(9)]);
  return { timeZone: zoneOf(f.lat, f.lon), hours, closures };
}

// Inserts the calendars of a batch of facilities (ids[i] is facilities[i]; offset numbers them).
export async function insertCalendars(client, ids, facilities, offset) {
  const cal = { facility: [], zone: [] };
  const hours = { facility: [], weekday: [], opens: [], closes: [] };
  const off = { id: [], facility: [], from: [], to: [] };
  facilities.forEach((f, i) => {
    const c = calendarOf(f, offset + i);
    cal.facility.push(ids[i]);
    cal.zone.push(c.timeZone);
    for (const h of c.hours) {
      hours.facility.push(ids[i]);
      hours.weekday.push(h.weekday);
      hours.opens.push(h.opens);
      hours.closes.push(h.closes);
    }
    c.closures.forEach(([from, to], k) => {
      off.id.push(`00000000-0000-4000-a${k}00-${(offset + i).toString(16).padStart(12, '0')}`);
      off.facility.push(ids[i]);
      off.from.push(from);
      off.to.push(to);
    });
  });
  await client.query('INSERT INTO facility_calendars (facility_id, time_zone) SELECT * FROM unnest($1::uuid[], $2::text[])', [
    cal.facility,
    cal.zone,
  ]);
  await client.query(
    `INSERT INTO calendar_opening_hours (facility_id, weekday, opens_minute, closes_minute)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[])`,
    [hours.facility, hours.weekday, hours.opens, hours.closes],
  );
  await client.query(
    `INSERT INTO calendar_closures (id, facility_id, starts_on, ends_on) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::date[])`,
    [off.id, off.facility, off.from, off.to],
  );
}
