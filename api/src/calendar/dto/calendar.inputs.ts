import { Field, InputType, Int } from '@nestjs/graphql';

@InputType()
export class OpeningHoursInput {
  @Field(() => Int, { description: 'ISO weekday: 1 Monday … 7 Sunday.' }) weekday: number;
  @Field({ description: 'HH:MM local time.' }) opens: string;
  @Field({ description: 'HH:MM local time, after opens; 24:00 for midnight.' }) closes: string;
}

@InputType()
export class FacilityCalendarInput {
  @Field({ description: 'IANA time zone, e.g. Europe/Berlin.' }) timeZone: string;
  @Field(() => [OpeningHoursInput], { description: 'Replaces the weekly opening hours; intervals of a day may not overlap.' })
  hours: OpeningHoursInput[];
}

@InputType()
export class CalendarClosureInput {
  @Field({ description: 'First closed local day, YYYY-MM-DD.' }) startsOn: string;
  @Field({ description: 'Last closed local day, YYYY-MM-DD (at most a year after startsOn).' }) endsOn: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
}
