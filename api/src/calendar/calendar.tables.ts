// The tables this module owns: only its repositories write them; other modules go through its
// services or repositories inside the same unit of work.
export const TABLES = ['facility_calendars', 'calendar_opening_hours', 'calendar_closures', 'calendar_bookings'] as const;
